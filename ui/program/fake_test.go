package program

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/store"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// fakeSource is a deterministic program of n affiliates as of the test
// clock's day, segmented by the model's own rules.
type fakeSource struct {
	mu    sync.Mutex
	today mprogram.Day
	rows  []engage.AffiliateMetrics // over 28 days
	run   *mprogram.SegmentRun
	hist  map[string][]Step
	flags map[string][]mprogram.FlagState
	days  []int // the periods asked for
	err   error
}

var (
	fakeFirst = []string{"ava", "ben", "cara", "dan", "eve", "finn", "gia", "hal", "ivy", "jon", "kim", "leo", "mara", "nico", "olga", "pia"}
	fakeLast  = []string{"stone", "ortiz", "lee", "park", "marsh", "kahale", "romano", "brooks", "chen", "silva", "ngo", "grant"}
)

// newFakeSource builds n affiliates with every lifecycle: ramping, steady,
// fading, lapsed, never activated and new; a few are flagged.
func newFakeSource(n int) *fakeSource {
	today := mprogram.DayOf(uitest.T0, time.UTC)
	f := &fakeSource{today: today, hist: map[string][]Step{}, flags: map[string][]mprogram.FlagState{}}
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	ins := make([]mprogram.SegmentInput, n)
	prevIns := make([]mprogram.SegmentInput, n)
	trends := make([][]model.Cents, n)
	joined := make([]mprogram.Day, n)
	for i := range n {
		id := fmt.Sprintf("c%06d", i)
		trend := make([]model.Cents, engage.TrendWeeks)
		base := model.Cents(next()%40_000 + 1_000)
		life := i % 6
		if i%97 == 0 {
			base *= 40 // a few stars
		}
		for w := range trend {
			var v model.Cents
			switch life {
			case 0: // ramping
				v = base * model.Cents(w) / 10
			case 1: // steady
				v = base
			case 2: // fading
				v = base * model.Cents(max(25-w*2, 0)) / 10
			case 3: // lapsed: sold long ago
				if w < 8 {
					v = base
				}
			}
			if v > 0 && next()%5 == 0 {
				v = v * model.Cents(next()%150) / 100
			}
			trend[w] = v
		}
		joined[i] = today - mprogram.Day(200+next()%100)
		if life == 5 {
			joined[i] = today - mprogram.Day(next()%25) // new
		}
		trends[i] = trend
		var g90, gPrev model.Cents
		for w := 13; w < 26; w++ {
			g90 += trend[w]
		}
		for w := 9; w < 22; w++ {
			gPrev += trend[w]
		}
		var lastSale mprogram.Day
		for w := 25; w >= 0; w-- {
			if trend[w] > 0 {
				lastSale = today.WeekStart() - mprogram.Day(7*(25-w)) + 2
				break
			}
		}
		orders := int64(g90 / 4_000)
		if g90 > 0 {
			orders = max(orders, 1)
		}
		po := int64(gPrev / 4_000)
		if gPrev > 0 {
			po = max(po, 1)
		}
		active := lastSale
		if life == 4 {
			active = today - mprogram.Day(next()%120) // clicks, never a sale
		}
		ins[i] = mprogram.SegmentInput{CreatorID: id, JoinedDay: joined[i], GMV: g90, Orders: orders, LastSale: lastSale, LastActive: active}
		prevIns[i] = mprogram.SegmentInput{CreatorID: id, JoinedDay: joined[i] - 30, GMV: gPrev, Orders: po, LastSale: lastSale, LastActive: active}
	}
	pol := mprogram.DefaultPolicy().Segments
	prev := pol.Evaluate(today-30, prevIns)
	for i := range ins {
		ins[i].Previous = prev.Results[i].Segment
	}
	run := pol.Evaluate(today, ins)
	f.run = &run
	f.rows = make([]engage.AffiliateMetrics, n)
	for i := range n {
		r := &run.Results[i]
		t := trends[i]
		gmv := t[22] + t[23] + t[24] + t[25]
		orders := int64(gmv / 4_000)
		if gmv > 0 {
			orders = max(orders, 1)
		}
		clicks := orders*int64(next()%40+5) + int64(next()%30)
		refunded := int64(0)
		if orders > 0 {
			refunded = int64(next() % uint64(orders/8+1))
		}
		var videos, lives int64
		if gmv > 0 || i%4 == 0 {
			videos, lives = int64(next()%6), int64(next()%2)
		}
		var flags []mprogram.FlagRule
		if i%37 == 5 {
			flags = append(flags, mprogram.FlagRefundRate)
			refunded = orders/2 + 5
			orders += 10
		}
		if i%53 == 7 {
			flags = append(flags, mprogram.FlagOrderSpike)
		}
		facts := engage.AffiliateFacts{
			CreatorID: r.CreatorID, Handle: fmt.Sprintf("%s.%s%d", fakeFirst[next()%uint64(len(fakeFirst))], fakeLast[next()%uint64(len(fakeLast))], i),
			JoinedDay: joined[i], LastSale: ins[i].LastSale, LastActive: ins[i].LastActive, Segment: r, Trend: t, Flags: flags,
			Period: mprogram.PerfTotals{PerfSums: mprogram.PerfSums{GMV: gmv, Orders: orders, Items: orders + orders/3, Clicks: clicks,
				RefundedOrders: min(refunded, orders), Commission: gmv / 10, Videos: videos, Lives: lives}},
		}
		if r.Move != mprogram.MoveNone {
			facts.MoveMonth = today.Month()
		}
		if i%11 == 1 {
			g := mprogram.Goal{SellerID: "s1", CreatorID: r.CreatorID, Metric: mprogram.GoalGMV, Target: 500_00, Month: today.Month()}
			month := mprogram.PerfSums{GMV: t[24] + t[25]}
			gp := g.Progress(&month)
			facts.Goal = &gp
		}
		f.rows[i] = engage.NewAffiliateMetrics(&facts, today)
		f.hist[r.CreatorID] = []Step{
			{AsOf: today - 30, Monthly: true, SegmentResult: prev.Results[i]},
			{AsOf: today, SegmentResult: *r},
		}
		for _, rule := range flags {
			f.flags[r.CreatorID] = append(f.flags[r.CreatorID], mprogram.FlagState{Flag: mprogram.Flag{Rule: rule, Day: today - 3,
				Message: fmt.Sprintf("%s on %s: the figures that broke the rule", rule, today-3)}, Raised: uitest.T0})
		}
		if i%37 == 5 {
			f.flags[r.CreatorID] = append(f.flags[r.CreatorID], mprogram.FlagState{Flag: mprogram.Flag{Rule: mprogram.FlagConversion, Day: today - 40,
				Message: "conversion 60% (30 orders from 50 clicks)"}, Cleared: true, ClearedAt: uitest.T0.Add(-72 * time.Hour), ClearedBy: "s1", Reason: "a giveaway"})
		}
	}
	return f
}

