package sshd

import (
	"strings"
	"testing"
)

// TestNoTerminalQueryOverSSH: a colour session over SSH (whose client
// answers no terminal query) draws its first frame without having asked
// the terminal for its background (OSC 11) or the cursor position (DSR 6):
// the answer would come on the channel the keys come on, and a client that
// never answers would hold the frame. With and without COLORFGBG.
func TestNoTerminalQueryOverSSH(t *testing.T) {
	f := start(t, 3, nil)
	for _, env := range []map[string]string{nil, {"COLORFGBG": "0;15"}, {"COLORTERM": "truecolor"}} {
		s, in, out, done := ptyShell(t, f.client(t, "seller:s1"), env)
		waitFor(t, out, done, "handle1")
		o := out()
		for _, q := range []string{"\x1b]11;?", "\x1b[6n"} {
			if strings.Contains(o, q) {
				t.Errorf("env %v: the session asked the terminal %q", env, q)
			}
		}
		if !strings.Contains(o, "\x1b[38;") {
			t.Errorf("env %v: no colour in a colour session", env)
		}
		quit(t, in, done)
		s.Close()
	}
}
