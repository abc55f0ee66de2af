package programcmd

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

// The affiliate program, part 2: templates and campaigns.

func (k kit) templateCmds() *cobra.Command {
	return clio.Group("template", "Message templates with {{variables}}, per segment", k.templateAdd(), k.templateList(), k.templateShow(), k.templateRemove())
}

func (k kit) campaignCmds() *cobra.Command {
	return clio.Group("campaign", "Campaigns: a template or a sequence to an audience, now, at an instant or repeating",
		k.campaignCreate(), k.campaignPreview(), k.campaignState("start"), k.campaignState("pause"), k.campaignState("cancel"),
		k.campaignShow(), k.campaignList(), k.campaignRunDue())
}

// segmentFlag reads a --segment value: power, growth, casual or inactive
// ("" for none).
func segmentFlag(s string) (program.SegmentName, error) {
	if s == "" {
		return "", nil
	}
	seg, err := program.ParseSegmentName(strings.ToLower(strings.TrimSpace(s)))
	if err != nil {
		return "", fmt.Errorf("--segment: %w", err)
	}
	return seg, nil
}

func templateJSON(t *store.TemplateInfo) map[string]any {
	vars := []string{}
	for _, v := range t.Vars() {
		vars = append(vars, v.String())
	}
	return map[string]any{"name": t.Name, "segment": string(t.Segment), "kind": t.Kind.String(), "text": t.Text,
		"starter": t.Starter, "variables": vars, "worst_case_runes": t.WorstCase}
}

func (k kit) templateAdd() *cobra.Command {
	var text, seg, kind string
	var replace bool
	c := k.Leaf(clio.Spec{Use: "add SELLER NAME", Short: "Save a template, checked: known {{variables}}, within the message limit",
		Example: "  outreach template add s1 hello --text 'Hi {{name}}, your code {{code}} is ready' --segment power",
		Args:    clio.ExactArgs(2), Write: true, Required: []string{"text"}, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			sg, err := segmentFlag(seg)
			if err != nil {
				return err
			}
			var ik program.InactiveKind
			if kind != "" {
				if ik, err = program.ParseInactiveKind(kind); err != nil {
					return fmt.Errorf("--kind: %w", err)
				}
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			t, err := s.AddTemplate(&engage.Template{Name: c.Args[1], Text: text, Segment: sg, Kind: ik}, replace)
			if err != nil {
				return err
			}
			return k.Emit(templateJSON(&t), func(w io.Writer) {
				fmt.Fprintf(w, "template %s saved (%s); at most %d characters per message\n", clio.Safe(t.Name), segLabel(t.Segment), t.WorstCase)
			})
		}})
	c.Flags().StringVar(&text, "text", "", "the message, with {{variables}} (required)")
	c.Flags().StringVar(&seg, "segment", "", "power, growth, casual or inactive (default: all)")
	c.Flags().StringVar(&kind, "kind", "", "for the inactive segment: new, never-activated or lapsed")
	c.Flags().BoolVar(&replace, "replace", false, "replace a template of the same name")
	return c
}

func segLabel(s program.SegmentName) string {
	if s == "" {
		return "all segments"
	}
	return string(s)
}

func (k kit) templateList() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "list SELLER", Short: "List the seller's templates, the starter library included",
		Example: "  outreach template list s1 --json", Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			ts, err := v.Templates()
			if err != nil {
				return err
			}
			return clio.EmitEachAs(k.Kit, ts, func(t *store.TemplateInfo) any { return templateJSON(t) }, func(w io.Writer, t *store.TemplateInfo) {
				mark := ""
				if t.Starter {
					mark = " (starter)"
				}
				fmt.Fprintf(w, "%-28s %-14s %s%s\n", clio.Safe(t.Name), segLabel(t.Segment), model.Clip(clio.Safe(t.Text), 60), mark)
			})
		}})
}

func (k kit) templateShow() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "show SELLER NAME", Short: "Show one template", Example: "  outreach template show s1 casual-quick-wins",
		Args: clio.ExactArgs(2), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			t, err := v.Template(c.Args[1])
			if err != nil {
				return err
			}
			return k.Emit(templateJSON(&t), func(w io.Writer) {
				fmt.Fprintf(w, "%s (%s)\n%s\n", clio.Safe(t.Name), segLabel(t.Segment), model.SafeText(t.Text))
			})
		}})
}

