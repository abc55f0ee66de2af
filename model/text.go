package model

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SafeText makes untrusted multi-line text safe for a terminal: escape
// sequences (CSI, OSC, DCS, SOS, PM, APC, and two-byte ESC forms) are removed
// whole, C0 and C1 control characters and bidirectional controls are dropped,
// invalid UTF-8 becomes U+FFFD. Newlines are kept (CR LF and CR become LF),
// tabs become a space.
func SafeText(s string) string { return sanitize(s, false) }

// SafeLine is SafeText for single-line fields: tabs and newlines become
// spaces, and the result is trimmed.
func SafeLine(s string) string { return strings.TrimSpace(sanitize(s, true)) }

// IsSafe reports whether s would come out of SafeText unchanged; the hot
// render path uses it to skip work for text already cleaned on the way in.
func IsSafe(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || dropRune(r) {
			return false
		}
		i += n
	}
	return true
}

func dropRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // ALM, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // LRE..RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI..PDI
		return true
	}
	return false
}

func sanitize(s string, line bool) string {
	if IsSafe(s) && (!line || !strings.ContainsRune(s, '\n')) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	const (
		plain = iota
		escSeen
		csi    // until a final byte 0x40..0x7e
		str    // OSC/DCS/SOS/PM/APC until BEL or ST
		strEsc // ESC inside a string: ST if followed by '\'
	)
	state := plain
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			r = utf8.RuneError
		}
		i += n
		switch state {
		case escSeen:
			switch r {
			case '[':
				state = csi
			case ']', 'P', 'X', '^', '_':
				state = str
			default:
				// Two-byte escape (ESC c, ESC 7, ...) or an intermediate byte:
				// drop it and, for intermediates, the final that follows.
				if r >= 0x20 && r <= 0x2f {
					continue
				}
				state = plain
			}
			continue
		case csi:
			if r >= 0x40 && r <= 0x7e {
				state = plain
			} else if r == 0x1b {
				state = escSeen
			}
			continue
		case str:
			if r == 0x07 || r == 0x9c {
				state = plain
			} else if r == 0x1b {
				state = strEsc
			}
			continue
		case strEsc:
			if r == '\\' {
				state = plain
			} else if r != 0x1b {
				state = str
			}
			continue
		}
		switch {
		case r == 0x1b:
			state = escSeen
		case r == 0x9b:
			state = csi
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			state = str
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			if line {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		case r == '\n':
			if line {
				b.WriteByte(' ')
			} else {
				b.WriteByte('\n')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || dropRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Clip shortens s to at most n runes, marking a cut with an ellipsis.
func Clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	i, count := 0, 0
	for j := range s {
		if count == n-1 {
			i = j
		}
		count++
		if count > n {
			return s[:i] + "…"
		}
	}
	return s
}

// LimitLine makes a single-line field safe and refuses it when it is longer
// than max runes; the error names the field.
func LimitLine(field, s string, max int) (string, error) {
	return limit(field, SafeLine(s), max)
}

// LimitText is LimitLine for multi-line fields.
func LimitText(field, s string, max int) (string, error) {
	return limit(field, strings.TrimSpace(SafeText(s)), max)
}

func limit(field, s string, max int) (string, error) {
	if n := utf8.RuneCountInString(s); n > max {
		return "", fmt.Errorf("%s is %d characters, at most %d: %w", field, n, max, ErrInvalid)
	}
	return s, nil
}
