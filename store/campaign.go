package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/store/engine"
)

// campaignRecord is a campaign as stored: the model's campaign, what it is
// doing now, and when it next has something to do.
type campaignRecord struct {
	engage.Campaign
	// Due is the instant indexed in bCampaignDue; zero when not indexed.
	Due time.Time `json:"due,omitzero"`
	// Pass is the pass in progress (a run, a retry of waiting recipients,
	// the due steps of a sequence); nil between passes.
	Pass *campaignPass `json:"pass,omitempty"`
	// WaitUntil is when recipients waiting for quota go (the next week's
	// start); zero when none waits.
	WaitUntil time.Time `json:"wait_until,omitzero"`
	// SeqDue is the earliest next step of an enrolled sequence member.
	SeqDue time.Time `json:"seq_due,omitzero"`
	// Missed counts repeating runs skipped while nothing ran.
	Missed int `json:"missed,omitempty"`
}

// campaignPass is one pass over a campaign's due work: the recipients of a
// new run, the waiting ones whose week has come, the sequence steps due.
// Work items are ordered by result key; Cursor is the last one done, so a
// pass repeated after a crash resumes after it.
type campaignPass struct {
	At     time.Time   `json:"at"`
	NewRun *engage.Run `json:"new_run,omitempty"`
	Cursor []byte      `json:"cursor,omitempty"`
}

// templates lists the templates the campaign sends.
func (c *campaignRecord) templates() []string {
	if c.Sequence != nil {
		out := make([]string, len(c.Sequence.Steps))
		for i, s := range c.Sequence.Steps {
			out[i] = s.Template
		}
		return out
	}
	return []string{c.Template}
}

// steps is the number of steps (1 for a single template).
func (c *campaignRecord) steps() int {
	if c.Sequence != nil {
		return len(c.Sequence.Steps)
	}
	return 1
}

// nextDue is when the campaign next has something to do, zero for never.
func (c *campaignRecord) nextDue() time.Time {
	if c.Pass != nil {
		return c.Pass.At
	}
	var due time.Time
	pick := func(t time.Time) {
		if !t.IsZero() && (due.IsZero() || t.Before(due)) {
			due = t
		}
	}
	if c.Schedule != nil {
		if c.Runs == 0 {
			pick(c.Schedule.RunAt(0))
		} else {
			pick(c.Schedule.Next(c.LastRun))
		}
	}
	pick(c.WaitUntil)
	pick(c.SeqDue)
	return due
}

func dueKey(at time.Time, seller, id string) []byte {
	return append(u64(uint64(at.UnixNano())), key(seller, id)...)
}

// putCampaign writes the record and keeps the due index in step with its
// state: an active campaign is indexed at its next due instant, any other
// is not indexed.
func putCampaign(w *wtx, c *campaignRecord) error {
	due := time.Time{}
	if c.State == engage.CampaignScheduled || c.State == engage.CampaignRunning {
		due = c.nextDue()
	}
	if !c.Due.Equal(due) || c.Due.IsZero() != due.IsZero() {
		if !c.Due.IsZero() {
			if err := w.Delete(bCampaignDue, dueKey(c.Due, c.Seller, c.ID)); err != nil {
				return err
			}
		}
		if !due.IsZero() {
			if err := w.Put(bCampaignDue, dueKey(due, c.Seller, c.ID), nil); err != nil {
				return err
			}
		}
		c.Due = due
	}
	w.ch.add(ChangedCampaigns, c.Seller, "")
	// The record carries the cursor now (getCampaign merged it).
	if err := w.Delete(bCampaignCursors, key(c.Seller, c.ID)); err != nil {
		return err
	}
	return putJSON(w, bCampaigns, key(c.Seller, c.ID), c)
}

func getCampaign(tx engine.Tx, seller, id string) (*campaignRecord, error) {
	raw, err := tx.Get(bCampaigns, key(seller, id))
	if err != nil || raw == nil {
		return nil, err
	}
	return decodeCampaign(tx, seller, id, raw)
}