func (k kit) templateRemove() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "remove SELLER NAME", Short: "Remove a template (a starter one is hidden)",
		Example: "  outreach template remove s1 hello", Args: clio.ExactArgs(2), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			if err := s.RemoveTemplate(c.Args[1]); err != nil {
				return err
			}
			return k.Emit(map[string]any{"name": c.Args[1], "removed": true}, func(w io.Writer) {
				fmt.Fprintf(w, "template %s removed\n", clio.Safe(c.Args[1]))
			})
		}})
}

// parseSequence reads --sequence TEMPLATE:DAYS,TEMPLATE:DAYS,...
func parseSequence(s string) (*engage.Sequence, error) {
	seq := &engage.Sequence{Name: "sequence"}
	for _, part := range clio.SplitList(s, ",") {
		name, days, ok := strings.Cut(part, ":")
		d := 0
		if ok {
			n, err := strconv.Atoi(days)
			if err != nil {
				return nil, clio.Usage("--sequence %q: want TEMPLATE:DAYS,TEMPLATE:DAYS,...", model.Clip(clio.Safe(part), 60))
			}
			d = n
		}
		seq.Steps = append(seq.Steps, engage.SequenceStep{Template: name, DelayDays: d})
	}
	if err := seq.Validate(); err != nil {
		return nil, fmt.Errorf("--sequence: %w", err)
	}
	return seq, nil
}

func (k kit) campaignCreate() *cobra.Command {
	var tpl, seq, creators, at, every, overflow, flagged string
	var segs, kinds []string
	var dormant bool
	c := k.Leaf(clio.Spec{Use: "create SELLER NAME", Short: "Create a draft campaign: a template (or a sequence) to an audience",
		Example: "  outreach campaign create s1 comeback --template inactive-comeback-offer --segment inactive --overflow wait\n" +
			"  outreach campaign create s1 news --template growth-promotion-calendar --segment growth --segment power --at 2026-12-01T09:00:00Z --every month",
		Args: clio.ExactArgs(2), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			sp := store.CampaignSpec{Name: c.Args[1], Template: tpl}
			if seq != "" {
				s, err := parseSequence(seq)
				if err != nil {
					return err
				}
				sp.Sequence = s
			}
			for _, s := range segs {
				for _, one := range clio.SplitList(s, ",") {
					sg, err := segmentFlag(one)
					if err != nil {
						return err
					}
					sp.Audience.Segments = append(sp.Audience.Segments, sg)
				}
			}
			for _, k := range kinds {
				for _, one := range clio.SplitList(k, ",") {
					kk, err := program.ParseInactiveKind(one)
					if err != nil {
						return fmt.Errorf("--kind: %w", err)
					}
					sp.Audience.Kinds = append(sp.Audience.Kinds, kk)
				}
			}
			sp.Audience.Dormant = dormant
			sp.Audience.Flagged = engage.FlagFilter(flagged)
			sp.Audience.Creators = clio.SplitList(creators, ",")
			if at != "" {
				t, err := time.Parse(time.RFC3339, at)
				if err != nil {
					return clio.Usage("--at %q: want an RFC 3339 instant like 2026-12-01T09:00:00Z", model.Clip(clio.Safe(at), 40))
				}
				if err := model.CheckInstant(t); err != nil {
					return fmt.Errorf("--at: %w", err)
				}
				sp.At = t
			}
			var err error
			if sp.Repeat, err = engage.ParseRepeat(every); err != nil {
				return fmt.Errorf("--every: %w", err)
			}
			if sp.Overflow, err = engage.ParseOverflow(overflow); err != nil {
				return fmt.Errorf("--overflow: %w", err)
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			info, err := s.CreateCampaign(sp)
			if err != nil {
				return err
			}
			return k.Emit(campaignJSON(&info), func(w io.Writer) {
				fmt.Fprintf(w, "campaign %s created (draft) for %d affiliates; preview it, then start it\n", clio.Safe(info.Name), info.Audience)
			})
		}})
	f := c.Flags()
	f.StringVar(&tpl, "template", "", "the template to send")
	f.StringVar(&seq, "sequence", "", "a sequence instead: TEMPLATE:DAYS,TEMPLATE:DAYS,... (days after the step before)")
	f.StringArrayVar(&segs, "segment", nil, "a segment of the audience (repeat or comma-separate): power, growth, casual, inactive")
	f.StringArrayVar(&kinds, "kind", nil, "an inactive kind of the audience: new, never-activated, lapsed")
	f.BoolVar(&dormant, "dormant", false, "only dormant affiliates")
	f.StringVar(&flagged, "flagged", "", "flagged or unflagged affiliates only")
	f.StringVar(&creators, "creators", "", "a hand-picked audience: creator ids, comma-separated")
	f.StringVar(&at, "at", "", "the first run, RFC 3339 (default: when started)")
	f.StringVar(&every, "every", "", "repeat: week, 2weeks or month (in the seller's zone)")
	f.StringVar(&overflow, "overflow", "wait", "what this week's quota can't pay: wait (for the reset) or skip")
	return c
}

