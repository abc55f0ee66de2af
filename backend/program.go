package backend

import (
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store"
	"outreach/store/importfile"
)

// The affiliate program (SPEC "The affiliate program"): a seller reads its
// own program and changes it (performance, segments, goals, flags); an
// agent reads any seller's and clears flags, audited; an admin imports
// performance files.

// Affiliates is the seller's affiliate table as of the handle's instant:
// metrics over q.Period (the last 28 days when empty), segment, goal
// progress and open flags, filtered by q, in creator order (sort with
// model.SortAffiliates).
func (v *SellerView) Affiliates(q store.ProgramQuery) (store.ProgramTable, error) {
	return v.b.st.Affiliates(v.id, q, v.now())
}

// Period makes the window of a metrics request from the seller's today:
// the last n days (7, 28, 90), a month YYYY-MM, or from..to.
type Period func(today program.Day) (program.Window, error)

// LastDays is the period of the last n days (7, 28 or 90).
func LastDays(n int) Period {
	return func(today program.Day) (program.Window, error) { return engage.PeriodLast(n, today) }
}

// Month is the period of a calendar month YYYY-MM.
func Month(m string) Period {
	return func(program.Day) (program.Window, error) { return program.MonthWindow(m) }
}

// FromTo is the period from..to (days YYYY-MM-DD, inclusive).
func FromTo(from, to string) Period {
	return func(program.Day) (program.Window, error) { return engage.PeriodRange(from, to) }
}

// Today is the seller's local day at the handle's instant.
func (v *SellerView) Today() (program.Day, error) {
	sl, err := v.b.st.Seller(v.id)
	if err != nil {
		return 0, err
	}
	return program.DayOf(v.now(), sl.Location()), nil
}

// Window is the period as days, from the seller's today.
func (v *SellerView) Window(p Period) (program.Window, error) {
	today, err := v.Today()
	if err != nil {
		return program.Window{}, err
	}
	return p(today)
}

// KPI is the program's and each segment's metrics over the period. It
// reads rollups for whole weeks and never writes.
func (v *SellerView) KPI(p Period) (program.Window, engage.GroupMetrics, []engage.GroupMetrics, error) {
	return v.b.st.KPI(v.id, p, v.now())
}

// Flags are the seller's flagged affiliates with their flags; open keeps
// only the open ones.
func (v *SellerView) Flags(open bool) ([]store.AffiliateFlags, error) {
	return v.b.st.Flags(v.id, open)
}

// Goals are the seller's goals for a month YYYY-MM ("" for every month).
func (v *SellerView) Goals(month string) ([]program.Goal, error) { return v.b.st.Goals(v.id, month) }

// SegmentEvaluations are the kept evaluations, newest first, at most limit (0: all).
func (v *SellerView) SegmentEvaluations(limit int) ([]store.SegmentEvaluation, error) {
	return v.b.st.SegmentEvaluations(v.id, limit)
}

// SegmentHistory is one affiliate's segment at every kept evaluation, oldest first.
func (v *SellerView) SegmentHistory(creator string) ([]store.SegmentStep, error) {
	return v.b.st.SegmentHistory(v.id, creator)
}

// ProgramAffiliate is how and when a creator joined the seller's program.
func (v *SellerView) ProgramAffiliate(creator string) (program.ProgramAffiliate, error) {
	return v.b.st.ProgramAffiliate(v.id, creator)
}

// AffiliateDetail is everything the affiliate's detail shows: its row over
// the period with the 26-week trend, how it joined, its segment history
// and every flag, open or cleared.
type AffiliateDetail struct {
	Row       engage.AffiliateMetrics
	Affiliate program.ProgramAffiliate
	History   []store.SegmentStep
	Flags     []program.FlagState
}

// AffiliateDetail reads one affiliate's detail; model.ErrNotFound when the
// creator is not in the program.
func (v *SellerView) AffiliateDetail(creator string, period program.Window) (AffiliateDetail, error) {
	var d AffiliateDetail
	var err error
	if d.Affiliate, err = v.ProgramAffiliate(creator); err != nil {
		return d, err
	}
	t, err := v.b.st.Affiliates(v.id, store.ProgramQuery{Period: period, Trend: true, Creator: creator}, v.now())
	if err != nil {
		return d, err
	}
	for _, r := range t.Rows {
		if r.CreatorID == creator {
			d.Row = r
		}
	}
	if d.History, err = v.SegmentHistory(creator); err != nil {
		return d, err
	}
	fl, err := v.Flags(false)
	for _, f := range fl {
		if f.Creator == creator {
			d.Flags = f.Flags
		}
	}
	return d, err
}

// PutPerf writes one day of an affiliate's performance (`perf add`); the
// day's seller is this seller.
func (s *Seller) PutPerf(d program.PerfDay) (store.PerfStats, error) {
	if s.ro != nil {
		return store.PerfStats{}, refuse("add performance", s.ro)
	}
	d.SellerID = s.id
	return s.b.st.PutPerf(d, s.now())
}

// RecomputeSegments evaluates the segments now, on demand; the evaluation is kept.
func (s *Seller) RecomputeSegments() (store.SegmentEvaluation, error) {
	if s.ro != nil {
		return store.SegmentEvaluation{}, refuse("recompute segments", s.ro)
	}
	return s.b.st.RecomputeSegments(s.id, s.now())
}

// SetGoal sets or replaces a goal of this seller.
func (s *Seller) SetGoal(g program.Goal) error {
	if s.ro != nil {
		return refuse("set a goal", s.ro)
	}
	g.SellerID = s.id
	return s.b.st.SetGoal(g, s.now())
}

// ClearFlag clears an affiliate's open flags (all, or only rule's) with a
// reason, audited under the seller.
func (s *Seller) ClearFlag(creator string, rule program.FlagRule, reason string) ([]program.FlagState, error) {
	if s.ro != nil {
		return nil, refuse("clear a flag", s.ro)
	}
	return s.b.st.ClearFlag(s.id, creator, rule, reason, s.actor, s.now())
}

// ClearFlag clears a seller's affiliate's open flags with a reason, audited
// under the agent.
func (a *Agent) ClearFlag(seller, creator string, rule program.FlagRule, reason string) ([]program.FlagState, error) {
	if a.writeErr != nil {
		return nil, a.writeErr
	}
	return a.b.st.ClearFlag(seller, creator, rule, reason, a.actor, a.now())
}

// ImportPerf writes a parsed performance import, all or nothing.
func (a *Admin) ImportPerf(rows []importfile.PerfRow) (store.PerfStats, error) {
	if a.ro != nil {
		return store.PerfStats{}, refuse("import performance", a.ro)
	}
	return a.b.st.ImportPerf(rows, a.now())
}
