package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"outreach/model"
	"outreach/store"
	"outreach/store/importfile"

	"github.com/spf13/cobra"
)

// action is the body of a command that works on the store at an instant.
type action func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error

// leaf builds a subcommand that checks access, opens the store and runs fn.
func (a *App) leaf(use, short, example string, nargs cobra.PositionalArgs, write bool, fn action) *cobra.Command {
	return &cobra.Command{
		Use: use, Short: short, Example: example, Args: nargs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.check(cmd, args, write); err != nil {
				return err
			}
			now, err := a.now()
			if err != nil {
				return err
			}
			st, err := a.open(cmd)
			if err != nil {
				return err
			}
			return fn(cmd, args, st, now)
		},
	}
}

func (a *App) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "outreach",
		Short: "A terminal console for sellers who run an affiliate program with creators",
		Long: `outreach: find creators, invite them to a Target Collaboration, chat with them,
and keep a block list, with every outreach action checked against the weekly quota.

Run without a command to open the console on the store (--as picks the seller).
Run "outreach demo" to open it on a deterministic demo store.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.Console == nil {
				return usage("the console needs a terminal; give a command (see --help)")
			}
			st, err := a.open(cmd)
			if err != nil {
				return err
			}
			return a.runConsole(st, a.flags.as)
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usage("%v (see %s --help)", err, c.CommandPath()) })
	pf := root.PersistentFlags()
	if !a.Remote {
		pf.StringVar(&a.flags.db, "db", "", "store file (default $OUTREACH_DB, else "+DefaultDB()+")")
		pf.StringVar(&a.flags.policy, "policy", "", "quota and level policy, a JSON file (default: the SPEC's defaults)")
	}
	pf.BoolVar(&a.flags.json, "json", false, "print one JSON object per result")
	pf.StringVar(&a.flags.now, "now", "", "evaluate as of this RFC 3339 instant instead of the clock")
	root.Flags().StringVar(&a.flags.as, "as", "", "the seller to act as in the console (default: the first seller)")
	root.Flags().StringVar(&a.flags.theme, "theme", "", "colour theme: dark, light, high-contrast or no-colour")

	seller := &cobra.Command{Use: "seller", Short: "Manage sellers"}
	seller.AddCommand(a.sellerAdd(), a.sellerList())
	gmv := &cobra.Command{Use: "gmv", Short: "Record seller GMV"}
	gmv.AddCommand(a.gmvAdd())
	creator := &cobra.Command{Use: "creator", Short: "Manage creators"}
	creator.AddCommand(a.creatorAdd(), a.creatorShow())
	imp := &cobra.Command{Use: "import", Short: "Import data"}
	imp.AddCommand(a.importCreators())
	root.AddCommand(seller, gmv, creator, imp,
		a.outreachCmd(model.Invite), a.outreachCmd(model.Message),
		a.replyCmd(), a.showcaseCmd(), a.blockCmd(true), a.blockCmd(false),
		a.quotaCmd(), a.grantCmd(), a.decisionsCmd(), a.auditCmd(), a.backupCmd(), a.previewCmd(), a.levelsCmd())
	root.AddCommand(a.keyCmd())
	if !a.Remote {
		root.AddCommand(a.demoCmd())
		root.AddCommand(a.checkCmd())
		root.AddCommand(a.serveCmd())
		root.AddCommand(a.screenCmds()...)
	}
	for _, c := range root.Commands() {
		c.SetFlagErrorFunc(root.FlagErrorFunc())
	}
	return root
}

func (a *App) runConsole(st *store.Store, seller string) error {
	now := time.Now
	if a.flags.now != "" {
		t, err := a.now()
		if err != nil {
			return err
		}
		now = func() time.Time { return t }
	}
	return a.Console(st, seller, a.flags.theme, now)
}

func (a *App) sellerAdd() *cobra.Command {
	var name, tz, cats string
	c := a.leaf("add ID", "Create a seller, or update its name, zone and categories",
		"  outreach seller add s1 --name 'Acme Kitchen' --tz Europe/Paris --categories kitchen,home",
		cobra.ExactArgs(1), true, func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			sl := model.Seller{ID: args[0], Name: name, TZ: tz, Categories: splitList(cats, ",")}
			created, err := st.PutSeller(sl, now)
			if err != nil {
				return err
			}
			got, err := st.Seller(args[0])
			if err != nil {
				return err
			}
			verb := "updated"
			if created {
				verb = "created"
			}
			return a.emit(map[string]any{"seller": got.ID, "name": got.Name, "tz": zoneName(got.TZ), "categories": nonNil(got.Categories), "created": created},
				func(w io.Writer) {
					fmt.Fprintf(w, "seller %s %s: %s, zone %s\n", got.ID, verb, got.Name, zoneName(got.TZ))
				})
		})
	c.Flags().StringVar(&name, "name", "", "display name (default: the id)")
	c.Flags().StringVar(&tz, "tz", "", "IANA time zone, e.g. America/New_York (default UTC)")
	c.Flags().StringVar(&cats, "categories", "", "product categories, comma-separated")
	return c
}

func (a *App) sellerList() *cobra.Command {
	return a.leaf("list", "List sellers with their quota", "  outreach seller list --json", cobra.NoArgs, false,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			sellers, err := st.Sellers()
			if err != nil {
				return err
			}
			for _, s := range sellers {
				q, err := st.Quota(s.ID, now)
				if err != nil {
					return err
				}
				err = a.emit(map[string]any{"seller": s.ID, "name": s.Name, "tz": zoneName(s.TZ), "quota": q}, func(w io.Writer) {
					fmt.Fprintf(w, "%-12s %-28s %s\n", s.ID, model.Clip(s.Name, 28), quotaLine(q))
				})
				if err != nil {
					return err
				}
			}
			return nil
		})
}

func (a *App) gmvAdd() *cobra.Command {
	var day, amount string
	c := a.leaf("add SELLER", "Add GMV (USD) to a seller's local calendar day",
		"  outreach gmv add s1 --day 2026-11-02 --amount 149.90", cobra.ExactArgs(1), true,
		func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			amt, err := model.ParseUSD(amount)
			if err != nil {
				return fmt.Errorf("--amount: %w", err)
			}
			total, err := st.AddGMV(args[0], day, amt)
			if err != nil {
				return err
			}
			return a.emit(map[string]any{"seller": args[0], "day": day, "added": amt.Dollars(), "day_total": total.Dollars()}, func(w io.Writer) {
				fmt.Fprintf(w, "%s %s: +%s USD, day total %s USD\n", args[0], day, amt, total)
			})
		})
	c.Flags().StringVar(&day, "day", "", "local calendar day, YYYY-MM-DD (required)")
	c.Flags().StringVar(&amount, "amount", "", "USD with at most two decimals (required)")
	c.MarkFlagRequired("day")
	c.MarkFlagRequired("amount")
	return c
}

func (a *App) creatorAdd() *cobra.Command {
	var handle, name, level, typ, cats, country, bio string
	var followers int64
	c := a.leaf("add ID", "Create or update a creator",
		"  outreach creator add c1 --handle lena.bakes --followers 12000 --level L3 --type affiliate --name 'Lena B'",
		cobra.ExactArgs(1), true, func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			cr := model.Creator{ID: args[0], Handle: handle, Name: name, Followers: followers, Country: country, Bio: bio, Categories: splitList(cats, ",")}
			var err error
			if level != "" {
				if cr.Level, err = model.ParseLevel(level); err != nil {
					return fmt.Errorf("--level: %w", err)
				}
			}
			if cr.Type, err = model.ParseCreatorType(typ); err != nil {
				return fmt.Errorf("--type: %w", err)
			}
			created, err := st.PutCreator(cr, now)
			if err != nil {
				return err
			}
			got, err := st.Creator(args[0])
			if err != nil {
				return err
			}
			return a.emit(creatorJSON(&got, created), func(w io.Writer) {
				verb := "updated"
				if created {
					verb = "created"
				}
				fmt.Fprintf(w, "creator %s %s: @%s, %s, %s followers\n", got.ID, verb, got.Handle, got.Level, model.Thousands(got.Followers))
			})
		})
	f := c.Flags()
	f.StringVar(&handle, "handle", "", "handle, 2-24 of a-z 0-9 . _ (required)")
	f.Int64Var(&followers, "followers", 0, "follower count (required)")
	f.StringVar(&level, "level", "", "level L0..L8 (default L0)")
	f.StringVar(&typ, "type", "affiliate", "affiliate or link-share")
	f.StringVar(&name, "name", "", "display name")
	f.StringVar(&cats, "categories", "", "categories, comma-separated")
	f.StringVar(&country, "country", "", "country")
	f.StringVar(&bio, "bio", "", "bio (at most 2000 characters)")
	c.MarkFlagRequired("handle")
	c.MarkFlagRequired("followers")
	return c
}

func creatorJSON(c *model.Creator, created bool) map[string]any {
	hist := make([]map[string]string, len(c.History))
	for i, h := range c.History {
		hist[i] = map[string]string{"month": h.Month, "level": h.Level.String()}
	}
	perf := make([]map[string]any, len(c.Perf))
	for i, p := range c.Perf {
		perf[i] = map[string]any{"month": p.Month, "gmv": p.GMV.Dollars(), "active_days": p.ActiveDays, "products": p.Products}
	}
	return map[string]any{
		"id": c.ID, "handle": c.Handle, "name": c.Name, "followers": c.Followers, "level": c.Level.String(),
		"falling": c.Falling(), "type": c.Type.String(), "categories": nonNil(c.Categories), "country": c.Country,
		"bio": c.Bio, "gmv_30d": c.GMV30.Dollars(), "active_days_30d": c.ActiveDays30, "avg_views": c.AvgViews,
		"level_history": hist, "performance": perf, "created": created,
	}
}

func (a *App) creatorShow() *cobra.Command {
	return a.leaf("show CREATOR", "Show everything about a creator, with level history", "  outreach creator show c1",
		cobra.ExactArgs(1), false, func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			c, err := st.Creator(args[0])
			if err != nil {
				return err
			}
			v := creatorJSON(&c, false)
			delete(v, "created")
			return a.emit(v, func(w io.Writer) {
				mark := ""
				if c.Falling() {
					mark = " (falling)"
				}
				fmt.Fprintf(w, "%s  @%s  %s\n", c.ID, c.Handle, model.SafeLine(c.Name))
				fmt.Fprintf(w, "  level      %s%s\n  type       %s\n  followers  %s\n", c.Level, mark, c.Type, model.Thousands(c.Followers))
				fmt.Fprintf(w, "  categories %s\n  country    %s\n", model.SafeLine(strings.Join(c.Categories, ", ")), model.SafeLine(c.Country))
				fmt.Fprintf(w, "  GMV 30d    %s USD\n  active     %d of the last 30 days\n  avg views  %s\n", c.GMV30, c.ActiveDays30, model.Thousands(c.AvgViews))
				if c.Bio != "" {
					fmt.Fprintf(w, "  bio        %s\n", strings.ReplaceAll(model.SafeText(c.Bio), "\n", "\n             "))
				}
				if len(c.History) > 0 {
					fmt.Fprint(w, "  levels    ")
					for _, h := range c.History {
						fmt.Fprintf(w, " %s %s", h.Month, h.Level)
					}
					fmt.Fprintln(w)
				}
			})
		})
}

func (a *App) importCreators() *cobra.Command {
	return a.leaf("creators FILE", "Import creators from CSV (header row) or JSON Lines (.jsonl), all or nothing",
		"  outreach import creators creators.csv\n  outreach import creators creators.jsonl --json",
		cobra.ExactArgs(1), true, func(cmd *cobra.Command, args []string, st *store.Store, now time.Time) error {
			if a.Remote {
				return usage("import reads a local file; run it on the server's machine")
			}
			f, err := importfile.FormatFor(args[0])
			if err != nil {
				return err
			}
			file, err := os.Open(args[0])
			if err != nil {
				return usage("import: %v", err)
			}
			defer file.Close()
			cs, err := importfile.Parse(file, f, importfile.DefaultLimits)
			if err != nil {
				return fmt.Errorf("import %s: %w", args[0], err)
			}
			stats, err := st.ImportCreators(cs, now)
			if err != nil {
				return fmt.Errorf("import %s: %w", args[0], err)
			}
			return a.emit(map[string]any{"file": args[0], "rows": len(cs), "added": stats.Added, "updated": stats.Updated, "unchanged": stats.Unchanged},
				func(w io.Writer) {
					fmt.Fprintf(w, "imported %d rows: %d added, %d updated, %d unchanged\n", len(cs), stats.Added, stats.Updated, stats.Unchanged)
				})
		})
}

func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func zoneName(tz string) string {
	if tz == "" {
		return "UTC"
	}
	return tz
}
