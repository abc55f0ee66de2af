package store

import (
	"fmt"
	"strings"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store/engine"
)

// progQuery is what one pass over a seller's program computes for every
// affiliate: totals over some windows, the last sale and activity up to a
// day, and optionally the weekly GMV trend ending with that day's week.
type progQuery struct {
	wins  []program.Window
	today program.Day
	trend bool
	only  string // one affiliate's creator id, "" for all
}

// affFacts is one affiliate as a program pass found it.
type affFacts struct {
	rec                  affiliateRecord
	totals               []program.PerfTotals // one per window
	lastSale, lastActive program.Day          // up to today
	trend                []model.Cents
	needLast             bool // the record's bounds lie after today: computed from the weeks
}

// scanProgram reads every affiliate of seller and its performance in two
// ordered scans, reading of each stored block only the weeks a window, the
// trend or the last-activity bounds need, and of those weeks only the
// rollup unless the week straddles a window's edge.
func scanProgram(tx engine.Tx, seller string, q progQuery) ([]affFacts, error) {
	ar := engine.Range{Prefix: prefix(seller)}
	pp := prefix(seller)
	if q.only != "" {
		k := key(seller, q.only)
		ar = engine.Range{Start: k, End: append(k, 0)}
		pp = prefix(seller, q.only)
	}
	n := 0
	if err := tx.Scan(bAffiliates, ar, func(_, _ []byte) error {
		n++
		return nil
	}); err != nil || n == 0 {
		return nil, err
	}
	out := make([]affFacts, 0, n)
	totals := make([]program.PerfTotals, n*len(q.wins))
	err := tx.Scan(bAffiliates, ar, func(k, v []byte) error {
		if len(out) == n { // cannot happen in one transaction; be safe
			return fmt.Errorf("affiliates of %s changed during a read: %w", model.SafeLine(seller), errCorrupt)
		}
		out = append(out, affFacts{})
		f := &out[len(out)-1]
		if err := decodeAffiliateOf(seller, k, v, &f.rec); err != nil {
			return err
		}
		i := len(out) - 1
		f.totals = totals[i*len(q.wins) : (i+1)*len(q.wins) : (i+1)*len(q.wins)]
		f.lastSale, f.lastActive = f.rec.LastSale, f.rec.LastActive
		if f.rec.LastSale > q.today || f.rec.LastActive > q.today {
			f.needLast = true
			f.lastSale, f.lastActive = 0, 0
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	splits := make([]program.WindowSplit, len(q.wins))
	lo, hi := program.Day(1<<30), program.Day(-1<<30)
	for i, w := range q.wins {
		splits[i] = w.Split()
		lo, hi = min(lo, w.From), max(hi, w.To)
	}
	var trendFrom, trendTo program.Day
	if q.trend {
		trendTo = q.today.WeekStart()
		trendFrom = trendTo - 7*(engage.TrendWeeks-1)
		lo, hi = min(lo, trendFrom), max(hi, trendTo+6)
	}
	j := 0
	var r blockReader
	p := prefix(seller)
	err = tx.Scan(bPerf, engine.Range{Prefix: pp}, func(k, v []byte) error {
		cb := k[len(p) : len(k)-5]
		for j < len(out) && out[j].rec.CreatorID < string(cb) {
			j++
		}
		if j >= len(out) || out[j].rec.CreatorID != string(cb) {
			return nil // performance without an affiliate record: not in the program
		}
		f := &out[j]
		creator := f.rec.CreatorID
		no := perfKeyBlock(k)
		bw := blockWindow(no)
		inRange := bw.To >= lo && bw.From <= hi
		if !inRange && !(f.needLast && bw.From <= q.today) {
			return nil
		}
		if err := r.reset(no, v); err != nil {
			return err
		}
		for r.next() {
			wk := &r.roll
			for i, w := range q.wins {
				if err := r.addWindow(seller, creator, w, &splits[i], &f.totals[i], false); err != nil {
					return err
				}
			}
			if q.trend && wk.Week >= trendFrom && wk.Week <= trendTo {
				if f.trend == nil {
					f.trend = make([]model.Cents, engage.TrendWeeks)
				}
				f.trend[(wk.Week-trendFrom)/7] += wk.GMV
			}
			if f.needLast && wk.Week <= q.today {
				if wk.Week+6 <= q.today {
					f.lastSale = max(f.lastSale, wk.LastSale())
					f.lastActive = max(f.lastActive, wk.LastActive())
				} else if err := r.eachDay(seller, creator, func(d *program.PerfDay) error {
					if d.Day <= q.today {
						if d.Sold() {
							f.lastSale = max(f.lastSale, d.Day)
						}
						if d.Active() {
							f.lastActive = max(f.lastActive, d.Day)
						}
					}
					return nil
				}); err != nil {
					return err
				}
			}
		}
		if err := r.err(); err != nil {
			return fmt.Errorf("performance of %s/%s: %w", model.SafeLine(seller), model.SafeLine(creator), err)
		}
		return nil
	})
	if q.trend {
		for i := range out {
			if out[i].trend == nil {
				out[i].trend = make([]model.Cents, engage.TrendWeeks)
			}
		}
	}
	return out, err
}

// addWindow adds the reader's current week to t as far as it lies in w
// (split is w.Split()): by its rollup when the week is whole in w or all
// its stored days are, else day by day. With sumsOnly it adds only t's
// PerfSums (what a kpi reads), leaving its day counts and bounds.
func (r *blockReader) addWindow(seller, creator string, w program.Window, split *program.WindowSplit, t *program.PerfTotals, sumsOnly bool) error {
	wk := &r.roll
	whole := !split.Weeks.Empty() && wk.Week >= split.Weeks.From && wk.Week <= split.Weeks.To
	if !whole && (wk.Week+6 < w.From || wk.Week > w.To) {
		return nil
	}
	if whole || r.daysWithin(w.From, w.To) { // cut by the window, but every row is inside it
		if sumsOnly {
			t.PerfSums.Add(&wk.PerfSums)
		} else {
			t.AddWeek(wk)
		}
		return nil
	}
	return r.eachDay(seller, creator, func(d *program.PerfDay) error {
		switch {
		case !w.Contains(d.Day):
		case sumsOnly:
			t.PerfSums.AddDay(d)
		default:
			t.AddDay(d)
		}
		return nil
	})
}

// kpiAffiliates is a seller's affiliates as a kpi needs them, in creator
// order: their ids packed in one buffer, their latest segment and move.
type kpiAffiliates struct {
	ids  []byte
	ends []int // ids[ends[i-1]:ends[i]] is the i-th creator
	seg  []program.Segment
	move []program.Move
}

func (a *kpiAffiliates) id(i int) []byte {
	from := 0
	if i > 0 {
		from = a.ends[i-1]
	}
	return a.ids[from:a.ends[i]]
}

// segmentOf is a creator's latest segment, SegNone when it is not an
// affiliate (or was never evaluated).
func (a *kpiAffiliates) segmentOf(creator string) program.Segment {
	lo, hi := 0, len(a.ends)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if string(a.id(m)) < creator {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(a.ends) && string(a.id(lo)) == creator {
		return a.seg[lo]
	}
	return program.SegNone
}

// scanKPI sums a seller's program over win into sum without keeping a row
// per affiliate: one scan of the affiliates (their segments), then one of
// the performance records, each affiliate's totals added to sum as soon as
// its last record is read. The totals are those scanProgram gives (the same
// rollups and days, by addWindow).
func scanKPI(tx engine.Tx, seller string, win program.Window, sum *engage.GroupSum) (*kpiAffiliates, error) {
	a := &kpiAffiliates{}
	var rec affiliateRecord
	err := tx.Scan(bAffiliates, engine.Range{Prefix: prefix(seller)}, func(k, v []byte) error {
		if err := decodeAffiliateSeg(seller, k, v, &rec); err != nil {
			return err
		}
		a.ids = append(a.ids, k[min(len(seller)+1, len(k)):]...)
		a.ends = append(a.ends, len(a.ids))
		a.seg = append(a.seg, rec.Seg.Segment)
		a.move = append(a.move, rec.Seg.Move)
		return nil
	})
	if err != nil || len(a.ends) == 0 {
		return a, err
	}
	split := win.Split()
	var (
		r   blockReader
		cur program.PerfTotals
		j   int // the affiliate whose totals cur holds; those before it are summed
	)
	flushTo := func(n int) { // sum affiliates j..n-1, j with cur
		for ; j < n; j++ {
			sum.Add(a.seg[j], a.move[j], &cur.PerfSums)
			cur = program.PerfTotals{}
		}
	}
	p := prefix(seller)
	err = tx.Scan(bPerf, engine.Range{Prefix: p}, func(k, v []byte) error {
		cb := k[len(p) : len(k)-5]
		n := j
		for n < len(a.ends) && string(a.id(n)) < string(cb) {
			n++
		}
		flushTo(n)
		if j >= len(a.ends) || string(a.id(j)) != string(cb) {
			return nil // performance without an affiliate record: not in the program
		}
		no := perfKeyBlock(k)
		if bw := blockWindow(no); bw.To < win.From || bw.From > win.To {
			return nil
		}
		if err := r.reset(no, v); err != nil {
			return err
		}
		creator := ""
		for r.next() {
			if r.roll.Week+6 < win.From || r.roll.Week > win.To {
				continue
			}
			if creator == "" {
				creator = string(cb)
			}
			if err := r.addWindow(seller, creator, win, &split, &cur, true); err != nil {
				return err
			}
		}
		if err := r.err(); err != nil {
			return fmt.Errorf("performance of %s/%s: %w", model.SafeLine(seller), model.SafeLine(string(cb)), err)
		}
		return nil
	})
	if err != nil {
		return a, err
	}
	flushTo(len(a.ends))
	return a, nil
}

// sellerToday is the seller and its local day at now.
func sellerToday(tx engine.Tx, seller string, now time.Time) (*model.Seller, program.Day, error) {
	if err := validNow(now); err != nil {
		return nil, 0, err
	}
	sl, err := mustSeller(tx, seller)
	if err != nil {
		return nil, 0, err
	}
	return sl, program.DayOf(now, sl.Location()), nil
}

// openFlagRules maps each flagged affiliate of seller to its open rules.
func openFlagRules(tx engine.Tx, seller string) (map[string][]program.FlagRule, error) {
	m := map[string][]program.FlagRule{}
	err := tx.Scan(bAffFlags, engine.Range{Prefix: prefix(seller)}, func(k, v []byte) error {
		var fs []program.FlagState
		if err := decodeJSON(v, &fs); err != nil {
			return err
		}
		if r := program.OpenRules(fs); len(r) > 0 {
			_, c := splitPair(k)
			m[c] = r
		}
		return nil
	})
	return m, err
}

// metricsOf builds an affiliate's row from a pass's facts.
func metricsOf(f *affFacts, handle string, today program.Day, goal *program.GoalProgress, flags []program.FlagRule) engage.AffiliateMetrics {
	af := engage.AffiliateFacts{CreatorID: f.rec.CreatorID, Handle: handle, JoinedDay: f.rec.JoinedDay,
		Period: f.totals[0], LastSale: f.lastSale, LastActive: f.lastActive, MoveMonth: f.rec.MoveMonth,
		Goal: goal, Trend: f.trend, Flags: flags}
	if f.rec.Seg.Segment != program.SegNone {
		seg := f.rec.Seg
		af.Segment = &seg
	}
	return engage.NewAffiliateMetrics(&af, today)
}

// ProgramQuery asks for a seller's affiliate table.
type ProgramQuery struct {
	// Period is the window of the metrics; empty: the last 28 days.
	Period program.Window
	// Trend adds each affiliate's 26-week GMV trend.
	Trend bool
	// Filter selects rows; Search keeps handles or ids that contain it
	// (case-insensitive).
	Filter engage.AffiliateFilter
	Search string
	// Creator, when set, reads only this affiliate (its detail).
	Creator string
}

// ProgramTable is the affiliate table of a seller at a day.
type ProgramTable struct {
	Seller string
	Today  program.Day
	Period program.Window
	Rows   []engage.AffiliateMetrics // by creator id; callers sort
}

// Affiliates is the seller's affiliate table as of now: each affiliate's
// metrics over the period, its latest segment, goal progress for now's
// month and open flags. It writes nothing.
func (s *Store) Affiliates(seller string, q ProgramQuery, now time.Time) (ProgramTable, error) {
	var pt ProgramTable
	err := s.view(func(tx engine.Tx) error {
		_, today, err := sellerToday(tx, seller, now)
		if err != nil {
			return err
		}
		pt = ProgramTable{Seller: seller, Today: today, Period: q.Period}
		if pt.Period.Empty() {
			pt.Period = program.LastDays(28, today)
		}
		month := today.Month()
		goals, err := goalsOf(tx, seller, month)
		if err != nil {
			return err
		}
		pq := progQuery{wins: []program.Window{pt.Period}, today: today, trend: q.Trend, only: q.Creator}
		if len(goals) > 0 {
			mw, err := program.MonthWindow(month)
			if err != nil {
				return err
			}
			pq.wins = append(pq.wins, mw)
		}
		facts, err := scanProgram(tx, seller, pq)
		if err != nil {
			return err
		}
		flags, err := openFlagRules(tx, seller)
		if err != nil {
			return err
		}
		search := strings.ToLower(q.Search)
		pt.Rows = make([]engage.AffiliateMetrics, 0, len(facts))
		for i := range facts {
			f := &facts[i]
			c, err := getCreator(tx, f.rec.CreatorID)
			if err != nil {
				return err
			}
			handle := ""
			if c != nil {
				handle = c.Handle
			}
			if search != "" && !strings.Contains(strings.ToLower(handle), search) && !strings.Contains(strings.ToLower(f.rec.CreatorID), search) {
				continue
			}
			var gp *program.GoalProgress
			if g := program.GoalFor(goals, f.rec.CreatorID, f.rec.Seg.Segment, month); g != nil {
				p := g.Progress(&f.totals[1].PerfSums)
				gp = &p
			}
			m := metricsOf(f, handle, today, gp, flags[f.rec.CreatorID])
			if q.Filter.Match(&m) {
				pt.Rows = append(pt.Rows, m)
			}
		}
		return nil
	})
	return pt, err
}

// KPI is a seller's program metrics over a period: the program and each
// segment (by the latest evaluation). It reads only rollups for the whole
// weeks of the period and daily rows for its edges, and sums affiliates as
// it reads them (no affiliate table); it writes nothing.
func (s *Store) KPI(seller string, period func(today program.Day) (program.Window, error), now time.Time) (program.Window, engage.GroupMetrics, []engage.GroupMetrics, error) {
	var (
		win  program.Window
		prog engage.GroupMetrics
		segs []engage.GroupMetrics
	)
	err := s.view(func(tx engine.Tx) error {
		sl, today, err := sellerToday(tx, seller, now)
		if err != nil {
			return err
		}
		if win, err = period(today); err != nil {
			return err
		}
		var sum engage.GroupSum
		affs, err := scanKPI(tx, seller, win, &sum)
		if err != nil {
			return err
		}
		prog, segs = sum.Result()
		return s.kpiCampaigns(tx, sl, win, today, affs.segmentOf, &prog, segs)
	})
	return win, prog, segs, err
}
