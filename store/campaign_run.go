package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/store/engine"
)

// CampaignBatch is how many recipients one transaction of a run decides:
// each batch is one durable commit holding the sends, their results and
// the pass's cursor.
const CampaignBatch = 2000

// ReasonMissingValue is the reason of a recipient the template could not be
// rendered for (no boost covers it, no code): nothing is sent.
const ReasonMissingValue model.Reason = "missing-value"

// ReasonNotAffiliate is the reason of a waiting recipient who is no longer
// the seller's affiliate when its week comes.
const ReasonNotAffiliate model.Reason = "not-an-affiliate"

// member is a recipient enrolled in a campaign's sequence.
type member struct {
	Run      int       `json:"run"`
	Enrolled time.Time `json:"enrolled"`
	Done     int       `json:"done"` // steps decided (sent or refused)
	Left     string    `json:"left,omitempty"`
	LeftAt   time.Time `json:"left_at,omitzero"`
}

func memberKey(seller, id, creator string) []byte { return key(seller, id, creator) }

// workItem is one recipient's step in a pass.
type workItem struct {
	k      []byte // run(u32) step(u32) creator: orders the pass
	run    int
	step   int
	enroll bool // a new run's recipient of a sequence: enrol it first
	rc     recipient
	text   string
	rerr   error // the template could not be rendered
}

func itemKey(run, step int, creator string) []byte {
	b := make([]byte, 0, 8+len(creator))
	b = append(b, u32(uint32(run))...)
	b = append(b, u32(uint32(step))...)
	return append(b, creator...)
}

// campaignCtx is what rendering a campaign's messages needs.
type campaignCtx struct {
	c      *campaignRecord
	sl     *model.Seller
	tpls   map[string]*engage.Template
	vc     *valueCtx
	byID   map[string]*recipient
	loc    *time.Location
	steps  []string // template of each step
	policy *model.Policy
}

func loadCampaignCtx(tx engine.Tx, c *campaignRecord, now time.Time) (*campaignCtx, []recipient, error) {
	sl, err := mustSeller(tx, c.Seller)
	if err != nil {
		return nil, nil, err
	}
	cc := &campaignCtx{c: c, sl: sl, tpls: map[string]*engage.Template{}, loc: sl.Location(), steps: c.templates()}
	var list []*engage.Template
	for _, name := range cc.steps {
		if cc.tpls[name] != nil {
			continue
		}
		t, err := templateOf(tx, c.Seller, name)
		if err != nil {
			return nil, nil, fmt.Errorf("campaign %q: %w", c.Name, err)
		}
		cc.tpls[name] = t.Template
		list = append(list, t.Template)
	}
	if cc.vc, err = newValueCtx(tx, sl, now, list); err != nil {
		return nil, nil, err
	}
	all, err := affiliatesOf(tx, c.Seller)
	if err != nil {
		return nil, nil, err
	}
	cc.byID = make(map[string]*recipient, len(all))
	for i := range all {
		cc.byID[all[i].id] = &all[i]
	}
	return cc, all, nil
}

// render fills the item's text.
func (cc *campaignCtx) render(it *workItem) {
	t := cc.tpls[cc.steps[min(it.step, len(cc.steps)-1)]]
	who := "@" + it.rc.handle
	if it.rc.handle == "" {
		who = it.rc.id
	}
	it.text, it.rerr = t.Render(who, cc.vc.values(&it.rc))
}

// CampaignPreview is what a campaign's next run would do now, per
// recipient and in total, before anything is sent: the checker's dry run
// (nothing is charged or written) over the rendered messages.
type CampaignPreview struct {
	Name       string               `json:"name"`
	State      engage.CampaignState `json:"state"`
	Step       int                  `json:"step"`
	Send       int                  `json:"send"`
	Waiting    int                  `json:"waiting"`
	Refused    int                  `json:"refused"`
	Cost       int                  `json:"cost"`
	WaitUntil  time.Time            `json:"wait_until,omitzero"`
	Recipients []PreviewEntry       `json:"recipients"`
}

// PreviewEntry is one recipient of a preview with its message.
type PreviewEntry struct {
	engage.PlanEntry
	Handle string `json:"handle"`
	Text   string `json:"text,omitempty"`
}

