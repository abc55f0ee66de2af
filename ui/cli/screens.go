package cli

import (
	"time"

	"github.com/spf13/cobra"

	"outreach/model"
)

// screenCmds are the local role screens: the creator inbox, the agent
// triage and the admin screens, opened on --db in this terminal.
func (a *App) screenCmds() []*cobra.Command {
	return []*cobra.Command{
		a.screenCmd("inbox CREATOR", "Open a creator's inbox: invitations, conversations, blocked sellers",
			"  outreach inbox c0000123 --db demo.db", cobra.ExactArgs(1), func() ScreenFunc { return a.Inbox }),
		a.screenCmd("triage [AGENT]", "Open the agent triage: sellers, decision logs, grants, the audit log",
			"  outreach triage --db demo.db\n  outreach triage ann", cobra.MaximumNArgs(1), func() ScreenFunc { return a.Triage }),
		a.screenCmd("admin [ADMIN]", "Open the admin screens: SSH keys and accounts",
			"  outreach admin --db demo.db", cobra.MaximumNArgs(1), func() ScreenFunc { return a.Admin }),
	}
}

// screenCmd opens one role screen; the account defaults to the local user
// (agents and admins are named in the audit log).
func (a *App) screenCmd(use, short, example string, nargs cobra.PositionalArgs, fn func() ScreenFunc) *cobra.Command {
	var theme string
	c := &cobra.Command{
		Use: use, Short: short, Example: example, Args: nargs,
		RunE: func(cmd *cobra.Command, args []string) error {
			run := fn()
			if run == nil {
				return usage("%s needs a terminal; it is not available here", cmd.Name())
			}
			account := "operator-" + localUser()
			if len(args) > 0 {
				if err := model.ValidID("account", args[0]); err != nil {
					return err
				}
				account = args[0]
			}
			st, err := a.open(cmd)
			if err != nil {
				return err
			}
			now := time.Now
			if a.flags.now != "" {
				t, err := a.now()
				if err != nil {
					return err
				}
				now = func() time.Time { return t }
			}
			return run(st, account, theme, now)
		},
	}
	c.Flags().StringVar(&theme, "theme", "", "colour theme: dark, light, high-contrast or no-colour")
	return c
}
