package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"outreach/model"
	"outreach/store"

	"github.com/spf13/cobra"
)

func (a *App) outreachCmd(kind model.ActionKind) *cobra.Command {
	var text, k string
	use, short, ex := "invite SELLER CREATOR", "Invite a creator, through the quota checker",
		"  outreach invite s1 c1 --message 'Want to try our knives?' --key inv-c1-2026w47"
	if kind == model.Message {
		use, short, ex = "message SELLER CREATOR", "Message a creator, through the quota checker",
			"  outreach message s1 c1 --text 'Hi! Loved your last video.'"
	}
	c := a.leaf(use, short, ex, cobra.ExactArgs(2), true, func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
		if kind == model.Message && !cmd.Flags().Changed("text") {
			return usage("--text is required")
		}
		o, err := st.Outreach(store.Request{Kind: kind, Seller: args[0], Creator: args[1], Text: text, Key: k, Actor: a.Actor, Now: now})
		if err != nil {
			return err
		}
		return a.decided(o)
	})
	if kind == model.Message {
		c.Flags().StringVar(&text, "text", "", "the message (required, at most 2000 characters)")
	} else {
		c.Flags().StringVar(&text, "message", "", "a note with the invitation (at most 500 characters)")
	}
	c.Flags().StringVar(&k, "key", "", "idempotency key (at most 128 bytes): repeating it returns the first decision")
	return c
}

// decided prints an outreach outcome and sets the exit status.
func (a *App) decided(o store.Outcome) error {
	if !o.Allowed {
		a.code = ExitRefused
	}
	return a.emit(o, func(w io.Writer) {
		verdict := "allowed"
		if !o.Allowed {
			verdict = "refused"
		}
		replay := ""
		if o.Replayed {
			replay = " (repeated key: the first decision)"
		}
		fmt.Fprintf(w, "%s to %s: %s (%s)%s\n  %s\n", o.Kind, o.Creator, verdict, o.Reason, replay, model.SafeLine(o.Decision.Message))
		if o.Quota.Tier != "" {
			fmt.Fprintf(w, "  quota: %s\n", quotaLine(o.Quota))
		}
	})
}

func (a *App) replyCmd() *cobra.Command {
	var text string
	c := a.leaf("reply CREATOR SELLER", "A creator answers a seller (this connects them)",
		"  outreach reply c1 s1 --text 'Sure, send me a sample!'", cobra.ExactArgs(2), true,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			seq, err := st.Reply(args[0], args[1], text, now)
			if err != nil {
				return err
			}
			return a.emit(map[string]any{"creator": args[0], "seller": args[1], "message_id": seq, "connected": true}, func(w io.Writer) {
				fmt.Fprintf(w, "reply from %s to %s recorded; they are connected\n", args[0], args[1])
			})
		})
	c.Flags().StringVar(&text, "text", "", "the reply (required)")
	c.MarkFlagRequired("text")
	return c
}

func (a *App) showcaseCmd() *cobra.Command {
	return a.leaf("showcase CREATOR SELLER", "A creator features a seller's product (this connects them)",
		"  outreach showcase c1 s1", cobra.ExactArgs(2), true,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			if err := st.Showcase(args[0], args[1]); err != nil {
				return err
			}
			return a.emit(map[string]any{"creator": args[0], "seller": args[1], "connected": true}, func(w io.Writer) {
				fmt.Fprintf(w, "%s showcased %s; they are connected\n", args[0], args[1])
			})
		})
}

func (a *App) blockCmd(on bool) *cobra.Command {
	var by string
	use, short := "block SELLER CREATOR", "Block between a seller and a creator"
	if !on {
		use, short = "unblock SELLER CREATOR", "Lift a block (each side lifts only its own)"
	}
	c := a.leaf(use, short, "  outreach "+strings.Fields(use)[0]+" s1 c1 --by seller", cobra.ExactArgs(2), true,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			side, err := store.ParseSide(by)
			if err != nil {
				return err
			}
			if err := st.SetBlocked(args[0], args[1], side, on); err != nil {
				return err
			}
			r, err := st.Relation(args[0], args[1])
			if err != nil {
				return err
			}
			return a.emit(map[string]any{"seller": args[0], "creator": args[1], "blocked_by_seller": r.BlockedBySeller, "blocked_by_creator": r.BlockedByCreator},
				func(w io.Writer) {
					fmt.Fprintf(w, "%s / %s: blocked by seller %s, blocked by creator %s\n", args[0], args[1], yesNo(r.BlockedBySeller), yesNo(r.BlockedByCreator))
				})
		})
	c.Flags().StringVar(&by, "by", "seller", "who blocks: seller or creator")
	return c
}

func (a *App) quotaCmd() *cobra.Command {
	return a.leaf("quota SELLER", "Show a seller's weekly quota", "  outreach quota s1 --json", cobra.ExactArgs(1), false,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			q, err := st.Quota(args[0], now)
			if err != nil {
				return err
			}
			return a.emit(q, func(w io.Writer) {
				lim, rem := "unlimited", "unlimited"
				if q.Limit != nil {
					lim, rem = fmt.Sprint(*q.Limit), fmt.Sprint(*q.Remaining)
				}
				fmt.Fprintf(w, "seller %s, tier %s (GMV30 %.2f USD)\n", args[0], q.Tier, q.GMV30)
				fmt.Fprintf(w, "  weekly limit   %s new creators\n  used           %d\n  remaining      %s (granted %d, %d left)\n", lim, q.Used, rem, q.Granted, q.GrantedLeft)
				fmt.Fprintf(w, "  starter pack   %d\n  week           %s to %s\n", q.StarterPack, q.WeekStart.Format(time.RFC3339), q.NextReset.Format(time.RFC3339))
			})
		})
}

