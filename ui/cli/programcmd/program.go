package programcmd

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"outreach/backend"
	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store"
	"outreach/store/importfile"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

// The affiliate program's commands (SPEC "Program screens and commands").

func (k kit) importPerformance() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "performance FILE", Short: "Import affiliate performance from CSV (header row) or JSON Lines, all or nothing",
		Example: "  outreach import performance perf.csv\n  outreach import performance perf.jsonl --json",
		Args:    clio.ExactArgs(1), Write: true, Local: true, Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			file, f, name, err := clio.OpenImport(c.Args[0])
			if err != nil {
				return err
			}
			defer file.Close()
			rows, err := importfile.ParsePerf(file, f, importfile.DefaultPerfLimits)
			if err != nil {
				return fmt.Errorf("import %s: %w", name, err)
			}
			st, err := ad.ImportPerf(rows)
			if err != nil {
				return fmt.Errorf("import %s: %w", name, err)
			}
			return k.Emit(map[string]any{"file": c.Args[0], "rows": st.Rows, "added": st.Added, "replaced": st.Replaced,
				"unchanged": st.Unchanged, "affiliates": st.Affiliates, "new_affiliates": st.NewAffiliates, "flags_raised": st.FlagsRaised},
				func(w io.Writer) {
					fmt.Fprintf(w, "imported %d rows: %d added, %d replaced, %d unchanged; %d affiliates (%d new), %d flags raised\n",
						st.Rows, st.Added, st.Replaced, st.Unchanged, st.Affiliates, st.NewAffiliates, st.FlagsRaised)
				})
		}})
}

func (k kit) perfAdd() *cobra.Command {
	var d, gmv, refundedGMV, commission, code string
	var orders, items, refunded, clicks, videos, lives, self int64
	c := k.Leaf(clio.Spec{Use: "add SELLER CREATOR", Short: "Set one day of an affiliate's performance (replaces the day)",
		Example: "  outreach perf add acme c0000001 --day 2026-11-02 --gmv 149.90 --orders 3 --clicks 40 --videos 1",
		Args:    clio.ExactArgs(2), Write: true, Required: []string{"day"}, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			pd := program.PerfDay{SellerID: c.Args[0], CreatorID: c.Args[1], Orders: orders, Items: items, RefundedOrders: refunded,
				Clicks: clicks, Videos: videos, Lives: lives, SelfPurchaseOrders: self, Code: code}
			if pd.Day, err = program.ParseDay(d); err != nil {
				return fmt.Errorf("--%w", err)
			}
			for _, m := range []struct {
				flag string
				s    string
				to   *model.Cents
			}{{"gmv", gmv, &pd.GMV}, {"refunded-gmv", refundedGMV, &pd.RefundedGMV}, {"commission", commission, &pd.Commission}} {
				if m.s == "" {
					continue
				}
				v, err := model.ParseUSD(m.s)
				if err != nil {
					return fmt.Errorf("--%s: %w", m.flag, err)
				}
				*m.to = v
			}
			if err := pd.Validate(); err != nil {
				// The model names columns; here they are flags.
				msg := strings.TrimSuffix(err.Error(), ": "+model.ErrInvalid.Error())
				return fmt.Errorf("--%s: %w", strings.ReplaceAll(msg, "_", "-"), model.ErrInvalid)
			}
			st, err := s.PutPerf(pd)
			if err != nil {
				return err
			}
			verb := "added"
			switch {
			case st.Replaced > 0:
				verb = "replaced"
			case st.Unchanged > 0:
				verb = "unchanged"
			}
			return k.Emit(map[string]any{"seller": pd.SellerID, "creator": pd.CreatorID, "day": pd.Day, "result": verb,
				"gmv": pd.GMV.Dollars(), "orders": pd.Orders, "new_affiliate": st.NewAffiliates > 0, "flags_raised": st.FlagsRaised},
				func(w io.Writer) {
					fmt.Fprintf(w, "%s %s %s: %s (%s USD, %d orders, %d clicks)", clio.Safe(pd.SellerID), clio.Safe(pd.CreatorID), pd.Day, verb, pd.GMV, pd.Orders, pd.Clicks)
					if st.NewAffiliates > 0 {
						fmt.Fprint(w, "; joined the program")
					}
					if st.FlagsRaised > 0 {
						fmt.Fprintf(w, "; %d flags raised", st.FlagsRaised)
					}
					fmt.Fprintln(w)
				})
		}})
	f := c.Flags()
	f.StringVar(&d, "day", "", "the seller's local day, YYYY-MM-DD (required)")
	f.StringVar(&gmv, "gmv", "", "GMV in USD")
	f.Int64Var(&orders, "orders", 0, "orders")
	f.Int64Var(&items, "items", 0, "items sold")
	f.Int64Var(&refunded, "refunded-orders", 0, "refunded orders")
	f.StringVar(&refundedGMV, "refunded-gmv", "", "refunded amount in USD")
	f.Int64Var(&clicks, "clicks", 0, "product views from the creator's content")
	f.Int64Var(&videos, "videos", 0, "videos posted")
	f.Int64Var(&lives, "lives", 0, "LIVEs held")
	f.StringVar(&commission, "commission", "", "commission earned in USD")
	f.StringVar(&code, "code", "", "the seller's code the orders carried")
	f.Int64Var(&self, "self-purchase-orders", 0, "orders bought by the creator itself")
	return c
}

