package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store/engine"
)

// Milestones (SPEC "Campaigns", milestones): the seller's rules, what each
// affiliate looked like at the last check and which milestones fired for
// it, and the drafts waiting for the seller's approval.
//
// Detection is a pass (CheckMilestones), run by Backend.Housekeep (the
// server, every hour) and by `milestone check` (for cron). It compares each
// affiliate's facts now (orders ever, this month's goals reached, segment,
// level) with the facts recorded at the previous pass, so the writes of
// performance, segments and levels stay as they are and pay nothing. A
// crossing is found at the next pass and fires once: its key is recorded
// with the affiliate in the same transaction as the send or the draft, and
// the send carries the idempotency key milestone-<key>/0/0/<creator>.
const (
	// bMilestoneRules: seller -> JSON []model.MilestoneRule.
	bMilestoneRules = "milestone_rules"
	// bMilestoneState: seller\0creator -> JSON milestoneState.
	bMilestoneState = "milestone_state"
	// bMilestoneDrafts: seller\0id -> JSON MilestoneDraft.
	bMilestoneDrafts = "milestone_drafts"
)

var milestoneBuckets = []string{bMilestoneRules, bMilestoneState, bMilestoneDrafts}

// milestoneState is an affiliate's facts at the last pass and the keys
// that fired for it.
type milestoneState struct {
	Orders  int64               `json:"orders"`
	Goals   []string            `json:"goals,omitempty"`
	Segment program.SegmentName `json:"segment,omitempty"`
	Level   model.Level         `json:"level"`
	Fired   []string            `json:"fired,omitempty"`
}

func (m *milestoneState) facts() engage.MilestoneFacts {
	return engage.MilestoneFacts{Orders: m.Orders, GoalsReached: m.Goals, Segment: m.Segment, Level: m.Level}
}

// MilestoneDraft is a milestone message waiting for the seller's approval.
type MilestoneDraft struct {
	ID       string               `json:"id"`
	Seller   string               `json:"seller"`
	Creator  string               `json:"creator"`
	Handle   string               `json:"handle,omitempty"`
	Key      string               `json:"key"`
	Template string               `json:"template"`
	Text     string               `json:"text"`
	Created  time.Time            `json:"created"`
	Rule     engage.MilestoneRule `json:"rule"`
}

// MilestoneSent is one milestone a pass sent or drafted.
type MilestoneSent struct {
	Seller  string               `json:"seller"`
	Creator string               `json:"creator"`
	Key     string               `json:"key"`
	Mode    engage.MilestoneMode `json:"mode"`
	Outcome string               `json:"outcome"` // sent, refused, draft
	Reason  model.Reason         `json:"reason,omitempty"`
	Message string               `json:"message,omitempty"`
	Draft   string               `json:"draft,omitempty"`
}

// ErrDraftNotFound marks a draft id the seller does not have.
var ErrDraftNotFound = fmt.Errorf("no such draft: %w", model.ErrNotFound)

func milestoneRules(tx engine.Tx, seller string) ([]engage.MilestoneRule, error) {
	var rules []engage.MilestoneRule
	_, err := getJSON(tx, bMilestoneRules, []byte(seller), &rules)
	return rules, err
}

// sameTrigger reports whether two rules are for the same trigger (an
// orders trigger per N).
func sameTrigger(a, b *engage.MilestoneRule) bool {
	return a.Trigger == b.Trigger && a.Orders == b.Orders
}

// SetMilestone adds or replaces the seller's rule for a trigger. The
// template must exist. Affiliates seen for the first time are recorded as
// they are now, so a rule counts crossings from when it was set, not the
// history before it.
func (s *Store) SetMilestone(seller string, r engage.MilestoneRule, now time.Time) ([]engage.MilestoneRule, error) {
	if err := validNow(now); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var rules []engage.MilestoneRule
	err := s.update(func(w *wtx) error {
		if _, err := mustSeller(w, seller); err != nil {
			return err
		}
		if _, err := templateOf(w, seller, r.Template); err != nil {
			return fmt.Errorf("milestone %s: %w", r.Trigger, err)
		}
		var err error
		if rules, err = milestoneRules(w, seller); err != nil {
			return err
		}
		i := slices.IndexFunc(rules, func(x engage.MilestoneRule) bool { return sameTrigger(&x, &r) })
		if i >= 0 {
			rules[i] = r
		} else {
			rules = append(rules, r)
		}
		if err := putJSON(w, bMilestoneRules, []byte(seller), rules); err != nil {
			return err
		}
		facts, _, err := milestoneFactsOf(w, seller, now)
		if err != nil {
			return err
		}
		for id, f := range facts {
			ok, err := getJSON(w, bMilestoneState, key(seller, id), &milestoneState{})
			if err != nil {
				return err
			}
			if !ok {
				if err := putJSON(w, bMilestoneState, key(seller, id), f); err != nil {
					return err
				}
			}
		}
		w.ch.add(ChangedCampaigns, seller, "")
		return nil
	})
	return rules, err
}

