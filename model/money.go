package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Cents is an amount of US dollars in hundredths, so sums are exact.
type Cents int64

// ParseUSD reads a dollar amount with at most two decimals ("12", "12.5", "12.50").
func ParseUSD(s string) (Cents, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("amount is empty: %w", ErrInvalid)
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && (frac == "" || len(frac) > 2)) || len(whole) > 13 {
		return 0, fmt.Errorf("amount %q: want dollars with at most two decimals: %w", s, ErrInvalid)
	}
	w, err := strconv.ParseUint(whole, 10, 63)
	if err != nil {
		return 0, fmt.Errorf("amount %q: want dollars with at most two decimals: %w", s, ErrInvalid)
	}
	var f uint64
	if hasDot {
		if len(frac) == 1 {
			frac += "0"
		}
		f, err = strconv.ParseUint(frac, 10, 8)
		if err != nil {
			return 0, fmt.Errorf("amount %q: want dollars with at most two decimals: %w", s, ErrInvalid)
		}
	}
	c := Cents(w*100 + f)
	if neg {
		c = -c
	}
	return c, nil
}

// String formats cents as dollars with two decimals, no currency sign.
func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, int64(c)/100, int64(c)%100)
}

// Dollars is the amount as a float, for JSON output only.
func (c Cents) Dollars() float64 { return float64(c) / 100 }