func quotaLine(q model.QuotaStatus) string {
	if q.Limit == nil {
		return fmt.Sprintf("%s, unlimited, %d used this week, pack %d", q.Tier, q.Used, q.StarterPack)
	}
	return fmt.Sprintf("%s, %d of %d used, %d left, pack %d, resets %s", q.Tier, q.Used, *q.Limit, *q.Remaining, q.StarterPack, q.NextReset.Format("Mon 2 Jan 15:04 MST"))
}

func (a *App) grantCmd() *cobra.Command {
	var credits int
	var reason string
	c := a.leaf("grant SELLER", "Grant a seller extra credits for this week (audited)",
		"  outreach grant s1 --credits 20 --reason 'launch week, ticket 4411'", cobra.ExactArgs(1), true,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			actor := a.Actor
			if actor == "" {
				actor = "operator:" + localUser()
			}
			q, err := st.Grant(args[0], credits, reason, actor, now)
			if err != nil {
				return err
			}
			return a.emit(map[string]any{"seller": args[0], "granted": credits, "reason": model.SafeLine(reason), "quota": q}, func(w io.Writer) {
				fmt.Fprintf(w, "granted %d credits to %s for this week\n  quota: %s\n", credits, args[0], quotaLine(q))
			})
		})
	c.Flags().IntVar(&credits, "credits", 0, "how many credits (required)")
	c.Flags().StringVar(&reason, "reason", "", "why (required; kept in the audit log)")
	c.MarkFlagRequired("credits")
	c.MarkFlagRequired("reason")
	return c
}

func localUser() string {
	if u := os.Getenv("USER"); u != "" {
		return model.SafeLine(u)
	}
	return "local"
}

func (a *App) decisionsCmd() *cobra.Command {
	var limit int
	c := a.leaf("decisions SELLER", "A seller's decision log, newest first, with reasons",
		"  outreach decisions s1 --limit 20", cobra.ExactArgs(1), false,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			ds, err := st.Decisions(args[0], limit)
			if err != nil {
				return err
			}
			for _, d := range ds {
				err := a.emit(d, func(w io.Writer) {
					v := "allowed"
					if !d.Allowed {
						v = "REFUSED"
					}
					fmt.Fprintf(w, "%s  %-7s %-8s %-14s %-20s %s\n", d.At.Format("2006-01-02 15:04"), d.Kind, v, d.CreatorID, d.Reason, model.SafeLine(d.Message))
				})
				if err != nil {
					return err
				}
			}
			if len(ds) == 0 && !a.flags.json {
				fmt.Fprintf(a.Out, "no decisions for %s yet\n", args[0])
			}
			return nil
		})
	c.Flags().IntVar(&limit, "limit", 50, "at most this many (0 = all)")
	return c
}

func (a *App) auditCmd() *cobra.Command {
	var limit int
	c := a.leaf("audit", "The audit log of agent actions, newest first", "  outreach audit --limit 20", cobra.NoArgs, false,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			es, err := st.Audit(limit)
			if err != nil {
				return err
			}
			for _, e := range es {
				if err := a.emit(e, func(w io.Writer) {
					fmt.Fprintf(w, "%s  %-20s %-6s %-10s %s (%s)\n", e.At.Format("2006-01-02 15:04"), model.SafeLine(e.Actor), e.Action, e.SellerID, model.SafeLine(e.Detail), model.SafeLine(e.Reason))
				}); err != nil {
					return err
				}
			}
			return nil
		})
	c.Flags().IntVar(&limit, "limit", 50, "at most this many (0 = all)")
	return c
}

func (a *App) backupCmd() *cobra.Command {
	return a.leaf("backup FILE", "Write a consistent copy of the store while it is in use", "  outreach backup /backups/outreach-2026-11-22.db",
		cobra.ExactArgs(1), false, func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			if a.Remote {
				return usage("backup writes a file on the server; run it there")
			}
			n, err := st.BackupFile(args[0])
			if err != nil {
				return err
			}
			return a.emit(map[string]any{"file": args[0], "bytes": n}, func(w io.Writer) {
				fmt.Fprintf(w, "backup written to %s (%d bytes)\n", args[0], n)
			})
		})
}

func (a *App) previewCmd() *cobra.Command {
	var kind string
	c := a.leaf("preview SELLER CREATOR...", "What a batch would cost: every creator through the checker, nothing charged",
		"  outreach preview s1 c1 c2 c3 --kind invite", cobra.MinimumNArgs(2), false,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			k := model.Invite
			switch kind {
			case "invite":
			case "message":
				k = model.Message
			default:
				return usage("--kind %q: want invite or message", model.Clip(model.SafeLine(kind), 20))
			}
			ds, cost, err := st.DryRun(args[0], args[1:], k, now)
			if err != nil {
				return err
			}
			refused := 0
			for _, d := range ds {
				if !d.Allowed {
					refused++
				}
			}
			v := map[string]any{"seller": args[0], "kind": kind, "cost": cost, "refused": refused, "decisions": ds}
			if len(ds) > 0 {
				v["quota_after"] = ds[len(ds)-1].Quota
			}
			return a.emit(v, func(w io.Writer) {
				for i, d := range ds {
					v := "ok     "
					if !d.Allowed {
						v = "REFUSED"
					}
					fmt.Fprintf(w, "%-14s %s %-20s %s\n", args[1+i], v, d.Reason, model.SafeLine(d.Message))
				}
				fmt.Fprintf(w, "cost: %d credits; %d of %d would be refused\n", cost, refused, len(ds))
			})
		})
	c.Flags().StringVar(&kind, "kind", "invite", "invite or message")
	return c
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
