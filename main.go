// Command outreach is a terminal console for sellers who run an affiliate
// program with creators, with the operations CLI and the SSH door.
package main

import (
	"os"

	"outreach/ui/cli"
)

func main() {
	app := &cli.App{Out: os.Stdout, Err: os.Stderr}
	os.Exit(app.Run(os.Args[1:]))
}