func campaignJSON(c *store.CampaignInfo) map[string]any {
	out := map[string]any{"id": c.ID, "name": c.Name, "state": c.State, "template": c.Template, "audience": c.Campaign.Audience,
		"overflow": c.Overflow, "runs": c.Runs, "counts": c.Counts, "created": c.Created}
	if c.Sequence != nil {
		out["sequence"] = c.Sequence
	}
	if c.Schedule != nil {
		out["every"] = c.Schedule.Repeat
		out["first_run"] = c.Schedule.First
	}
	if !c.Due.IsZero() {
		out["next"] = c.Due
	}
	if !c.WaitUntil.IsZero() {
		out["waiting_until"] = c.WaitUntil
	}
	if !c.LastRun.IsZero() {
		out["last_run"] = c.LastRun
	}
	return out
}

func countsLine(n store.Counts) string {
	return fmt.Sprintf("%d sent, %d refused, %d waiting, %d left, %d credits", n.Sent, n.Refused, n.Waiting, n.Left, n.Charged)
}

func (k kit) campaignPreview() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "preview SELLER NAME", Short: "Every recipient's outcome and message, and the cost, before anything is sent",
		Example: "  outreach campaign preview s1 comeback --json", Args: clio.ExactArgs(2), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			p, err := v.PreviewCampaign(c.Args[1])
			if err != nil {
				return err
			}
			return k.Emit(p, func(w io.Writer) {
				for _, e := range p.Recipients {
					fmt.Fprintf(w, "%-14s %-8s %-18s %s\n", model.Clip(clio.Safe(e.Creator), 40), e.Outcome, clio.Safe(string(e.Reason)), model.Clip(clio.Safe(e.Text), 80))
				}
				fmt.Fprintf(w, "%s: %d to send, %d waiting, %d refused; cost %d credits\n", clio.Safe(p.Name), p.Send, p.Waiting, p.Refused, p.Cost)
				if !p.WaitUntil.IsZero() {
					fmt.Fprintf(w, "the waiting ones go at the week's reset, %s\n", p.WaitUntil.Format(time.RFC3339))
				}
			})
		}})
}

