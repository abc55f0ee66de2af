package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"outreach/model"
	"outreach/store"
	"outreach/ui/cli/clio"
	"outreach/ui/components"

	"github.com/spf13/cobra"
)

func (a *App) outreachCmd(kind model.ActionKind) *cobra.Command {
	var text, k string
	s := clio.Spec{Use: "invite SELLER CREATOR", Short: "Invite a creator, through the quota checker",
		Example: "  outreach invite s1 c1 --message 'Want to try our knives?' --key inv-c1-2026w47"}
	if kind == model.Message {
		s = clio.Spec{Use: "message SELLER CREATOR", Short: "Message a creator, through the quota checker",
			Example: "  outreach message s1 c1 --text 'Hi! Loved your last video.'", Required: []string{"text"}}
	}
	s.Args, s.Write, s.Probe = clio.ExactArgs(2), true, clio.AsSeller
	s.Run = func(c *clio.Call) error {
		sl, err := c.P.Seller(c.Args[0])
		if err != nil {
			return err
		}
		var o store.Outcome
		if kind == model.Message {
			o, err = sl.Message(c.Args[1], text, k)
		} else {
			o, err = sl.Invite(c.Args[1], text, k, nil)
		}
		if err != nil {
			return err
		}
		return a.decided(o)
	}
	c := a.kit.Leaf(s)
	if kind == model.Message {
		c.Flags().StringVar(&text, "text", "", "the message (required, at most 2000 characters)")
	} else {
		c.Flags().StringVar(&text, "message", "", "a note with the invitation (at most 500 characters)")
	}
	c.Flags().StringVar(&k, "key", "", "idempotency key (printable ASCII, at most 128 bytes): repeating it returns the first decision")
	return c
}

// decided prints an outreach outcome and sets the exit status.
func (a *App) decided(o store.Outcome) error {
	if !o.Allowed {
		a.kit.Code = ExitRefused
	}
	return a.kit.Emit(o, func(w io.Writer) {
		verdict := "allowed"
		if !o.Allowed {
			verdict = "refused"
		}
		replay := ""
		if o.Replayed {
			replay = " (repeated key: the first decision)"
		}
		fmt.Fprintf(w, "%s to %s: %s (%s)%s\n  %s\n", clio.Safe(o.Kind), clio.Safe(o.Creator), verdict, clio.Safe(string(o.Reason)), replay, clio.Safe(o.Decision.Message))
		if o.Quota.Tier != "" {
			fmt.Fprintf(w, "  quota: %s\n", quotaLine(o.Quota))
		}
	})
}

func (a *App) replyCmd() *cobra.Command {
	var text string
	c := a.kit.Leaf(clio.Spec{Use: "reply CREATOR SELLER", Short: "A creator answers a seller (this connects them)",
		Example: "  outreach reply c1 s1 --text 'Sure, send me a sample!'", Args: clio.ExactArgs(2), Write: true,
		Required: []string{"text"}, Probe: clio.AsCreator,
		Run: func(c *clio.Call) error {
			cr, err := c.P.Creator(c.Args[0])
			if err != nil {
				return err
			}
			seq, err := cr.Reply(c.Args[1], text)
			if err != nil {
				return err
			}
			return a.kit.Emit(map[string]any{"creator": c.Args[0], "seller": c.Args[1], "message_id": seq, "connected": true}, func(w io.Writer) {
				fmt.Fprintf(w, "reply from %s to %s recorded; they are connected\n", clio.Safe(c.Args[0]), clio.Safe(c.Args[1]))
			})
		}})
	c.Flags().StringVar(&text, "text", "", "the reply (required)")
	return c
}

