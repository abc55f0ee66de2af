package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"outreach/backend"
	"outreach/model"
	"outreach/store/importfile"

	"github.com/spf13/cobra"
)

// call is one run of a leaf command: its arguments and who acts.
type call struct {
	cmd  *cobra.Command
	args []string
	p    *backend.Principal
}

// spec describes a leaf command.
type spec struct {
	use, short, example string
	args                cobra.PositionalArgs
	// write opens (and creates) the store for writing; a read opens only
	// an existing file. It decides how the file is opened, not who may act.
	write bool
	// local commands read or write files of this machine: not over SSH.
	local bool
	// required flags, checked with a usage error.
	required []string
	// probe asks the principal, with its own account, for the handle the
	// command uses; help over SSH lists the commands whose probe succeeds.
	probe func(p *backend.Principal) error
	run   func(c *call) error
	// grow, when set, estimates from the arguments how many bytes the
	// store will grow by (see store.Options.Grow).
	grow func(args []string) int64
}

// Probes: the handle each command asks for, with the principal's own account.
func asSeller(p *backend.Principal) error { _, err := p.Seller(p.Identity().Account); return err }
func asSellerView(p *backend.Principal) error {
	_, err := p.SellerView(p.Identity().Account)
	return err
}
func asCreator(p *backend.Principal) error { _, err := p.Creator(p.Identity().Account); return err }
func asSellerOrCreator(p *backend.Principal) error {
	if asSeller(p) == nil {
		return nil
	}
	return asCreator(p)
}
func asDirectory(p *backend.Principal) error { _, err := p.Directory(); return err }
func asAgent(p *backend.Principal) error     { _, err := p.Agent(); return err }
func asAdmin(p *backend.Principal) error     { _, err := p.Admin(); return err }

// probeKey is the cobra annotation that marks a leaf built by leaf().
const probeKey = "outreach-leaf"

// leaf builds a subcommand: required flags, then the principal (at --now),
// then the body, which asks the principal for its handle.
func (a *App) leaf(s spec) *cobra.Command {
	c := &cobra.Command{
		Use: s.use, Short: s.short, Example: s.example, Args: s.args,
		Annotations: map[string]string{probeKey: "yes"},
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, f := range s.required {
				if !cmd.Flags().Changed(f) {
					return usage("--%s is required (see %s --help)", f, cmd.CommandPath())
				}
			}
			if s.local && a.Remote {
				return usage("%s works on files of the server's machine; run it there", cmd.CommandPath())
			}
			if s.grow != nil {
				a.grow = s.grow(args)
			}
			p, err := a.principal(cmd, s.write)
			if err != nil {
				return err
			}
			return s.run(&call{cmd: cmd, args: args, p: p})
		},
	}
	if a.Remote && a.Principal != nil && (s.local || s.probe(a.Principal) != nil) {
		c.Hidden = true // help over SSH lists what the key may run
	}
	return c
}

// group is a command that only holds subcommands.
func group(use, short string, subs ...*cobra.Command) *cobra.Command {
	g := &cobra.Command{Use: use, Short: short, Args: noSubcommand,
		RunE: func(c *cobra.Command, args []string) error {
			return usage("%s needs a subcommand (see %s --help)", c.CommandPath(), c.CommandPath())
		}}
	g.AddCommand(subs...)
	hidden := true
	for _, s := range subs {
		hidden = hidden && s.Hidden
	}
	g.Hidden = hidden
	return g
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
		Args:          noSubcommand,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.Console == nil || a.Remote {
				return usage("the console needs a terminal; give a command (see --help)")
			}
			return a.runConsole(cmd, a.flags.as)
		},
	}
	root.SetFlagErrorFunc(flagError)
	root.CompletionOptions.DisableDefaultCmd = a.Remote
	pf := root.PersistentFlags()
	if !a.Remote {
		pf.StringVar(&a.flags.db, "db", "", "store file (default $OUTREACH_DB, else "+DefaultDB()+")")
		pf.StringVar(&a.flags.store, "store", "", "an etcd cluster holding the store, etcd://host:port,host:port (default $OUTREACH_STORE; see README)")
		pf.StringVar(&a.flags.policy, "policy", "", "quota and level policy, a JSON file (default: the SPEC's defaults)")
	}
	pf.BoolVar(&a.flags.json, "json", false, "print one JSON object per result")
	pf.StringVar(&a.flags.now, "now", "", "evaluate as of this RFC 3339 instant instead of the clock")
	if !a.Remote {
		root.Flags().StringVar(&a.flags.as, "as", "", "the seller to act as in the console (default: the first seller)")
		addScreenFlags(root.Flags(), &a.flags.screen)
	}

	root.AddCommand(
		group("seller", "Manage sellers", a.sellerAdd(), a.sellerList()),
		group("gmv", "Record seller GMV", a.gmvAdd()),
		group("creator", "Manage creators", a.creatorAdd(), a.creatorShow()),
		group("import", "Import data", a.importCreators(), a.importPerformance()),
		a.outreachCmd(model.Invite), a.outreachCmd(model.Message),
		a.replyCmd(), a.showcaseCmd(), a.blockCmd(true), a.blockCmd(false),
		a.quotaCmd(), a.grantCmd(), a.decisionsCmd(), a.auditCmd(), a.backupCmd(), a.previewCmd(),
		group("levels", "Creator levels", a.levelsRecompute()),
		group("perf", "Affiliate performance", a.perfAdd()),
		group("segments", "Affiliate segments", a.segmentsRecompute()),
		a.affiliatesCmd(), a.kpiCmd(), a.flagsCmds(),
		group("goal", "Affiliate and segment goals", a.goalSet(), a.goalList()),
		group("key", "Manage the SSH keys that log in, each with a role and account", a.keyAdd(), a.keyList(), a.keyRemove()),
	)
	root.AddCommand(a.templateCmds(), a.campaignCmds(), a.milestoneCmds(), a.draftsCmds())
	root.AddCommand(a.offerCmds()...)
	if !a.Remote {
		root.AddCommand(a.demoCmd(), a.checkCmd(), a.serveCmd(), a.migrateCmd())
		root.AddCommand(a.screenCmds()...)
	}
	setFlagErrors(root)
	return root
}