// decodeCampaign decodes a stored campaign record and merges the cursor
// its pass's batches saved beside it.
func decodeCampaign(tx engine.Tx, seller, id string, raw []byte) (*campaignRecord, error) {
	var c campaignRecord
	if err := decodeJSON(raw, &c); err != nil {
		return nil, fmt.Errorf("decode %s record %q: %w", bCampaigns, model.Clip(model.SafeLine(seller+"/"+id), 60), err)
	}
	if c.Pass != nil {
		cur, err := passCursor(tx, seller, id, c.Pass.At)
		if err != nil {
			return nil, err
		}
		if bytes.Compare(cur, c.Pass.Cursor) > 0 { // cursors only move forward within a pass
			c.Pass.Cursor = cur
		}
	}
	return &c, nil
}

// passCursor is the cursor a run's batches saved for the pass begun at at,
// nil when none was saved for it.
func passCursor(tx engine.Tx, seller, id string, at time.Time) ([]byte, error) {
	raw, err := tx.Get(bCampaignCursors, key(seller, id))
	if err != nil || raw == nil {
		return nil, err
	}
	if len(raw) < 8 {
		return nil, fmt.Errorf("cursor of campaign %q: %w", model.Clip(model.SafeLine(seller+"/"+id), 60), errCorrupt)
	}
	if int64(getU64(raw[:8])) != at.UnixNano() {
		return nil, nil // a stale entry of another pass
	}
	return append([]byte{}, raw[8:]...), nil
}

// putPassCursor saves the cursor of the pass begun at at, without
// rewriting the campaign record.
func putPassCursor(w *wtx, seller, id string, at time.Time, cursor []byte) error {
	w.ch.add(ChangedCampaigns, seller, "")
	return w.Put(bCampaignCursors, key(seller, id), append(u64(uint64(at.UnixNano())), cursor...))
}

// campaignByName finds a campaign by its name; model.ErrNotFound names it.
func campaignByName(tx engine.Tx, seller, name string) (*campaignRecord, error) {
	id, err := tx.Get(bCampaignNames, key(seller, name))
	if err != nil {
		return nil, err
	}
	if id != nil {
		c, err := getCampaign(tx, seller, string(id))
		if err != nil || c != nil {
			return c, err
		}
	}
	return nil, fmt.Errorf("campaign %q of seller %q: %w", model.Clip(model.SafeLine(name), 60), model.Clip(model.SafeLine(seller), 64), model.ErrNotFound)
}

// CampaignSpec is a campaign as the seller creates it.
type CampaignSpec struct {
	Name     string
	Template string           // one template ...
	Sequence *engage.Sequence // ... or a sequence of templates
	Audience engage.Audience
	Repeat   engage.Repeat
	At       time.Time // the first run; zero: when started
	Overflow engage.Overflow
}

// ErrCampaignExists marks a campaign name the seller already used.
var ErrCampaignExists = fmt.Errorf("the seller already has a campaign of that name: %w", model.ErrInvalid)