func (k kit) segmentsRecompute() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "recompute SELLER", Short: "Evaluate a seller's segments now (as of --now); the evaluation is kept",
		Example: "  outreach segments recompute acme\n  outreach segments recompute acme --now 2026-12-01T00:00:00Z --json",
		Args:    clio.ExactArgs(1), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			ev, err := s.RecomputeSegments()
			if err != nil {
				return err
			}
			sum := ev.Summary()
			return k.Emit(map[string]any{"seller": c.Args[0], "seq": ev.Seq, "summary": sum}, func(w io.Writer) {
				fmt.Fprintf(w, "segments of %s as of %s (window %s to %s): %d with sales, %d moved up, %d moved down\n",
					clio.Safe(c.Args[0]), sum.AsOf, sum.From, sum.To, sum.WithSales, sum.MovesUp, sum.MovesDown)
				for _, g := range sum.Segments {
					fmt.Fprintf(w, "  %-9s %7d affiliates  %14.2f USD  %5.1f%%  up %d  down %d\n",
						g.Segment, g.Affiliates, g.GMV, g.GMVShare*100, g.MovedUp, g.MovedDown)
				}
				fmt.Fprintf(w, "  inactive: %d new, %d never activated, %d lapsed; %d dormant\n", sum.New, sum.Never, sum.Lapsed, sum.Dormant)
			})
		}})
}

// periodFlags are --days, --month, --from/--to.
type periodFlags struct {
	days          int
	month         string
	from, to      string
	defaultPeriod int
}

func (p *periodFlags) add(c *cobra.Command) {
	f := c.Flags()
	f.IntVar(&p.days, "days", p.defaultPeriod, "the last 7, 28 or 90 days")
	f.StringVar(&p.month, "month", "", "a calendar month YYYY-MM instead")
	f.StringVar(&p.from, "from", "", "a first day YYYY-MM-DD instead (with --to)")
	f.StringVar(&p.to, "to", "", "the last day YYYY-MM-DD (with --from)")
}

func (p *periodFlags) period(c *cobra.Command) (backend.Period, error) {
	days := c.Flags().Changed("days")
	switch {
	case p.month != "" && (days || p.from != "" || p.to != ""), days && (p.from != "" || p.to != ""):
		return nil, clio.Usage("give one of --days, --month or --from/--to")
	case p.month != "":
		if _, err := program.MonthWindow(p.month); err != nil {
			return nil, fmt.Errorf("--%w", err)
		}
		return backend.Month(p.month), nil
	case p.from != "" || p.to != "":
		if p.from == "" || p.to == "" {
			return nil, clio.Usage("--from and --to go together")
		}
		if _, err := engage.PeriodRange(p.from, p.to); err != nil {
			return nil, fmt.Errorf("--%w", err)
		}
		return backend.FromTo(p.from, p.to), nil
	}
	return backend.LastDays(p.days), nil
}

