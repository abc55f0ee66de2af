package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Unlimited marks a tier without a weekly limit or follower cap.
const Unlimited = -1

// Tier is one row of the weekly-limit table.
type Tier struct {
	Name        string
	MinGMV30    Cents // lower bound, inclusive
	WeeklyLimit int   // new creators a week, or Unlimited
	FollowerCap int64 // invite: creator followers at most, or Unlimited
}

// Policy holds every value the SPEC calls a default. The zero value is not
// useful; start from DefaultPolicy or LoadPolicy.
type Policy struct {
	Tiers           []Tier // ascending MinGMV30, the first at 0
	StarterPack     int
	MessageCap      int
	Levels          []LevelThreshold // L1..L8
	IdempotencyDays int
	// Program is the policy file's "program" object as written (nil when
	// absent); the affiliate program's package reads it.
	Program json.RawMessage
}

// DefaultPolicy is the SPEC's default table.
func DefaultPolicy() *Policy {
	return &Policy{
		Tiers: []Tier{
			{Name: "T1", MinGMV30: 0, WeeklyLimit: 50, FollowerCap: 20_000},
			{Name: "T2", MinGMV30: 100_00, WeeklyLimit: 200, FollowerCap: 100_000},
			{Name: "T3", MinGMV30: 2_000_00, WeeklyLimit: 500, FollowerCap: 1_000_000},
			{Name: "T4", MinGMV30: 50_000_00, WeeklyLimit: Unlimited, FollowerCap: Unlimited},
		},
		StarterPack: 1000,
		MessageCap:  5,
		Levels: []LevelThreshold{
			{Level: 1, GMV: 1_00, ActiveDays: 1, Products: 1},
			{Level: 2, GMV: 100_00, ActiveDays: 4, Products: 2},
			{Level: 3, GMV: 500_00, ActiveDays: 8, Products: 3},
			{Level: 4, GMV: 2_000_00, ActiveDays: 12, Products: 5},
			{Level: 5, GMV: 10_000_00, ActiveDays: 15, Products: 8},
			{Level: 6, GMV: 50_000_00, ActiveDays: 18, Products: 10},
			{Level: 7, GMV: 200_000_00, ActiveDays: 20, Products: 15},
			{Level: 8, GMV: 1_000_000_00, ActiveDays: 22, Products: 20},
		},
		IdempotencyDays: 7,
	}
}

// TierFor is the tier a GMV30 falls in.
func (p *Policy) TierFor(gmv30 Cents) Tier {
	t := p.Tiers[0]
	for _, x := range p.Tiers {
		if gmv30 >= x.MinGMV30 {
			t = x
		}
	}
	return t
}

// policyFile is the JSON form of a policy; every field is optional and
// overrides the default.
type policyFile struct {
	Tiers []struct {
		Name        string   `json:"name"`
		MinGMV30    *float64 `json:"min_gmv30"`
		WeeklyLimit *int     `json:"weekly_limit"`
		FollowerCap *int64   `json:"follower_cap"`
	} `json:"tiers"`
	StarterPack *int `json:"starter_pack"`
	MessageCap  *int `json:"message_cap"`
	Levels      []struct {
		Level      string   `json:"level"`
		GMV        *float64 `json:"gmv"`
		ActiveDays *int     `json:"active_days"`
		Products   *int     `json:"products"`
	} `json:"levels"`
	IdempotencyDays *int            `json:"idempotency_days"`
	Program         json.RawMessage `json:"program"`
}

// PolicyError names the field of a policy file that is wrong.
type PolicyError struct {
	Field string
	Msg   string
}

func (e *PolicyError) Error() string { return "policy: " + e.Field + ": " + e.Msg }

// Unwrap makes a PolicyError an ErrInvalid.
func (e *PolicyError) Unwrap() error { return ErrInvalid }

