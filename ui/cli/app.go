// Package cli is the operations command line: the subcommands of the SPEC's
// "Operations CLI", in text and --json, with its exit codes. The same
// commands run locally (opening the store file) and over SSH (on the store
// the server holds, with the key's role deciding what is allowed).
package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"outreach/model"
	"outreach/store"

	"github.com/spf13/cobra"
)

// Exit statuses, as the SPEC names them.
const (
	ExitOK      = 0
	ExitError   = 1
	ExitUsage   = 2
	ExitRefused = 3
)

// ConsoleFunc runs the interactive console for a seller on an open store.
type ConsoleFunc func(st *store.Store, seller, theme string, now func() time.Time) error

// ScreenFunc runs a role's interactive screen for an account on an open store.
type ScreenFunc func(st *store.Store, account, theme string, now func() time.Time) error

// Access decides whether the caller may run a command; nil allows all (the
// local operator). cmd is the command path without the program name, e.g.
// "quota" or "seller add"; args are its positional arguments; write says
// whether it changes anything.
type Access func(cmd string, args []string, write bool) error

// App is one invocation of the command line.
type App struct {
	Out, Err io.Writer
	// Store, when set, is an already open store (the SSH server's); otherwise
	// the command opens --db itself.
	Store *store.Store
	// Console runs the interactive console; nil where there is none (SSH exec).
	Console ConsoleFunc
	// Access checks permissions; nil allows everything.
	Access Access
	// Actor names who acts, for the audit log; "" = the local operator.
	Actor string
	// Remote is true over SSH: --now is then only for reads or admins, and
	// --db is refused.
	Remote bool
	// ServeHint is the SSH form shown when the store is in use, e.g. "ssh -p 2222 localhost".
	ServeHint string
	// Serve runs the SSH server for `outreach serve`; nil where there is none.
	Serve ServeFunc
	// Inbox, Triage and Admin run the creator, agent and admin screens on an
	// open store (`outreach inbox|triage|admin`); nil where there are none.
	Inbox, Triage, Admin ScreenFunc

	flags globalFlags
	st    *store.Store
	code  int
}

type globalFlags struct {
	db, now, policy, theme, as string
	json                       bool
}

// exitError carries an exit status with its message.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usage(format string, a ...any) error {
	return &exitError{ExitUsage, fmt.Errorf(format, a...)}
}

// Run executes args (without the program name) and returns the exit status.
func (a *App) Run(args []string) int {
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(a.Out)
	root.SetErr(a.Err)
	err := root.Execute()
	if a.st != nil && a.st != a.Store {
		if cerr := a.st.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}
	if err != nil {
		code := classify(err)
		a.printErr(err)
		return code
	}
	return a.code
}

// classify maps an error to the SPEC's exit status.
func classify(err error) int {
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, model.ErrInvalid), errors.Is(err, model.ErrNotFound):
		return ExitUsage
	case errors.Is(err, store.ErrBlocked):
		return ExitRefused
	case errors.Is(err, model.ErrForbidden):
		return ExitUsage
	case isUsageErr(err):
		return ExitUsage
	}
	return ExitError
}

// isUsageErr recognises cobra's own argument and flag errors.
func isUsageErr(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "requires at most", "invalid argument", "flag needs an argument", "required flag", "bad flag syntax", "if any flags in the group"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func (a *App) printErr(err error) {
	msg := model.SafeLine(err.Error())
	// "invalid input" adds nothing to a message that says what is wrong.
	msg = strings.TrimSuffix(msg, ": "+model.ErrInvalid.Error())
	if a.flags.json {
		json.NewEncoder(a.Out).Encode(map[string]any{"error": msg, "exit": classify(err)})
		return
	}
	fmt.Fprintln(a.Err, "outreach:", msg)
}

// now is the instant commands evaluate at: --now or the clock.
func (a *App) now() (time.Time, error) {
	if a.flags.now == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, a.flags.now)
	if err != nil {
		return time.Time{}, usage("--now %q: want an RFC 3339 instant like 2026-11-22T09:00:00Z", model.Clip(model.SafeLine(a.flags.now), 40))
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
		return nil, usage("--policy: %v", err)
	}
	defer f.Close()
	p, err := model.LoadPolicy(f)
	if err != nil {
		return nil, &exitError{ExitUsage, fmt.Errorf("%s: %w", a.flags.policy, err)}
	}
	return p, nil
}

// open returns the store: the shared one, or --db opened now.
func (a *App) open(cmd *cobra.Command) (*store.Store, error) {
	if a.Store != nil {
		return a.Store, nil
	}
	if a.st != nil {
		return a.st, nil
	}
	p, err := a.policy()
	if err != nil {
		return nil, err
	}
	path := a.flags.db
	if path == "" {
		path = DefaultDB()
	}
	st, err := store.Open(path, store.Options{Policy: p})
	if errors.Is(err, store.ErrInUse) {
		hint := a.ServeHint
		if hint == "" {
			hint = "ssh -p 2222 localhost"
		}
		return nil, fmt.Errorf("%s is in use by another process (a running `outreach serve`?); run the command over SSH instead: %s -- %s",
			path, hint, strings.Join(sshArgs(cmd), " "))
	}
	if err != nil {
		return nil, err
	}
	a.st = st
	return st, nil
}

// sshArgs is the command line as it would be typed after `ssh host --`,
// without the local-only --db and --policy flags.
func sshArgs(cmd *cobra.Command) []string {
	out := strings.Fields(strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()))
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		s := args[i]
		if s == "--db" || s == "--policy" {
			i++
			continue
		}
		if strings.HasPrefix(s, "--db=") || strings.HasPrefix(s, "--policy=") {
			continue
		}
		if !contains(out, s) {
			out = append(out, shellQuote(s))
		}
	}
	return out
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(model.SafeLine(s), "'", `'\''`) + "'"
}

// emit prints a result: JSON when --json, else the text fn writes.
func (a *App) emit(v any, text func(w io.Writer)) error {
	if a.flags.json {
		enc := json.NewEncoder(a.Out)
		return enc.Encode(v)
	}
	text(a.Out)
	return nil
}

// check applies Access to a command.
func (a *App) check(cmd *cobra.Command, args []string, write bool) error {
	if a.Remote && a.flags.now != "" && write {
		if err := a.Access("--now-write", nil, true); err != nil {
			return &exitError{ExitUsage, fmt.Errorf("--now is accepted over SSH only for reads: %w", model.ErrForbidden)}
		}
	}
	if a.Access == nil {
		return nil
	}
	path := strings.TrimSpace(strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()))
	if err := a.Access(path, args, write); err != nil {
		return &exitError{ExitUsage, err}
	}
	return nil
}
