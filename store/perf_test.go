package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/store/engine"
	"outreach/store/importfile"
)

func day(tb testing.TB, s string) mprogram.Day {
	tb.Helper()
	d, err := mprogram.ParseDay(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func row(tb testing.TB, line int, seller, creator, d string, gmv model.Cents, orders int64) importfile.PerfRow {
	return importfile.PerfRow{Line: line, PerfDay: mprogram.PerfDay{SellerID: seller, CreatorID: creator, Day: day(tb, d),
		GMV: gmv, Orders: orders, Items: orders, Clicks: orders * 5}}
}

// weeksOf reads an affiliate's stored rollups and days.
func weeksOf(tb testing.TB, s *Store, seller, creator string) *affBlocks {
	tb.Helper()
	var ab *affBlocks
	err := s.view(func(tx engine.Tx) error {
		var err error
		ab, err = loadAffBlocks(tx, seller, creator)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ab
}

func TestImportPerfRollupsAndReplace(t *testing.T) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 3)
	rows := []importfile.PerfRow{
		row(t, 2, "s1", "c0", "2026-11-01", 10_00, 1), // Sunday
		row(t, 3, "s1", "c0", "2026-11-03", 20_00, 2),
		row(t, 4, "s1", "c0", "2026-11-09", 5_00, 1), // next week
		row(t, 5, "s1", "c1", "2026-11-02", 7_00, 1),
	}
	st, err := s.ImportPerf(rows, t0)
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 4 || st.Affiliates != 2 || st.NewAffiliates != 2 {
		t.Fatalf("stats %+v", st)
	}
	ab := weeksOf(t, s, "s1", "c0")
	tot := ab.totals(mprogram.Window{From: day(t, "2026-11-01"), To: day(t, "2026-11-14")})
	if tot.GMV != 35_00 || tot.Orders != 4 || tot.SaleDays != 3 || tot.LastSale != day(t, "2026-11-09") {
		t.Fatalf("totals %+v", tot)
	}
	// Re-importing a day replaces it; the rollup follows.
	if st, err = s.ImportPerf([]importfile.PerfRow{row(t, 2, "s1", "c0", "2026-11-03", 1_00, 1)}, t0); err != nil || st.Replaced != 1 {
		t.Fatalf("replace: %+v %v", st, err)
	}
	ab = weeksOf(t, s, "s1", "c0")
	wk := ab.block(blockOf(day(t, "2026-11-01")), false).week(day(t, "2026-11-01"), false)
	if wk.roll.GMV != 11_00 || wk.roll.Orders != 2 || len(wk.days) != 2 {
		t.Fatalf("week after replace: %+v", wk.roll)
	}
	// The same rows again change nothing.
	if st, err = s.ImportPerf([]importfile.PerfRow{row(t, 2, "s1", "c0", "2026-11-03", 1_00, 1)}, t0); err != nil || st.Unchanged != 1 {
		t.Fatalf("again: %+v %v", st, err)
	}
	// The creator's monthly record for levels took the performance.
	c, err := s.Creator("c0")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Perf) != 1 || c.Perf[0].Month != "2026-11" || c.Perf[0].GMV != 16_00 || c.Perf[0].ActiveDays != 3 || c.Perf[0].Products != 1 {
		t.Fatalf("monthly record %+v", c.Perf)
	}
	a, err := s.ProgramAffiliate("s1", "c0")
	if err != nil || a.Via != mprogram.JoinPerformance || a.JoinedDay != day(t, "2026-11-01") {
		t.Fatalf("affiliate %+v %v", a, err)
	}
	// Sales through the creator's content connect them: messages to an
	// affiliate cost no credit.
	if rel, err := s.Relation("s1", "c0"); err != nil || !rel.Connected {
		t.Fatalf("an affiliate who joined through performance is not connected: %+v %v", rel, err)
	}
}

func TestImportPerfBadInputWritesNothing(t *testing.T) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 2)
	good := row(t, 2, "s1", "c0", "2026-11-01", 10_00, 1)
	cases := []struct {
		name      string
		rows      []importfile.PerfRow
		line      int
		col       string
		notFound  bool
		wantInErr string
	}{
		{"unknown seller", []importfile.PerfRow{good, row(t, 3, "nope", "c0", "2026-11-01", 1, 1)}, 3, "seller", false, `unknown seller "nope"`},
		{"unknown creator", []importfile.PerfRow{good, row(t, 4, "s1", "zz", "2026-11-01", 1, 1), row(t, 3, "s1", "zy", "2026-11-02", 1, 1)}, 3, "creator", false, `unknown creator "zy"`},
		{"refunds above orders", []importfile.PerfRow{good, {Line: 7, PerfDay: mprogram.PerfDay{SellerID: "s1", CreatorID: "c1", Day: day(t, "2026-11-01"), Orders: 1, RefundedOrders: 2}}}, 7, "refunded_orders", false, "more than orders"},
		{"negative", []importfile.PerfRow{{Line: 5, PerfDay: mprogram.PerfDay{SellerID: "s1", CreatorID: "c1", Day: day(t, "2026-11-01"), Clicks: -1}}}, 5, "clicks", false, "negative"},
		{"day out of range", []importfile.PerfRow{{Line: 9, PerfDay: mprogram.PerfDay{SellerID: "s1", CreatorID: "c1", Day: mprogram.MaxDay + 1}}}, 9, "day", false, "between"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.ImportPerf(tc.rows, t0)
			var fe *importfile.Error
			if !errors.As(err, &fe) || fe.Line != tc.line || fe.Column != tc.col || !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("err %v (%#v), want line %d column %s", err, fe, tc.line, tc.col)
			}
			if !strings.Contains(err.Error(), tc.wantInErr) {
				t.Fatalf("err %q lacks %q", err, tc.wantInErr)
			}
			if ab := weeksOf(t, s, "s1", "c0"); len(ab.blocks) != 0 {
				t.Fatal("a bad import wrote rows")
			}
			if _, err := s.ProgramAffiliate("s1", "c0"); !errors.Is(err, model.ErrNotFound) {
				t.Fatalf("a bad import made an affiliate: %v", err)
			}
		})
	}
	// perf add of an unknown creator is not found.
	if _, err := s.PutPerf(mprogram.PerfDay{SellerID: "s1", CreatorID: "nobody", Day: day(t, "2026-11-01")}, t0); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("perf add unknown creator: %v", err)
	}
}

