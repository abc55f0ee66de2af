package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// MaxCommand is the longest SSH exec command line accepted, in bytes. A
// longer one is refused before it is parsed (SPEC "Operational guarantees").
const MaxCommand = 16 << 10

// ErrCommandTooLong refuses an exec command line over MaxCommand.
var ErrCommandTooLong = fmt.Errorf("the command is longer than %d KiB", MaxCommand>>10)

// errUnterminated is a quote left open.
var errUnterminated = errors.New("a quote is not closed")

// SplitCommand splits an SSH exec command line into words the way a POSIX
// shell does, without expansions: blanks separate words; 'single quotes'
// keep everything literally; "double quotes" keep everything but a
// backslash before " \ $ or `; outside quotes a backslash keeps the next
// character. It is linear in the length of s, refuses a line longer than
// MaxCommand before looking at it, and stops early when ctx ends.
func SplitCommand(ctx context.Context, s string) ([]string, error) {
	if len(s) > MaxCommand {
		return nil, ErrCommandTooLong
	}
	var (
		words []string
		cur   strings.Builder
		in    bool // inside a word
	)
	const (
		plain = iota
		single
		double
	)
	state := plain
	for i := 0; i < len(s); i++ {
		if i&4095 == 4095 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c := s[i]
		switch state {
		case single:
			if c == '\'' {
				state = plain
			} else {
				cur.WriteByte(c)
			}
		case double:
			switch {
			case c == '"':
				state = plain
			case c == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0:
				i++
				cur.WriteByte(s[i])
			default:
				cur.WriteByte(c)
			}
		default:
			switch c {
			case ' ', '\t', '\n', '\r':
				if in {
					words = append(words, cur.String())
					cur.Reset()
					in = false
				}
			case '\'':
				state, in = single, true
			case '"':
				state, in = double, true
			case '\\':
				in = true
				if i+1 < len(s) {
					i++
					if s[i] != '\n' { // backslash-newline joins lines
						cur.WriteByte(s[i])
					}
				}
			default:
				in = true
				cur.WriteByte(c)
			}
		}
	}
	if state != plain {
		return nil, errUnterminated
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}
