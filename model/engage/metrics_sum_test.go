package engage

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"outreach/model"
	"outreach/model/program"
)

// GroupSum gives what Summarize gives for the rows NewAffiliateMetrics
// builds from the same facts, code uses added per segment, on random
// programs: never-evaluated affiliates (whose move does not count), posts
// without orders, negative figures from corrections, empty programs.
func TestGroupSumMatchesSummarize(t *testing.T) {
	today := program.DayFromDate(2026, 11, 20)
	for _, c := range []struct {
		seed uint64
		n    int
	}{{1, 0}, {2, 1}, {3, 7}, {4, 100}, {5, 2_000}} {
		t.Run(fmt.Sprintf("seed%d-%d", c.seed, c.n), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(c.seed, 11))
			var (
				sum  GroupSum
				rows []AffiliateMetrics
				code = map[program.Segment]int64{}
				all  int64
			)
			for range c.n {
				var tot program.PerfTotals
				tot.GMV = model.Cents(rng.IntN(100_000) - 5_000)
				tot.Orders = int64(rng.IntN(4)) * int64(rng.IntN(2))
				tot.Clicks = int64(rng.IntN(50))
				tot.Videos = int64(rng.IntN(2)) * int64(rng.IntN(2))
				tot.Lives = int64(rng.IntN(2)) * int64(rng.IntN(2))
				tot.Commission = model.Cents(rng.IntN(5_000))
				tot.CodeOrders = int64(rng.IntN(3))
				seg := program.Segment(rng.IntN(int(program.NumSegments)))
				move := program.Move(rng.IntN(3) - 1)
				f := AffiliateFacts{CreatorID: "c", Period: tot}
				if seg != program.SegNone {
					f.Segment = &program.SegmentResult{Segment: seg, Move: move}
				}
				rows = append(rows, NewAffiliateMetrics(&f, today))
				sum.Add(seg, move, &tot.PerfSums)
				code[seg] += tot.CodeOrders
				all += tot.CodeOrders
			}
			wp, ws := Summarize(rows)
			wp.CodeUses = all
			for i := range ws {
				ws[i].CodeUses = code[ws[i].Segment]
			}
			gp, gs := sum.Result()
			if !reflect.DeepEqual(gp, wp) || !reflect.DeepEqual(gs, ws) {
				t.Fatalf("stream %+v\n       %+v\ntable  %+v\n       %+v", gp, gs, wp, ws)
			}
			if c.n >= 100 && (gp.Active == 0 || gp.Active == gp.Affiliates || gp.MovesUp == 0 || gp.MovesDown == 0) {
				t.Fatalf("the random program is degenerate: %+v", gp)
			}
		})
	}
}