func TestJoinOnAcceptAndShowcase(t *testing.T) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 3)
	o, err := s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c0", Now: t0})
	if err != nil || !o.Allowed {
		t.Fatalf("invite %+v %v", o, err)
	}
	if _, err := s.ProgramAffiliate("s1", "c0"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("an invited creator is not an affiliate yet: %v", err)
	}
	t1 := t0.Add(time.Hour)
	if _, err := s.RespondInvite("c0", o.Invite, true, t1); err != nil {
		t.Fatal(err)
	}
	a, err := s.ProgramAffiliate("s1", "c0")
	if err != nil || a.Via != mprogram.JoinInvitation || !a.Joined.Equal(t1) || !a.Has(mprogram.AttrOpen) {
		t.Fatalf("after accept %+v %v", a, err)
	}
	// A later showcase keeps the join; an earlier one moves it back.
	if err := s.ShowcaseAt("c0", "s1", t1.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if a2, _ := s.ProgramAffiliate("s1", "c0"); !a2.Joined.Equal(t1) {
		t.Fatalf("later showcase moved the join: %+v", a2)
	}
	if err := s.ShowcaseAt("c1", "s1", t0); err != nil {
		t.Fatal(err)
	}
	if a, err := s.ProgramAffiliate("s1", "c1"); err != nil || a.Via != mprogram.JoinShowcase {
		t.Fatalf("showcase join %+v %v", a, err)
	}
	// Declining makes no affiliate.
	o, _ = s.Outreach(Request{Kind: model.Invite, Seller: "s1", Creator: "c2", Now: t0})
	if _, err := s.RespondInvite("c2", o.Invite, false, t1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ProgramAffiliate("s1", "c2"); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("declined: %v", err)
	}
}