func (a *App) showcaseCmd() *cobra.Command {
	return a.kit.Leaf(clio.Spec{Use: "showcase CREATOR SELLER", Short: "A creator features a seller's product (this connects them)",
		Example: "  outreach showcase c1 s1", Args: clio.ExactArgs(2), Write: true, Probe: clio.AsCreator,
		Run: func(c *clio.Call) error {
			cr, err := c.P.Creator(c.Args[0])
			if err != nil {
				return err
			}
			if err := cr.Showcase(c.Args[1]); err != nil {
				return err
			}
			return a.kit.Emit(map[string]any{"creator": c.Args[0], "seller": c.Args[1], "connected": true}, func(w io.Writer) {
				fmt.Fprintf(w, "%s showcased %s; they are connected\n", clio.Safe(c.Args[0]), clio.Safe(c.Args[1]))
			})
		}})
}

func (a *App) blockCmd(on bool) *cobra.Command {
	var by string
	use, short := "block SELLER CREATOR", "Block between a seller and a creator"
	if !on {
		use, short = "unblock SELLER CREATOR", "Lift a block (each side lifts only its own)"
	}
	c := a.kit.Leaf(clio.Spec{Use: use, Short: short, Example: "  outreach " + strings.Fields(use)[0] + " s1 c1 --by seller",
		Args: clio.ExactArgs(2), Write: true, Probe: clio.AsSellerOrCreator,
		Run: func(c *clio.Call) error {
			seller, creator := c.Args[0], c.Args[1]
			side, err := store.ParseSide(by)
			if err != nil {
				return err
			}
			var r model.Relation
			if side == store.BySeller {
				sl, err := c.P.Seller(seller)
				if err != nil {
					return err
				}
				if err := setBlock(on, sl.Block, sl.Unblock, creator); err != nil {
					return err
				}
				r, err = sl.Relation(creator)
			} else {
				cr, err := c.P.Creator(creator)
				if err != nil {
					return err
				}
				if err := setBlock(on, cr.Block, cr.Unblock, seller); err != nil {
					return err
				}
				r, err = cr.View().Relation(seller)
			}
			if err != nil {
				return err
			}
			return a.kit.Emit(map[string]any{"seller": seller, "creator": creator, "blocked_by_seller": r.BlockedBySeller, "blocked_by_creator": r.BlockedByCreator},
				func(w io.Writer) {
					fmt.Fprintf(w, "%s / %s: blocked by seller %s, blocked by creator %s\n", clio.Safe(seller), clio.Safe(creator), clio.YesNo(r.BlockedBySeller), clio.YesNo(r.BlockedByCreator))
				})
		}})
	c.Flags().StringVar(&by, "by", "seller", "who blocks: seller or creator")
	return c
}

func setBlock(on bool, block, unblock func(string) error, other string) error {
	if on {
		return block(other)
	}
	return unblock(other)
}

func (a *App) quotaCmd() *cobra.Command {
	return a.kit.Leaf(clio.Spec{Use: "quota SELLER", Short: "Show a seller's weekly quota", Example: "  outreach quota s1 --json",
		Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			q, err := v.Quota()
			if err != nil {
				return err
			}
			return a.kit.Emit(q, func(w io.Writer) {
				lim, rem := "unlimited", "unlimited"
				if q.Limit != nil {
					lim, rem = fmt.Sprint(*q.Limit), fmt.Sprint(*q.Remaining)
				}
				fmt.Fprintf(w, "seller %s, tier %s (GMV30 %.2f USD)\n", clio.Safe(c.Args[0]), q.Tier, q.GMV30)
				fmt.Fprintf(w, "  weekly limit   %s new creators\n  used           %d\n  remaining      %s (granted %d, %d left)\n", lim, q.Used, rem, q.Granted, q.GrantedLeft)
				fmt.Fprintf(w, "  starter pack   %d\n  week           %s to %s\n", q.StarterPack, q.WeekStart.Format(time.RFC3339), q.NextReset.Format(time.RFC3339))
			})
		}})
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
	c := a.kit.Leaf(clio.Spec{Use: "grant SELLER", Short: "Grant a seller extra credits for this week (audited)",
		Example: "  outreach grant s1 --credits 20 --reason 'launch week, ticket 4411'", Args: clio.ExactArgs(1), Write: true,
		Required: []string{"credits", "reason"}, Probe: clio.AsAgent,
		Run: func(c *clio.Call) error {
			ag, err := c.P.Agent()
			if err != nil {
				return err
			}
			q, err := ag.Grant(c.Args[0], credits, reason)
			if err != nil {
				return err
			}
			return a.kit.Emit(map[string]any{"seller": c.Args[0], "granted": credits, "reason": reason, "quota": q}, func(w io.Writer) {
				fmt.Fprintf(w, "granted %d credits to %s for this week\n  quota: %s\n", credits, clio.Safe(c.Args[0]), quotaLine(q))
			})
		}})
	c.Flags().IntVar(&credits, "credits", 0, "how many credits (required)")
	c.Flags().StringVar(&reason, "reason", "", "why (required; kept in the audit log)")
	return c
}