func (k kit) campaignState(verb string) *cobra.Command {
	short := map[string]string{
		"start":  "Start a draft campaign (or resume a paused one); what is due is sent at once",
		"pause":  "Hold a scheduled or running campaign",
		"cancel": "Stop a campaign for good",
	}[verb]
	return k.Leaf(clio.Spec{Use: verb + " SELLER NAME", Short: short, Example: "  outreach campaign " + verb + " s1 comeback",
		Args: clio.ExactArgs(2), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			var rep *store.RunReport
			switch verb {
			case "start":
				_, r, err := s.StartCampaign(c.Args[1])
				if err != nil {
					return err
				}
				rep = &r
			case "pause":
				_, err = s.PauseCampaign(c.Args[1])
			default:
				_, err = s.CancelCampaign(c.Args[1])
			}
			if err != nil {
				return err
			}
			d, err := s.Campaign(c.Args[1])
			if err != nil {
				return err
			}
			out := campaignJSON(&d.CampaignInfo)
			out["recipients"] = d.Results
			if rep != nil {
				out["run"] = rep
			}
			return k.Emit(out, func(w io.Writer) {
				fmt.Fprintf(w, "campaign %s: %s", clio.Safe(d.Name), d.State)
				if rep != nil && (rep.NewRun || rep.Counts != (store.Counts{})) {
					fmt.Fprintf(w, "; this run: %s", countsLine(rep.Counts))
				}
				if !d.Due.IsZero() {
					fmt.Fprintf(w, "; next at %s", d.Due.Format(time.RFC3339))
				}
				fmt.Fprintln(w)
			})
		}})
}

func (k kit) campaignShow() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "show SELLER NAME", Short: "A campaign with every recipient's result",
		Example: "  outreach campaign show s1 comeback --json", Args: clio.ExactArgs(2), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			d, err := v.Campaign(c.Args[1])
			if err != nil {
				return err
			}
			m, err := v.CampaignMetrics(c.Args[1])
			if err != nil {
				return err
			}
			out := campaignJSON(&d.CampaignInfo)
			out["recipients"] = d.Results
			out["metrics"] = metricsJSON(&m)
			return k.Emit(out, func(w io.Writer) {
				fmt.Fprintf(w, "%s  %s  %s\n", clio.Safe(d.Name), d.State, countsLine(d.Counts))
				fmt.Fprintf(w, "  replied %d/%d (%.1f%%), acted %d (%.1f%%), lapsed revived %d/%d, code uses %d\n", m.Replied, m.Messages,
					float64(m.ReplyRate)/100, m.Acted, float64(m.ActionRate)/100, m.Revived, m.Lapsed, m.CodeUses)
				for _, r := range d.Results {
					fmt.Fprintf(w, "  run %d step %d %-14s %-8s %-18s %s\n", r.Run, r.Step+1, model.Clip(clio.Safe(r.Creator), 40), r.Outcome, clio.Safe(string(r.Reason)), model.Clip(clio.Safe(r.Message), 80))
				}
			})
		}})
}

func (k kit) campaignList() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "list SELLER", Short: "The seller's campaigns with their states and counts",
		Example: "  outreach campaign list s1 --json", Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			cs, err := v.Campaigns()
			if err != nil {
				return err
			}
			return clio.EmitEachAs(k.Kit, cs, func(ci *store.CampaignInfo) any { return campaignJSON(ci) }, func(w io.Writer, ci *store.CampaignInfo) {
				fmt.Fprintf(w, "%-24s %-9s %s\n", model.Clip(clio.Safe(ci.Name), 24), ci.State, countsLine(ci.Counts))
			})
		}})
}

func (k kit) campaignRunDue() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "run-due", Short: "Carry out every seller's due campaign runs, as of --now (for cron)",
		Example: "  outreach campaign run-due --now 2026-11-22T09:00:00Z", Args: clio.ExactArgs(0), Write: true, Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			reps, err := ad.RunDueCampaigns()
			if err != nil {
				return err
			}
			if len(reps) == 0 && !k.JSON {
				fmt.Fprintln(clio.SafeWriter{W: k.Out}, "nothing is due")
			}
			return clio.EmitEach(k.Kit, reps, func(w io.Writer, r store.RunReport) {
				fmt.Fprintf(w, "%s %s: %s (%s)\n", clio.Safe(r.Seller), clio.Safe(r.Campaign), countsLine(r.Counts), r.State)
			})
		}})
}

// metricsJSON is a campaign's metrics in JSON: rates as fractions 0..1.
func metricsJSON(m *engage.CampaignMetrics) map[string]any {
	return map[string]any{"messages": m.Messages, "replied": m.Replied, "reply_rate": float64(m.ReplyRate) / 100_00,
		"acted": m.Acted, "action_rate": float64(m.ActionRate) / 100_00, "lapsed": m.Lapsed, "revived": m.Revived,
		"code_uses": m.CodeUses}
}
