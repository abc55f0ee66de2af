package model

import (
	"errors"
	"strings"
	"testing"
)

func TestParseUSD(t *testing.T) {
	good := []struct {
		in   string
		want Cents
	}{
		{"0", 0},
		{"12", 12_00},
		{"12.5", 12_50},
		{"12.50", 12_50},
		{"12.05", 12_05},
		{"0.01", 1},
		{"0.1", 10},
		{"99.99", 99_99},
		{"007", 7_00},
		{"  3.25\t", 3_25},
		{"-4.20", -4_20},
		{"-0", 0},
		{"-0.01", -1},
		{"9999999999999.99", 999_999_999_999_999},
		{"50000", 50_000_00},
	}
	for _, tc := range good {
		got, err := ParseUSD(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseUSD(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	bad := []string{
		"", "   ", "-", ".", ".5", "5.", "1.234", "1.2.3", "abc", "1e3", "1,000", "$5", "5$", "+5", "--5",
		"1.-5", "1.+5", "0x10", "1_000", "12 34", "1.5a", "١٢", "10000000000000", "99999999999999999999",
		"NaN", "Inf", "1.\x1b[31m",
	}
	for _, in := range bad {
		got, err := ParseUSD(in)
		if err == nil {
			t.Errorf("ParseUSD(%q) = %d, want an error", in, got)
			continue
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseUSD(%q): %v is not ErrInvalid", in, err)
		}
		if got != 0 {
			t.Errorf("ParseUSD(%q) = %d with an error", in, got)
		}
		if strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("ParseUSD(%q): error %q carries an ESC", in, err)
		}
	}
}

func TestCentsString(t *testing.T) {
	tests := []struct {
		c    Cents
		want string
	}{
		{0, "0.00"}, {1, "0.01"}, {10, "0.10"}, {99, "0.99"}, {100, "1.00"}, {12_34, "12.34"},
		{50_000_00, "50000.00"}, {-1, "-0.01"}, {-4_20, "-4.20"}, {-100, "-1.00"},
		{999_999_999_999_999, "9999999999999.99"},
	}
	for _, tc := range tests {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("Cents(%d).String() = %q, want %q", int64(tc.c), got, tc.want)
		}
		back, err := ParseUSD(tc.want)
		if err != nil || back != tc.c {
			t.Errorf("ParseUSD(%q) = %d, %v; want the round trip to %d", tc.want, back, err, int64(tc.c))
		}
	}
}

func TestCentsDollars(t *testing.T) {
	for c, want := range map[Cents]float64{0: 0, 1: 0.01, 12_34: 12.34, -50: -0.5, 50_000_00: 50000} {
		if got := c.Dollars(); got != want {
			t.Errorf("Cents(%d).Dollars() = %v, want %v", int64(c), got, want)
		}
	}
}

func FuzzParseUSD(f *testing.F) {
	for _, s := range []string{"0", "12.5", "-4.20", "1.234", "abc", "9999999999999.99", " 7 ", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseUSD(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) || c != 0 {
				t.Fatalf("ParseUSD(%q) = %d, %v", s, c, err)
			}
			return
		}
		back, err := ParseUSD(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseUSD(%q) = %d; String %q parses back as %d, %v", s, c, c.String(), back, err)
		}
		if c > 999_999_999_999_999 || c < -999_999_999_999_999 {
			t.Fatalf("ParseUSD(%q) = %d: out of range", s, c)
		}
	})
}
