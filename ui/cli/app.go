// Package cli is the operations command line: the subcommands of the SPEC's
// "Operations CLI", in text and --json, with its exit codes. The same
// commands run locally (the local operator, on the store file) and over SSH
// exec (the key's principal, on the store the server holds). Every command
// asks the principal for a role-typed handle (backend.Principal's Seller,
// SellerView, Creator, Directory, Agent, Admin) and calls its methods: what
// a command may do is what that handle grants, never what its arguments say.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"outreach/backend"
	"outreach/model"
	"outreach/model/program"
	"outreach/store"
	"outreach/ui/cli/clio"
	"outreach/ui/shell"

	"github.com/spf13/cobra"
)

// Exit statuses, as the SPEC names them.
const (
	ExitOK      = clio.ExitOK
	ExitError   = clio.ExitError
	ExitUsage   = clio.ExitUsage
	ExitRefused = clio.ExitRefused
)

// ConsoleFunc runs the interactive seller console in this terminal, as the
// principal, on the backend; opts.Account is the seller ("" the first).
type ConsoleFunc func(b *backend.Backend, p *backend.Principal, opts shell.Options) error

// ScreenFunc runs a role's interactive screen (creator inbox, agent triage,
// admin) for opts.Account in this terminal, as the principal. The CLI has
// checked the theme and the key config, and made p read-only for
// --read-only.
type ScreenFunc func(b *backend.Backend, p *backend.Principal, opts shell.Options) error

// App is one invocation of the command line.
type App struct {
	Out, Err io.Writer
	// Backend, when set, is the process's backend over a store that is
	// already open (the SSH server's); otherwise a command opens --db and
	// builds the backend itself.
	Backend *backend.Backend
	// Principal is who acts; nil is the local operator.
	Principal *backend.Principal
	// Remote is true over SSH exec: --db, --policy and the commands that
	// read or write files of this machine are not offered, and help lists
	// only what the principal may run.
	Remote bool
	// Console runs the interactive console; nil where there is none.
	Console ConsoleFunc
	// Serve runs the SSH server for `outreach serve`; nil where there is none.
	Serve ServeFunc
	// Inbox, Triage and Admin run the creator, agent and admin screens
	// (`outreach inbox|triage|admin`); nil where there are none.
	Inbox, Triage, Admin ScreenFunc

	argv  []string
	flags globalFlags
	kit   *clio.Kit        // what the commands share: output, --json, the exit status
	b     *backend.Backend // built here from --db; closed at the end of Run
	grow  int64            // bytes the store is expected to grow by (store.Options.Grow)
}

type globalFlags struct {
	db, store, now, policy, as string
	screen                     screenFlags
}

// Run executes args (without the program name) and returns the exit status.
func (a *App) Run(args []string) int {
	a.argv = args
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(clio.SafeWriter{W: a.Out})
	root.SetErr(clio.SafeWriter{W: a.Err})
	err := a.execute(root)
	if a.b != nil {
		a.b.Close()
		if cerr := a.b.Store().Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		a.printErr(err)
		return classify(err)
	}
	return a.kit.Code
}

// execute runs the command tree; a panic in a command becomes an error
// (exit 1), never a crash with the bad-input status.
func (a *App) execute(root *cobra.Command) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return root.Execute()
}

func (a *App) printErr(err error) {
	msg := errText(err)
	if a.kit.JSON {
		clio.WriteJSON(a.Out, map[string]any{"error": msg, "exit": classify(err)})
		return
	}
	fmt.Fprintln(a.Err, "outreach:", msg)
}

// now is the --now instant, or zero for the clock. Out of 1970..2200 is bad input.
func (a *App) now() (time.Time, error) {
	if a.flags.now == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, a.flags.now)
	if err != nil {
		return time.Time{}, clio.Usage("--now %q: want an RFC 3339 instant like 2026-11-22T09:00:00Z", model.Clip(model.SafeLine(a.flags.now), 40))
	}
	if err := model.CheckInstant(t); err != nil {
		return time.Time{}, fmt.Errorf("--now: %w", err)
	}
	return t, nil
}

// DefaultDB is the store path when neither --db nor $OUTREACH_DB is set.
func DefaultDB() string {
	if p := os.Getenv("OUTREACH_DB"); p != "" {
		return p
	}
	return filepath.Join(DataDir(), "outreach.db")
}

// DataDir is the user data directory for outreach ($XDG_DATA_HOME/outreach
// or ~/.local/share/outreach).
func DataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "outreach")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "outreach")
	}
	return "outreach-data"
}

// policy loads --policy or the default.
func (a *App) policy() (*model.Policy, error) {
	if a.flags.policy == "" {
		return model.DefaultPolicy(), nil
	}
	f, err := os.Open(a.flags.policy)
	if err != nil {
		return nil, clio.Usage("--policy: %v", err)
	}
	defer f.Close()
	p, err := model.LoadPolicy(f)
	if err == nil {
		// The program's rules are read where the store opens; judge them
		// here too, so that a bad one is a usage error naming the file.
		_, err = program.LoadPolicy(p.Program)
	}
	if err != nil {
		return nil, &clio.StatusError{Code: clio.ExitUsage, Err: fmt.Errorf("%s: %w", a.flags.policy, err)}
	}
	return p, nil
}

// dbPath is the store: --store (an etcd cluster), else --db, else
// $OUTREACH_STORE, else $OUTREACH_DB or the default file.
func (a *App) dbPath() string {
	if a.flags.store != "" {
		return a.flags.store
	}
	if a.flags.db != "" {
		return a.flags.db
	}
	if s := os.Getenv("OUTREACH_STORE"); s != "" {
		return s
	}
	return DefaultDB()
}

// backend is the process's backend: the shared one, or --db opened now
// (created only when write is set; a read on a missing file is bad input).
func (a *App) backend(cmd *cobra.Command, write bool) (*backend.Backend, error) {
	if a.Backend != nil {
		return a.Backend, nil
	}
	if a.b != nil {
		return a.b, nil
	}
	p, err := a.policy()
	if err != nil {
		return nil, err
	}
	path := a.dbPath()
	if a.flags.store != "" && !store.IsCluster(path) {
		return nil, clio.Usage("--store %q: want etcd://host:port[,host:port...] (a file is --db)", model.Clip(model.SafeLine(path), 80))
	}
	st, err := store.Open(path, store.Options{Policy: p, MustExist: !write, Grow: a.grow})
	if errors.Is(err, store.ErrInUse) {
		return nil, a.inUse(path, cmd)
	}
	if errors.Is(err, store.ErrMissing) {
		return nil, &clio.StatusError{Code: clio.ExitUsage, Err: fmt.Errorf("%s does not exist; create it with a command that writes (seller add, import creators) or `outreach demo`: %w", path, store.ErrMissing)}
	}
	if err != nil {
		return nil, err
	}
	a.b = backend.New(st, backend.Options{})
	return a.b, nil
}

// principal is who acts, at --now when it is given: the App's principal
// or the local operator of the backend.
func (a *App) principal(cmd *cobra.Command, write bool) (*backend.Principal, error) {
	t, err := a.now() // before the store opens: a bad --now creates nothing
	if err != nil {
		return nil, err
	}
	b, err := a.backend(cmd, write)
	if err != nil {
		return nil, err
	}
	p := a.Principal
	if p == nil {
		p = b.LocalOperator(localUser())
	}
	if !t.IsZero() {
		return p.At(t)
	}
	return p, nil
}

func localUser() string {
	if u := os.Getenv("USER"); u != "" {
		return model.Clip(model.SafeLine(u), 32)
	}
	return "local"
}
