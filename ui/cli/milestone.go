package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"outreach/model"
	"outreach/model/engage"
	"outreach/store"

	"github.com/spf13/cobra"
)

// Milestones and the drafts they queue for approval.

func (a *App) milestoneCmds() *cobra.Command {
	return group("milestone", "Milestones: a template sent (or drafted) when an affiliate crosses one",
		a.milestoneSet(), a.milestoneRemove(), a.milestoneList(), a.milestoneCheck())
}

func (a *App) draftsCmds() *cobra.Command {
	d := a.draftsList("drafts SELLER")
	d.Short = "Milestone messages waiting for approval (approve or discard them)"
	d.AddCommand(a.draftsList("list SELLER"), a.draftDecide("approve"), a.draftDecide("discard"))
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
			return r, usage("--trigger orders:N needs a number of orders, got %q", model.Clip(safe(s), 30))
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
		return r, usage("--trigger %q: want first-sale, orders:N, goal, segment-up or level-up", model.Clip(safe(s), 30))
	}
	if hasN {
		return r, usage("--trigger %q: only orders takes a number", model.Clip(safe(s), 30))
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
	return "", usage("--mode %q: want now or draft", model.Clip(safe(s), 20))
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

func (a *App) emitRules(seller string, rules []engage.MilestoneRule) error {
	return a.emit(map[string]any{"seller": seller, "milestones": rulesJSON(rules)}, func(w io.Writer) {
		if len(rules) == 0 {
			fmt.Fprintln(w, "no milestones")
		}
		for i := range rules {
			r := &rules[i]
			fmt.Fprintf(w, "%-14s %-6s %s\n", ruleLabel(r), modeLabel(r.Mode), safe(r.Template))
		}
	})
}

func (a *App) milestoneSet() *cobra.Command {
	var trigger, tpl, mode string
	c := a.leaf(spec{use: "set SELLER", short: "Send (or draft) a template when an affiliate crosses a milestone",
		example: "  outreach milestone set s1 --trigger first-sale --template casual-quick-wins --mode now\n" +
			"  outreach milestone set s1 --trigger orders:100 --template power-early-briefing --mode draft",
		args: exactArgs(1), write: true, probe: asSeller, required: []string{"trigger", "template"},
		run: func(c *call) error {
			r, err := parseTrigger(trigger)
			if err != nil {
				return err
			}
			if r.Mode, err = parseMode(mode); err != nil {
				return err
			}
			r.Template = tpl
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			rules, err := s.SetMilestone(r)
			if err != nil {
				return err
			}
			return a.emitRules(c.args[0], rules)
		}})
	c.Flags().StringVar(&trigger, "trigger", "", "first-sale, orders:N, goal, segment-up or level-up (required)")
	c.Flags().StringVar(&tpl, "template", "", "the template to send (required)")
	c.Flags().StringVar(&mode, "mode", "draft", "now (sent at once, through the quota checker) or draft (waits for approval)")
	return c
}

func (a *App) milestoneRemove() *cobra.Command {
	var trigger string
	c := a.leaf(spec{use: "remove SELLER", short: "Remove the milestone of a trigger",
		example: "  outreach milestone remove s1 --trigger orders:100", args: exactArgs(1), write: true, probe: asSeller,
		required: []string{"trigger"},
		run: func(c *call) error {
			r, err := parseTrigger(trigger)
			if err != nil {
				return err
			}
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			rules, err := s.RemoveMilestone(r)
			if err != nil {
				return err
			}
			return a.emitRules(c.args[0], rules)
		}})
	c.Flags().StringVar(&trigger, "trigger", "", "first-sale, orders:N, goal, segment-up or level-up (required)")
	return c
}

func (a *App) milestoneList() *cobra.Command {
	return a.leaf(spec{use: "list SELLER", short: "The seller's milestones", example: "  outreach milestone list s1 --json",
		args: exactArgs(1), probe: asSellerView,
		run: func(c *call) error {
			v, err := c.p.SellerView(c.args[0])
			if err != nil {
				return err
			}
			rules, err := v.Milestones()
			if err != nil {
				return err
			}
			return a.emitRules(c.args[0], rules)
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

func (a *App) milestoneCheck() *cobra.Command {
	return a.leaf(spec{use: "check SELLER", short: "Send or draft what the affiliates crossed since the last check (the server does it every hour)",
		example: "  outreach milestone check s1 --json", args: exactArgs(1), write: true, probe: asSeller,
		run: func(c *call) error {
			s, err := c.p.Seller(c.args[0])
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
			return a.emit(map[string]any{"seller": c.args[0], "milestones": list}, func(w io.Writer) {
				fmt.Fprintf(w, "%d milestones\n", len(sent))
				for i := range sent {
					m := &sent[i]
					fmt.Fprintf(w, "  %-20s %-16s %-8s %s\n", model.Clip(safe(m.Creator), 20), model.Clip(safe(m.Key), 16), m.Outcome, model.Clip(safe(m.Message), 80))
				}
			})
		}})
}

func draftJSON(d *store.MilestoneDraft) map[string]any {
	return map[string]any{"id": d.ID, "creator": d.Creator, "handle": d.Handle, "key": d.Key, "template": d.Template,
		"text": d.Text, "created": d.Created}
}

func (a *App) draftsList(use string) *cobra.Command {
	return a.leaf(spec{use: use, short: "Milestone messages waiting for approval", example: "  outreach drafts s1 --json",
		args: exactArgs(1), probe: asSellerView,
		run: func(c *call) error {
			v, err := c.p.SellerView(c.args[0])
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
			return a.emit(map[string]any{"seller": c.args[0], "drafts": list}, func(w io.Writer) {
				if len(ds) == 0 {
					fmt.Fprintln(w, "no drafts")
				}
				for i := range ds {
					d := &ds[i]
					fmt.Fprintf(w, "%-6s %-20s %-16s %s\n", safe(d.ID), model.Clip(safe(d.Creator), 20), model.Clip(safe(d.Key), 16), model.Clip(safe(d.Text), 80))
				}
			})
		}})
}

func (a *App) draftDecide(verb string) *cobra.Command {
	short := map[string]string{"approve": "Send a draft (through the quota checker)", "discard": "Drop a draft without sending it"}[verb]
	return a.leaf(spec{use: verb + " SELLER ID", short: short, example: "  outreach drafts " + verb + " s1 d3",
		args: exactArgs(2), write: true, probe: asSeller,
		run: func(c *call) error {
			s, err := c.p.Seller(c.args[0])
			if err != nil {
				return err
			}
			if verb == "discard" {
				if err := s.DiscardDraft(c.args[1]); err != nil {
					return err
				}
				return a.emit(map[string]any{"id": c.args[1], "discarded": true}, func(w io.Writer) {
					fmt.Fprintf(w, "draft %s discarded\n", safe(c.args[1]))
				})
			}
			res, err := s.ApproveDraft(c.args[1])
			if err != nil {
				return err
			}
			if res.Outcome != "sent" {
				a.code = ExitRefused
			}
			return a.emit(sentJSON(&res), func(w io.Writer) {
				fmt.Fprintf(w, "draft %s to %s: %s", safe(c.args[1]), safe(res.Creator), res.Outcome)
				if res.Outcome != "sent" {
					fmt.Fprintf(w, " (%s)", safe(res.Message))
				}
				fmt.Fprintln(w)
			})
		}})
}