// seedProgram builds n affiliates of s1 with GMV i dollars a day on the 90 days
// before t0 (affiliate 0 never sells).
func seedProgram(tb testing.TB, s *Store, n int) {
	tb.Helper()
	seed(tb, s, "s1", 50_00, n)
	var rows []importfile.PerfRow
	today := mprogram.DayOf(t0, time.UTC)
	for i := 1; i < n; i++ {
		for d := today - 89; d <= today; d += 10 {
			rows = append(rows, importfile.PerfRow{PerfDay: mprogram.PerfDay{SellerID: "s1", CreatorID: fmt.Sprintf("c%d", i), Day: d,
				GMV: model.Cents(i * 100), Orders: 1, Clicks: 10}})
		}
	}
	if _, err := s.ImportPerf(rows, t0); err != nil {
		tb.Fatal(err)
	}
	if err := s.ShowcaseAt("c0", "s1", t0.AddDate(0, 0, -40)); err != nil {
		tb.Fatal(err)
	}
}

func TestRecomputeSegmentsKeepsEveryEvaluation(t *testing.T) {
	s := openTest(t, Options{})
	seedProgram(t, s, 21) // 20 with sales: Power 2, Growth 4, Casual 14; c0 never activated
	ev, err := s.RecomputeSegments("s1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Count[mprogram.SegPower] != 2 || ev.Count[mprogram.SegGrowth] != 4 || ev.Count[mprogram.SegCasual] != 14 || ev.Count[mprogram.SegInactive] != 1 {
		t.Fatalf("counts %v", ev.Count)
	}
	// Later, c1 (Casual) sells a lot: it moves up at the next evaluation.
	if _, err := s.PutPerf(mprogram.PerfDay{SellerID: "s1", CreatorID: "c1", Day: mprogram.DayOf(t0, time.UTC), GMV: 1_000_000, Orders: 3}, t0); err != nil {
		t.Fatal(err)
	}
	ev2, err := s.RecomputeSegments("s1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if ev2.MovesUp() != 1 || ev2.Up[mprogram.SegPower] != 1 || ev2.MovesDown() != 2 || ev2.Down[mprogram.SegGrowth] != 1 || ev2.Down[mprogram.SegCasual] != 1 { // c20 stays, c19 to Growth, c15 to Casual
		t.Fatalf("moves up %d down %d", ev2.MovesUp(), ev2.MovesDown())
	}
	evs, err := s.SegmentEvaluations("s1", 0)
	if err != nil || len(evs) != 2 || evs[0].Seq != ev2.Seq || evs[0].Count != ev2.Count {
		t.Fatalf("kept evaluations %d %v", len(evs), err)
	}
	h, err := s.SegmentHistory("s1", "c1")
	if err != nil || len(h) != 2 || h[0].Segment != mprogram.SegCasual || h[1].Segment != mprogram.SegPower || h[1].Previous != mprogram.SegCasual {
		t.Fatalf("history %+v %v", h, err)
	}
	pt, err := s.Affiliates("s1", ProgramQuery{Filter: engage.AffiliateFilter{Segment: mprogram.SegInactive}}, t0)
	if err != nil || len(pt.Rows) != 1 || pt.Rows[0].CreatorID != "c0" || pt.Rows[0].Kind != mprogram.KindNeverActivated {
		t.Fatalf("inactive rows %+v %v", pt.Rows, err)
	}
}

func TestSegmentsIfDueOncePerMonth(t *testing.T) {
	s := openTest(t, Options{})
	seedProgram(t, s, 5)
	evs, err := s.SegmentsIfDue(t0)
	if err != nil || len(evs) != 1 || !evs[0].Monthly || evs[0].AsOf != day(t, "2026-11-01") {
		t.Fatalf("first: %+v %v", evs, err)
	}
	if evs, err = s.SegmentsIfDue(t0.Add(24 * time.Hour)); err != nil || len(evs) != 0 {
		t.Fatalf("again in the month: %d %v", len(evs), err)
	}
	if evs, err = s.SegmentsIfDue(t0.AddDate(0, 1, 0)); err != nil || len(evs) != 1 || evs[0].Month != "2026-12" {
		t.Fatalf("next month: %+v %v", evs, err)
	}
}