func (f *fakeSource) Table(days int) (Table, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.days = append(f.days, days)
	if f.err != nil {
		return Table{}, f.err
	}
	rows := make([]engage.AffiliateMetrics, len(f.rows))
	copy(rows, f.rows)
	if days != 28 { // a different period: the figures scale
		for i := range rows {
			r := &rows[i]
			r.GMV = r.GMV * model.Cents(days) / 28
			r.Orders = r.Orders * int64(days) / 28
			r.Clicks = r.Clicks * int64(days) / 28
		}
	}
	return Table{Today: f.today, Period: mprogram.LastDays(days, f.today), Rows: rows}, nil
}

func (f *fakeSource) Evaluation() (*mprogram.SegmentRun, error) { return f.run, nil }

func (f *fakeSource) History(id string) ([]Step, error) { return f.hist[id], nil }

func (f *fakeSource) Flags(id string) ([]mprogram.FlagState, error) { return f.flags[id], nil }

func (f *fakeSource) periods() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int(nil), f.days...)
}

// fakeHost records the conversations and profiles asked for.
type fakeHost struct{ chats, profiles []string }

func (h *fakeHost) OpenChat(id string) tea.Cmd {
	h.chats = append(h.chats, id)
	return shell.StatusCmd("chat with "+id, false)
}

func (h *fakeHost) OpenCreator(id string) tea.Cmd {
	h.profiles = append(h.profiles, id)
	return nil
}

// testApp is the frame around the Program pane alone.
type testApp struct{}

func (testApp) Init() tea.Cmd                  { return nil }
func (testApp) Update(tea.Msg) tea.Cmd         { return nil }
func (testApp) Changes([]store.Change) tea.Cmd { return nil }
func (testApp) Header() string                 { return "Acme Beauty" }
func (testApp) Summary() string                { return "" }

// newRoot is the Program pane over src in a frame of its own, ASCII.
func newRoot(tb testing.TB, src Source, host Host) (*shell.Root, *Pane) {
	tb.Helper()
	s, err := shell.NewSession(context.Background(), shell.Options{Renderer: uitest.ASCIIRenderer()})
	if err != nil {
		tb.Fatal(err)
	}
	keys := DefaultKeyMap()
	p := New(s, src, host, &keys)
	r := shell.NewRoot(s, testApp{}, shell.Frame{Name: "s1", Tabs: []string{"Program"}, Panes: []shell.Pane{p}}, nil)
	return r, p
}