// setFlagErrors makes every command's flag errors usage errors.
func setFlagErrors(c *cobra.Command) {
	c.SetFlagErrorFunc(flagError)
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
func Leaf(c *cobra.Command) bool { return c.Annotations[probeKey] != "" }

func (a *App) sellerAdd() *cobra.Command {
	var name, tz, cats string
	c := a.leaf(spec{use: "add ID", short: "Create a seller, or update its name, zone and categories",
		example: "  outreach seller add s1 --name 'Acme Kitchen' --tz Europe/Paris --categories kitchen,home",
		args:    exactArgs(1), write: true, probe: asAdmin,
		run: func(c *call) error {
			ad, err := c.p.Admin()
			if err != nil {
				return err
			}
			created, err := ad.PutSeller(model.Seller{ID: c.args[0], Name: name, TZ: tz, Categories: splitList(cats, ",")})
			if err != nil {
				return err
			}
			v, err := c.p.SellerView(c.args[0])
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
			return a.emit(map[string]any{"seller": got.ID, "name": got.Name, "tz": zoneName(got.TZ), "categories": nonNil(got.Categories), "created": created},
				func(w io.Writer) {
					fmt.Fprintf(w, "seller %s %s: %s, zone %s\n", safe(got.ID), verb, safe(got.Name), safe(zoneName(got.TZ)))
				})
		}})
	c.Flags().StringVar(&name, "name", "", "display name (default: the id)")
	c.Flags().StringVar(&tz, "tz", "", "IANA time zone, e.g. America/New_York (default UTC)")
	c.Flags().StringVar(&cats, "categories", "", "product categories, comma-separated")
	return c
}

func (a *App) sellerList() *cobra.Command {
	return a.leaf(spec{use: "list", short: "List sellers with their quota", example: "  outreach seller list --json",
		args: exactArgs(0), probe: asAgent,
		run: func(c *call) error {
			ag, err := c.p.Agent()
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
				err = a.emit(map[string]any{"seller": s.ID, "name": s.Name, "tz": zoneName(s.TZ), "quota": q}, func(w io.Writer) {
					fmt.Fprintf(w, "%-12s %-28s %s\n", safe(s.ID), model.Clip(safe(s.Name), 28), quotaLine(q))
				})
				if err != nil {
					return err
				}
			}
			return nil
		}})
}

// day checks a YYYY-MM-DD flag: a calendar day between 1970 and 2200.
func day(flag, s string) error {
	t, err := time.Parse(model.DayLayout, s)
	if err != nil || len(s) != 10 {
		return usage("--%s %q: want YYYY-MM-DD", flag, model.Clip(safe(s), 20))
	}
	if err := model.CheckInstant(t); err != nil {
		return fmt.Errorf("--%s: %w", flag, err)
	}
	return nil
}

func (a *App) gmvAdd() *cobra.Command {
	var d, amount string
	c := a.leaf(spec{use: "add SELLER", short: "Add GMV (USD) to a seller's local calendar day",
		example: "  outreach gmv add s1 --day 2026-11-02 --amount 149.90", args: exactArgs(1), write: true,
		required: []string{"day", "amount"}, probe: asAdmin,
		run: func(c *call) error {
			ad, err := c.p.Admin()
			if err != nil {
				return err
			}
			if err := day("day", d); err != nil {
				return err
			}
			amt, err := model.ParseUSD(amount)
			if err != nil {
				return fmt.Errorf("--amount: %w", err)
			}
			total, err := ad.AddGMV(c.args[0], d, amt)
			if err != nil {
				return err
			}
			return a.emit(map[string]any{"seller": c.args[0], "day": d, "added": amt.Dollars(), "day_total": total.Dollars()}, func(w io.Writer) {
				fmt.Fprintf(w, "%s %s: +%s USD, day total %s USD\n", safe(c.args[0]), safe(d), amt, total)
			})
		}})
	c.Flags().StringVar(&d, "day", "", "local calendar day, YYYY-MM-DD (required)")
	c.Flags().StringVar(&amount, "amount", "", "USD with at most two decimals (required)")
	return c
}

