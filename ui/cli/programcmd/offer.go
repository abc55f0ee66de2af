package programcmd

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"outreach/backend"
	"outreach/model"
	"outreach/model/engage"
	"outreach/model/offer"
	"outreach/store"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

// The affiliate program, part 2: reactivation offers.

func (k kit) offerCmds() []*cobra.Command {
	return []*cobra.Command{
		clio.Group("boost", "Commission boosts with dates, announced to the affiliates they cover", k.boostAdd(), k.boostList()),
		clio.Group("code", "Exclusive codes, one per affiliate, unique per seller", k.codeAdd(), k.codeList()),
		clio.Group("contest", "Contests: first to a threshold, or a draw with a recorded seed", k.contestAdd(), k.contestList(), k.contestBoard(), k.contestDraw()),
		clio.Group("survey", "The why-inactive survey and its answers", k.surveySend(), k.surveyResults()),
		clio.Group("kit", "Snippets and links per segment that messages can attach", k.kitAdd(), k.kitList()),
		k.offersCmd(),
	}
}

func (k kit) boostAdd() *cobra.Command {
	var rate float64
	var from, to, seg, creators string
	c := k.Leaf(clio.Spec{Use: "add SELLER", Short: "Boost the commission of a segment or chosen affiliates from a day to a day (at most 80%)",
		Example: "  outreach boost add s1 --rate 25 --from 2026-12-01 --to 2026-12-14 --segment inactive",
		Args:    clio.ExactArgs(1), Write: true, Required: []string{"rate", "from", "to"}, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			sg, err := segmentFlag(seg)
			if err != nil {
				return err
			}
			if err := clio.Day("from", from); err != nil {
				return err
			}
			if err := clio.Day("to", to); err != nil {
				return err
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			b, err := s.AddBoost(store.BoostSpec{Rate: rate, From: from, To: to, Segment: sg, Creators: clio.SplitList(creators, ",")})
			if err != nil {
				return err
			}
			return k.Emit(b, func(w io.Writer) {
				fmt.Fprintf(w, "boost %d: %s from %s to %s for %d affiliates (%d flagged left out); %d announced\n", b.ID, engage.FormatPercent(b.Rate),
					b.Start.Format(time.RFC3339), b.End.Format(time.RFC3339), len(b.Reached), len(b.LeftOut), b.Announced)
			})
		}})
	f := c.Flags()
	f.Float64Var(&rate, "rate", 0, "the boosted commission, percent, above 0 and at most 80 (required)")
	f.StringVar(&from, "from", "", "first day, YYYY-MM-DD in the seller's zone (required)")
	f.StringVar(&to, "to", "", "last day, YYYY-MM-DD (required)")
	f.StringVar(&seg, "segment", "", "the segment it is for")
	f.StringVar(&creators, "creators", "", "or the affiliates it is for, comma-separated")
	return c
}

func (k kit) boostList() *cobra.Command {
	return sellerList(k, "The seller's boosts", "  outreach boost list s1 --json", (*backend.SellerView).Boosts,
		func(w io.Writer, b store.BoostInfo) {
			state := "scheduled"
			switch {
			case b.Ended:
				state = "ended"
			case b.Active:
				state = "active"
			}
			fmt.Fprintf(w, "boost %d  %s  %s .. %s  %s  %d affiliates\n", b.ID, engage.FormatPercent(b.Rate), b.Start.Format(time.RFC3339), b.End.Format(time.RFC3339), state, len(b.Reached))
		})
}

// sellerList is a "list SELLER" leaf for a seller view's items: what
// fetch reads, one line (or one JSON object) each.
func sellerList[T any](k kit, short, example string, fetch func(*backend.SellerView) ([]T, error), line func(io.Writer, T)) *cobra.Command {
	return k.Leaf(clio.Spec{Use: "list SELLER", Short: short, Example: example,
		Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			items, err := fetch(v)
			if err != nil {
				return err
			}
			return clio.EmitEach(k.Kit, items, line)
		}})
}

func (k kit) codeAdd() *cobra.Command {
	var discount, uses int
	var until, code string
	c := k.Leaf(clio.Spec{Use: "add SELLER CREATOR", Short: "Give an affiliate an exclusive code (unique for the seller)",
		Example: "  outreach code add s1 c7 --discount 15 --until 2026-12-31 --uses 100",
		Args:    clio.ExactArgs(2), Write: true, Required: []string{"discount", "until"}, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			if err := clio.Day("until", until); err != nil {
				return err
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			cd, err := s.AddCode(store.CodeSpec{Creator: c.Args[1], Code: code, Discount: discount, Until: until, Uses: uses})
			if err != nil {
				return err
			}
			return k.Emit(cd, func(w io.Writer) {
				fmt.Fprintf(w, "code %s for %s: %d%% off until %s\n", clio.Safe(cd.Code), clio.Safe(cd.Creator), cd.Discount, cd.Until.Format(time.RFC3339))
			})
		}})
	f := c.Flags()
	f.IntVar(&discount, "discount", 0, "percent off, 1 to 90 (required)")
	f.StringVar(&until, "until", "", "last day it is valid, YYYY-MM-DD (required)")
	f.IntVar(&uses, "uses", 0, "how many times it can be used (default unlimited)")
	f.StringVar(&code, "code", "", "the code (default: seller, handle and discount, e.g. ACME-LENA15)")
	return c
}

