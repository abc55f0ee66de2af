// Command outreach is a terminal console for sellers who run an affiliate
// program with creators, with the operations CLI and the SSH door.
package main

import (
	"os"
	"time"

	"outreach/store"
	"outreach/ui/cli"
	"outreach/ui/console"
)

func main() {
	app := &cli.App{Out: os.Stdout, Err: os.Stderr, Console: runConsole, Serve: serve,
		Inbox: screen(console.RunInbox), Triage: screen(console.RunTriage), Admin: screen(console.RunAdmin)}
	os.Exit(app.Run(os.Args[1:]))
}

// runConsole opens the console in this terminal.
func runConsole(st *store.Store, seller, theme string, now func() time.Time) error {
	return console.Run(console.Options{Store: st, Seller: seller, Theme: theme, Now: now})
}

// screen adapts a role screen's runner to the command line.
func screen(run func(console.Options, string) error) cli.ScreenFunc {
	return func(st *store.Store, account, theme string, now func() time.Time) error {
		return run(console.Options{Store: st, Theme: theme, Now: now}, account)
	}
}