func (a *App) decisionsCmd() *cobra.Command {
	var limit int
	var export, format string
	ex := "  outreach decisions s1 --limit 20\n  outreach decisions s1 --limit 0 --export decisions.csv\n  outreach decisions s1 --format json > decisions.json"
	c := a.kit.Leaf(clio.Spec{Use: "decisions SELLER", Short: "A seller's decision log, newest first, with reasons",
		Example: ex, Args: clio.ExactArgs(1), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			if err := clio.LimitFlag(limit); err != nil {
				return err
			}
			if export != "" && a.Remote {
				return clio.Usage("--export writes a file on the server; over SSH print it instead: --format csv > FILE")
			}
			var f components.ExportFormat
			if export != "" || format != "" {
				var err error
				if f, err = components.ParseExportFormat(format, export); err != nil {
					return clio.Usage("--format: %v", errText(err))
				}
			}
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			ds, err := v.Decisions(limit)
			if err != nil {
				return err
			}
			if f != "" {
				return a.exportDecisions(ds, export, f)
			}
			for _, d := range ds {
				err := a.kit.Emit(d, func(w io.Writer) {
					verdict := "allowed"
					if !d.Allowed {
						verdict = "REFUSED"
					}
					key := ""
					if d.Key != "" {
						key = " [key " + model.Clip(clio.Safe(d.Key), 40) + "]"
					}
					fmt.Fprintf(w, "%s  %-7s %-8s %-14s %-20s %s%s\n", d.At.Format("2006-01-02 15:04"), clio.Safe(d.Kind), verdict, clio.Safe(d.CreatorID), clio.Safe(string(d.Reason)), clio.Safe(d.Message), key)
				})
				if err != nil {
					return err
				}
			}
			if len(ds) == 0 && !a.kit.JSON {
				fmt.Fprintf(clio.SafeWriter{W: a.Out}, "no decisions for %s yet\n", clio.Safe(c.Args[0]))
			}
			return nil
		}})
	c.Flags().IntVar(&limit, "limit", 50, "at most this many (0 = all)")
	if !a.Remote {
		c.Flags().StringVar(&export, "export", "", "write the decisions to this file (CSV, or JSON for a .json name), replacing it whole")
	}
	c.Flags().StringVar(&format, "format", "", "csv or json: the export's format (default from the file name); without --export, print it")
	return c
}