func (k kit) codeList() *cobra.Command {
	return sellerList(k, "The seller's exclusive codes", "  outreach code list s1", (*backend.SellerView).Codes,
		func(w io.Writer, k store.CodeInfo) {
			fmt.Fprintf(w, "%-20s %-14s %3d%%  until %s  valid %s\n", clio.Safe(k.Code.Code), clio.Safe(k.Creator), k.Discount, k.Until.Format(time.RFC3339), clio.YesNo(k.Valid))
		})
}

func (k kit) contestAdd() *cobra.Command {
	var metric, threshold, from, to, prize string
	var draw bool
	var seed uint64
	c := k.Leaf(clio.Spec{Use: "add SELLER NAME", Short: "A contest: first to the threshold wins, or a draw among all who reach it",
		Example: "  outreach contest add s1 december --metric gmv --threshold 500 --from 2026-12-01 --to 2026-12-31 --prize 'A 200 USD fee' --draw",
		Args:    clio.ExactArgs(2), Write: true, Required: []string{"metric", "from", "to", "prize"}, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			m := offer.ContestMetric(metric)
			var th int64
			switch {
			case threshold == "":
			case m == offer.ContestGMV:
				v, err := model.ParseUSD(threshold)
				if err != nil {
					return fmt.Errorf("--threshold: %w", err)
				}
				th = int64(v)
			default:
				v, err := strconv.ParseInt(threshold, 10, 64)
				if err != nil {
					return clio.Usage("--threshold %q: want a number of orders", model.Clip(clio.Safe(threshold), 20))
				}
				th = v
			}
			if err := clio.Day("from", from); err != nil {
				return err
			}
			if err := clio.Day("to", to); err != nil {
				return err
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			ct, err := s.AddContest(store.ContestSpec{Name: c.Args[1], Metric: m, Threshold: th, From: from, To: to, Prize: prize, Draw: draw, Seed: seed})
			if err != nil {
				return err
			}
			return k.Emit(ct, func(w io.Writer) {
				how := "first to the threshold wins"
				if ct.Draw {
					how = "a draw among all who reach it"
				}
				fmt.Fprintf(w, "contest %s: %s, %s to %s, seed %d\n", clio.Safe(ct.Name), how, ct.Start.Format(time.RFC3339), ct.End.Format(time.RFC3339), ct.Seed)
			})
		}})
	f := c.Flags()
	f.StringVar(&metric, "metric", "", "gmv or orders (required)")
	f.StringVar(&threshold, "threshold", "", "USD for gmv, a count for orders")
	f.StringVar(&from, "from", "", "first day, YYYY-MM-DD (required)")
	f.StringVar(&to, "to", "", "last day, YYYY-MM-DD (required)")
	f.StringVar(&prize, "prize", "", "a product or a fixed fee (required)")
	f.BoolVar(&draw, "draw", false, "draw the winner among all who reach the threshold")
	f.Uint64Var(&seed, "seed", 0, "the draw's seed (default: random, recorded)")
	return c
}

func (k kit) printContest(ct store.ContestInfo) error {
	return k.Emit(ct, func(w io.Writer) {
		fmt.Fprintf(w, "%s  %s >= %d  %s  seed %d\n", clio.Safe(ct.Name), ct.Metric, ct.Threshold, clio.Safe(ct.Prize), ct.Seed)
		for _, r := range ct.Leaderboard {
			mark := ""
			if r.Qualified {
				mark = " *"
			}
			fmt.Fprintf(w, "  %3d  %-14s %d%s\n", r.Rank, clio.Safe(r.Creator), r.Total, mark)
		}
		if ct.Result != nil {
			if ct.Result.Winner == "" {
				fmt.Fprintln(w, "  nobody reached the threshold")
			} else {
				fmt.Fprintf(w, "  winner %s (drawn %s)\n", clio.Safe(ct.Result.Winner), clio.YesNo(ct.Result.Drawn))
			}
		}
	})
}

func (k kit) contestList() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "list SELLER", Short: "The seller's contests with their leaderboards", Example: "  outreach contest list s1",
		Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			cs, err := v.Contests()
			if err != nil {
				return err
			}
			for _, ct := range cs {
				if err := k.printContest(ct); err != nil {
					return err
				}
			}
			return nil
		}})
}

func (k kit) contestBoard() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "leaderboard SELLER NAME", Short: "A contest's live leaderboard (flagged affiliates left out)",
		Example: "  outreach contest leaderboard s1 december --json", Args: clio.ExactArgs(2), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			ct, err := v.Leaderboard(c.Args[1])
			if err != nil {
				return err
			}
			return k.printContest(ct)
		}})
}

