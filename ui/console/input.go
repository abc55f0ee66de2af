package console

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"

	"outreach/model"
)

// newInput is a text input styled from the session's renderer (bubbles'
// defaults would use the process-wide renderer) with a steady cursor.
func newInput(s *Session, prompt, placeholder string, limit int) textinput.Model {
	r := s.Renderer
	ti := textinput.New()
	ti.Prompt = prompt
	ti.Placeholder = placeholder
	ti.CharLimit = limit
	ti.PromptStyle = r.NewStyle().Foreground(s.Theme.Accent2)
	ti.TextStyle = r.NewStyle()
	ti.PlaceholderStyle = r.NewStyle().Foreground(s.Theme.Muted)
	ti.Cursor.Style = r.NewStyle().Reverse(true)
	ti.Cursor.TextStyle = r.NewStyle()
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.CompletionStyle = r.NewStyle()
	return ti
}

// parseAmount reads a non-negative number with an optional k or m suffix
// ("25k", "1.5m", "2,000"); "" is 0.
func parseAmount(s string) (float64, bool) {
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

// short writes a count compactly: 950, 12.3k, 4.5M.
func short(n int64) string {
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

// money writes cents with thousands separators: $1,234.50.
func money(c model.Cents) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s$%s.%02d", sign, model.Thousands(int64(c)/100), int64(c)%100)
}

// dollars writes cents as whole dollars: $12,345.
func dollars(c model.Cents) string { return "$" + model.Thousands(int64(c)/100) }
