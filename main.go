// Command outreach is a terminal console for sellers who run an affiliate
// program with creators, with the operations CLI and the SSH door.
package main

import (
	"context"
	"os"

	"outreach/backend"
	"outreach/ui/admin"
	"outreach/ui/cli"
	"outreach/ui/inbox"
	"outreach/ui/seller"
	"outreach/ui/shell"
	"outreach/ui/triage"
)

// main hands the command line to the CLI door. The CLI opens the store the
// flags name and builds the process's one backend over it; the console,
// the role screens and the SSH server are handed that backend.
func main() {
	app := &cli.App{Out: os.Stdout, Err: os.Stderr, Console: cli.ConsoleFunc(screen(seller.Run)), Serve: serve,
		Inbox: screen(inbox.Run), Triage: screen(triage.Run), Admin: screen(admin.Run)}
	os.Exit(app.Run(os.Args[1:]))
}

// screen adapts a role screen's runner to the command line: it runs in this
// terminal as the CLI's principal, on the account the command names.
func screen(run func(context.Context, *backend.Backend, *backend.Principal, shell.Options) error) cli.ScreenFunc {
	return func(b *backend.Backend, p *backend.Principal, account, theme string) error {
		return run(context.Background(), b, p, shell.Options{Account: account, Theme: theme})
	}
}
