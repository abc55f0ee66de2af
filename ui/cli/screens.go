package cli

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"outreach/backend"
	"outreach/model"
	"outreach/themes"
	"outreach/ui/cli/clio"
	"outreach/ui/shell"
)

// screenCmds are the local role screens: the creator inbox, the agent
// triage and the admin screens, opened on --db in this terminal. They are
// not exec commands: over SSH a key opens its role's screen by logging in
// with a terminal.
func (a *App) screenCmds() []*cobra.Command {
	return []*cobra.Command{
		a.screenCmd("inbox CREATOR", "Open a creator's inbox: invitations, conversations, blocked sellers",
			"  outreach inbox c0000123 --db demo.db", clio.ExactArgs(1), func() ScreenFunc { return a.Inbox }),
		a.screenCmd("triage [AGENT]", "Open the agent triage: sellers, decision logs, grants, the audit log",
			"  outreach triage --db demo.db\n  outreach triage ann --read-only", clio.MaxArgs(1), func() ScreenFunc { return a.Triage }),
		a.screenCmd("admin [ADMIN]", "Open the admin screens: SSH keys and accounts",
			"  outreach admin --db demo.db", clio.MaxArgs(1), func() ScreenFunc { return a.Admin }),
	}
}

// screenFlags are the flags every screen command shares.
type screenFlags struct {
	theme, keys string
	readOnly    bool
}

// addScreenFlags adds --theme, --read-only and --keys to a screen command.
func addScreenFlags(f *pflag.FlagSet, sf *screenFlags) {
	f.StringVar(&sf.theme, "theme", "", "colour theme: dark, light, high-contrast or no-colour (default dark, light on a light terminal)")
	f.BoolVar(&sf.readOnly, "read-only", false, "look without touching: every screen works, nothing can be sent or changed")
	f.StringVar(&sf.keys, "keys", "", "key config file (default "+keysDefault()+")")
}

func keysDefault() string {
	if p := shell.DefaultKeyConfigPath(); p != "" {
		return "$XDG_CONFIG_HOME/outreach/" + shell.KeyConfigFile
	}
	return "none"
}

// check validates the screen flags before anything opens: a bad theme or
// key config is bad usage (exit 2) and nothing starts.
func (sf *screenFlags) check() (shell.KeyConfig, error) {
	if _, err := themes.ByName(sf.theme); err != nil {
		return nil, clio.Usage("--theme: %s", model.SafeLine(err.Error()))
	}
	path, required := sf.keys, true
	if path == "" {
		path, required = shell.DefaultKeyConfigPath(), false
	}
	kc, err := shell.LoadKeyConfig(path, required)
	if err != nil {
		return nil, &clio.StatusError{Code: clio.ExitUsage, Err: err}
	}
	return kc, nil
}

// options are the shell options of a screen for account, and the
// principal it runs as (read-only for --read-only).
func (sf *screenFlags) options(p *backend.Principal, account string, kc shell.KeyConfig) (*backend.Principal, shell.Options) {
	if sf.readOnly {
		p = p.ReadOnly()
	}
	return p, shell.Options{Account: account, Theme: sf.theme, ReadOnly: p.IsReadOnly(), Keys: kc}
}

// screenCmd opens one role screen as the local operator; the account
// defaults to the local user (agents and admins are named in the audit log).
func (a *App) screenCmd(use, short, example string, nargs cobra.PositionalArgs, fn func() ScreenFunc) *cobra.Command {
	var sf screenFlags
	c := &cobra.Command{
		Use: use, Short: short, Example: example, Args: nargs,
		RunE: func(cmd *cobra.Command, args []string) error {
			run := fn()
			if run == nil || a.Remote {
				return clio.Usage("%s needs a terminal; it is not available here", cmd.Name())
			}
			if err := a.operatorOnly(); err != nil {
				return err
			}
			kc, err := sf.check()
			if err != nil {
				return err
			}
			account := "operator-" + localUser()
			if len(args) > 0 {
				if err := model.ValidID("account", args[0]); err != nil {
					return err
				}
				account = args[0]
			}
			p, err := a.principal(cmd, true)
			if err != nil {
				return err
			}
			p, opts := sf.options(p, account, kc)
			return a.holding(holderConsole, func(b *backend.Backend) error { return run(b, p, opts) })
		},
	}
	addScreenFlags(c.Flags(), &sf)
	return c
}

// runConsole opens the seller console as the local operator.
func (a *App) runConsole(cmd *cobra.Command, seller string) error {
	if err := a.operatorOnly(); err != nil {
		return err
	}
	kc, err := a.flags.screen.check()
	if err != nil {
		return err
	}
	p, err := a.principal(cmd, true)
	if err != nil {
		return err
	}
	p, opts := a.flags.screen.options(p, seller, kc)
	return a.holding(holderConsole, func(b *backend.Backend) error { return a.Console(b, p, opts) })
}

// operatorOnly refuses the commands that work on the store file itself
// (the console, the screens, demo, serve) to anyone but an admin: the local
// operator is one.
func (a *App) operatorOnly() error {
	if a.Principal == nil {
		return nil
	}
	_, err := a.Principal.Admin()
	return err
}
