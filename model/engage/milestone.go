package engage

import (
	"fmt"
	"slices"
	"strconv"

	"outreach/model"
	"outreach/model/program"
)

// MilestoneTrigger is an event in an affiliate's progress that can send a
// template.
type MilestoneTrigger string

// The SPEC's milestone triggers.
const (
	TriggerFirstSale   MilestoneTrigger = "first-sale"
	TriggerOrders      MilestoneTrigger = "orders"       // N orders in all
	TriggerGoalReached MilestoneTrigger = "goal-reached" // any goal of the affiliate
	TriggerSegmentUp   MilestoneTrigger = "segment-up"
	TriggerLevelUp     MilestoneTrigger = "level-up"
)

// MilestoneMode is the seller's choice per trigger.
type MilestoneMode string

// The milestone modes.
const (
	MilestoneSendNow MilestoneMode = "send"  // sent at once (through the checker)
	MilestoneDraft   MilestoneMode = "draft" // waits as a draft for the seller's approval
)

// MaxMilestoneOrders bounds N of an orders trigger.
const MaxMilestoneOrders = 1_000_000

// MilestoneRule is one trigger the seller set up: what crosses it, the
// template to send, and whether it goes at once or as a draft.
type MilestoneRule struct {
	Trigger  MilestoneTrigger `json:"trigger"`
	Orders   int64            `json:"orders,omitempty"` // N, for TriggerOrders
	Template string           `json:"template"`
	Mode     MilestoneMode    `json:"mode"`
}

// Validate checks a rule; the error names the trigger.
func (r *MilestoneRule) Validate() error {
	switch r.Trigger {
	case TriggerFirstSale, TriggerGoalReached, TriggerSegmentUp, TriggerLevelUp:
		if r.Orders != 0 {
			return fmt.Errorf("milestone %s: a number of orders only goes with the orders trigger: %w", r.Trigger, model.ErrInvalid)
		}
	case TriggerOrders:
		if r.Orders < 1 || r.Orders > MaxMilestoneOrders {
			return fmt.Errorf("milestone orders: N is %d, want 1 to %d: %w", r.Orders, MaxMilestoneOrders, model.ErrInvalid)
		}
	default:
		return fmt.Errorf("milestone trigger %q: want first-sale, orders, goal-reached, segment-up or level-up: %w", model.Clip(model.SafeLine(string(r.Trigger)), 30), model.ErrInvalid)
	}
	if r.Template == "" {
		return fmt.Errorf("milestone %s: no template: %w", r.Trigger, model.ErrInvalid)
	}
	if r.Mode != MilestoneSendNow && r.Mode != MilestoneDraft {
		return fmt.Errorf("milestone %s mode %q: want send or draft: %w", r.Trigger, model.Clip(model.SafeLine(string(r.Mode)), 20), model.ErrInvalid)
	}
	return nil
}

// MilestoneFacts is what milestones compare of an affiliate, before and
// after an update (an import, a segment evaluation, a relevel).
type MilestoneFacts struct {
	Orders       int64               // all orders for the seller, ever
	GoalsReached []string            // ids of goals reached
	Segment      program.SegmentName // "" before the first evaluation
	Level        model.Level
}

// Milestone is one milestone an affiliate crossed, with the rule it fires.
type Milestone struct {
	// Key identifies the milestone for the affiliate, so it fires once:
	// "first-sale", "orders-100", "goal-<id>", "segment-growth",
	// "level-L4". The caller records fired keys and passes them back.
	Key  string        `json:"key"`
	Rule MilestoneRule `json:"rule"`
	Goal string        `json:"goal,omitempty"`
	From string        `json:"from,omitempty"` // the segment or level before a move
	To   string        `json:"to,omitempty"`
}

// CrossedMilestones lists the milestones an affiliate crossed between
// before and after, for the seller's rules, in rule order, each once:
// keys already fired (fired reports them) are left out, and a key is listed
// once even if two rules name it. A move up a segment fires for the segment
// reached (a first evaluation is not a move); a move up several levels
// fires once, for the level reached; crossing several order thresholds at
// once fires each.
func CrossedMilestones(before, after MilestoneFacts, rules []MilestoneRule, fired func(key string) bool) []Milestone {
	var out []Milestone
	seen := map[string]bool{}
	add := func(m Milestone) {
		if seen[m.Key] || fired != nil && fired(m.Key) {
			return
		}
		seen[m.Key] = true
		out = append(out, m)
	}
	for _, r := range rules {
		switch r.Trigger {
		case TriggerFirstSale:
			if before.Orders == 0 && after.Orders > 0 {
				add(Milestone{Key: "first-sale", Rule: r})
			}
		case TriggerOrders:
			if before.Orders < r.Orders && after.Orders >= r.Orders {
				add(Milestone{Key: "orders-" + strconv.FormatInt(r.Orders, 10), Rule: r})
			}
		case TriggerGoalReached:
			for _, g := range after.GoalsReached {
				if !slices.Contains(before.GoalsReached, g) {
					add(Milestone{Key: "goal-" + g, Rule: r, Goal: g})
				}
			}
		case TriggerSegmentUp:
			if before.Segment != "" && program.SegmentRank(after.Segment) > program.SegmentRank(before.Segment) {
				add(Milestone{Key: "segment-" + string(after.Segment), Rule: r, From: string(before.Segment), To: string(after.Segment)})
			}
		case TriggerLevelUp:
			if after.Level > before.Level {
				add(Milestone{Key: "level-" + after.Level.String(), Rule: r, From: before.Level.String(), To: after.Level.String()})
			}
		}
	}
	return out
}