func (k kit) contestDraw() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "draw SELLER NAME", Short: "Decide an ended contest with its recorded seed (repeatable by anyone)",
		Example: "  outreach contest draw s1 december", Args: clio.ExactArgs(2), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			ct, err := s.DrawContest(c.Args[1])
			if err != nil {
				return err
			}
			return k.printContest(ct)
		}})
}

func (k kit) surveySend() *cobra.Command {
	var seg, creators string
	c := k.Leaf(clio.Spec{Use: "send SELLER", Short: "Ask a segment or chosen affiliates why they went quiet (numbered answers)",
		Example: "  outreach survey send s1 --segment inactive", Args: clio.ExactArgs(1), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			sg, err := segmentFlag(seg)
			if err != nil {
				return err
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			r, err := s.SendSurvey(store.SurveySpec{Segment: sg, Creators: clio.SplitList(creators, ",")})
			if err != nil {
				return err
			}
			return k.Emit(r, func(w io.Writer) {
				fmt.Fprintf(w, "survey %d: %d sent, %d refused\n", r.Survey, r.Sent, r.Refused)
			})
		}})
	c.Flags().StringVar(&seg, "segment", "", "the segment to ask")
	c.Flags().StringVar(&creators, "creators", "", "or the affiliates to ask, comma-separated")
	return c
}

func (k kit) surveyResults() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "results SELLER", Short: "The count per answer of the seller's surveys",
		Example: "  outreach survey results s1 --json", Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			r, err := v.Surveys()
			if err != nil {
				return err
			}
			return k.Emit(r, func(w io.Writer) {
				fmt.Fprintf(w, "%d answered of %d asked\n", r.Answered, r.Sent)
				for _, c := range r.Counts {
					fmt.Fprintf(w, "  %d %-44s %d\n", c.Number, c.Label, c.Count)
				}
			})
		}})
}

func (k kit) kitAdd() *cobra.Command {
	var seg, text, link string
	c := k.Leaf(clio.Spec{Use: "add SELLER NAME", Short: "Add a snippet and/or a link to the seller's kit for a segment",
		Example: "  outreach kit add s1 banner --segment inactive --text 'Our winter banner' --link https://example.com/banner.png",
		Args:    clio.ExactArgs(2), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			if seg == "all" {
				seg = ""
			}
			sg, err := segmentFlag(seg)
			if err != nil {
				return err
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			kt, err := s.AddKitItem(sg, offer.KitItem{Name: c.Args[1], Snippet: text, Link: link})
			if err != nil {
				return err
			}
			return k.Emit(kt, func(w io.Writer) {
				fmt.Fprintf(w, "kit for %s: %d items\n", segLabel(kt.Segment), len(kt.Items))
			})
		}})
	c.Flags().StringVar(&seg, "segment", "", "the segment (or all)")
	c.Flags().StringVar(&text, "text", "", "a snippet (a caption, a promotion idea)")
	c.Flags().StringVar(&link, "link", "", "an http(s) link (a banner, a product photo)")
	return c
}

func (k kit) kitList() *cobra.Command {
	return sellerList(k, "The seller's kits", "  outreach kit list s1", (*backend.SellerView).Kits,
		func(w io.Writer, k offer.Kit) {
			fmt.Fprintf(w, "%s:\n", segLabel(k.Segment))
			for _, it := range k.Items {
				fmt.Fprintf(w, "  %s\n", model.SafeText(it.Attachment()))
			}
		})
}

func (k kit) offersCmd() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "offers CREATOR", Short: "A creator's boosts, codes, contests and surveys from every seller",
		Example: "  outreach offers c7 --json", Args: clio.ExactArgs(1), Probe: clio.AsCreatorView,
		Run: func(c *clio.Call) error {
			v, err := c.P.CreatorView(c.Args[0])
			if err != nil {
				return err
			}
			o, err := v.Offers()
			if err != nil {
				return err
			}
			return k.Emit(o, func(w io.Writer) {
				for _, b := range o.Boosts {
					fmt.Fprintf(w, "boost    %-12s %s until %s\n", clio.Safe(b.Seller), engage.FormatPercent(b.Rate), b.End.Format(time.RFC3339))
				}
				for _, k := range o.Codes {
					fmt.Fprintf(w, "code     %-12s %s %d%% until %s\n", clio.Safe(k.Seller), clio.Safe(k.Code), k.Discount, k.Until.Format(time.RFC3339))
				}
				for _, ct := range o.Contests {
					fmt.Fprintf(w, "contest  %-12s %s rank %d of %d\n", clio.Safe(ct.Seller), clio.Safe(ct.Name), ct.Rank, ct.Of)
				}
				for _, s := range o.Surveys {
					fmt.Fprintf(w, "survey   %-12s answered %s\n", clio.Safe(s.Seller), clio.YesNo(s.Answered))
				}
			})
		}})
}
