package sshd

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
)

// sessionRenderer is a lipgloss renderer for one session: its colour
// profile comes from the client's TERM, COLORTERM and NO_COLOR, never from
// the server's terminal, and nothing is set process-wide.
//
// It is wish's bubbletea.MakeRenderer for emulated PTYs without the
// background-colour query: that query reads the session's input with a
// timeout it cannot enforce on an ssh channel, so a client whose terminal
// does not answer hangs until a key is pressed, and that key is lost.
func sessionRenderer(sess ssh.Session) *lipgloss.Renderer {
	pty, _, ok := sess.Pty()
	if !ok || pty.Term == "" || pty.Term == "dumb" {
		return lipgloss.NewRenderer(sess, termenv.WithProfile(termenv.Ascii))
	}
	env := sshEnviron(append(sess.Environ(), "TERM="+pty.Term))
	r := lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe())
	r.SetHasDarkBackground(true) // decided here, so nothing queries the terminal later
	return r
}

// sshEnviron is the client's environment as termenv reads it.
type sshEnviron []string

func (e sshEnviron) Environ() []string { return e }

func (e sshEnviron) Getenv(k string) string {
	for i := len(e) - 1; i >= 0; i-- { // the last setting wins (TERM from the pty)
		if v, ok := strings.CutPrefix(e[i], k+"="); ok {
			return v
		}
	}
	return ""
}
