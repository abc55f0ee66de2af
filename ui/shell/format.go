package shell

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"outreach/model"
)

// Short writes a count compactly: 950, 12.3k, 4.5M.
func Short(n int64) string {
	switch {
	case n >= 1_000_000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + "M"
	case n >= 10_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 0, 64) + "k"
	case n >= 1_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + "k"
	}
	return strconv.FormatInt(n, 10)
}

// Money writes cents with thousands separators: $1,234.50.
func Money(c model.Cents) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s$%s.%02d", sign, model.Thousands(int64(c)/100), int64(c)%100)
}

// Dollars writes cents as whole dollars: $12,345.
func Dollars(c model.Cents) string { return "$" + model.Thousands(int64(c)/100) }

// ParseAmount reads a non-negative number with an optional k or m suffix
// ("25k", "1.5m", "2,000"); "" is 0.
func ParseAmount(s string) (float64, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), ",", ""))
	s = strings.TrimPrefix(s, "$")
	if s == "" {
		return 0, true
	}
	mul := 1.0
	switch {
	case strings.HasSuffix(s, "k"):
		mul, s = 1e3, s[:len(s)-1]
	case strings.HasSuffix(s, "m"):
		mul, s = 1e6, s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 1e12 {
		return 0, false
	}
	return f * mul, true
}

// When formats an instant for the role screens.
func When(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2 Jan 15:04")
}

// Plural is "s" unless n is 1.
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// OrDash is s, or an en dash when s is empty.
func OrDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// CountOf is "n one" or "n many", painted on when n > 0 and off otherwise.
func CountOf(n int, one, many string, on, off Paint) string {
	w := many
	if n == 1 {
		w = one
	}
	p := off
	if n > 0 {
		p = on
	}
	return p.S(fmt.Sprintf("%d %s", n, w))
}