func (k kit) affiliatesCmd() *cobra.Command {
	var seg, kind, sort, flag string
	var dormant, flagged, asc, csvOut bool
	var limit int
	pf := periodFlags{defaultPeriod: 28}
	c := k.Leaf(clio.Spec{Use: "affiliates SELLER", Short: "A seller's affiliates with their segment, metrics and flags",
		Example: "  outreach affiliates acme --segment power --sort gmv\n  outreach affiliates acme --dormant --json\n  outreach affiliates acme --flagged --csv",
		Args:    clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			if err := clio.LimitFlag(limit); err != nil {
				return err
			}
			if csvOut && k.JSON {
				return clio.Usage("give --json or --csv, not both")
			}
			var q store.ProgramQuery
			var err error
			if seg != "" {
				if q.Filter.Segment, err = program.ParseSegment(seg); err != nil {
					return fmt.Errorf("--%w", err)
				}
			}
			if kind != "" {
				if q.Filter.Kind, err = program.ParseInactiveKind(kind); err != nil {
					return fmt.Errorf("--%w", err)
				}
			}
			if flag != "" {
				if q.Filter.Flag, err = program.ParseFlagRule(flag); err != nil {
					return fmt.Errorf("--%w", err)
				}
			}
			q.Filter.Dormant, q.Filter.Flagged = dormant, flagged
			key, err := engage.ParseMetricKey(sort)
			if err != nil {
				return fmt.Errorf("--%w", err)
			}
			per, err := pf.period(c.Cmd)
			if err != nil {
				return err
			}
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			// The period is the seller's: resolve it against the seller's today.
			win, err := v.Window(per)
			if err != nil {
				return err
			}
			q.Period = win
			t, err := v.Affiliates(q)
			if err != nil {
				return err
			}
			engage.SortAffiliates(t.Rows, key, !asc && key != engage.ByHandle)
			rows := t.Rows
			if limit > 0 && len(rows) > limit {
				rows = rows[:limit]
			}
			switch {
			case csvOut:
				recs := make([][]string, len(rows))
				for i := range rows {
					recs[i] = rows[i].CSV()
				}
				return writeCSV(k.Out, engage.AffiliateCSVHeader, recs)
			case k.JSON:
				for i := range rows {
					if err := clio.WriteJSON(k.Out, rows[i].JSON()); err != nil {
						return err
					}
				}
				return nil
			}
			w := clio.SafeWriter{W: k.Out}
			fmt.Fprintf(w, "%d affiliates of %s, %s to %s\n", len(t.Rows), clio.Safe(c.Args[0]), win.From, win.To)
			fmt.Fprintf(w, "%-10s %-24s %-9s %-16s %12s %7s %7s %7s  %s\n", "creator", "handle", "segment", "kind", "gmv", "orders", "clicks", "refunds", "flags")
			for i := range rows {
				m := &rows[i]
				k := m.Kind.String()
				if m.Dormant {
					k = strings.TrimPrefix(k+",dormant", ",")
				}
				segName := m.Segment.String()
				if m.Move != program.MoveNone {
					segName += map[program.Move]string{program.MoveUp: "↑", program.MoveDown: "↓"}[m.Move]
				}
				fl := make([]string, len(m.Flags))
				for j, f := range m.Flags {
					fl[j] = string(f)
				}
				fmt.Fprintf(w, "%-10s %-24s %-9s %-16s %12s %7d %7d %6.1f%%  %s\n", model.Clip(clio.Safe(m.CreatorID), 10), model.Clip(clio.Safe(m.Handle), 24),
					segName, k, m.GMV, m.Orders, m.Clicks, float64(m.RefundRate)/100, strings.Join(fl, ","))
			}
			return nil
		}})
	f := c.Flags()
	f.StringVar(&seg, "segment", "", "only power, growth, casual or inactive")
	f.StringVar(&kind, "kind", "", "only inactive of this kind: new, never-activated or lapsed")
	f.BoolVar(&dormant, "dormant", false, "only dormant affiliates")
	f.BoolVar(&flagged, "flagged", false, "only affiliates with an open flag")
	f.StringVar(&flag, "flag", "", "only affiliates with this open flag")
	f.StringVar(&sort, "sort", "gmv", "sort by a metric (gmv, orders, items, aov, clicks, conversion, refund_rate, commission, posts, last_sale, days_inactive, segment, handle)")
	f.BoolVar(&asc, "asc", false, "sort lowest first")
	f.BoolVar(&csvOut, "csv", false, "print CSV with a header")
	f.IntVar(&limit, "limit", 0, "at most this many rows (0: all)")
	pf.add(c)
	return c
}