// CreateCampaign checks and saves a draft campaign: the name (unique for
// the seller), the templates (each must exist and fit the message limit),
// the audience (it must select at least one affiliate now), the schedule
// (not in the past, in the seller's zone) and the overflow choice. Nothing
// is written on an error.
func (s *Store) CreateCampaign(seller string, sp CampaignSpec, now time.Time) (CampaignInfo, error) {
	if err := validNow(now); err != nil {
		return CampaignInfo{}, err
	}
	var info CampaignInfo
	err := s.update(func(w *wtx) error {
		sl, err := mustSeller(w, seller)
		if err != nil {
			return err
		}
		c := &campaignRecord{Campaign: engage.Campaign{Seller: seller, Name: sp.Name, Template: sp.Template, Sequence: sp.Sequence,
			Audience: sp.Audience, Overflow: sp.Overflow, Created: now}}
		if c.Schedule, err = engage.NewSchedule(sp.Repeat, sp.At, sl.TZ, now); err != nil {
			return fmt.Errorf("campaign %q: %w", model.Clip(model.SafeLine(sp.Name), 60), err)
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if id, err := w.Get(bCampaignNames, key(seller, c.Name)); err != nil {
			return err
		} else if id != nil {
			return fmt.Errorf("campaign %q: %w", c.Name, ErrCampaignExists)
		}
		for _, t := range c.templates() {
			if _, err := templateOf(w, seller, t); err != nil {
				return fmt.Errorf("campaign %q: %w", c.Name, err)
			}
		}
		all, err := affiliatesOf(w, seller)
		if err != nil {
			return err
		}
		rs, err := selectRecipients(&c.Audience, all)
		if err != nil {
			return fmt.Errorf("campaign %q: %w", c.Name, err)
		}
		seq, err := w.NextSequence(bCampaigns)
		if err != nil {
			return err
		}
		c.ID = "c" + strconv.FormatUint(seq, 10)
		if err := w.Put(bCampaignNames, key(seller, c.Name), []byte(c.ID)); err != nil {
			return err
		}
		if err := putCampaign(w, c); err != nil {
			return err
		}
		info = CampaignInfo{Campaign: c.Campaign, Audience: len(rs)}
		return nil
	})
	return info, err
}

// setState moves a campaign to a state the seller asked for (model's
// transition rule decides).
func (s *Store) setState(seller, name string, to engage.CampaignState, now time.Time) (CampaignInfo, error) {
	if err := validNow(now); err != nil {
		return CampaignInfo{}, err
	}
	var info CampaignInfo
	err := s.update(func(w *wtx) error {
		c, err := campaignByName(w, seller, name)
		if err != nil {
			return err
		}
		from := c.State
		if from == engage.CampaignRunning && to == engage.CampaignScheduled {
			return fmt.Errorf("campaign %q is already running: %w", c.Name, model.ErrInvalid)
		}
		if err := engage.CampaignTransition(c.Name, from, to); err != nil {
			return err
		}
		c.State = to
		if err := putCampaign(w, c); err != nil {
			return err
		}
		info = CampaignInfo{Campaign: c.Campaign, Due: c.Due, WaitUntil: c.WaitUntil}
		return nil
	})
	return info, err
}

// StartCampaign schedules a draft campaign (or resumes a paused one): it is
// due at its first run, or at once when that has come; the caller runs
// what is due (RunCampaign) to send at once.
func (s *Store) StartCampaign(seller, name string, now time.Time) (CampaignInfo, error) {
	return s.setState(seller, name, engage.CampaignScheduled, now)
}

// PauseCampaign holds a scheduled or running campaign; a pass in progress
// stops after the batch it is in and resumes when the campaign is started
// again.
func (s *Store) PauseCampaign(seller, name string, now time.Time) (CampaignInfo, error) {
	return s.setState(seller, name, engage.CampaignPaused, now)
}

// CancelCampaign stops a campaign for good.
func (s *Store) CancelCampaign(seller, name string, now time.Time) (CampaignInfo, error) {
	return s.setState(seller, name, engage.CampaignCanceled, now)
}

// CampaignInfo is a campaign as lists show it.
type CampaignInfo struct {
	engage.Campaign
	Due       time.Time `json:"due,omitzero"`
	WaitUntil time.Time `json:"wait_until,omitzero"`
	Audience  int       `json:"audience,omitempty"` // recipients selected when created
	Counts    Counts    `json:"counts"`
}

// Counts are a campaign's results by outcome, over every run.
type Counts struct {
	Sent    int `json:"sent"`
	Refused int `json:"refused"`
	Waiting int `json:"waiting"`
	Left    int `json:"left"`
	Charged int `json:"charged"`
}

func (n *Counts) add(r *ResultRow) {
	switch r.Outcome {
	case engage.OutcomeSent:
		n.Sent++
	case engage.OutcomeRefused:
		n.Refused++
	case engage.OutcomeWaiting:
		n.Waiting++
	case engage.OutcomeLeft:
		n.Left++
	}
	n.Charged += r.Charged
}

// Campaigns lists the seller's campaigns, oldest first, with their counts.
// It writes nothing.
func (s *Store) Campaigns(seller string) ([]CampaignInfo, error) {
	var out []CampaignInfo
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		var recs []campaignRecord
		err := tx.Scan(bCampaigns, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
			var c campaignRecord
			if err := decodeJSON(v, &c); err != nil {
				return err
			}
			recs = append(recs, c)
			return nil
		})
		if err != nil {
			return err
		}
		for i := range recs {
			c := &recs[i]
			info := CampaignInfo{Campaign: c.Campaign, Due: c.Due, WaitUntil: c.WaitUntil}
			if err := scanResults(tx, seller, c.ID, func(r *ResultRow) error {
				info.Counts.add(r)
				return nil
			}); err != nil {
				return err
			}
			out = append(out, info)
		}
		return nil
	})
	// Campaign ids are c1, c2, ...: order by number, not by text.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && idNum(out[j].ID) < idNum(out[j-1].ID); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, err
}