// RemoveMilestone removes the seller's rule for a trigger.
func (s *Store) RemoveMilestone(seller string, r engage.MilestoneRule) ([]engage.MilestoneRule, error) {
	var rules []engage.MilestoneRule
	err := s.update(func(w *wtx) error {
		var err error
		if rules, err = milestoneRules(w, seller); err != nil {
			return err
		}
		i := slices.IndexFunc(rules, func(x engage.MilestoneRule) bool { return sameTrigger(&x, &r) })
		if i < 0 {
			return fmt.Errorf("milestone %s: %w", r.Trigger, model.ErrNotFound)
		}
		rules = slices.Delete(rules, i, i+1)
		w.ch.add(ChangedCampaigns, seller, "")
		return putJSON(w, bMilestoneRules, []byte(seller), rules)
	})
	return rules, err
}

// Milestones are the seller's rules in the order they were set.
func (s *Store) Milestones(seller string) ([]engage.MilestoneRule, error) {
	var rules []engage.MilestoneRule
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		var err error
		rules, err = milestoneRules(tx, seller)
		return err
	})
	return rules, err
}

// milestoneFactsOf reads every affiliate's milestone facts now: orders
// ever, goals of this month reached, segment and level.
func milestoneFactsOf(tx engine.Tx, seller string, now time.Time) (map[string]*milestoneState, map[string]*recipient, error) {
	_, today, err := sellerToday(tx, seller, now)
	if err != nil {
		return nil, nil, err
	}
	month := today.Month()
	goals, err := goalsOf(tx, seller, month)
	if err != nil {
		return nil, nil, err
	}
	pq := progQuery{wins: []program.Window{{From: 1, To: today}}, today: today}
	if len(goals) > 0 {
		mw, err := program.MonthWindow(month)
		if err != nil {
			return nil, nil, err
		}
		pq.wins = append(pq.wins, mw)
	}
	facts, err := scanProgram(tx, seller, pq)
	if err != nil {
		return nil, nil, err
	}
	all, err := affiliatesOf(tx, seller)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*recipient, len(all))
	for i := range all {
		byID[all[i].id] = &all[i]
	}
	out := make(map[string]*milestoneState, len(facts))
	for i := range facts {
		f := &facts[i]
		st := &milestoneState{Orders: f.totals[0].Orders, Segment: segName(f.rec.Seg.Segment)}
		if r := byID[f.rec.CreatorID]; r != nil {
			st.Level = r.level
		}
		if g := program.GoalFor(goals, f.rec.CreatorID, f.rec.Seg.Segment, month); g != nil {
			if p := g.Progress(&f.totals[1].PerfSums); p.Reached {
				st.Goals = []string{goalID(g)}
			}
		}
		out[f.rec.CreatorID] = st
	}
	return out, byID, nil
}

// goalID names a goal in a milestone key: its month and target (an
// affiliate or a segment).
func goalID(g *program.Goal) string {
	if g.CreatorID != "" {
		return g.Month + "-c-" + g.CreatorID
	}
	return g.Month + "-s-" + g.Segment.String()
}

// MilestoneReport is what one milestone pass did.
type MilestoneReport struct {
	Sellers int             `json:"sellers"`
	Sent    []MilestoneSent `json:"sent"`
}