func (k kit) kpiCmd() *cobra.Command {
	var seg string
	var csvOut bool
	pf := periodFlags{defaultPeriod: 28}
	c := k.Leaf(clio.Spec{Use: "kpi SELLER", Short: "A seller's program metrics per segment over a period",
		Example: "  outreach kpi acme --days 90\n  outreach kpi acme --month 2026-10 --json\n  outreach kpi acme --from 2026-09-01 --to 2026-09-30 --csv",
		Args:    clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			if csvOut && k.JSON {
				return clio.Usage("give --json or --csv, not both")
			}
			var only program.Segment
			if seg != "" {
				var err error
				if only, err = program.ParseSegment(seg); err != nil {
					return fmt.Errorf("--%w", err)
				}
			}
			per, err := pf.period(c.Cmd)
			if err != nil {
				return err
			}
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			win, prog, segs, err := v.KPI(per)
			if err != nil {
				return err
			}
			if only != program.SegNone {
				for _, g := range segs {
					if g.Segment == only {
						segs = []engage.GroupMetrics{g}
						break
					}
				}
			}
			switch {
			case csvOut:
				var recs [][]string
				for _, g := range append([]engage.GroupMetrics{prog}, segs...) {
					recs = append(recs, append([]string{win.From.String(), win.To.String()}, g.CSV()...))
				}
				return writeCSV(k.Out, append([]string{"from", "to"}, engage.GroupCSVHeader...), recs)
			case k.JSON:
				return clio.WriteJSON(k.Out, engage.NewKPIJSON(c.Args[0], win, prog, segs))
			}
			w := clio.SafeWriter{W: k.Out}
			fmt.Fprintf(w, "program of %s, %s to %s (%d days)\n", clio.Safe(c.Args[0]), win.From, win.To, win.Days())
			fmt.Fprintf(w, "%-9s %10s %8s %14s %7s %9s %9s %7s %5s %5s\n", "segment", "affiliates", "active", "gmv", "share", "orders", "clicks", "posts", "up", "down")
			for _, g := range append([]engage.GroupMetrics{prog}, segs...) {
				name := g.Segment.String()
				if name == "" {
					name = "program"
				}
				fmt.Fprintf(w, "%-9s %10d %7.1f%% %14s %6.1f%% %9d %9d %7d %5d %5d\n", name, g.Affiliates, float64(g.ActiveShare)/100,
					g.GMV, float64(g.GMVShare)/100, g.Orders, g.Clicks, g.Posts, g.MovesUp, g.MovesDown)
			}
			return nil
		}})
	c.Flags().StringVar(&seg, "segment", "", "only this segment (with the program)")
	c.Flags().BoolVar(&csvOut, "csv", false, "print CSV with a header")
	pf.add(c)
	return c
}

func (k kit) flagsCmds() *cobra.Command {
	var all bool
	list := func(use string) *cobra.Command {
		c := k.Leaf(clio.Spec{Use: use, Short: "A seller's flagged affiliates, with each rule and its figures",
			Example: "  outreach flags acme\n  outreach flags list acme --all --json", Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
			Run: func(c *clio.Call) error {
				v, err := c.P.SellerView(c.Args[0])
				if err != nil {
					return err
				}
				fl, err := v.Flags(!all)
				if err != nil {
					return err
				}
				if k.JSON {
					for _, f := range fl {
						if err := clio.WriteJSON(k.Out, f); err != nil {
							return err
						}
					}
					return nil
				}
				w := clio.SafeWriter{W: k.Out}
				fmt.Fprintf(w, "%d flagged affiliates of %s\n", len(fl), clio.Safe(c.Args[0]))
				for _, f := range fl {
					fmt.Fprintf(w, "%s @%s\n", clio.Safe(f.Creator), clio.Safe(f.Handle))
					for _, s := range f.Flags {
						state := "open"
						if s.Cleared {
							state = "cleared by " + clio.Safe(s.ClearedBy) + ": " + clio.Safe(s.Reason)
						}
						fmt.Fprintf(w, "  %-13s %s (%s)\n", s.Rule, clio.Safe(s.Message), state)
					}
				}
				return nil
			}})
		c.Flags().BoolVar(&all, "all", false, "also cleared flags")
		return c
	}
	root := list("flags SELLER")
	root.AddCommand(list("list SELLER"), k.flagsClear())
	return root
}