// NewPolicyError is a *PolicyError naming field, with a message made
// from format and a.
func NewPolicyError(field, format string, a ...any) error {
	return &PolicyError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

// LoadPolicy reads a JSON policy: the defaults, with what the file sets
// replacing them. In a tier, a null weekly_limit or follower_cap means
// unlimited. Unknown fields are errors.
func LoadPolicy(r io.Reader) (*Policy, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	if len(data) > 1<<20 {
		return nil, NewPolicyError("(file)", "larger than 1 MiB")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f policyFile
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return nil, NewPolicyError("(file)", "not valid JSON at byte %d", se.Offset)
		case errors.As(err, &te):
			field := te.Field
			if field == "" {
				field = "(file)"
			}
			return nil, NewPolicyError(field, "want %s, got %s", te.Type, te.Value)
		}
		return nil, NewPolicyError("(file)", "%s", SafeLine(err.Error()))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, NewPolicyError("(file)", "unexpected data after the JSON object")
	}
	p := DefaultPolicy()
	if raw := bytes.TrimSpace(f.Program); len(raw) > 0 && string(raw) != "null" {
		p.Program = slices.Clone(raw)
	}
	if f.Tiers != nil {
		if len(f.Tiers) == 0 || len(f.Tiers) > 16 {
			return nil, NewPolicyError("tiers", "want 1 to 16 tiers")
		}
		p.Tiers = nil
		seen := map[string]bool{}
		for i, t := range f.Tiers {
			at := fmt.Sprintf("tiers[%d]", i)
			if t.Name == "" || len(t.Name) > 16 || SafeLine(t.Name) != t.Name {
				return nil, NewPolicyError(at+".name", "want a name of 1 to 16 printable characters")
			}
			if seen[t.Name] {
				return nil, NewPolicyError(at+".name", "%q appears twice", t.Name)
			}
			seen[t.Name] = true
			if t.MinGMV30 == nil {
				return nil, NewPolicyError(at+".min_gmv30", "is required")
			}
			min, err := CentsFromDollars(*t.MinGMV30)
			if err != nil {
				return nil, NewPolicyError(at+".min_gmv30", "%v", err)
			}
			if i == 0 && min != 0 {
				return nil, NewPolicyError(at+".min_gmv30", "the first tier must start at 0")
			}
			if i > 0 && min <= p.Tiers[i-1].MinGMV30 {
				return nil, NewPolicyError(at+".min_gmv30", "must be above the tier before it")
			}
			tier := Tier{Name: t.Name, MinGMV30: min, WeeklyLimit: Unlimited, FollowerCap: Unlimited}
			if t.WeeklyLimit != nil {
				if *t.WeeklyLimit < 0 || *t.WeeklyLimit > 100_000_000 {
					return nil, NewPolicyError(at+".weekly_limit", "want 0..100000000, or null for unlimited")
				}
				tier.WeeklyLimit = *t.WeeklyLimit
			}
			if t.FollowerCap != nil {
				if *t.FollowerCap < 0 {
					return nil, NewPolicyError(at+".follower_cap", "want 0 or more, or null for no cap")
				}
				tier.FollowerCap = *t.FollowerCap
			}
			p.Tiers = append(p.Tiers, tier)
		}
	}
	if f.StarterPack != nil {
		if *f.StarterPack < 0 || *f.StarterPack > 1_000_000 {
			return nil, NewPolicyError("starter_pack", "want 0..1000000")
		}
		p.StarterPack = *f.StarterPack
	}
	if f.MessageCap != nil {
		if *f.MessageCap < 1 || *f.MessageCap > 1000 {
			return nil, NewPolicyError("message_cap", "want 1..1000")
		}
		p.MessageCap = *f.MessageCap
	}
	if f.IdempotencyDays != nil {
		if *f.IdempotencyDays < 7 || *f.IdempotencyDays > 3650 {
			return nil, NewPolicyError("idempotency_days", "want 7..3650 (keys are kept at least 7 days)")
		}
		p.IdempotencyDays = *f.IdempotencyDays
	}
	if f.Levels != nil {
		if len(f.Levels) != 8 {
			return nil, NewPolicyError("levels", "want exactly 8 rows, L1 to L8")
		}
		p.Levels = make([]LevelThreshold, 0, 8)
		for i, l := range f.Levels {
			at := fmt.Sprintf("levels[%d]", i)
			lv, err := ParseLevel(l.Level)
			if err != nil || lv != Level(i+1) {
				return nil, NewPolicyError(at+".level", "want L%d (rows in order L1..L8)", i+1)
			}
			if l.GMV == nil || l.ActiveDays == nil || l.Products == nil {
				return nil, NewPolicyError(at, "gmv, active_days and products are required")
			}
			gmv, err := CentsFromDollars(*l.GMV)
			if err != nil {
				return nil, NewPolicyError(at+".gmv", "%v", err)
			}
			if *l.ActiveDays < 0 || *l.ActiveDays > 31 {
				return nil, NewPolicyError(at+".active_days", "want 0..31")
			}
			if *l.Products < 0 {
				return nil, NewPolicyError(at+".products", "want 0 or more")
			}
			p.Levels = append(p.Levels, LevelThreshold{Level: lv, GMV: gmv, ActiveDays: *l.ActiveDays, Products: *l.Products})
		}
	}
	return p, nil
}

// CentsFromDollars is a dollar amount from a policy file in cents: 0 or
// more, with at most two decimals.
func CentsFromDollars(f float64) (Cents, error) {
	if math.IsNaN(f) || f < 0 || f > 1e13 {
		return 0, fmt.Errorf("want a dollar amount of 0 or more")
	}
	c := math.Round(f * 100)
	if math.Abs(c-f*100) > 1e-6*math.Max(1, f*100) {
		return 0, fmt.Errorf("want at most two decimals")
	}
	return Cents(c), nil
}