func TestKPIReadsNothingWrites(t *testing.T) {
	s := openTest(t, Options{})
	seedProgram(t, s, 11)
	if _, err := s.RecomputeSegments("s1", t0); err != nil {
		t.Fatal(err)
	}
	win, prog, segs, err := s.KPI("s1", func(today mprogram.Day) (mprogram.Window, error) { return engage.PeriodLast(90, today) }, t0)
	if err != nil {
		t.Fatal(err)
	}
	// 10 sellers x 9 days x i dollars.
	if win.Days() != 90 || prog.Affiliates != 11 || prog.GMV != 9*55*100 || prog.Orders != 90 || len(segs) != 4 {
		t.Fatalf("kpi %v %+v", win, prog)
	}
	// The same as summing the table.
	pt, err := s.Affiliates("s1", ProgramQuery{Period: win}, t0)
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := engage.Summarize(pt.Rows)
	if p2 != prog {
		t.Fatalf("table %+v != kpi %+v", p2, prog)
	}
}

func TestFlagsRaisedAndCleared(t *testing.T) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 2)
	today := mprogram.DayOf(t0, time.UTC)
	// Refunds: 5 of 10 orders. Self purchase on the same day.
	d := mprogram.PerfDay{SellerID: "s1", CreatorID: "c0", Day: today, GMV: 100_00, Orders: 10, RefundedOrders: 5, SelfPurchaseOrders: 1}
	st, err := s.PutPerf(d, t0)
	if err != nil || st.FlagsRaised != 2 {
		t.Fatalf("raised %+v %v", st, err)
	}
	fl, err := s.Flags("s1", true)
	if err != nil || len(fl) != 1 || len(fl[0].Flags) != 2 || fl[0].Handle != "handle0" {
		t.Fatalf("flags %+v %v", fl, err)
	}
	if _, err := s.ClearFlag("s1", "c0", mprogram.FlagRefundRate, "", "agent:x", t0); !errors.Is(err, model.ErrInvalid) {
		t.Fatalf("clear without reason: %v", err)
	}
	cl, err := s.ClearFlag("s1", "c0", mprogram.FlagRefundRate, "checked with the buyer", "agent:x", t0)
	if err != nil || len(cl) != 1 {
		t.Fatalf("clear %+v %v", cl, err)
	}
	pt, err := s.Affiliates("s1", ProgramQuery{Filter: engage.AffiliateFilter{Flagged: true}}, t0)
	if err != nil || len(pt.Rows) != 1 || !slices.Equal(pt.Rows[0].Flags, []mprogram.FlagRule{mprogram.FlagSelfPurchase}) {
		t.Fatalf("flagged rows %+v %v", pt.Rows, err)
	}
	au, err := s.Audit(1)
	if err != nil || len(au) != 1 || au[0].Action != "flag-clear" || au[0].Reason != "checked with the buyer" {
		t.Fatalf("audit %+v %v", au, err)
	}
	if _, err := s.ClearFlag("s1", "c0", mprogram.FlagRefundRate, "again", "agent:x", t0); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("clear twice: %v", err)
	}
}

// TestJoinAffiliatesConnects: joining by an accepted invitation or a
// showcase, in bulk (the demo, history imports), connects seller and
// creator as the one-at-a-time paths do.
func TestJoinAffiliatesConnects(t *testing.T) {
	s := openTest(t, Options{})
	seed(t, s, "s1", 50_00, 2)
	at := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	if err := s.JoinAffiliates("s1", []Join{{Creator: "c0", Event: mprogram.JoinInvitation, At: at}, {Creator: "c1", Event: mprogram.JoinShowcase, At: at}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"c0", "c1"} {
		if rel, err := s.Relation("s1", c); err != nil || !rel.Connected {
			t.Errorf("%s: %+v %v; want connected", c, rel, err)
		}
	}
}