// exportDecisions writes ds as a table: to path (all or nothing, then a
// line with the path and the count), or to the output when path is "".
func (a *App) exportDecisions(ds []model.DecisionRecord, path string, f components.ExportFormat) error {
	t := components.DecisionsTable(ds, nil)
	if path == "" {
		return components.WriteTable(a.Out, f, t)
	}
	n, err := components.ExportFile(path, f, t)
	if err != nil {
		return err
	}
	return a.kit.Emit(map[string]any{"exported": n, "path": model.SafeLine(path), "format": string(f)}, func(w io.Writer) {
		fmt.Fprintf(w, "exported %d decision%s to %s (%s)\n", n, plural(n), clio.Safe(path), f)
	})
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (a *App) auditCmd() *cobra.Command {
	var limit int
	c := a.kit.Leaf(clio.Spec{Use: "audit", Short: "The audit log of agent actions, newest first", Example: "  outreach audit --limit 20",
		Args: clio.ExactArgs(0), Probe: clio.AsAgent,
		Run: func(c *clio.Call) error {
			if err := clio.LimitFlag(limit); err != nil {
				return err
			}
			ag, err := c.P.Agent()
			if err != nil {
				return err
			}
			es, err := ag.Audit(limit)
			if err != nil {
				return err
			}
			return clio.EmitEach(a.kit, es, func(w io.Writer, e model.AuditEntry) {
				reason := "" // no "()" for an action without a reason
				if e.Reason != "" {
					reason = " (" + clio.Safe(e.Reason) + ")"
				}
				fmt.Fprintf(w, "%s  %-20s %-6s %-10s %s%s\n", e.At.Format("2006-01-02 15:04"), clio.Safe(e.Actor), clio.Safe(e.Action), clio.Safe(e.SellerID), clio.Safe(e.Detail), reason)
			})
		}})
	c.Flags().IntVar(&limit, "limit", 50, "at most this many (0 = all)")
	return c
}

func (a *App) backupCmd() *cobra.Command {
	return a.kit.Leaf(clio.Spec{Use: "backup FILE|-", Short: "Write a consistent copy of the store while it is in use (- streams it to stdout)",
		Example: "  outreach backup /backups/outreach-2026-11-22.db\n  ssh -p 2222 host -- backup - > outreach.db",
		Args:    clio.ExactArgs(1), Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			if c.Args[0] == "-" {
				_, err := ad.Backup(a.Out)
				return err
			}
			if a.Remote {
				return clio.Usage("over SSH, backup streams the store: ssh HOST -- backup - > outreach.db")
			}
			n, err := ad.BackupFile(c.Args[0])
			if err != nil {
				return err
			}
			return a.kit.Emit(map[string]any{"file": c.Args[0], "bytes": n}, func(w io.Writer) {
				fmt.Fprintf(w, "backup written to %s (%d bytes)\n", clio.Safe(c.Args[0]), n)
			})
		}})
}

func (a *App) previewCmd() *cobra.Command {
	var kind string
	c := a.kit.Leaf(clio.Spec{Use: "preview SELLER CREATOR...", Short: "What a batch would cost: every creator through the checker, nothing charged",
		Example: "  outreach preview s1 c1 c2 c3 --kind invite", Args: clio.MinArgs(2), Probe: clio.AsSellerView,
		Run: func(c *clio.Call) error {
			k := model.Invite
			switch kind {
			case "invite":
			case "message":
				k = model.Message
			default:
				return clio.Usage("--kind %q: want invite or message", model.Clip(clio.Safe(kind), 20))
			}
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			ds, cost, err := v.Preview(c.Args[1:], k)
			if err != nil {
				return err
			}
			refused := 0
			for _, d := range ds {
				if !d.Allowed {
					refused++
				}
			}
			out := map[string]any{"seller": c.Args[0], "kind": kind, "cost": cost, "refused": refused, "decisions": ds}
			if len(ds) > 0 {
				out["quota_after"] = ds[len(ds)-1].Quota
			}
			return a.kit.Emit(out, func(w io.Writer) {
				for i, d := range ds {
					verdict := "ok     "
					if !d.Allowed {
						verdict = "REFUSED"
					}
					fmt.Fprintf(w, "%-14s %s %-20s %s\n", model.Clip(clio.Safe(c.Args[1+i]), 40), verdict, clio.Safe(string(d.Reason)), clio.Safe(d.Message))
				}
				fmt.Fprintf(w, "cost: %d credits; %d of %d would be refused\n", cost, refused, len(ds))
			})
		}})
	c.Flags().StringVar(&kind, "kind", "invite", "invite or message")
	return c
}
