package clio

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"

	"outreach/model"
)

// SafeWriter makes every write safe for a terminal (model.SafeText). The
// text output and cobra's own help and usage go through it; each write is
// one formatted line or more, so no escape sequence is split across writes.
type SafeWriter struct{ W io.Writer }

func (s SafeWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.W, model.SafeText(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Safe is a single-line field made safe for output.
func Safe(s string) string { return model.SafeLine(s) }

// YesNo is "yes" or "no".
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// WriteJSON writes v as one line of safe JSON (see SafeJSON).
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(SafeJSON(buf.Bytes()))
	return err
}

// SafeJSON rewrites encoded JSON so that every string in it (keys and
// values) is made safe with model.SafeText, and C0 and C1 controls, DEL,
// bidirectional controls and the line and paragraph separators are written
// as \u escapes: encoding/json leaves C1, DEL and bidi controls raw. The
// output is valid JSON when the input is, and has the same structure.
func SafeJSON(in []byte) []byte {
	out := make([]byte, 0, len(in)+16)
	for i := 0; i < len(in); {
		c := in[i]
		if c != '"' {
			out = append(out, c)
			i++
			continue
		}
		j := i + 1
		for j < len(in) && in[j] != '"' {
			if in[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(in) { // unterminated: not from encoding/json; drop the rest
			return append(out, `""`...)
		}
		var s string
		if err := json.Unmarshal(in[i:j+1], &s); err != nil {
			s = ""
		}
		out = appendString(out, model.SafeText(s))
		i = j + 1
	}
	return out
}

// appendString appends s as a JSON string literal, escaping every control
// and invisible-direction character.
func appendString(out []byte, s string) []byte {
	out = append(out, '"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			out = append(out, `\"`...)
		case r == '\\':
			out = append(out, `\\`...)
		case r == '\n':
			out = append(out, `\n`...)
		case r == utf8.RuneError && n == 1:
			out = append(out, `\ufffd`...)
		case escapeRune(r):
			out = append(out, `\u`...)
			h := strconv.FormatInt(int64(r), 16)
			for k := len(h); k < 4; k++ {
				out = append(out, '0')
			}
			out = append(out, h...)
		default:
			out = append(out, s[i:i+n]...)
		}
		i += n
	}
	return append(out, '"')
}

func escapeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028, r == 0x2029:
		return true
	}
	return false
}