// PreviewCampaign runs the campaign's audience, as it is now, through the
// checker without charging, with each recipient's rendered message (the
// first step of a sequence). It writes nothing, whatever now is.
func (s *Store) PreviewCampaign(seller, name string, now time.Time) (CampaignPreview, error) {
	var p CampaignPreview
	if err := validNow(now); err != nil {
		return p, err
	}
	err := s.view(func(tx engine.Tx) error {
		c, err := campaignByName(tx, seller, name)
		if err != nil {
			return err
		}
		cc, all, err := loadCampaignCtx(tx, c, now)
		if err != nil {
			return err
		}
		rs, err := selectRecipients(&c.Audience, all)
		if err != nil {
			return fmt.Errorf("campaign %q: %w", c.Name, err)
		}
		sq, err := s.loadQuota(tx, cc.sl, now)
		if err != nil {
			return err
		}
		p = CampaignPreview{Name: c.Name, State: c.State, Recipients: make([]PreviewEntry, len(rs))}
		var ids []string
		var subjects []model.Subject
		var at []int
		for i := range rs {
			it := workItem{rc: rs[i]}
			cc.render(&it)
			e := &p.Recipients[i]
			e.Creator, e.Handle = rs[i].id, rs[i].handle
			if it.rerr != nil {
				e.Outcome, e.Reason, e.Message, e.At = engage.OutcomeRefused, ReasonMissingValue, renderSentence(it.rerr), now
				p.Refused++
				continue
			}
			e.Text = it.text
			subj, err := subjectOf(tx, seller, &rs[i])
			if err != nil {
				return err
			}
			ids, subjects, at = append(ids, rs[i].id), append(subjects, subj), append(at, i)
		}
		ds, _ := s.policy.DryRun(sq.q, subjects, model.Message)
		plan, err := engage.PlanRun(ids, ds, c.Overflow, now, cc.loc)
		if err != nil {
			return err
		}
		for j, e := range plan.Entries {
			pe := &p.Recipients[at[j]]
			pe.PlanEntry = e
		}
		p.Send, p.Waiting, p.Refused, p.Cost, p.WaitUntil = plan.Send, plan.Waiting, p.Refused+plan.Refused, plan.Cost, plan.WaitUntil
		return nil
	})
	return p, err
}

func renderSentence(err error) string {
	var re *engage.RenderError
	if errors.As(err, &re) {
		return model.SafeLine(re.Error())
	}
	return model.SafeLine(err.Error())
}

// subjectOf is the checker's view of one recipient.
func subjectOf(tx engine.Tx, seller string, r *recipient) (model.Subject, error) {
	subj := model.Subject{SellerKnown: true, SellerID: seller, CreatorID: r.id}
	if !r.known {
		return subj, nil
	}
	subj.CreatorKnown, subj.Handle = true, r.handle
	cr, err := getCreator(tx, r.id)
	if err != nil || cr == nil {
		return subj, err
	}
	subj.Followers = cr.Followers
	subj.Rel, err = getRel(tx, seller, r.id)
	return subj, err
}

// RunReport is what one call to RunCampaign did.
type RunReport struct {
	Seller   string               `json:"seller"`
	Campaign string               `json:"campaign"`
	State    engage.CampaignState `json:"state"`
	Run      int                  `json:"run,omitempty"`
	NewRun   bool                 `json:"new_run"`
	Missed   int                  `json:"missed,omitempty"`
	Counts   Counts               `json:"counts"`
	Stopped  bool                 `json:"stopped,omitempty"` // paused or canceled during the pass
}

// RunCampaign carries out what is due of one campaign at now: a new run of
// its schedule, its waiting recipients once their week has come, the due
// steps of its sequence. Each batch of recipients is one transaction that
// sends through the checker with the key campaign/run/step/recipient and
// records the results and the pass's progress, so a pass repeated after a
// crash resumes where the last commit left it and sends nothing twice.
func (s *Store) RunCampaign(seller, name string, now time.Time) (RunReport, error) {
	if err := validNow(now); err != nil {
		return RunReport{}, err
	}
	var id string
	err := s.view(func(tx engine.Tx) error {
		c, err := campaignByName(tx, seller, name)
		if err == nil {
			id = c.ID
		}
		return err
	})
	if err != nil {
		return RunReport{}, err
	}
	return s.runCampaign(seller, id, now, CampaignBatch)
}

