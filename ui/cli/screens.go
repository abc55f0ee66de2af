package cli

import (
	"github.com/spf13/cobra"

	"outreach/backend"
	"outreach/model"
)

// screenCmds are the local role screens: the creator inbox, the agent
// triage and the admin screens, opened on --db in this terminal. They are
// not exec commands: over SSH a key opens its role's screen by logging in
// with a terminal.
func (a *App) screenCmds() []*cobra.Command {
	return []*cobra.Command{
		a.screenCmd("inbox CREATOR", "Open a creator's inbox: invitations, conversations, blocked sellers",
			"  outreach inbox c0000123 --db demo.db", exactArgs(1), func() ScreenFunc { return a.Inbox }),
		a.screenCmd("triage [AGENT]", "Open the agent triage: sellers, decision logs, grants, the audit log",
			"  outreach triage --db demo.db\n  outreach triage ann", maxArgs(1), func() ScreenFunc { return a.Triage }),
		a.screenCmd("admin [ADMIN]", "Open the admin screens: SSH keys and accounts",
			"  outreach admin --db demo.db", maxArgs(1), func() ScreenFunc { return a.Admin }),
	}
}

// screenCmd opens one role screen as the local operator; the account
// defaults to the local user (agents and admins are named in the audit log).
func (a *App) screenCmd(use, short, example string, nargs cobra.PositionalArgs, fn func() ScreenFunc) *cobra.Command {
	var theme string
	c := &cobra.Command{
		Use: use, Short: short, Example: example, Args: nargs,
		RunE: func(cmd *cobra.Command, args []string) error {
			run := fn()
			if run == nil || a.Remote {
				return usage("%s needs a terminal; it is not available here", cmd.Name())
			}
			if err := a.operatorOnly(); err != nil {
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
			return a.holding(holderConsole, func(b *backend.Backend) error { return run(b, p, account, theme) })
		},
	}
	c.Flags().StringVar(&theme, "theme", "", "colour theme: dark, light, high-contrast or no-colour")
	return c
}

// runConsole opens the seller console as the local operator.
func (a *App) runConsole(cmd *cobra.Command, seller string) error {
	if err := a.operatorOnly(); err != nil {
		return err
	}
	p, err := a.principal(cmd, true)
	if err != nil {
		return err
	}
	return a.holding(holderConsole, func(b *backend.Backend) error { return a.Console(b, p, seller, a.flags.theme) })
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
