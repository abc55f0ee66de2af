package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"outreach/backend"
	"outreach/model"
	"outreach/store/importfile"
	"outreach/ui/cli/clio"
	"outreach/ui/cli/programcmd"

	"github.com/spf13/cobra"
)

func (a *App) rootCmd() *cobra.Command {
	a.kit = &clio.Kit{Out: a.Out, Remote: a.Remote, Actor: a.Principal,
		Open: func(cmd *cobra.Command, write bool, grow int64) (*backend.Principal, error) {
			a.grow = grow
			return a.principal(cmd, write)
		}}
	root := &cobra.Command{
		Use:   "outreach",
		Short: "A terminal console for sellers who run an affiliate program with creators",
		Long: `outreach: find creators, invite them to a Target Collaboration, chat with them,
and keep a block list, with every outreach action checked against the weekly quota.

Run without a command to open the console on the store (--as picks the seller).
Run "outreach demo" to open it on a deterministic demo store.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          clio.NoSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.Console == nil || a.Remote {
				return clio.Usage("the console needs a terminal; give a command (see --help)")
			}
			return a.runConsole(cmd, a.flags.as)
		},
	}
	root.SetFlagErrorFunc(clio.FlagError)
	root.CompletionOptions.DisableDefaultCmd = a.Remote
	pf := root.PersistentFlags()
	if !a.Remote {
		pf.StringVar(&a.flags.db, "db", "", "store file (default $OUTREACH_DB, else "+DefaultDB()+")")
		pf.StringVar(&a.flags.store, "store", "", "an etcd cluster holding the store, etcd://host:port,host:port (default $OUTREACH_STORE; see README)")
		pf.StringVar(&a.flags.policy, "policy", "", "quota and level policy, a JSON file (default: the SPEC's defaults)")
	}
	pf.BoolVar(&a.kit.JSON, "json", false, "print one JSON object per result")
	pf.StringVar(&a.flags.now, "now", "", "evaluate as of this RFC 3339 instant instead of the clock")
	if !a.Remote {
		root.Flags().StringVar(&a.flags.as, "as", "", "the seller to act as in the console (default: the first seller)")
		addScreenFlags(root.Flags(), &a.flags.screen)
	}

	prog := programcmd.New(a.kit)
	root.AddCommand(
		clio.Group("seller", "Manage sellers", a.sellerAdd(), a.sellerList()),
		clio.Group("gmv", "Record seller GMV", a.gmvAdd()),
		clio.Group("creator", "Manage creators", a.creatorAdd(), a.creatorShow()),
		clio.Group("import", "Import data", append([]*cobra.Command{a.importCreators()}, prog.Import...)...),
		a.outreachCmd(model.Invite), a.outreachCmd(model.Message),
		a.replyCmd(), a.showcaseCmd(), a.blockCmd(true), a.blockCmd(false),
		a.quotaCmd(), a.grantCmd(), a.decisionsCmd(), a.auditCmd(), a.backupCmd(), a.previewCmd(),
		clio.Group("levels", "Creator levels", a.levelsRecompute()),
		clio.Group("key", "Manage the SSH keys that log in, each with a role and account", a.keyAdd(), a.keyList(), a.keyRemove()),
	)
	root.AddCommand(prog.Root...)
	if !a.Remote {
		root.AddCommand(a.demoCmd(), a.checkCmd(), a.serveCmd(), a.migrateCmd())
		root.AddCommand(a.screenCmds()...)
	}
	setFlagErrors(root)
	return root
}

// setFlagErrors makes every command's flag errors usage errors.
func setFlagErrors(c *cobra.Command) {
	c.SetFlagErrorFunc(clio.FlagError)
	for _, s := range c.Commands() {
		setFlagErrors(s)
	}
}

// Tree is the whole command tree as Run builds it for this App, with
// cobra's help (and, locally, completion) commands added; the role-matrix
// test walks it.
func (a *App) Tree() *cobra.Command {
	root := a.rootCmd()
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	return root
}

// Leaf reports whether c is an operations command built by this package
// (not a group, not cobra's help or completion).
func Leaf(c *cobra.Command) bool { return clio.IsLeaf(c) }

func (a *App) sellerAdd() *cobra.Command {
	var name, tz, cats string
	c := a.kit.Leaf(clio.Spec{Use: "add ID", Short: "Create a seller, or update its name, zone and categories",
		Example: "  outreach seller add s1 --name 'Acme Kitchen' --tz Europe/Paris --categories kitchen,home",
		Args:    clio.ExactArgs(1), Write: true, Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			created, err := ad.PutSeller(model.Seller{ID: c.Args[0], Name: name, TZ: tz, Categories: clio.SplitList(cats, ",")})
			if err != nil {
				return err
			}
			v, err := c.P.SellerView(c.Args[0])
			if err != nil {
				return err
			}
			got, err := v.Seller()
			if err != nil {
				return err
			}
			verb := "updated"
			if created {
				verb = "created"
			}
			return a.kit.Emit(map[string]any{"seller": got.ID, "name": got.Name, "tz": zoneName(got.TZ), "categories": nonNil(got.Categories), "created": created},
				func(w io.Writer) {
					fmt.Fprintf(w, "seller %s %s: %s, zone %s\n", clio.Safe(got.ID), verb, clio.Safe(got.Name), clio.Safe(zoneName(got.TZ)))
				})
		}})
	c.Flags().StringVar(&name, "name", "", "display name (default: the id)")
	c.Flags().StringVar(&tz, "tz", "", "IANA time zone, e.g. America/New_York (default UTC)")
	c.Flags().StringVar(&cats, "categories", "", "product categories, comma-separated")
	return c
}

func (a *App) sellerList() *cobra.Command {
	return a.kit.Leaf(clio.Spec{Use: "list", Short: "List sellers with their quota", Example: "  outreach seller list --json",
		Args: clio.ExactArgs(0), Probe: clio.AsAgent,
		Run: func(c *clio.Call) error {
			ag, err := c.P.Agent()
			if err != nil {
				return err
			}
			sellers, err := ag.Sellers()
			if err != nil {
				return err
			}
			for _, s := range sellers {
				q, err := ag.Seller(s.ID).Quota()
				if err != nil {
					return err
				}
				err = a.kit.Emit(map[string]any{"seller": s.ID, "name": s.Name, "tz": zoneName(s.TZ), "quota": q}, func(w io.Writer) {
					fmt.Fprintf(w, "%-12s %-28s %s\n", clio.Safe(s.ID), model.Clip(clio.Safe(s.Name), 28), quotaLine(q))
				})
				if err != nil {
					return err
				}
			}
			return nil
		}})
}

func (a *App) gmvAdd() *cobra.Command {
	var d, amount string
	c := a.kit.Leaf(clio.Spec{Use: "add SELLER", Short: "Add GMV (USD) to a seller's local calendar day",
		Example: "  outreach gmv add s1 --day 2026-11-02 --amount 149.90", Args: clio.ExactArgs(1), Write: true,
		Required: []string{"day", "amount"}, Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			if err := clio.Day("day", d); err != nil {
				return err
			}
			amt, err := model.ParseUSD(amount)
			if err != nil {
				return fmt.Errorf("--amount: %w", err)
			}
			total, err := ad.AddGMV(c.Args[0], d, amt)
			if err != nil {
				return err
			}
			return a.kit.Emit(map[string]any{"seller": c.Args[0], "day": d, "added": amt.Dollars(), "day_total": total.Dollars()}, func(w io.Writer) {
				fmt.Fprintf(w, "%s %s: +%s USD, day total %s USD\n", clio.Safe(c.Args[0]), clio.Safe(d), amt, total)
			})
		}})
	c.Flags().StringVar(&d, "day", "", "local calendar day, YYYY-MM-DD (required)")
	c.Flags().StringVar(&amount, "amount", "", "USD with at most two decimals (required)")
	return c
}

func (a *App) creatorAdd() *cobra.Command {
	var handle, name, level, typ, cats, country, bio string
	var followers int64
	c := a.kit.Leaf(clio.Spec{Use: "add ID", Short: "Create or update a creator",
		Example: "  outreach creator add c1 --handle lena.bakes --followers 12000 --level L3 --type affiliate --name 'Lena B'",
		Args:    clio.ExactArgs(1), Write: true, Required: []string{"handle", "followers"}, Probe: clio.AsAdmin,
		Run: func(c *clio.Call) error {
			ad, err := c.P.Admin()
			if err != nil {
				return err
			}
			cr := model.Creator{ID: c.Args[0], Handle: handle, Name: name, Followers: followers, Country: country, Bio: bio, Categories: clio.SplitList(cats, ",")}
			if level != "" {
				if cr.Level, err = model.ParseLevel(level); err != nil {
					return fmt.Errorf("--level: %w", err)
				}
			}
			if cr.Type, err = model.ParseCreatorType(typ); err != nil {
				return fmt.Errorf("--type: %w", err)
			}
			created, err := ad.PutCreator(cr)
			if err != nil {
				return err
			}
			dir, err := c.P.Directory()
			if err != nil {
				return err
			}
			got, err := dir.Creator(c.Args[0])
			if err != nil {
				return err
			}
			return a.kit.Emit(creatorJSON(&got, created), func(w io.Writer) {
				verb := "updated"
				if created {
					verb = "created"
				}
				fmt.Fprintf(w, "creator %s %s: @%s, %s, %s followers\n", clio.Safe(got.ID), verb, clio.Safe(got.Handle), got.Level, model.Thousands(got.Followers))
			})
		}})
	f := c.Flags()
	f.StringVar(&handle, "handle", "", "handle, 2-24 of a-z 0-9 . _ (required)")
	f.Int64Var(&followers, "followers", 0, "follower count (required)")
	f.StringVar(&level, "level", "", "level L0..L8 (default L0)")
	f.StringVar(&typ, "type", "affiliate", "affiliate or link-share")
	f.StringVar(&name, "name", "", "display name")
	f.StringVar(&cats, "categories", "", "categories, comma-separated")
	f.StringVar(&country, "country", "", "country")
	f.StringVar(&bio, "bio", "", "bio (at most 2000 characters)")
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
	return a.kit.Leaf(clio.Spec{Use: "show CREATOR", Short: "Show everything about a creator, with level history", Example: "  outreach creator show c1",
		Args: clio.ExactArgs(1), Probe: clio.AsDirectory,
		Run: func(cl *clio.Call) error {
			dir, err := cl.P.Directory()
			if err != nil {
				return err
			}
			c, err := dir.Creator(cl.Args[0])
			if err != nil {
				return err
			}
			v := creatorJSON(&c, false)
			delete(v, "created")
			return a.kit.Emit(v, func(w io.Writer) {
				mark := ""
				if c.Falling() {
					mark = " (falling)"
				}
				fmt.Fprintf(w, "%s  @%s  %s\n", clio.Safe(c.ID), clio.Safe(c.Handle), clio.Safe(c.Name))
				fmt.Fprintf(w, "  level      %s%s\n  type       %s\n  followers  %s\n", c.Level, mark, c.Type, model.Thousands(c.Followers))
				fmt.Fprintf(w, "  categories %s\n  country    %s\n", clio.Safe(strings.Join(c.Categories, ", ")), clio.Safe(c.Country))
				fmt.Fprintf(w, "  GMV 30d    %s USD\n  active     %d of the last 30 days\n  avg views  %s\n", c.GMV30, c.ActiveDays30, model.Thousands(c.AvgViews))
				if c.Bio != "" {
					fmt.Fprintf(w, "  bio        %s\n", strings.ReplaceAll(model.SafeText(c.Bio), "\n", "\n             "))
				}
				if len(c.History) > 0 {
					fmt.Fprint(w, "  levels    ")
					for _, h := range c.History {
						fmt.Fprintf(w, " %s %s", clio.Safe(h.Month), h.Level)
					}
					fmt.Fprintln(w)
				}
			})
		}})
}

func (a *App) importCreators() *cobra.Command {
	return a.kit.Leaf(clio.Spec{Use: "creators FILE", Short: "Import creators from CSV (header row) or JSON Lines (.jsonl), all or nothing",
		Example: "  outreach import creators creators.csv\n  outreach import creators creators.jsonl --json",
		Args:    clio.ExactArgs(1), Write: true, Local: true, Probe: clio.AsAdmin, Grow: importGrowth,
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
			// The file streams into one transaction; the store may run it
			// again, so each run reads the file from its start.
			rows, runs := 0, 0
			stats, err := ad.ImportCreatorsFrom(func(yield func(model.Creator) error) error {
				rows, runs = 0, runs+1
				if runs > 1 { // not before the first Run: a pipe cannot seek
					if _, err := file.Seek(0, io.SeekStart); err != nil {
						return fmt.Errorf("reading import file again: %w", err)
					}
				}
				return importfile.ParseEach(file, f, importfile.DefaultLimits, func(c model.Creator) error {
					rows++
					return yield(c)
				})
			})
			if err != nil {
				return fmt.Errorf("import %s: %w", name, err)
			}
			return a.kit.Emit(map[string]any{"file": c.Args[0], "rows": rows, "added": stats.Added, "updated": stats.Updated, "unchanged": stats.Unchanged},
				func(w io.Writer) {
					fmt.Fprintf(w, "imported %d rows: %d added, %d updated, %d unchanged\n", rows, stats.Added, stats.Updated, stats.Unchanged)
				})
		}})
}

// importGrowth is what a creator import may add to the store: its records
// and pages take about 2.4 times the bytes of a CSV file (less for JSON
// Lines); three times errs high, which only sizes the memory map.
func importGrowth(args []string) int64 {
	if len(args) != 1 {
		return 0
	}
	fi, err := os.Stat(args[0])
	if err != nil || !fi.Mode().IsRegular() {
		return 0
	}
	return 3 * min(fi.Size(), importfile.DefaultLimits.MaxBytes)
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
