package sshd

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"outreach/backend"
	"outreach/model"
	"outreach/store"

	gossh "golang.org/x/crypto/ssh"
)

var t0 = time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)

// fixture is a running server on a temp store with one key per role.
type fixture struct {
	addr string
	st   *store.Store
	b    *backend.Backend
	keys map[string]gossh.Signer // "seller:s1", "seller:s2", "creator:c0", "agent:", "admin:"
}

func newSigner(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// start opens a store with sellers s1 (limit 50 a week, no Starter Pack)
// and s2, creators c0..c(n-1), registers a key per role and serves it.
func start(t testing.TB, creators int, tweak func(*Options)) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "o.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"s1", "s2"} {
		if _, err := st.PutSeller(model.Seller{ID: id, Name: id}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddGMV(id, "2026-11-01", 50_00); err != nil {
			t.Fatal(err)
		}
	}
	cs := make([]model.Creator, creators)
	for i := range cs {
		cs[i] = model.Creator{ID: fmt.Sprintf("c%d", i), Handle: fmt.Sprintf("handle%d", i), Followers: 1000}
	}
	if _, err := st.ImportCreators(cs, t0); err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, b: backend.New(st, backend.Options{}), keys: map[string]gossh.Signer{}}
	for _, who := range []string{"seller:s1", "seller:s2", "creator:c0", "agent:", "admin:"} {
		role, account, _ := strings.Cut(who, ":")
		sg := newSigner(t)
		k := store.Key{Fingerprint: gossh.FingerprintSHA256(sg.PublicKey()), Role: role, Account: account, Added: t0}
		if err := st.AddKey(k); err != nil {
			t.Fatal(err)
		}
		f.keys[who] = sg
	}
	opts := Options{
		Backend: f.b, HostKey: filepath.Join(dir, "ssh_host_ed25519"),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if tweak != nil {
		tweak(&opts)
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
		f.b.Close()
		st.Close()
	})
	f.addr = l.Addr().String()
	return f
}

func (f *fixture) dial(t testing.TB, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	t.Helper()
	return gossh.Dial("tcp", f.addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second,
	})
}