func (a *App) creatorAdd() *cobra.Command {
	var handle, name, level, typ, cats, country, bio string
	var followers int64
	c := a.leaf(spec{use: "add ID", short: "Create or update a creator",
		example: "  outreach creator add c1 --handle lena.bakes --followers 12000 --level L3 --type affiliate --name 'Lena B'",
		args:    exactArgs(1), write: true, required: []string{"handle", "followers"}, probe: asAdmin,
		run: func(c *call) error {
			ad, err := c.p.Admin()
			if err != nil {
				return err
			}
			cr := model.Creator{ID: c.args[0], Handle: handle, Name: name, Followers: followers, Country: country, Bio: bio, Categories: splitList(cats, ",")}
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
			dir, err := c.p.Directory()
			if err != nil {
				return err
			}
			got, err := dir.Creator(c.args[0])
			if err != nil {
				return err
			}
			return a.emit(creatorJSON(&got, created), func(w io.Writer) {
				verb := "updated"
				if created {
					verb = "created"
				}
				fmt.Fprintf(w, "creator %s %s: @%s, %s, %s followers\n", safe(got.ID), verb, safe(got.Handle), got.Level, model.Thousands(got.Followers))
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
	return a.leaf(spec{use: "show CREATOR", short: "Show everything about a creator, with level history", example: "  outreach creator show c1",
		args: exactArgs(1), probe: asDirectory,
		run: func(cl *call) error {
			dir, err := cl.p.Directory()
			if err != nil {
				return err
			}
			c, err := dir.Creator(cl.args[0])
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
				fmt.Fprintf(w, "%s  @%s  %s\n", safe(c.ID), safe(c.Handle), safe(c.Name))
				fmt.Fprintf(w, "  level      %s%s\n  type       %s\n  followers  %s\n", c.Level, mark, c.Type, model.Thousands(c.Followers))
				fmt.Fprintf(w, "  categories %s\n  country    %s\n", safe(strings.Join(c.Categories, ", ")), safe(c.Country))
				fmt.Fprintf(w, "  GMV 30d    %s USD\n  active     %d of the last 30 days\n  avg views  %s\n", c.GMV30, c.ActiveDays30, model.Thousands(c.AvgViews))
				if c.Bio != "" {
					fmt.Fprintf(w, "  bio        %s\n", strings.ReplaceAll(model.SafeText(c.Bio), "\n", "\n             "))
				}
				if len(c.History) > 0 {
					fmt.Fprint(w, "  levels    ")
					for _, h := range c.History {
						fmt.Fprintf(w, " %s %s", safe(h.Month), h.Level)
					}
					fmt.Fprintln(w)
				}
			})
		}})
}

func (a *App) importCreators() *cobra.Command {
	return a.leaf(spec{use: "creators FILE", short: "Import creators from CSV (header row) or JSON Lines (.jsonl), all or nothing",
		example: "  outreach import creators creators.csv\n  outreach import creators creators.jsonl --json",
		args:    exactArgs(1), write: true, local: true, probe: asAdmin, grow: importGrowth,
		run: func(c *call) error {
			ad, err := c.p.Admin()
			if err != nil {
				return err
			}
			name := model.Clip(safe(c.args[0]), 200)
			if fi, err := os.Stat(c.args[0]); err == nil && fi.IsDir() {
				return usage("import: %s is a directory; give a .csv or .jsonl file", name)
			}
			f, err := importfile.FormatFor(c.args[0])
			if err != nil {
				return err
			}
			file, err := os.Open(c.args[0])
			if errors.Is(err, fs.ErrNotExist) {
				return usage("import: %s: no such file", name)
			}
			if err != nil {
				return usage("import: %s: %v", name, errors.Unwrap(err))
			}
			defer file.Close()
			// The file streams into one transaction; the store may run it
			// again, so each run reads the file from its start.
			rows, runs := 0, 0
			stats, err := ad.ImportCreatorsFrom(func(yield func(model.Creator) error) error {
				rows, runs = 0, runs+1
				if runs > 1 { // not before the first run: a pipe cannot seek
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
			return a.emit(map[string]any{"file": c.args[0], "rows": rows, "added": stats.Added, "updated": stats.Updated, "unchanged": stats.Unchanged},
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

// safe is a single-line field made safe for output.
func safe(s string) string { return model.SafeLine(s) }

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
