// Command outreach is a terminal console for sellers who run an affiliate
// program with creators, with the operations CLI and the SSH door.
package main

import (
	"os"

	"outreach/backend"
	"outreach/ui/cli"
	"outreach/ui/console"
)

// main hands the command line to the CLI door. The CLI opens the store the
// flags name and builds the process's one backend over it; the console,
// the role screens and the SSH server are handed that backend.
func main() {
	app := &cli.App{Out: os.Stdout, Err: os.Stderr, Console: runConsole, Serve: serve,
		Inbox: screen(console.RunInbox), Triage: screen(console.RunTriage), Admin: screen(console.RunAdmin)}
	os.Exit(app.Run(os.Args[1:]))
}

// runConsole opens the seller console in this terminal.
func runConsole(b *backend.Backend, p *backend.Principal, seller, theme string) error {
	return console.Run(console.Options{Store: b.Store(), Seller: seller, Theme: theme, Now: p.Now})
}

// screen adapts a role screen's runner to the command line.
func screen(run func(console.Options, string) error) cli.ScreenFunc {
	return func(b *backend.Backend, p *backend.Principal, account, theme string) error {
		return run(console.Options{Store: b.Store(), Theme: theme, Now: p.Now}, account)
	}
}