func (s *Store) runCampaign(seller, id string, now time.Time, batch int) (RunReport, error) {
	rep := RunReport{Seller: seller}
	// Begin (or resume) a pass.
	var pass *campaignPass
	err := s.update(func(w *wtx) error {
		pass = nil
		c, err := getCampaign(w, seller, id)
		if err != nil || c == nil {
			return err
		}
		rep.Campaign, rep.State = c.Name, c.State
		if c.State != engage.CampaignScheduled && c.State != engage.CampaignRunning {
			return putCampaign(w, c) // drops a stale index entry
		}
		if c.Pass == nil {
			p := &campaignPass{At: now}
			if runs, missed := c.DueRuns(now); len(runs) > 0 {
				r := runs[len(runs)-1]
				p.NewRun = &r
				c.Missed += missed
				rep.Missed = missed
			}
			waiting := !c.WaitUntil.IsZero() && !c.WaitUntil.After(now)
			seq := !c.SeqDue.IsZero() && !c.SeqDue.After(now)
			if p.NewRun == nil && !waiting && !seq {
				return putCampaign(w, c)
			}
			c.Pass = p
		}
		if c.State == engage.CampaignScheduled {
			if err := engage.CampaignTransition(c.Name, c.State, engage.CampaignRunning); err != nil {
				return err
			}
			c.State = engage.CampaignRunning
		}
		pass = c.Pass
		rep.State = c.State
		if pass.NewRun != nil {
			rep.NewRun, rep.Run = true, pass.NewRun.N
		}
		return putCampaign(w, c)
	})
	if err != nil || pass == nil {
		return rep, err
	}
	// Gather the pass's work and render it, outside any write.
	var items []workItem
	var cc *campaignCtx
	err = s.view(func(tx engine.Tx) error {
		c, err := getCampaign(tx, seller, id)
		if err != nil || c == nil {
			return err
		}
		var all []recipient
		if cc, all, err = loadCampaignCtx(tx, c, now); err != nil {
			return err
		}
		items, err = gatherWork(tx, cc, all, pass, now)
		return err
	})
	if err != nil {
		return rep, err
	}
	// Carry it out, one durable batch at a time. A batch saves only its
	// cursor; the record (with the audience, large) is decoded again only
	// when it was rewritten since the last batch (paused, edited).
	var lastRaw []byte
	var last, decoded *campaignRecord
	for start := 0; start < len(items); start += batch {
		chunk := items[start:min(start+batch, len(items))]
		reqs := make([]Request, len(chunk))
		for i := range chunk {
			it := &chunk[i]
			if it.rerr != nil {
				continue
			}
			reqs[i] = Request{Kind: model.Message, Seller: seller, Creator: it.rc.id, Text: it.text,
				Key: engage.SendKey(id, uint32(it.run), uint32(it.step), it.rc.id), Actor: "campaign:" + cc.c.Name, Now: now}
			if err := reqs[i].Validate(); err != nil {
				it.rerr = err
			}
		}
		var stopped bool
		var counts Counts
		var seen []byte // the record as read in this batch
		err := s.update(func(w *wtx) error {
			stopped, counts = false, Counts{}
			raw, err := w.Get(bCampaigns, key(seller, id))
			if err != nil {
				return err
			}
			var c *campaignRecord
			if raw != nil && bytes.Equal(raw, lastRaw) {
				// Not rewritten since the last batch: its fields are as
				// decoded then; only the cursor moved, and it is saved.
				cur, err := passCursor(w, seller, id, last.Pass.At)
				if err != nil {
					return err
				}
				if cur != nil {
					cp, p := *last, *last.Pass
					p.Cursor, cp.Pass = cur, &p
					c = &cp
				}
			}
			if c == nil && raw != nil {
				if c, err = decodeCampaign(w, seller, id, raw); err != nil {
					return err
				}
			}
			if c == nil || c.State != engage.CampaignRunning || c.Pass == nil || !c.Pass.At.Equal(pass.At) {
				stopped = true
				return nil
			}
			seen = append(seen[:0], raw...)
			decoded = c
			for i := range chunk {
				it := &chunk[i]
				if bytes.Compare(it.k, c.Pass.Cursor) <= 0 {
					continue // done by an earlier attempt at this pass
				}
				r, err := s.doItem(w, cc, c, it, &reqs[i], now)
				if err != nil {
					return err
				}
				if r != nil {
					counts.add(r)
				}
				c.Pass.Cursor = it.k
			}
			return putPassCursor(w, seller, id, c.Pass.At, c.Pass.Cursor)
		})
		if err != nil {
			return rep, err
		}
		if !stopped {
			lastRaw, last = append(lastRaw[:0], seen...), decoded
		}
		if stopped {
			rep.Stopped = true
			return rep, nil
		}
		rep.Counts.Sent += counts.Sent
		rep.Counts.Refused += counts.Refused
		rep.Counts.Waiting += counts.Waiting
		rep.Counts.Left += counts.Left
		rep.Counts.Charged += counts.Charged
	}
	// End the pass: what is left waits for its week or its step.
	err = s.update(func(w *wtx) error {
		c, err := getCampaign(w, seller, id)
		if err != nil || c == nil {
			return err
		}
		if c.State != engage.CampaignRunning || c.Pass == nil || !c.Pass.At.Equal(pass.At) {
			rep.Stopped = true
			return nil
		}
		if p := c.Pass; p.NewRun != nil {
			c.LastRun, c.Runs = p.NewRun.At, c.Runs+1
		}
		c.Pass = nil
		if c.WaitUntil, c.SeqDue, err = pendingOf(w, c, now); err != nil {
			return err
		}
		next := engage.CampaignDone
		if !c.nextDue().IsZero() {
			next = engage.CampaignScheduled
		}
		if err := engage.CampaignTransition(c.Name, c.State, next); err != nil {
			return err
		}
		c.State = next
		rep.State = next
		return putCampaign(w, c)
	})
	return rep, err
}

