package sshd

import (
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"outreach/store"
)

// addKey registers a new key for role with a comment and read-only flag
// and returns a client logged in with it.
func (f *fixture) addKey(t *testing.T, role, account, comment string, readOnly bool) *gossh.Client {
	t.Helper()
	sg := newSigner(t)
	k := store.Key{Fingerprint: gossh.FingerprintSHA256(sg.PublicKey()), Role: role, Account: account, Comment: comment,
		ReadOnly: readOnly, Added: t0}
	if err := f.st.AddKey(k); err != nil {
		t.Fatal(err)
	}
	c, err := f.dial(t, "anyone", gossh.PublicKeys(sg))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func quit(t *testing.T, in interface{ Write([]byte) (int, error) }, done chan error) {
	t.Helper()
	in.Write([]byte("q"))
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("did not quit on q")
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

// TestNoColorOverSSHKeepsReverse: a client with NO_COLOR gets no colour
// but still the active tab in reverse video (it used to get no
// attributes at all, so state was invisible).
func TestNoColorOverSSHKeepsReverse(t *testing.T) {
	f := start(t, 3, nil)
	s, in, out, done := ptyShell(t, f.client(t, "agent:"), map[string]string{"NO_COLOR": "1"})
	defer s.Close()
	waitFor(t, out, done, "Sellers (2)")
	o := out()
	if m := colourSGR.FindString(o); m != "" {
		t.Fatalf("NO_COLOR session got colour %q", m)
	}
	if !strings.Contains(o, "7m 1 Sellers ") {
		t.Fatalf("the active tab is not in reverse video:\n%q", o)
	}
	quit(t, in, done)
}

// TestLightTerminalOverSSH: COLORFGBG=0;15 (dark text on white) gets the
// light theme; without it the theme is dark.
func TestLightTerminalOverSSH(t *testing.T) {
	f := start(t, 3, nil)
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"COLORFGBG": "0;15"}, "theme light"},
		{nil, "theme dark"},
	} {
		s, in, out, done := ptyShell(t, f.client(t, "agent:"), tc.env)
		waitFor(t, out, done, tc.want)
		quit(t, in, done)
		s.Close()
	}
}

// TestReadOnlyKeyAndCommentOverSSH: an agent key added with --read-only
// opens the triage marked read-only and named by the key's comment, and
// its grant is refused by the backend.
func TestReadOnlyKeyAndCommentOverSSH(t *testing.T) {
	f := start(t, 3, nil)
	c := f.addKey(t, "agent", "", "ann@support", true)
	s, in, out, done := ptyShell(t, c, map[string]string{"NO_COLOR": "1"})
	defer s.Close()
	waitFor(t, out, done, "[read-only]")
	waitFor(t, out, done, "triage ann@support")
	if strings.Contains(out(), "key-") {
		t.Fatal("the agent is named by its fingerprint")
	}
	in.Write([]byte("\r"))
	waitFor(t, out, done, "Decision log of s1")
	in.Write([]byte("g"))
	waitFor(t, out, done, "Grant credits")
	in.Write([]byte("5\tdemo\x13")) // ctrl+s
	waitFor(t, out, done, "This session is read-only")
	in.Write([]byte("\x1b"))
	time.Sleep(200 * time.Millisecond)
	quit(t, in, done)
	if q, _ := f.st.Quota("s1", t0); q.Granted != 0 {
		t.Fatalf("a read-only key granted %d credits", q.Granted)
	}
	// Exec commands of a read-only key refuse writes too.
	_, stderr, code := run(t, f.addKey(t, "admin", "", "ro admin", true), "grant s1 --credits 5 --reason x")
	if code != 2 || !strings.Contains(stderr, "read-only") {
		t.Fatalf("exec grant: exit %d %q", code, stderr)
	}
}