func (k kit) flagsClear() *cobra.Command {
	var reason, rule string
	c := k.Leaf(clio.Spec{Use: "clear SELLER CREATOR", Short: "Clear an affiliate's open flags with a reason (audited)",
		Example: "  outreach flags clear acme c0000042 --reason 'refunds were a courier fault, ticket 881'",
		Args:    clio.ExactArgs(2), Write: true, Required: []string{"reason"}, Probe: clio.AsSellerOrAgent,
		Run: func(c *clio.Call) error {
			var r program.FlagRule
			var err error
			if rule != "" {
				if r, err = program.ParseFlagRule(rule); err != nil {
					return fmt.Errorf("--rule: %w", err)
				}
			}
			var cleared []program.FlagState
			if s, serr := c.P.Seller(c.Args[0]); serr == nil {
				cleared, err = s.ClearFlag(c.Args[1], r, reason)
			} else if ag, aerr := c.P.Agent(); aerr == nil {
				cleared, err = ag.ClearFlag(c.Args[0], c.Args[1], r, reason)
			} else {
				return serr
			}
			if err != nil {
				return err
			}
			rules := make([]string, len(cleared))
			for i, f := range cleared {
				rules[i] = string(f.Rule)
			}
			return k.Emit(map[string]any{"seller": c.Args[0], "creator": c.Args[1], "cleared": rules, "reason": reason}, func(w io.Writer) {
				fmt.Fprintf(w, "cleared %s of %s for %s: %s\n", strings.Join(rules, ", "), clio.Safe(c.Args[1]), clio.Safe(c.Args[0]), clio.Safe(reason))
			})
		}})
	c.Flags().StringVar(&reason, "reason", "", "why (required; kept in the audit log)")
	c.Flags().StringVar(&rule, "rule", "", "only this rule's flag (default: every open flag)")
	return c
}

func (k kit) goalSet() *cobra.Command {
	var creator, seg, metric, target, month string
	c := k.Leaf(clio.Spec{Use: "set SELLER", Short: "Set a monthly goal for an affiliate or a segment",
		Example: "  outreach goal set acme --creator c0000042 --metric gmv --target 500 --month 2026-12\n  outreach goal set acme --segment growth --metric posts --target 8 --month 2026-12",
		Args:    clio.ExactArgs(1), Write: true, Required: []string{"metric", "target", "month"}, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			if (creator == "") == (seg == "") {
				return clio.Usage("give --creator or --segment (one of them)")
			}
			g := program.Goal{SellerID: c.Args[0], CreatorID: creator, Month: month}
			var err error
			if seg != "" {
				if g.Segment, err = program.ParseSegment(seg); err != nil {
					return fmt.Errorf("--%w", err)
				}
			}
			if g.Metric, err = program.ParseGoalMetric(metric); err != nil {
				return fmt.Errorf("--%w", err)
			}
			if g.Target, err = program.ParseGoalTarget(g.Metric, target); err != nil {
				return fmt.Errorf("--%w", err)
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			if err := s.SetGoal(g); err != nil {
				return err
			}
			return k.Emit(goalJSON(g), func(w io.Writer) { fmt.Fprintf(w, "goal set: %s\n", goalText(g)) })
		}})
	f := c.Flags()
	f.StringVar(&creator, "creator", "", "the affiliate")
	f.StringVar(&seg, "segment", "", "or every affiliate of a segment")
	f.StringVar(&metric, "metric", "", "gmv, orders or posts (required)")
	f.StringVar(&target, "target", "", "USD for gmv, a count otherwise (required)")
	f.StringVar(&month, "month", "", "the month YYYY-MM (required)")
	return c
}

func goalJSON(g program.Goal) map[string]any {
	t := any(g.Target)
	if g.Metric == program.GoalGMV {
		t = model.Cents(g.Target).Dollars()
	}
	return map[string]any{"seller": g.SellerID, "creator": g.CreatorID, "segment": g.Segment.String(), "metric": g.Metric.String(),
		"target": t, "month": g.Month}
}

func goalText(g program.Goal) string {
	who := "creator " + clio.Safe(g.CreatorID)
	if g.CreatorID == "" {
		who = "segment " + g.Segment.String()
	}
	t := strconv.FormatInt(g.Target, 10)
	if g.Metric == program.GoalGMV {
		t = model.Cents(g.Target).String() + " USD"
	}
	return fmt.Sprintf("%s, %s: %s %s", clio.Safe(g.Month), who, g.Metric, t)
}

func (k kit) goalList() *cobra.Command {
	var month string
	c := k.Leaf(clio.Spec{Use: "list SELLER", Short: "A seller's goals", Example: "  outreach goal list acme --month 2026-12",
		Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			gs, err := v.Goals(month)
			if err != nil {
				return err
			}
			return clio.EmitEachAs(k.Kit, gs, func(g *program.Goal) any { return goalJSON(*g) }, func(w io.Writer, g *program.Goal) { fmt.Fprintln(w, goalText(*g)) })
		}})
	c.Flags().StringVar(&month, "month", "", "only this month YYYY-MM")
	return c
}

// writeCSV writes a header and the records as CSV.
func writeCSV(w io.Writer, header []string, recs [][]string) error {
	cw := csv.NewWriter(w)
	cw.Write(header)
	for _, r := range recs {
		cw.Write(r)
	}
	cw.Flush()
	return cw.Error()
}