// gatherWork lists a pass's items in key order, after its cursor: a new
// run's recipients (the audience as it is now), the waiting ones whose
// week has come, and the sequence steps due.
func gatherWork(tx engine.Tx, cc *campaignCtx, all []recipient, p *campaignPass, now time.Time) ([]workItem, error) {
	c := cc.c
	seen := map[string]bool{}
	var items []workItem
	add := func(it workItem) {
		it.k = itemKey(it.run, it.step, it.rc.id)
		if bytes.Compare(it.k, p.Cursor) <= 0 || seen[string(it.k)] {
			return
		}
		seen[string(it.k)] = true
		cc.render(&it)
		items = append(items, it)
	}
	rc := func(id string) recipient {
		if r := cc.byID[id]; r != nil {
			return *r
		}
		return recipient{id: id}
	}
	if p.NewRun != nil {
		rs, err := selectRecipients(&c.Audience, all)
		if err != nil && !errors.Is(err, engage.ErrEmptyAudience) {
			return nil, fmt.Errorf("campaign %q: %w", c.Name, err)
		}
		for _, r := range rs {
			add(workItem{run: p.NewRun.N, step: 0, enroll: c.Sequence != nil, rc: r})
		}
	}
	if !c.WaitUntil.IsZero() && !c.WaitUntil.After(now) {
		pre := prefix(c.Seller, c.ID)
		err := tx.Scan(bCampaignResults, engine.Range{Prefix: pre}, func(k, v []byte) error {
			if len(v) < 2 || v[1] != outcomeByte(engage.OutcomeWaiting) {
				return nil
			}
			r, err := parseResult(pre, k, v)
			if err != nil {
				return err
			}
			add(workItem{run: r.Run, step: r.Step, rc: rc(r.Creator)})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if c.Sequence != nil && !c.SeqDue.IsZero() && !c.SeqDue.After(now) {
		pre := prefix(c.Seller, c.ID)
		err := tx.Scan(bCampaignMembers, engine.Range{Prefix: pre}, func(k, v []byte) error {
			var m member
			if err := decodeJSON(v, &m); err != nil {
				return err
			}
			if m.Left != "" || m.Done >= len(c.Sequence.Steps) {
				return nil
			}
			if c.Sequence.StepDue(m.Enrolled, m.Done, cc.loc).After(now) {
				return nil
			}
			add(workItem{run: m.Run, step: m.Done, rc: rc(string(k[len(pre):]))})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(items, func(a, b workItem) int { return bytes.Compare(a.k, b.k) })
	return items, nil
}

// doItem decides one item inside a batch's transaction and records its
// result; nil when there is nothing to record (a sequence member enrolled
// for a later step, or already enrolled by an earlier run).
func (s *Store) doItem(w *wtx, cc *campaignCtx, c *campaignRecord, it *workItem, req *Request, now time.Time) (*ResultRow, error) {
	seller := c.Seller
	var m *member
	if c.Sequence != nil {
		m = &member{}
		ok, err := getJSON(w, bCampaignMembers, memberKey(seller, c.ID, it.rc.id), m)
		if err != nil {
			return nil, err
		}
		switch {
		case !ok && it.enroll:
			m = &member{Run: it.run, Enrolled: c.Pass.NewRun.At}
		case !ok:
			return nil, nil
		case it.enroll && m.Run != it.run:
			return nil, nil // in the sequence since an earlier run
		}
		if m.Left != "" || m.Done != it.step {
			return nil, nil
		}
		left, why, at, err := s.leftSequence(w, cc, it.rc.id, m.Enrolled)
		if err != nil {
			return nil, err
		}
		if left {
			m.Left, m.LeftAt = string(why), at
			r := &ResultRow{Run: it.run, RecipientResult: engage.RecipientResult{Creator: it.rc.id, Step: it.step,
				Outcome: engage.OutcomeLeft, Message: fmt.Sprintf("Left the sequence: %s on %s.", why, at.UTC().Format(time.RFC3339)), At: at}}
			return r, s.putItem(w, c, it, r, m)
		}
		if c.Sequence.StepDue(m.Enrolled, it.step, cc.loc).After(now) {
			return nil, putJSON(w, bCampaignMembers, memberKey(seller, c.ID, it.rc.id), m)
		}
	}
	r := &ResultRow{Run: it.run, RecipientResult: engage.RecipientResult{Creator: it.rc.id, Step: it.step, At: now}}
	if it.rerr != nil {
		r.Outcome, r.Reason, r.Message = engage.OutcomeRefused, ReasonMissingValue, renderSentence(it.rerr)
		if m != nil {
			m.Done++
		}
		return r, s.putItem(w, c, it, r, m)
	}
	if c.Overflow == engage.OverflowWait {
		seen, err := w.Get(bIdem, key(seller, req.Key))
		if err != nil {
			return nil, err
		}
		if seen == nil {
			sq, err := s.cachedQuota(w, seller, now)
			if err != nil {
				return nil, err
			}
			if sq != nil {
				subj, err := subjectOf(w, seller, &it.rc)
				if err != nil {
					return nil, err
				}
				if d, _, ok := s.policy.Send(sq.q, subj, model.Message, now); !ok && d.Reason == model.ReasonQuotaExhausted {
					r.Outcome, r.Reason, r.Message = engage.OutcomeWaiting, d.Reason, d.Message
					r.At = model.NextWeekStart(now, cc.loc)
					return r, s.putItem(w, c, it, r, m)
				}
			}
		}
	}
	o, err := s.outreachTx(w, req)
	if err != nil {
		return nil, err
	}
	r.Reason, r.Message, r.Charged = o.Reason, o.Decision.Message, o.Charged
	if o.Allowed {
		r.Outcome = engage.OutcomeSent
	} else {
		r.Outcome = engage.OutcomeRefused
	}
	if m != nil {
		m.Done++
	}
	return r, s.putItem(w, c, it, r, m)
}

func (s *Store) putItem(w *wtx, c *campaignRecord, it *workItem, r *ResultRow, m *member) error {
	if m != nil {
		if err := putJSON(w, bCampaignMembers, memberKey(c.Seller, c.ID, it.rc.id), m); err != nil {
			return err
		}
	}
	return w.Put(bCampaignResults, resultKey(c.Seller, c.ID, it.run, it.step, it.rc.id), encodeResult(&r.RecipientResult))
}

// leftSequence reports whether the creator replied to the seller or made a
// sale since enrolled.
func (s *Store) leftSequence(tx engine.Tx, cc *campaignCtx, creator string, enrolled time.Time) (bool, engage.LeaveReason, time.Time, error) {
	var lastReply time.Time
	err := latestFirst(tx, bMsgs, prefix(cc.c.Seller, creator), 0, func(_, v []byte) error {
		var m model.ChatMessage
		if err := decodeMessage(v, &m); err != nil {
			return err
		}
		if !m.FromSeller {
			lastReply = m.At
			return errStop
		}
		if m.At.Before(enrolled) {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return false, "", time.Time{}, err
	}
	var lastSale time.Time
	if r := cc.byID[creator]; r != nil && !r.lastSale.IsZero() {
		y, mo, d := r.lastSale.Date()
		lastSale = time.Date(y, mo, d+1, 0, 0, 0, 0, cc.loc).Add(-time.Nanosecond) // the sale's day counts whole
	}
	left, why, at := engage.SequenceLeft(enrolled, lastReply, lastSale)
	return left, why, at, nil
}

// errStop ends a scan early.
var errStop = errors.New("stop")

// pendingOf is when the campaign's waiting recipients go (the earliest
// waiting result's instant) and when its next sequence step is due.
func pendingOf(tx engine.Tx, c *campaignRecord, now time.Time) (wait, seq time.Time, err error) {
	pre := prefix(c.Seller, c.ID)
	err = tx.Scan(bCampaignResults, engine.Range{Prefix: pre}, func(k, v []byte) error {
		if len(v) < 2 || v[1] != outcomeByte(engage.OutcomeWaiting) {
			return nil
		}
		r, err := parseResult(pre, k, v)
		if err != nil {
			return err
		}
		if wait.IsZero() || r.At.Before(wait) {
			wait = r.At
		}
		return nil
	})
	if err != nil || c.Sequence == nil {
		return wait, time.Time{}, err
	}
	sl, err := mustSeller(tx, c.Seller)
	if err != nil {
		return wait, seq, err
	}
	loc := sl.Location()
	err = tx.Scan(bCampaignMembers, engine.Range{Prefix: pre}, func(_, v []byte) error {
		var m member
		if err := decodeJSON(v, &m); err != nil {
			return err
		}
		if m.Left != "" || m.Done >= len(c.Sequence.Steps) {
			return nil
		}
		at := c.Sequence.StepDue(m.Enrolled, m.Done, loc)
		if at.Before(now) {
			at = now.Add(time.Minute) // waiting for quota: its result carries the week
		}
		if seq.IsZero() || at.Before(seq) {
			seq = at
		}
		return nil
	})
	return wait, seq, err
}

// DueCampaign names a campaign with something due.
type DueCampaign struct {
	Seller, ID string
	At         time.Time
}

// DueCampaigns lists the campaigns with something due at now, earliest
// first: one range read of the due index, so nothing due costs one seek.
func (s *Store) DueCampaigns(now time.Time) ([]DueCampaign, error) {
	if err := validNow(now); err != nil {
		return nil, err
	}
	var out []DueCampaign
	err := s.view(func(tx engine.Tx) error {
		return tx.Scan(bCampaignDue, engine.Range{End: u64(uint64(now.UnixNano()) + 1)}, func(k, _ []byte) error {
			if len(k) < 9 {
				return fmt.Errorf("campaign index: %w", errCorrupt)
			}
			seller, id := splitPair(k[8:])
			out = append(out, DueCampaign{Seller: seller, ID: id, At: time.Unix(0, int64(getU64(k[:8]))).UTC()})
			return nil
		})
	})
	return out, err
}

// RunDue carries out every seller's due campaigns at now (the server while
// it runs, `campaign run-due` from cron), each until nothing of it is due
// (at most a few passes).
func (s *Store) RunDue(now time.Time) ([]RunReport, error) {
	due, err := s.DueCampaigns(now)
	if err != nil {
		return nil, err
	}
	var out []RunReport
	for _, d := range due {
		for range 3 {
			rep, err := s.runCampaign(d.Seller, d.ID, now, CampaignBatch)
			if err != nil {
				return out, fmt.Errorf("campaign %q of %s: %w", rep.Campaign, d.Seller, err)
			}
			if !rep.NewRun && rep.Counts == (Counts{}) {
				break
			}
			out = append(out, rep)
			if rep.State != engage.CampaignRunning && rep.State != engage.CampaignScheduled || rep.Stopped {
				break
			}
		}
	}
	return out, nil
}
