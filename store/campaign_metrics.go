package store

import (
	"slices"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store/engine"
)

// Campaign metrics (SPEC "Program metrics"): what followed the campaign
// messages, per campaign (CampaignMetrics) and per segment (in KPI). The
// computations are model.MeasureCampaign and model.BoostUplift; this file
// reads their inputs: the messages sent, the affiliates' replies and their
// days of performance, the boosts.

// activityReader reads affiliates' activity once each, within one
// transaction.
type activityReader struct {
	tx     engine.Tx
	seller string
	to     program.Day
	cache  map[string]*engage.Activity
	blocks map[string]*affBlocks
	err    error
}

func newActivityReader(tx engine.Tx, seller string, to program.Day) *activityReader {
	return &activityReader{tx: tx, seller: seller, to: to, cache: map[string]*engage.Activity{}, blocks: map[string]*affBlocks{}}
}

func (ar *activityReader) affBlocks(creator string) *affBlocks {
	if ab, ok := ar.blocks[creator]; ok {
		return ab
	}
	ab, err := loadAffBlocks(ar.tx, ar.seller, creator)
	if err != nil && ar.err == nil {
		ar.err = err
	}
	ar.blocks[creator] = ab
	return ab
}

// activity is the creator's replies and performance days up to ar.to; a
// read error is kept in ar.err (and nil activity returned).
func (ar *activityReader) activity(creator string) *engage.Activity {
	if a, ok := ar.cache[creator]; ok {
		return a
	}
	a := &engage.Activity{}
	ar.cache[creator] = a
	err := ar.tx.Scan(bMsgs, engine.Range{Prefix: prefix(ar.seller, creator)}, func(_, v []byte) error {
		var m model.ChatMessage
		if err := decodeMessage(v, &m); err != nil {
			return err
		}
		if !m.FromSeller {
			a.Replies = append(a.Replies, m.At)
		}
		return nil
	})
	if err != nil {
		if ar.err == nil {
			ar.err = err
		}
		return nil
	}
	slices.SortFunc(a.Replies, time.Time.Compare)
	if ab := ar.affBlocks(creator); ab != nil {
		ab.eachDay(program.Window{From: program.MinDay, To: ar.to}, func(p *program.PerfDay) {
			d := engage.ActivityDay{Day: p.Day, Orders: p.Orders, Posts: p.Videos + p.Lives}
			if p.Code != "" {
				d.CodeOrders = p.Orders
			}
			a.Days = append(a.Days, d)
		})
		slices.SortFunc(a.Days, func(x, y engage.ActivityDay) int { return int(x.Day) - int(y.Day) })
	}
	return a
}

// campaignTouches are the messages a campaign sent, with their days in loc.
func campaignTouches(tx engine.Tx, seller, id string, loc *time.Location, keep func(program.Day) bool) ([]engage.Touch, error) {
	var out []engage.Touch
	err := scanResults(tx, seller, id, func(r *ResultRow) error {
		if r.Outcome != engage.OutcomeSent {
			return nil
		}
		d := program.DayOf(r.At, loc)
		if keep == nil || keep(d) {
			out = append(out, engage.Touch{Creator: r.Creator, At: r.At, Day: d})
		}
		return nil
	})
	return out, err
}

// CampaignMetrics are the metrics of a campaign's messages as of now.
func (s *Store) CampaignMetrics(seller, name string, now time.Time) (engage.CampaignMetrics, error) {
	var m engage.CampaignMetrics
	err := s.view(func(tx engine.Tx) error {
		sl, today, err := sellerToday(tx, seller, now)
		if err != nil {
			return err
		}
		c, err := campaignByName(tx, seller, name)
		if err != nil {
			return err
		}
		ts, err := campaignTouches(tx, seller, c.ID, sl.Location(), nil)
		if err != nil {
			return err
		}
		ar := newActivityReader(tx, seller, today)
		m = engage.MeasureCampaign(ts, ar.activity, s.progRules.Segments.WindowDays)
		return ar.err
	})
	return m, err
}

// kpiCampaigns fills the campaign metrics and boost uplift of the program
// and each segment over win: the campaign messages sent in the window, the
// boosts that ran in it (up to today), by each affiliate's latest segment
// (segOf; SegNone for a creator outside the program).
func (s *Store) kpiCampaigns(tx engine.Tx, sl *model.Seller, win program.Window, today program.Day, segOf func(creator string) program.Segment, prog *engage.GroupMetrics, segs []engage.GroupMetrics) error {
	seller, loc := sl.ID, sl.Location()
	group := func(creator string) *engage.GroupMetrics {
		sg := segOf(creator)
		if sg == program.SegNone {
			return nil
		}
		for j := range segs {
			if segs[j].Segment == sg {
				return &segs[j]
			}
		}
		return nil
	}
	// Campaign messages sent in the window.
	var touches []engage.Touch
	err := tx.Scan(bCampaigns, engine.Range{Prefix: prefix(seller)}, func(k, v []byte) error {
		var c campaignRecord
		if err := decodeJSON(v, &c); err != nil {
			return err
		}
		ts, err := campaignTouches(tx, seller, c.ID, loc, func(d program.Day) bool { return d >= win.From && d <= win.To })
		touches = append(touches, ts...)
		return err
	})
	if err != nil {
		return err
	}
	ar := newActivityReader(tx, seller, today)
	lapsed := s.progRules.Segments.WindowDays
	prog.Campaign = engage.MeasureCampaign(touches, ar.activity, lapsed)
	bySeg := map[*engage.GroupMetrics][]engage.Touch{}
	for _, t := range touches {
		if g := group(t.Creator); g != nil {
			bySeg[g] = append(bySeg[g], t)
		}
	}
	for g, ts := range bySeg {
		g.Campaign = engage.MeasureCampaign(ts, ar.activity, lapsed)
	}
	if ar.err != nil {
		return ar.err
	}
	// Boosts that ran in the window, up to today: daily GMV during against
	// the UpliftBaseDays before, summed over the affiliates reached.
	boosts, err := boostsOf(tx, seller)
	if err != nil {
		return err
	}
	type sums struct{ before, during model.Cents }
	per := map[*engage.GroupMetrics]*sums{}
	all := &sums{}
	for _, b := range boosts {
		start, end := program.DayOf(b.Start, loc), program.DayOf(b.End.Add(-time.Nanosecond), loc)
		from, to := max(start, win.From), min(end, win.To, today)
		if to < from {
			continue
		}
		base := program.Window{From: start - engage.UpliftBaseDays, To: start - 1}
		during := program.Window{From: from, To: to}
		for _, c := range b.Reached {
			ab := ar.affBlocks(c)
			if ab == nil {
				continue
			}
			bd := ab.totals(base).GMV / engage.UpliftBaseDays
			dd := ab.totals(during).GMV / model.Cents(during.Days())
			all.before += bd
			all.during += dd
			if g := group(c); g != nil {
				if per[g] == nil {
					per[g] = &sums{}
				}
				per[g].before += bd
				per[g].during += dd
			}
		}
	}
	if ar.err != nil {
		return ar.err
	}
	if all.before != 0 || all.during != 0 {
		prog.Uplift = engage.BoostUplift(all.before, 1, all.during, 1)
	}
	for g, sm := range per {
		g.Uplift = engage.BoostUplift(sm.before, 1, sm.during, 1)
	}
	return nil
}