func (f *fixture) client(t testing.TB, who string) *gossh.Client {
	t.Helper()
	c, err := f.dial(t, "anyone", gossh.PublicKeys(f.keys[who]))
	if err != nil {
		t.Fatalf("dial as %s: %v", who, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// run runs one command on c and returns its output and exit status.
func run(t testing.TB, c *gossh.Client, cmd string) (stdout, stderr string, code int) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var o, e bytes.Buffer
	s.Stdout, s.Stderr = &o, &e
	code = exitCode(t, s.Run(cmd), &o, &e)
	return o.String(), e.String(), code
}

func exitCode(t testing.TB, err error, o, e *bytes.Buffer) int {
	t.Helper()
	var ee *gossh.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitStatus()
	}
	t.Fatalf("session: %v (stdout %q, stderr %q)", err, o, e)
	return -1
}

func TestUnknownKeyRefused(t *testing.T) {
	f := start(t, 1, nil)
	if c, err := f.dial(t, "s1", gossh.PublicKeys(newSigner(t))); err == nil {
		c.Close()
		t.Fatal("an unregistered key logged in")
	}
}

func TestPasswordAndKeyboardInteractiveRefused(t *testing.T) {
	f := start(t, 1, nil)
	asked := false
	ki := gossh.KeyboardInteractive(func(name, instr string, qs []string, echos []bool) ([]string, error) {
		asked = true
		return make([]string, len(qs)), nil
	})
	for name, auth := range map[string]gossh.AuthMethod{"password": gossh.Password("s1"), "keyboard-interactive": ki} {
		c, err := f.dial(t, "s1", auth)
		if err == nil {
			c.Close()
			t.Fatalf("%s login accepted", name)
		}
		if !strings.Contains(err.Error(), "unable to authenticate") {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if asked {
		t.Fatal("the server offered keyboard-interactive")
	}
}

// impostor offers another account's public key but can only sign with its
// own (unregistered) private key: it never proves possession.
type impostor struct {
	pub  gossh.PublicKey
	real gossh.Signer
}

func (i impostor) PublicKey() gossh.PublicKey { return i.pub }
func (i impostor) Sign(r io.Reader, data []byte) (*gossh.Signature, error) {
	return i.real.Sign(r, data)
}

func TestIdentityIsTheKeyThatSigned(t *testing.T) {
	f := start(t, 2, nil)
	// The user name says s2; the key that signs is s1's: the session is s1.
	c, err := f.dial(t, "s2", gossh.PublicKeys(f.keys["seller:s1"]))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, e, code := run(t, c, "quota s2"); code != 2 || !strings.Contains(e, "not permitted") {
		t.Fatalf("quota s2 with s1's key: exit %d, %q; want 2, not permitted", code, e)
	}
	if o, _, code := run(t, c, "quota s1 --json"); code != 0 || !strings.Contains(o, `"limit":50`) {
		t.Fatalf("quota s1: exit %d, %q", code, o)
	}
	// Offering s2's public key first (the server accepts the offer, since
	// the key is registered) without its private key, then s1's: the
	// connection never becomes s2. (x/crypto's server drops a connection
	// whose signature fails; OpenSSH's offer-then-skip is in scripts/e2e-ssh.sh.)
	fake := impostor{pub: f.keys["seller:s2"].PublicKey(), real: newSigner(t)}
	if c, err := f.dial(t, "s2", gossh.PublicKeys(fake, f.keys["seller:s1"])); err == nil {
		defer c.Close()
		if _, _, code := run(t, c, "quota s2"); code != 2 {
			t.Fatalf("a client that offered s2's key acted as s2 (exit %d)", code)
		}
	}
	if c, err := f.dial(t, "s2", gossh.PublicKeys(fake)); err == nil {
		c.Close()
		t.Fatal("a key offered without its private key logged in")
	}
}

func TestRoleMatrix(t *testing.T) {
	f := start(t, 8, nil)
	tests := []struct {
		who, cmd string
		want     int // 0 allowed; 2 denied
	}{
		{"seller:s1", "quota s1", 0},
		{"seller:s1", "quota s2", 2},
		{"seller:s1", "decisions s1", 0},
		{"seller:s1", "decisions s2", 2},
		{"seller:s1", "preview s1 c1 c2", 0},
		{"seller:s1", "preview s2 c1", 2},
		{"seller:s1", "creator show c1", 0},
		{"seller:s1", "invite s1 c1", 0},
		{"seller:s1", "invite s2 c1", 2},
		{"seller:s1", "message s1 c1 --text hi", 0},
		{"seller:s1", "message s2 c1 --text hi", 2},
		{"seller:s1", "block s1 c7", 0},
		{"seller:s1", "block s1 c7 --by creator", 2},
		{"seller:s1", "unblock s1 c7 --by=creator", 2},
		{"seller:s1", "unblock s1 c7 --by seller", 0},
		{"seller:s1", "block s2 c7", 2},
		{"seller:s1", "grant s1 --credits 5 --reason x", 2},
		{"seller:s1", "seller list", 2},
		{"seller:s1", "audit", 2},
		{"seller:s1", "seller add s1 --name X", 2},
		{"seller:s1", "key list", 2},
		{"seller:s1", "reply c1 s1 --text hi", 2},
		{"seller:s1", "quota s1 --now 2026-11-18T12:00:00Z", 0},
		{"seller:s1", "invite s1 c2 --now 2026-11-18T12:00:00Z", 2},
		{"creator:c0", "reply c0 s1 --text hello", 0},
		{"creator:c0", "reply c1 s1 --text hello", 2},
		{"creator:c0", "showcase c0 s1", 0},
		{"creator:c0", "showcase c1 s1", 2},
		{"creator:c0", "block s2 c0 --by creator", 0},
		{"creator:c0", "unblock s2 c0 --by creator", 0},
		{"creator:c0", "block s2 c0", 2}, // default --by seller
		{"creator:c0", "block s2 c1 --by creator", 2},
		{"creator:c0", "quota s1", 2},
		{"creator:c0", "invite s1 c0", 2},
		{"agent:", "quota s1", 0},
		{"agent:", "quota s2", 0},
		{"agent:", "decisions s2", 0},
		{"agent:", "creator show c3", 0},
		{"agent:", "preview s2 c3", 0},
		{"agent:", "audit", 0},
		{"agent:", "seller list", 0},
		{"agent:", "grant s2 --credits 5 --reason ticket-1", 0},
		{"agent:", "grant s2 --credits 5 --reason ticket-1 --now 2026-11-18T12:00:00Z", 2},
		{"agent:", "invite s1 c3", 2},
		{"agent:", "block s1 c3", 2},
		{"agent:", "seller add s9", 2},
		{"agent:", "gmv add s1 --day 2026-11-01 --amount 1", 2},
		{"agent:", "key list", 2},
		{"agent:", "creator add c9 --handle h9 --followers 1", 2},
		{"admin:", "seller add s3 --name Three", 0},
		{"admin:", "key list", 0},
		{"admin:", "grant s1 --credits 1 --reason r --now 2026-11-18T12:00:00Z", 0},
		{"admin:", "import creators /etc/passwd", 2}, // no server files over SSH
		{"admin:", "backup /tmp/x.db", 2},
		{"admin:", "serve", 2},
		{"admin:", "demo", 2},
		{"admin:", "quota s1 --db /tmp/other.db", 2},
	}
	clients := map[string]*gossh.Client{}
	tb := t // clients live for the whole table
	for _, tt := range tests {
		t.Run(tt.who+" "+tt.cmd, func(t *testing.T) {
			c := clients[tt.who]
			if c == nil {
				c = f.client(tb, tt.who)
				clients[tt.who] = c
			}
			o, e, code := run(t, c, tt.cmd)
			if code != tt.want {
				t.Fatalf("exit %d, want %d\nstdout %q\nstderr %q", code, tt.want, o, e)
			}
			if tt.want == 2 && e == "" {
				t.Fatal("denied without a message")
			}
		})
	}
	es, err := f.st.Audit(0)
	if err != nil {
		t.Fatal(err)
	}
	var actors []string
	for _, e := range es {
		if e.Action == "grant" {
			actors = append(actors, e.Actor)
		}
	}
	if strings.Join(actors, ",") != "admin:,agent:" {
		t.Fatalf("grant actors = %v, want the keys' roles", actors)
	}
}

func TestExecJSON(t *testing.T) {
	f := start(t, 1, nil)
	o, e, code := run(t, f.client(t, "seller:s1"), "quota s1 --json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	var q struct {
		Tier  string `json:"tier"`
		Limit *int   `json:"limit"`
		Used  int    `json:"used"`
	}
	if err := json.Unmarshal([]byte(o), &q); err != nil {
		t.Fatalf("not JSON: %q: %v", o, err)
	}
	if q.Tier != "T1" || q.Limit == nil || *q.Limit != 50 {
		t.Fatalf("quota = %+v", q)
	}
}

func TestNoTerminalNoCommandRefused(t *testing.T) {
	f := start(t, 1, nil)
	s, err := f.client(t, "seller:s1").NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var o, e bytes.Buffer
	s.Stdout, s.Stderr = &o, &e
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, s.Wait(), &o, &e); code != 1 || !strings.Contains(e.String(), "no terminal") {
		t.Fatalf("exit %d, stderr %q; want 1 and a message", code, e.String())
	}
}

// ptyShell opens a shell with a terminal and returns its output so far on demand.
func ptyShell(t *testing.T, c *gossh.Client, env map[string]string) (*gossh.Session, io.WriteCloser, func() string, chan error) {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		s.Setenv(k, v)
	}
	if err := s.RequestPty("xterm-256color", 30, 100, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	in, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var buf bytes.Buffer
	s.Stdout = lockedWriter{&mu, &buf}
	s.Stderr = lockedWriter{&mu, &buf}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Wait() }()
	return s, in, func() string { mu.Lock(); defer mu.Unlock(); return buf.String() }, done
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func waitFor(t *testing.T, out func() string, done chan error, text string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for !strings.Contains(out(), text) {
		select {
		case <-deadline:
			t.Fatalf("timed out waiting for %q; screen:\n%s", text, out())
		case err := <-done:
			if !strings.Contains(out(), text) {
				t.Fatalf("session ended (%v) before %q; screen:\n%s", err, text, out())
			}
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func TestConsoleOverPTY(t *testing.T) {
	f := start(t, 3, nil)
	s, in, out, done := ptyShell(t, f.client(t, "seller:s1"), map[string]string{"NO_COLOR": "1"})
	defer s.Close()
	waitFor(t, out, done, "handle1")
	if strings.Contains(out(), "\x1b[38;") {
		t.Fatal("NO_COLOR session got colour escapes")
	}
	in.Write([]byte("q"))
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("console exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("console did not quit on q")
	}
}

// TestRoleScreensOverPTY: a creator key opens the inbox, an agent key the
// triage, an admin key the admin screens; q quits each.
func TestRoleScreensOverPTY(t *testing.T) {
	f := start(t, 2, nil)
	if _, err := f.st.Outreach(store.Request{Kind: model.Message, Seller: "s1", Creator: "c0", Text: "hello from s1", Now: t0}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ who, want string }{
		{"creator:c0", "Conversations"},
		{"agent:", "Sellers (2)"},
		{"admin:", "SSH keys (5)"},
	} {
		t.Run(tc.who, func(t *testing.T) {
			s, in, out, done := ptyShell(t, f.client(t, tc.who), map[string]string{"NO_COLOR": "1"})
			defer s.Close()
			waitFor(t, out, done, tc.want)
			in.Write([]byte("q"))
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("did not quit on q")
			}
		})
	}
	// The creator answers in the inbox: the reply is stored and connects.
	s, in, out, done := ptyShell(t, f.client(t, "creator:c0"), nil)
	defer s.Close()
	waitFor(t, out, done, "Invitations received")
	in.Write([]byte("2"))
	waitFor(t, out, done, "Conversations (1, 1 unread)")
	in.Write([]byte("\r"))
	waitFor(t, out, done, "hello from s1")
	in.Write([]byte("r"))
	in.Write([]byte("hi back"))
	in.Write([]byte("\r"))
	waitFor(t, out, done, "Sent to s1.")
	in.Write([]byte("\x1bq"))
	r, _ := f.st.Relation("s1", "c0")
	if !r.Connected || r.SellerUnread != 1 {
		t.Fatalf("after the reply over SSH: %+v", r)
	}
}

func TestIdleTimeoutEndsConsole(t *testing.T) {
	f := start(t, 1, func(o *Options) { o.Idle = 1500 * time.Millisecond })
	s, _, out, done := ptyShell(t, f.client(t, "seller:s1"), map[string]string{"NO_COLOR": "1"})
	defer s.Close()
	select {
	case <-done:
		if !strings.Contains(out(), "no key pressed") {
			t.Fatalf("ended without the idle message: %q", out())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("idle session still open")
	}
}

func TestHandshakeDeadline(t *testing.T) {
	f := start(t, 1, func(o *Options) { o.Handshake = 200 * time.Millisecond })
	c, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAll(c); err != nil { // the server's version line, then EOF when it hangs up
		t.Fatalf("the server did not hang up on a silent client: %v", err)
	}
}

func TestConcurrentInvitesExactlyLimit(t *testing.T) {
	const conns, each = 32, 20
	f := start(t, conns*each, nil)
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[int]int{}
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := f.dial(t, "s1", gossh.PublicKeys(f.keys["seller:s1"]))
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			for j := 0; j < each; j++ {
				s, err := c.NewSession()
				if err != nil {
					t.Error(err)
					return
				}
				var o, e bytes.Buffer
				s.Stdout, s.Stderr = &o, &e
				err = s.Run(fmt.Sprintf("invite s1 c%d --json", i*each+j))
				s.Close()
				code := 0
				var ee *gossh.ExitError
				if errors.As(err, &ee) {
					code = ee.ExitStatus()
				} else if err != nil {
					t.Error(err)
					return
				}
				var d struct {
					Allowed bool `json:"allowed"`
				}
				if jerr := json.Unmarshal(o.Bytes(), &d); jerr != nil || d.Allowed != (code == 0) {
					t.Errorf("answer %q (exit %d, stderr %q)", o.String(), code, e.String())
				}
				mu.Lock()
				counts[code]++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	if counts[0] != 50 || counts[3] != conns*each-50 {
		t.Fatalf("exit statuses %v; want 50 allowed (0) and %d refused (3)", counts, conns*each-50)
	}
	q, err := f.st.Quota("s1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if q.Used != 50 {
		t.Fatalf("used %d, want 50", q.Used)
	}
}

// A panic in one session ends that session with a message and status 1;
// the server and the other sessions go on.
func TestPanicEndsOneSession(t *testing.T) {
	f := start(t, 1, func(o *Options) {
		o.afterIdentify = func(id identity) {
			if id.Account == "s2" {
				panic("boom")
			}
		}
	})
	_, errOut, code := run(t, f.client(t, "seller:s2"), "quota s2")
	if code != 1 || !strings.Contains(errOut, "internal error") {
		t.Fatalf("panicking session: exit %d, stderr %q", code, errOut)
	}
	if out, _, code := run(t, f.client(t, "seller:s1"), "quota s1 --json"); code != 0 || !strings.Contains(out, `"tier"`) {
		t.Fatalf("after a panic, another session: exit %d, %q", code, out)
	}
}

// Pressing keys does not keep a session past its maximum length.
func TestMaxSessionEndsConsole(t *testing.T) {
	f := start(t, 1, func(o *Options) { o.MaxSession = 2 * time.Second })
	s, in, out, done := ptyShell(t, f.client(t, "seller:s1"), map[string]string{"NO_COLOR": "1"})
	defer s.Close()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case <-done:
			if !strings.Contains(out(), "maximum length") {
				t.Fatalf("ended without the maximum-length message: %q", out())
			}
			return
		case <-tick.C:
			in.Write([]byte("j"))
		case <-deadline:
			t.Fatal("session outlived its maximum length")
		}
	}
}
