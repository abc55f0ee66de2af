package sshd

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"

	"outreach/ui/shell"
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
	// Decided here from COLORFGBG, so nothing queries the terminal later.
	// No OSC 11 query even with a short timeout: its answer (or a key
	// typed meanwhile) arrives on the same channel as the keys, and a
	// timeout cannot give back what it consumed.
	r.SetHasDarkBackground(!shell.LightBackground(env.Getenv("COLORFGBG")))
	return r
}

// sessionOptions are the shell options of an SSH session: the client's
// renderer, NO_COLOR and background from its environment, read-only from
// its key, and no file writes on the server.
func sessionOptions(sess ssh.Session, readOnly bool) shell.Options {
	env := sshEnviron(sess.Environ())
	pty, _, ok := sess.Pty()
	attrs := ok && pty.Term != "" && pty.Term != "dumb" // a terminal that shows reverse and bold
	return shell.Options{
		NoColor:         attrs && env.Getenv("NO_COLOR") != "",
		LightBackground: shell.LightBackground(env.Getenv("COLORFGBG")),
		ReadOnly:        readOnly,
		Renderer:        sessionRenderer(sess),
	}
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
