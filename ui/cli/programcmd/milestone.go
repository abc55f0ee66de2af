package programcmd

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"outreach/model"
	"outreach/model/engage"
	"outreach/store"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

// Milestones and the drafts they queue for approval.

func (k kit) milestoneCmds() *cobra.Command {
	return clio.Group("milestone", "Milestones: a template sent (or drafted) when an affiliate crosses one",
		k.milestoneSet(), k.milestoneRemove(), k.milestoneList(), k.milestoneCheck())
}

func (k kit) draftsCmds() *cobra.Command {
	d := k.draftsList("drafts SELLER")
	d.Short = "Milestone messages waiting for approval (approve or discard them)"
	d.AddCommand(k.draftsList("list SELLER"), k.draftDecide("approve"), k.draftDecide("discard"))
	return d
}

// parseTrigger reads --trigger first-sale|orders:N|goal|segment-up|level-up.
func parseTrigger(s string) (engage.MilestoneRule, error) {
	var r engage.MilestoneRule
	name, n, hasN := strings.Cut(s, ":")
	switch name {
	case "first-sale":
		r.Trigger = engage.TriggerFirstSale
	case "orders":
		r.Trigger = engage.TriggerOrders
		v, err := strconv.ParseInt(n, 10, 64)
		if !hasN || err != nil {
			return r, clio.Usage("--trigger orders:N needs a number of orders, got %q", model.Clip(clio.Safe(s), 30))
		}
		r.Orders = v
		hasN = false
	case "goal", "goal-reached":
		r.Trigger = engage.TriggerGoalReached
	case "segment-up":
		r.Trigger = engage.TriggerSegmentUp
	case "level-up":
		r.Trigger = engage.TriggerLevelUp
	default:
		return r, clio.Usage("--trigger %q: want first-sale, orders:N, goal, segment-up or level-up", model.Clip(clio.Safe(s), 30))
	}
	if hasN {
		return r, clio.Usage("--trigger %q: only orders takes a number", model.Clip(clio.Safe(s), 30))
	}
	return r, nil
}

// parseMode reads --mode now|draft.
func parseMode(s string) (engage.MilestoneMode, error) {
	switch s {
	case "now", "send":
		return engage.MilestoneSendNow, nil
	case "draft":
		return engage.MilestoneDraft, nil
	}
	return "", clio.Usage("--mode %q: want now or draft", model.Clip(clio.Safe(s), 20))
}

func ruleLabel(r *engage.MilestoneRule) string {
	if r.Trigger == engage.TriggerOrders {
		return "orders:" + strconv.FormatInt(r.Orders, 10)
	}
	return string(r.Trigger)
}

func modeLabel(m engage.MilestoneMode) string {
	if m == engage.MilestoneSendNow {
		return "now"
	}
	return string(m)
}

func rulesJSON(rules []engage.MilestoneRule) []map[string]any {
	out := make([]map[string]any, len(rules))
	for i := range rules {
		r := &rules[i]
		out[i] = map[string]any{"trigger": ruleLabel(r), "template": r.Template, "mode": modeLabel(r.Mode)}
	}
	return out
}

func (k kit) emitRules(seller string, rules []engage.MilestoneRule) error {
	return k.Emit(map[string]any{"seller": seller, "milestones": rulesJSON(rules)}, func(w io.Writer) {
		if len(rules) == 0 {
			fmt.Fprintln(w, "no milestones")
		}
		for i := range rules {
			r := &rules[i]
			fmt.Fprintf(w, "%-14s %-6s %s\n", ruleLabel(r), modeLabel(r.Mode), clio.Safe(r.Template))
		}
	})
}

func (k kit) milestoneSet() *cobra.Command {
	var trigger, tpl, mode string
	c := k.Leaf(clio.Spec{Use: "set SELLER", Short: "Send (or draft) a template when an affiliate crosses a milestone",
		Example: "  outreach milestone set s1 --trigger first-sale --template casual-quick-wins --mode now\n" +
			"  outreach milestone set s1 --trigger orders:100 --template power-early-briefing --mode draft",
		Args: clio.ExactArgs(1), Write: true, Probe: clio.AsSeller, Required: []string{"trigger", "template"},
		Run: func(c *clio.Call) error {
			r, err := parseTrigger(trigger)
			if err != nil {
				return err
			}
			if r.Mode, err = parseMode(mode); err != nil {
				return err
			}
			r.Template = tpl
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			rules, err := s.SetMilestone(r)
			if err != nil {
				return err
			}
			return k.emitRules(c.Args[0], rules)
		}})
	c.Flags().StringVar(&trigger, "trigger", "", "first-sale, orders:N, goal, segment-up or level-up (required)")
	c.Flags().StringVar(&tpl, "template", "", "the template to send (required)")
	c.Flags().StringVar(&mode, "mode", "draft", "now (sent at once, through the quota checker) or draft (waits for approval)")
	return c
}

