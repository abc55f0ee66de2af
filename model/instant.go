package model

import (
	"fmt"
	"time"
)

// The instants the product accepts (SPEC "Operational guarantees"):
// anything outside [MinInstant, MaxInstant) is bad input.
var (
	MinInstant = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxInstant = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// CheckInstant refuses an instant outside 1970..2200 with ErrInvalid.
func CheckInstant(t time.Time) error {
	if t.Before(MinInstant) || !t.Before(MaxInstant) {
		return fmt.Errorf("instant %s: want one between 1970 and 2200: %w", t.UTC().Format(time.RFC3339), ErrInvalid)
	}
	return nil
}
