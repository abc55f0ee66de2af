package cli

import (
	"errors"
	"strings"

	"outreach/model"
	"outreach/store"
	"outreach/ui/cli/clio"
)

// classify maps an error to the SPEC's exit status.
func classify(err error) int {
	var ee *clio.StatusError
	switch {
	case errors.As(err, &ee):
		return ee.Code
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
