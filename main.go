// Command outreach is a terminal console for sellers who run an affiliate
// program with creators, with the operations CLI and the SSH door.
package main

import (
	"context"
	"os"
	"time"

	"outreach/backend"
	"outreach/store"
	"outreach/ui/admin"
	"outreach/ui/cli"
	"outreach/ui/inbox"
	"outreach/ui/seller"
	"outreach/ui/shell"
	"outreach/ui/triage"
)

func main() {
	app := &cli.App{Out: os.Stdout, Err: os.Stderr, Console: runConsole, Serve: serve,
		Inbox:  screen(backend.RoleAdmin, inbox.Run),
		Triage: screen(backend.RoleAgent, triage.Run),
		Admin:  screen(backend.RoleAdmin, admin.Run)}
	os.Exit(app.Run(os.Args[1:]))
}

// runFunc is a screen's local runner.
type runFunc func(context.Context, *backend.Backend, *backend.Principal, shell.Options) error

// runConsole opens the seller console in this terminal as the local operator.
func runConsole(st *store.Store, account, theme string, now func() time.Time) error {
	b := backend.New(st, backend.Options{Now: now})
	defer b.Close()
	return seller.Run(context.Background(), b, b.Operator(), shell.Options{Account: account, Theme: theme})
}

// screen adapts a role screen's runner to the command line: the local
// operator acts in role under the account's name (named in the audit log).
func screen(role backend.Role, run runFunc) cli.ScreenFunc {
	return func(st *store.Store, account, theme string, now func() time.Time) error {
		b := backend.New(st, backend.Options{Now: now})
		defer b.Close()
		p := b.As(backend.Identity{Role: role, Name: account})
		return run(context.Background(), b, p, shell.Options{Account: account, Theme: theme})
	}
}