// CheckMilestones is one milestone pass over every seller with rules (see
// above): each milestone an affiliate crossed since the last pass is sent
// through the checker (key milestone/<key>/recipient, so a pass repeated
// after a crash sends nothing twice) or queued as a draft, and recorded as
// fired, in one transaction per seller.
func (s *Store) CheckMilestones(now time.Time) (MilestoneReport, error) {
	var rep MilestoneReport
	if err := validNow(now); err != nil {
		return rep, err
	}
	var sellers []string
	err := s.view(func(tx engine.Tx) error {
		return tx.Scan(bMilestoneRules, engine.Range{}, func(k, v []byte) error {
			if len(v) > 2 { // not "[]" or "null"
				sellers = append(sellers, string(k))
			}
			return nil
		})
	})
	if err != nil {
		return rep, err
	}
	for _, sl := range sellers {
		sent, err := s.CheckSellerMilestones(sl, now)
		if err != nil {
			return rep, err
		}
		rep.Sellers++
		rep.Sent = append(rep.Sent, sent...)
	}
	return rep, nil
}

// milestoneSendKey is the idempotency key of a milestone message.
func milestoneSendKey(key, creator string) string {
	return engage.SendKey("milestone-"+key, 0, 0, creator)
}

// CheckSellerMilestones is the milestone pass for one seller.
func (s *Store) CheckSellerMilestones(seller string, now time.Time) ([]MilestoneSent, error) {
	if err := validNow(now); err != nil {
		return nil, err
	}
	// Most passes find nothing changed: look first without the write lock.
	changed := false
	err := s.view(func(tx engine.Tx) error {
		rules, err := milestoneRules(tx, seller)
		if err != nil || len(rules) == 0 {
			return err
		}
		facts, _, err := milestoneFactsOf(tx, seller, now)
		if err != nil {
			return err
		}
		for id, after := range facts {
			var before milestoneState
			ok, err := getJSON(tx, bMilestoneState, key(seller, id), &before)
			if err != nil {
				return err
			}
			if !ok || before.Orders != after.Orders || before.Segment != after.Segment || before.Level != after.Level || !slices.Equal(before.Goals, after.Goals) {
				changed = true
				return nil
			}
		}
		return nil
	})
	if err != nil || !changed {
		return nil, err
	}
	var out []MilestoneSent
	err = s.update(func(w *wtx) error {
		out = nil
		rules, err := milestoneRules(w, seller)
		if err != nil || len(rules) == 0 {
			return err
		}
		sl, err := mustSeller(w, seller)
		if err != nil {
			return err
		}
		facts, byID, err := milestoneFactsOf(w, seller, now)
		if err != nil {
			return err
		}
		ids := make([]string, 0, len(facts))
		for id := range facts {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		var vc *valueCtx
		tpls := map[string]*engage.Template{}
		for _, id := range ids {
			after := facts[id]
			var before milestoneState
			ok, err := getJSON(w, bMilestoneState, key(seller, id), &before)
			if err != nil {
				return err
			}
			if !ok { // joined since the rules were set: a first sale counts, its level is where it starts
				before = milestoneState{Level: after.Level}
			}
			crossed := engage.CrossedMilestones(before.facts(), after.facts(), rules, func(k string) bool { return slices.Contains(before.Fired, k) })
			after.Fired = before.Fired
			changed := !ok || before.Orders != after.Orders || before.Segment != after.Segment || before.Level != after.Level || !slices.Equal(before.Goals, after.Goals)
			for _, m := range crossed {
				t := tpls[m.Rule.Template]
				if t == nil {
					ti, err := templateOf(w, seller, m.Rule.Template)
					if err != nil {
						// The template was removed since: record the milestone as fired, with the reason.
						after.Fired = append(after.Fired, m.Key)
						out = append(out, MilestoneSent{Seller: seller, Creator: id, Key: m.Key, Mode: m.Rule.Mode, Outcome: "refused", Reason: ReasonMissingValue, Message: renderSentence(err)})
						continue
					}
					t = ti.Template
					tpls[m.Rule.Template] = t
					vc = nil
				}
				if vc == nil {
					list := make([]*engage.Template, 0, len(tpls))
					for _, t := range tpls {
						list = append(list, t)
					}
					if vc, err = newValueCtx(w, sl, now, list); err != nil {
						return err
					}
				}
				rc := byID[id]
				if rc == nil {
					rc = &recipient{id: id}
				}
				who := "@" + rc.handle
				if rc.handle == "" {
					who = rc.id
				}
				text, rerr := t.Render(who, vc.values(rc))
				after.Fired = append(after.Fired, m.Key)
				res := MilestoneSent{Seller: seller, Creator: id, Key: m.Key, Mode: m.Rule.Mode}
				switch {
				case rerr != nil:
					res.Outcome, res.Reason, res.Message = "refused", ReasonMissingValue, renderSentence(rerr)
				case m.Rule.Mode == engage.MilestoneDraft:
					seq, err := w.NextSequence(bMilestoneDrafts)
					if err != nil {
						return err
					}
					d := MilestoneDraft{ID: "d" + strconv.FormatUint(seq, 10), Seller: seller, Creator: id, Handle: rc.handle,
						Key: m.Key, Template: m.Rule.Template, Text: text, Created: now, Rule: m.Rule}
					if err := putJSON(w, bMilestoneDrafts, key(seller, d.ID), &d); err != nil {
						return err
					}
					res.Outcome, res.Draft = "draft", d.ID
				default:
					req := Request{Kind: model.Message, Seller: seller, Creator: id, Text: text,
						Key: milestoneSendKey(m.Key, id), Actor: "milestone:" + m.Key, Now: now}
					if err := req.Validate(); err != nil {
						res.Outcome, res.Message = "refused", renderSentence(err)
						break
					}
					o, err := s.outreachTx(w, &req)
					if err != nil {
						return err
					}
					res.Reason, res.Message = o.Reason, o.Decision.Message
					res.Outcome = "refused"
					if o.Allowed {
						res.Outcome = "sent"
					}
				}
				out = append(out, res)
			}
			if changed || len(crossed) > 0 {
				if err := putJSON(w, bMilestoneState, key(seller, id), after); err != nil {
					return err
				}
			}
		}
		if len(out) > 0 {
			w.ch.add(ChangedCampaigns, seller, "")
		}
		return nil
	})
	return out, err
}

// Drafts are the seller's milestone drafts waiting for approval, oldest first.
func (s *Store) Drafts(seller string) ([]MilestoneDraft, error) {
	var out []MilestoneDraft
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		return tx.Scan(bMilestoneDrafts, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
			var d MilestoneDraft
			if err := decodeJSON(v, &d); err != nil {
				return err
			}
			out = append(out, d)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b MilestoneDraft) int {
		if c := len(a.ID) - len(b.ID); c != 0 { // d9 before d10
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, err
}

// ApproveDraft sends a draft through the checker (with the milestone's
// key, so approving twice sends once) and removes it; the outcome says
// whether the checker allowed it. A refused draft is removed too: the
// outcome names the reason.
func (s *Store) ApproveDraft(seller, id, actor string, now time.Time) (MilestoneSent, Outcome, error) {
	if err := validNow(now); err != nil {
		return MilestoneSent{}, Outcome{}, err
	}
	var res MilestoneSent
	var o Outcome
	err := s.update(func(w *wtx) error {
		var d MilestoneDraft
		ok, err := getJSON(w, bMilestoneDrafts, key(seller, id), &d)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("draft %q of seller %q: %w", model.Clip(model.SafeLine(id), 20), model.Clip(model.SafeLine(seller), 64), ErrDraftNotFound)
		}
		req := Request{Kind: model.Message, Seller: seller, Creator: d.Creator, Text: d.Text,
			Key: milestoneSendKey(d.Key, d.Creator), Actor: actor, Now: now}
		if err := req.Validate(); err != nil {
			return err
		}
		if o, err = s.outreachTx(w, &req); err != nil {
			return err
		}
		res = MilestoneSent{Seller: seller, Creator: d.Creator, Key: d.Key, Mode: d.Rule.Mode, Draft: d.ID,
			Reason: o.Reason, Message: o.Decision.Message, Outcome: "refused"}
		if o.Allowed {
			res.Outcome = "sent"
		}
		w.ch.add(ChangedCampaigns, seller, "")
		return w.Delete(bMilestoneDrafts, key(seller, id))
	})
	return res, o, err
}

// DiscardDraft removes a draft without sending it; the milestone stays
// fired.
func (s *Store) DiscardDraft(seller, id string) error {
	return s.update(func(w *wtx) error {
		v, err := w.Get(bMilestoneDrafts, key(seller, id))
		if err != nil {
			return err
		}
		if v == nil {
			return fmt.Errorf("draft %q of seller %q: %w", model.Clip(model.SafeLine(id), 20), model.Clip(model.SafeLine(seller), 64), ErrDraftNotFound)
		}
		w.ch.add(ChangedCampaigns, seller, "")
		return w.Delete(bMilestoneDrafts, key(seller, id))
	})
}