func (k kit) milestoneRemove() *cobra.Command {
	var trigger string
	c := k.Leaf(clio.Spec{Use: "remove SELLER", Short: "Remove the milestone of a trigger",
		Example: "  outreach milestone remove s1 --trigger orders:100", Args: clio.ExactArgs(1), Write: true, Probe: clio.AsSeller,
		Required: []string{"trigger"},
		Run: func(c *clio.Call) error {
			r, err := parseTrigger(trigger)
			if err != nil {
				return err
			}
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			rules, err := s.RemoveMilestone(r)
			if err != nil {
				return err
			}
			return k.emitRules(c.Args[0], rules)
		}})
	c.Flags().StringVar(&trigger, "trigger", "", "first-sale, orders:N, goal, segment-up or level-up (required)")
	return c
}

func (k kit) milestoneList() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "list SELLER", Short: "The seller's milestones", Example: "  outreach milestone list s1 --json",
		Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			rules, err := v.Milestones()
			if err != nil {
				return err
			}
			return k.emitRules(c.Args[0], rules)
		}})
}

func sentJSON(m *store.MilestoneSent) map[string]any {
	out := map[string]any{"creator": m.Creator, "key": m.Key, "mode": modeLabel(m.Mode), "outcome": m.Outcome}
	if m.Reason != "" {
		out["reason"] = m.Reason
	}
	if m.Message != "" {
		out["message"] = m.Message
	}
	if m.Draft != "" {
		out["draft"] = m.Draft
	}
	return out
}

func (k kit) milestoneCheck() *cobra.Command {
	return k.Leaf(clio.Spec{Use: "check SELLER", Short: "Send or draft what the affiliates crossed since the last check (the server does it every hour)",
		Example: "  outreach milestone check s1 --json", Args: clio.ExactArgs(1), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			sent, err := s.CheckMilestones()
			if err != nil {
				return err
			}
			list := make([]map[string]any, len(sent))
			for i := range sent {
				list[i] = sentJSON(&sent[i])
			}
			return k.Emit(map[string]any{"seller": c.Args[0], "milestones": list}, func(w io.Writer) {
				fmt.Fprintf(w, "%d milestones\n", len(sent))
				for i := range sent {
					m := &sent[i]
					fmt.Fprintf(w, "  %-20s %-16s %-8s %s\n", model.Clip(clio.Safe(m.Creator), 20), model.Clip(clio.Safe(m.Key), 16), m.Outcome, model.Clip(clio.Safe(m.Message), 80))
				}
			})
		}})
}

func draftJSON(d *store.MilestoneDraft) map[string]any {
	return map[string]any{"id": d.ID, "creator": d.Creator, "handle": d.Handle, "key": d.Key, "template": d.Template,
		"text": d.Text, "created": d.Created}
}

func (k kit) draftsList(use string) *cobra.Command {
	return k.Leaf(clio.Spec{Use: use, Short: "Milestone messages waiting for approval", Example: "  outreach drafts s1 --json",
		Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			ds, err := v.Drafts()
			if err != nil {
				return err
			}
			list := make([]map[string]any, len(ds))
			for i := range ds {
				list[i] = draftJSON(&ds[i])
			}
			return k.Emit(map[string]any{"seller": c.Args[0], "drafts": list}, func(w io.Writer) {
				if len(ds) == 0 {
					fmt.Fprintln(w, "no drafts")
				}
				for i := range ds {
					d := &ds[i]
					fmt.Fprintf(w, "%-6s %-20s %-16s %s\n", clio.Safe(d.ID), model.Clip(clio.Safe(d.Creator), 20), model.Clip(clio.Safe(d.Key), 16), model.Clip(clio.Safe(d.Text), 80))
				}
			})
		}})
}

func (k kit) draftDecide(verb string) *cobra.Command {
	short := map[string]string{"approve": "Send a draft (through the quota checker)", "discard": "Drop a draft without sending it"}[verb]
	return k.Leaf(clio.Spec{Use: verb + " SELLER ID", Short: short, Example: "  outreach drafts " + verb + " s1 d3",
		Args: clio.ExactArgs(2), Write: true, Probe: clio.AsSeller,
		Run: func(c *clio.Call) error {
			s, err := c.P.Seller(c.Args[0])
			if err != nil {
				return err
			}
			if verb == "discard" {
				if err := s.DiscardDraft(c.Args[1]); err != nil {
					return err
				}
				return k.Emit(map[string]any{"id": c.Args[1], "discarded": true}, func(w io.Writer) {
					fmt.Fprintf(w, "draft %s discarded\n", clio.Safe(c.Args[1]))
				})
			}
			res, err := s.ApproveDraft(c.Args[1])
			if err != nil {
				return err
			}
			if res.Outcome != "sent" {
				k.Code = clio.ExitRefused
			}
			return k.Emit(sentJSON(&res), func(w io.Writer) {
				fmt.Fprintf(w, "draft %s to %s: %s", clio.Safe(c.Args[1]), clio.Safe(res.Creator), res.Outcome)
				if res.Outcome != "sent" {
					fmt.Fprintf(w, " (%s)", clio.Safe(res.Message))
				}
				fmt.Fprintln(w)
			})
		}})
}
