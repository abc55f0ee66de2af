package cli

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

	"github.com/spf13/cobra"
)

// The affiliate program, part 2: reactivation offers.

func (a *App) offerCmds() []*cobra.Command {
	return []*cobra.Command{
		group("boost", "Commission boosts with dates, announced to the affiliates they cover", a.boostAdd(), a.boostList()),
		group("code", "Exclusive codes, one per affiliate, unique per seller", a.codeAdd(), a.codeList()),
		group("contest", "Contests: first to a threshold, or a draw with a recorded seed", a.contestAdd(), a.contestList(), a.contestBoard(), a.contestDraw()),
		group("survey", "The why-inactive survey and its answers", a.surveySend(), a.surveyResults()),
		group("kit", "Snippets and links per segment that messages can attach", a.kitAdd(), a.kitList()),
		a.offersCmd(),
	}
}

func (a *App) boostAdd() *cobra.Command {
	var rate float64
	var from, to, seg, creators string
	c := a.leaf(spec{use: "add SELLER", short: "Boost the commission of a segment or chosen affiliates from a day to a day (at most 80%)",
		example: "  outreach boost add s1 --rate 25 --from 2026-12-01 --to 2026-12-14 --segment inactive",
		args:    exactArgs(1), write: true, required: []string{"rate", "from", "to"}, probe: asSeller,
		run: func(c *call) error {
			sg, err := segmentFlag(seg)
			if err != nil {
				return err
			}
			if err := day("from", from); err != nil {
				return err
			}
			if err := day("to", to); err != nil {
				return err
			}
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			b, err := s.AddBoost(store.BoostSpec{Rate: rate, From: from, To: to, Segment: sg, Creators: splitList(creators, ",")})
			if err != nil {
				return err
			}
			return a.emit(b, func(w io.Writer) {
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

func (a *App) boostList() *cobra.Command {
	return a.leaf(spec{use: "list SELLER", short: "The seller's boosts", example: "  outreach boost list s1 --json",
		args: exactArgs(1), probe: asSellerView,
		run: func(c *call) error {
			v, err := c.p.SellerView(c.args[0])
			if err != nil {
				return err
			}
			bs, err := v.Boosts()
			if err != nil {
				return err
			}
			return emitEach(a, bs, func(w io.Writer, b store.BoostInfo) {
				state := "scheduled"
				switch {
				case b.Ended:
					state = "ended"
				case b.Active:
					state = "active"
				}
				fmt.Fprintf(w, "boost %d  %s  %s .. %s  %s  %d affiliates\n", b.ID, engage.FormatPercent(b.Rate), b.Start.Format(time.RFC3339), b.End.Format(time.RFC3339), state, len(b.Reached))
			})
		}})
}

func (a *App) codeAdd() *cobra.Command {
	var discount, uses int
	var until, code string
	c := a.leaf(spec{use: "add SELLER CREATOR", short: "Give an affiliate an exclusive code (unique for the seller)",
		example: "  outreach code add s1 c7 --discount 15 --until 2026-12-31 --uses 100",
		args:    exactArgs(2), write: true, required: []string{"discount", "until"}, probe: asSeller,
		run: func(c *call) error {
			if err := day("until", until); err != nil {
				return err
			}
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			k, err := s.AddCode(store.CodeSpec{Creator: c.args[1], Code: code, Discount: discount, Until: until, Uses: uses})
			if err != nil {
				return err
			}
			return a.emit(k, func(w io.Writer) {
				fmt.Fprintf(w, "code %s for %s: %d%% off until %s\n", safe(k.Code), safe(k.Creator), k.Discount, k.Until.Format(time.RFC3339))
			})
		}})
	f := c.Flags()
	f.IntVar(&discount, "discount", 0, "percent off, 1 to 90 (required)")
	f.StringVar(&until, "until", "", "last day it is valid, YYYY-MM-DD (required)")
	f.IntVar(&uses, "uses", 0, "how many times it can be used (default unlimited)")
	f.StringVar(&code, "code", "", "the code (default: seller, handle and discount, e.g. ACME-LENA15)")
	return c
}

func (a *App) codeList() *cobra.Command {
	return a.leaf(spec{use: "list SELLER", short: "The seller's exclusive codes", example: "  outreach code list s1",
		args: exactArgs(1), probe: asSellerView,
		run: func(c *call) error {
			v, err := c.p.SellerView(c.args[0])
			if err != nil {
				return err
			}
			ks, err := v.Codes()
			if err != nil {
				return err
			}
			return emitEach(a, ks, func(w io.Writer, k store.CodeInfo) {
				fmt.Fprintf(w, "%-20s %-14s %3d%%  until %s  valid %s\n", safe(k.Code.Code), safe(k.Creator), k.Discount, k.Until.Format(time.RFC3339), yesNo(k.Valid))
			})
		}})
}

func (a *App) contestAdd() *cobra.Command {
	var metric, threshold, from, to, prize string
	var draw bool
	var seed uint64
	c := a.leaf(spec{use: "add SELLER NAME", short: "A contest: first to the threshold wins, or a draw among all who reach it",
		example: "  outreach contest add s1 december --metric gmv --threshold 500 --from 2026-12-01 --to 2026-12-31 --prize 'A 200 USD fee' --draw",
		args:    exactArgs(2), write: true, required: []string{"metric", "from", "to", "prize"}, probe: asSeller,
		run: func(c *call) error {
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
					return usage("--threshold %q: want a number of orders", model.Clip(safe(threshold), 20))
				}
				th = v
			}
			if err := day("from", from); err != nil {
				return err
			}
			if err := day("to", to); err != nil {
				return err
			}
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			ct, err := s.AddContest(store.ContestSpec{Name: c.args[1], Metric: m, Threshold: th, From: from, To: to, Prize: prize, Draw: draw, Seed: seed})
			if err != nil {
				return err
			}
			return a.emit(ct, func(w io.Writer) {
				how := "first to the threshold wins"
				if ct.Draw {
					how = "a draw among all who reach it"
				}
				fmt.Fprintf(w, "contest %s: %s, %s to %s, seed %d\n", safe(ct.Name), how, ct.Start.Format(time.RFC3339), ct.End.Format(time.RFC3339), ct.Seed)
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

func (a *App) printContest(ct store.ContestInfo) error {
	return a.emit(ct, func(w io.Writer) {
		fmt.Fprintf(w, "%s  %s >= %d  %s  seed %d\n", safe(ct.Name), ct.Metric, ct.Threshold, safe(ct.Prize), ct.Seed)
		for _, r := range ct.Leaderboard {
			mark := ""
			if r.Qualified {
				mark = " *"
			}
			fmt.Fprintf(w, "  %3d  %-14s %d%s\n", r.Rank, safe(r.Creator), r.Total, mark)
		}
		if ct.Result != nil {
			if ct.Result.Winner == "" {
				fmt.Fprintln(w, "  nobody reached the threshold")
			} else {
				fmt.Fprintf(w, "  winner %s (drawn %s)\n", safe(ct.Result.Winner), yesNo(ct.Result.Drawn))
			}
		}
	})
}

func (a *App) contestList() *cobra.Command {
	return a.leaf(spec{use: "list SELLER", short: "The seller's contests with their leaderboards", example: "  outreach contest list s1",
		args: exactArgs(1), probe: asSellerView,
		run: func(c *call) error {
			v, err := c.p.SellerView(c.args[0])
			if err != nil {
				return err
			}
			cs, err := v.Contests()
			if err != nil {
				return err
			}
			for _, ct := range cs {
				if err := a.printContest(ct); err != nil {
					return err
				}
			}
			return nil
		}})
}

func (a *App) contestBoard() *cobra.Command {
	return a.leaf(spec{use: "leaderboard SELLER NAME", short: "A contest's live leaderboard (flagged affiliates left out)",
		example: "  outreach contest leaderboard s1 december --json", args: exactArgs(2), probe: asSellerView,
		run: func(c *call) error {
			v, err := c.p.SellerView(c.args[0])
			if err != nil {
				return err
			}
			ct, err := v.Leaderboard(c.args[1])
			if err != nil {
				return err
			}
			return a.printContest(ct)
		}})
}

func (a *App) contestDraw() *cobra.Command {
	return a.leaf(spec{use: "draw SELLER NAME", short: "Decide an ended contest with its recorded seed (repeatable by anyone)",
		example: "  outreach contest draw s1 december", args: exactArgs(2), write: true, probe: asSeller,
		run: func(c *call) error {
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			ct, err := s.DrawContest(c.args[1])
			if err != nil {
				return err
			}
			return a.printContest(ct)
		}})
}

func (a *App) surveySend() *cobra.Command {
	var seg, creators string
	c := a.leaf(spec{use: "send SELLER", short: "Ask a segment or chosen affiliates why they went quiet (numbered answers)",
		example: "  outreach survey send s1 --segment inactive", args: exactArgs(1), write: true, probe: asSeller,
		run: func(c *call) error {
			sg, err := segmentFlag(seg)
			if err != nil {
				return err
			}
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			r, err := s.SendSurvey(store.SurveySpec{Segment: sg, Creators: splitList(creators, ",")})
			if err != nil {
				return err
			}
			return a.emit(r, func(w io.Writer) {
				fmt.Fprintf(w, "survey %d: %d sent, %d refused\n", r.Survey, r.Sent, r.Refused)
			})
		}})
	c.Flags().StringVar(&seg, "segment", "", "the segment to ask")
	c.Flags().StringVar(&creators, "creators", "", "or the affiliates to ask, comma-separated")
	return c
}

func (a *App) surveyResults() *cobra.Command {
	return a.leaf(spec{use: "results SELLER", short: "The count per answer of the seller's surveys",
		example: "  outreach survey results s1 --json", args: exactArgs(1), probe: asSellerView,
		run: func(c *call) error {
			v, err := c.p.SellerView(c.args[0])
			if err != nil {
				return err
			}
			r, err := v.Surveys()
			if err != nil {
				return err
			}
			return a.emit(r, func(w io.Writer) {
				fmt.Fprintf(w, "%d answered of %d asked\n", r.Answered, r.Sent)
				for _, c := range r.Counts {
					fmt.Fprintf(w, "  %d %-44s %d\n", c.Number, c.Label, c.Count)
				}
			})
		}})
}

func (a *App) kitAdd() *cobra.Command {
	var seg, text, link string
	c := a.leaf(spec{use: "add SELLER NAME", short: "Add a snippet and/or a link to the seller's kit for a segment",
		example: "  outreach kit add s1 banner --segment inactive --text 'Our winter banner' --link https://example.com/banner.png",
		args:    exactArgs(2), write: true, probe: asSeller,
		run: func(c *call) error {
			if seg == "all" {
				seg = ""
			}
			sg, err := segmentFlag(seg)
			if err != nil {
				return err
			}
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			k, err := s.AddKitItem(sg, offer.KitItem{Name: c.args[1], Snippet: text, Link: link})
			if err != nil {
				return err
			}
			return a.emit(k, func(w io.Writer) {
				fmt.Fprintf(w, "kit for %s: %d items\n", segLabel(k.Segment), len(k.Items))
			})
		}})
	c.Flags().StringVar(&seg, "segment", "", "the segment (or all)")
	c.Flags().StringVar(&text, "text", "", "a snippet (a caption, a promotion idea)")
	c.Flags().StringVar(&link, "link", "", "an http(s) link (a banner, a product photo)")
	return c
}

func (a *App) kitList() *cobra.Command {
	return a.leaf(spec{use: "list SELLER", short: "The seller's kits", example: "  outreach kit list s1",
		args: exactArgs(1), probe: asSellerView,
		run: func(c *call) error {
			v, err := c.p.SellerView(c.args[0])
			if err != nil {
				return err
			}
			ks, err := v.Kits()
			if err != nil {
				return err
			}
			return emitEach(a, ks, func(w io.Writer, k offer.Kit) {
				fmt.Fprintf(w, "%s:\n", segLabel(k.Segment))
				for _, it := range k.Items {
					fmt.Fprintf(w, "  %s\n", model.SafeText(it.Attachment()))
				}
			})
		}})
}

func (a *App) offersCmd() *cobra.Command {
	return a.leaf(spec{use: "offers CREATOR", short: "A creator's boosts, codes, contests and surveys from every seller",
		example: "  outreach offers c7 --json", args: exactArgs(1), probe: asCreatorView,
		run: func(c *call) error {
			v, err := c.p.CreatorView(c.args[0])
			if err != nil {
				return err
			}
			o, err := v.Offers()
			if err != nil {
				return err
			}
			return a.emit(o, func(w io.Writer) {
				for _, b := range o.Boosts {
					fmt.Fprintf(w, "boost    %-12s %s until %s\n", safe(b.Seller), engage.FormatPercent(b.Rate), b.End.Format(time.RFC3339))
				}
				for _, k := range o.Codes {
					fmt.Fprintf(w, "code     %-12s %s %d%% until %s\n", safe(k.Seller), safe(k.Code), k.Discount, k.Until.Format(time.RFC3339))
				}
				for _, ct := range o.Contests {
					fmt.Fprintf(w, "contest  %-12s %s rank %d of %d\n", safe(ct.Seller), safe(ct.Name), ct.Rank, ct.Of)
				}
				for _, s := range o.Surveys {
					fmt.Fprintf(w, "survey   %-12s answered %s\n", safe(s.Seller), yesNo(s.Answered))
				}
			})
		}})
}

func asCreatorView(p *backend.Principal) error {
	_, err := p.CreatorView(p.Identity().Account)
	return err
}
