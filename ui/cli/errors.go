package cli

import (
	"errors"
	"fmt"
	"strings"

	"outreach/model"
	"outreach/store"

	"github.com/spf13/cobra"
)

// exitError carries an exit status with its message. Usage errors (cobra's
// argument and flag errors, bad flag values) are exitErrors with ExitUsage:
// errors are classified by type, never by their text.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usage is a bad-usage error (exit 2).
func usage(format string, a ...any) error {
	return &exitError{ExitUsage, fmt.Errorf(format, a...)}
}

// classify maps an error to the SPEC's exit status.
func classify(err error) int {
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, store.ErrDamaged):
		return ExitError
	case errors.Is(err, store.ErrMissing):
		return ExitUsage
	case errors.Is(err, model.ErrInvalid), errors.Is(err, model.ErrNotFound), errors.Is(err, model.ErrForbidden):
		return ExitUsage
	case errors.Is(err, store.ErrBlocked):
		return ExitRefused
	}
	return ExitError
}

// errText is the one-line message of an error, made safe; "invalid input"
// adds nothing to a message that says what is wrong.
func errText(err error) string {
	msg := model.SafeLine(err.Error())
	return strings.TrimSuffix(msg, ": "+model.ErrInvalid.Error())
}

// flagError wraps cobra's flag parsing errors as usage errors.
func flagError(c *cobra.Command, err error) error {
	return &exitError{ExitUsage, fmt.Errorf("%w (see %s --help)", err, c.CommandPath())}
}

// argCount is a positional-argument validator that fails with a usage error.
func argCount(min, max int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		n := len(args)
		switch {
		case min == max && n != min:
			return usage("%s accepts %d arg(s), received %d (see %s --help)", c.Name(), min, n, c.CommandPath())
		case n < min:
			return usage("%s requires at least %d arg(s), received %d (see %s --help)", c.Name(), min, n, c.CommandPath())
		case max >= 0 && n > max:
			return usage("%s accepts at most %d arg(s), received %d (see %s --help)", c.Name(), max, n, c.CommandPath())
		}
		return nil
	}
}

func exactArgs(n int) cobra.PositionalArgs { return argCount(n, n) }
func minArgs(n int) cobra.PositionalArgs   { return argCount(n, -1) }
func maxArgs(n int) cobra.PositionalArgs   { return argCount(0, n) }

// noSubcommand is the Args of a command that only groups others: any
// argument is an unknown command.
func noSubcommand(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usage("unknown command %q for %q (see %s --help)", model.Clip(model.SafeLine(args[0]), 40), c.CommandPath(), c.CommandPath())
	}
	return nil
}