func idNum(id string) uint64 {
	n, _ := strconv.ParseUint(id[min(1, len(id)):], 10, 64)
	return n
}

// CampaignDetail is one campaign with every recipient's latest result.
type CampaignDetail struct {
	CampaignInfo
	Results []ResultRow `json:"recipients"`
}

// Campaign is one campaign with its per-recipient results (each run's,
// each step's). It writes nothing.
func (s *Store) Campaign(seller, name string) (CampaignDetail, error) {
	var d CampaignDetail
	err := s.view(func(tx engine.Tx) error {
		c, err := campaignByName(tx, seller, name)
		if err != nil {
			return err
		}
		d.CampaignInfo = CampaignInfo{Campaign: c.Campaign, Due: c.Due, WaitUntil: c.WaitUntil}
		d.Results = []ResultRow{}
		return scanResults(tx, seller, c.ID, func(r *ResultRow) error {
			d.Counts.add(r)
			d.Results = append(d.Results, *r)
			return nil
		})
	})
	return d, err
}

// Result records. Key: seller\0id\0 run(u32) step(u32) creator; value: a
// version byte, the outcome, then varints and strings.
const resultCodec = 1

func resultKey(seller, id string, run, step int, creator string) []byte {
	b := prefix(seller, id)
	b = append(b, u32(uint32(run))...)
	b = append(b, u32(uint32(step))...)
	return append(b, creator...)
}

func outcomeByte(o engage.Outcome) byte {
	switch o {
	case engage.OutcomeSent:
		return 1
	case engage.OutcomeRefused:
		return 2
	case engage.OutcomeWaiting:
		return 3
	case engage.OutcomeLeft:
		return 4
	}
	return 0
}

var outcomes = [...]engage.Outcome{"", engage.OutcomeSent, engage.OutcomeRefused, engage.OutcomeWaiting, engage.OutcomeLeft}

func encodeResult(r *engage.RecipientResult) []byte {
	e := enc{b: make([]byte, 0, 48)}
	e.b = append(e.b, resultCodec, outcomeByte(r.Outcome))
	e.str(string(r.Reason))
	e.str(r.Message)
	e.uvarint(uint64(r.Charged))
	e.varint(r.At.UnixNano())
	return e.b
}

// scanResults calls fn for each result of the campaign, by run, step and
// creator.
func scanResults(tx engine.Tx, seller, id string, fn func(r *ResultRow) error) error {
	p := prefix(seller, id)
	return tx.Scan(bCampaignResults, engine.Range{Prefix: p}, func(k, v []byte) error {
		r, err := parseResult(p, k, v)
		if err != nil {
			return err
		}
		r.Key = engage.SendKey(id, uint32(r.Run), uint32(r.Step), r.Creator)
		return fn(&r)
	})
}

// ResultRow is one recipient's result at one run and step.
type ResultRow struct {
	engage.RecipientResult
	Run int `json:"run"`
}

// parseResult decodes one result.
func parseResult(p, k, v []byte) (ResultRow, error) {
	var r ResultRow
	rest := k[len(p):]
	if len(rest) < 8 || len(v) < 2 || v[0] != resultCodec || int(v[1]) >= len(outcomes) {
		return r, fmt.Errorf("campaign result: %w", errCorrupt)
	}
	r.Run, r.Step = int(binary.BigEndian.Uint32(rest[:4])), int(binary.BigEndian.Uint32(rest[4:8]))
	r.Creator = string(rest[8:])
	r.Outcome = outcomes[v[1]]
	d := dec{b: v[2:]}
	r.Reason = model.Reason(d.str())
	r.Message = d.str()
	r.Charged = int(d.uvarint())
	if ns := d.varint(); ns != 0 {
		r.At = time.Unix(0, ns).UTC()
	}
	d.end()
	if d.err != nil {
		return r, fmt.Errorf("campaign result: %w", errCorrupt)
	}
	return r, nil
}
