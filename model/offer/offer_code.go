package offer

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"outreach/model"
	"outreach/model/program"
)

// Exclusive code limits.
const (
	MinCodeLen      = 4
	MinCodeDiscount = 1
	MaxCodeDiscount = 90 // a code is a discount, not a giveaway
	MaxCodeUses     = 1_000_000
	codePrefixLen   = 10
	codeHandleLen   = 12
	maxCodeAttempts = 1000
)

// Code is an exclusive code: one affiliate's, unique for its seller, giving
// buyers a discount until an end; orders that carry it are attributed to
// the affiliate.
type Code struct {
	Code     string    `json:"code"`
	Seller   string    `json:"seller"`
	Creator  string    `json:"creator"`
	Discount int       `json:"discount"` // percent, 1..90
	From     time.Time `json:"from"`     // when it was made
	Until    time.Time `json:"until"`    // exclusive end
	MaxUses  int       `json:"max_uses,omitempty"`
}

// NormalizeCode is a code as stored and compared: trimmed and upper case.
// Codes are unique per seller regardless of case.
func NormalizeCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// ValidCode checks a code's form: 4..32 of A-Z 0-9 and '-', not starting
// or ending with '-'.
func ValidCode(s string) error {
	bad := len(s) < MinCodeLen || len(s) > program.MaxCodeLen || s[0] == '-' || s[len(s)-1] == '-'
	for i := 0; i < len(s) && !bad; i++ {
		c := s[i]
		bad = !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')
	}
	if bad {
		return fmt.Errorf("code %q: want %d to %d of A-Z, 0-9 and inner '-': %w", model.Clip(model.SafeLine(s), 40), MinCodeLen, program.MaxCodeLen, model.ErrInvalid)
	}
	return nil
}

// codeWord keeps the ASCII letters and digits of s, upper case, at most n.
func codeWord(s string, n int) string {
	b := make([]byte, 0, n)
	for i := 0; i < len(s) && len(b) < n; i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b = append(b, c)
		}
	}
	return string(b)
}

// MakeCode proposes a code for an affiliate: the seller's name and the
// handle as upper-case ASCII letters and digits (at most 10 and 12), then
// the discount: "acme" + "lena" + 15 gives ACME-LENA15. When taken reports
// the code is already used by the seller, "-2", "-3", ... is appended until
// it is free. A seller name with no ASCII letter or digit gives the prefix
// "CODE".
func MakeCode(seller, handle string, discount int, taken func(code string) bool) (string, error) {
	if err := checkDiscount(discount); err != nil {
		return "", err
	}
	prefix := codeWord(seller, codePrefixLen)
	if prefix == "" {
		prefix = "CODE"
	}
	base := prefix + "-" + codeWord(handle, codeHandleLen) + strconv.Itoa(discount)
	for i := 1; i <= maxCodeAttempts; i++ {
		c := base
		if i > 1 {
			c += "-" + strconv.Itoa(i)
		}
		if !taken(c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("code %s: %d variants are taken already; choose one by hand: %w", base, maxCodeAttempts, model.ErrInvalid)
}

func checkDiscount(d int) error {
	if d < MinCodeDiscount || d > MaxCodeDiscount {
		return fmt.Errorf("discount %d%%: want %d%% to %d%%: %w", d, MinCodeDiscount, MaxCodeDiscount, model.ErrInvalid)
	}
	return nil
}

// ErrCodeTaken marks a code the seller already has.
var ErrCodeTaken = fmt.Errorf("code already exists: %w", model.ErrInvalid)

// NewCode checks and builds a code made at now: the code's form (after
// NormalizeCode), that taken does not report it, the discount, an end after
// now, and uses (0 for unlimited, else 1..1,000,000).
func NewCode(code, seller, creator string, discount int, until time.Time, maxUses int, now time.Time, taken func(string) bool) (*Code, error) {
	code = NormalizeCode(code)
	if err := ValidCode(code); err != nil {
		return nil, err
	}
	if taken(code) {
		return nil, fmt.Errorf("code %s: %w", code, ErrCodeTaken)
	}
	if err := checkDiscount(discount); err != nil {
		return nil, fmt.Errorf("code %s: %w", code, err)
	}
	if err := model.CheckInstant(until); err != nil {
		return nil, fmt.Errorf("code %s end: %w", code, err)
	}
	if !until.After(now) {
		return nil, fmt.Errorf("code %s: the end %s is not after now: %w", code, until.UTC().Format(time.RFC3339), model.ErrInvalid)
	}
	if maxUses < 0 || maxUses > MaxCodeUses {
		return nil, fmt.Errorf("code %s: uses %d, want 0 (unlimited) to %d: %w", code, maxUses, MaxCodeUses, model.ErrInvalid)
	}
	return &Code{Code: code, Seller: seller, Creator: creator, Discount: discount, From: now, Until: until, MaxUses: maxUses}, nil
}

// Code refusals, for Check.
var (
	ErrCodeNotYet  = fmt.Errorf("code not valid yet: %w", model.ErrInvalid)
	ErrCodeExpired = fmt.Errorf("code expired: %w", model.ErrInvalid)
	ErrCodeUsedUp  = fmt.Errorf("code used up: %w", model.ErrInvalid)
)

// Check says why the code can't be used at at after usesSoFar uses, or nil
// when it can: before From, at or after Until, or MaxUses reached.
func (c *Code) Check(at time.Time, usesSoFar int) error {
	switch {
	case at.Before(c.From):
		return fmt.Errorf("code %s starts %s: %w", c.Code, c.From.UTC().Format(time.RFC3339), ErrCodeNotYet)
	case !at.Before(c.Until):
		return fmt.Errorf("code %s ended %s: %w", c.Code, c.Until.UTC().Format(time.RFC3339), ErrCodeExpired)
	case c.MaxUses > 0 && usesSoFar >= c.MaxUses:
		return fmt.Errorf("code %s was used %d of %d times: %w", c.Code, usesSoFar, c.MaxUses, ErrCodeUsedUp)
	}
	return nil
}

// Valid reports whether the code can be used at at after usesSoFar uses.
func (c *Code) Valid(at time.Time, usesSoFar int) bool { return c.Check(at, usesSoFar) == nil }

// EndOfDay is the exclusive end of the local calendar day named by day
// (YYYY-MM-DD) in loc: the start of the next day. "--until 2026-12-31"
// keeps a code or boost valid through the last day.
func EndOfDay(day string, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation(model.DayLayout, day, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("day %q: want YYYY-MM-DD: %w", model.Clip(model.SafeLine(day), 40), model.ErrInvalid)
	}
	return model.DayStart(d.Year(), d.Month(), d.Day()+1, loc), nil
}

// StartOfDay is the first instant of the local calendar day named by day.
func StartOfDay(day string, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation(model.DayLayout, day, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("day %q: want YYYY-MM-DD: %w", model.Clip(model.SafeLine(day), 40), model.ErrInvalid)
	}
	return model.DayStart(d.Year(), d.Month(), d.Day(), loc), nil
}
