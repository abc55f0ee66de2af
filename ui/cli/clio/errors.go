package clio

import (
	"fmt"
	"strings"
	"time"

	"outreach/model"

	"github.com/spf13/cobra"
)

// Exit statuses, as the SPEC names them.
const (
	ExitOK      = 0
	ExitError   = 1
	ExitUsage   = 2
	ExitRefused = 3
)

// StatusError carries an exit status with its message. Usage errors (cobra's
// argument and flag errors, bad flag values) are StatusErrors with ExitUsage:
// errors are classified by type, never by their text.
type StatusError struct {
	Code int
	Err  error
}

func (e *StatusError) Error() string { return e.Err.Error() }
func (e *StatusError) Unwrap() error { return e.Err }

// Usage is a bad-usage error (exit 2).
func Usage(format string, a ...any) error {
	return &StatusError{ExitUsage, fmt.Errorf(format, a...)}
}

// FlagError wraps cobra's flag parsing errors as usage errors.
func FlagError(c *cobra.Command, err error) error {
	return &StatusError{ExitUsage, fmt.Errorf("%w (see %s --help)", err, c.CommandPath())}
}

// ArgCount is a positional-argument validator that fails with a usage
// error; max < 0 is no upper bound.
func ArgCount(min, max int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		n := len(args)
		switch {
		case min == max && n != min:
			return Usage("%s accepts %d arg(s), received %d (see %s --help)", c.Name(), min, n, c.CommandPath())
		case n < min:
			return Usage("%s requires at least %d arg(s), received %d (see %s --help)", c.Name(), min, n, c.CommandPath())
		case max >= 0 && n > max:
			return Usage("%s accepts at most %d arg(s), received %d (see %s --help)", c.Name(), max, n, c.CommandPath())
		}
		return nil
	}
}

// ExactArgs wants exactly n arguments.
func ExactArgs(n int) cobra.PositionalArgs { return ArgCount(n, n) }

// MinArgs wants n arguments or more.
func MinArgs(n int) cobra.PositionalArgs { return ArgCount(n, -1) }

// MaxArgs wants at most n arguments.
func MaxArgs(n int) cobra.PositionalArgs { return ArgCount(0, n) }

// NoSubcommand is the Args of a command that only groups others: any
// argument is an unknown command.
func NoSubcommand(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return Usage("unknown command %q for %q (see %s --help)", model.Clip(model.SafeLine(args[0]), 40), c.CommandPath(), c.CommandPath())
	}
	return nil
}

// Day checks a YYYY-MM-DD flag: a calendar day between 1970 and 2200.
func Day(flag, s string) error {
	t, err := time.Parse(model.DayLayout, s)
	if err != nil || len(s) != 10 {
		return Usage("--%s %q: want YYYY-MM-DD", flag, model.Clip(Safe(s), 20))
	}
	if err := model.CheckInstant(t); err != nil {
		return fmt.Errorf("--%s: %w", flag, err)
	}
	return nil
}

// LimitFlag checks a --limit: 0 (all) or more.
func LimitFlag(n int) error {
	if n < 0 {
		return Usage("--limit %d: want 0 (all) or more", n)
	}
	return nil
}

// SplitList splits s at sep, trimming each part and dropping empty ones.
func SplitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
