package sshd

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"outreach/store"
	"outreach/ui/cli"

	gossh "golang.org/x/crypto/ssh"
)

func TestExecCommandTooLong(t *testing.T) {
	f := start(t, 1, nil)
	c := f.client(t, "seller:s1")
	for _, n := range []int{cli.MaxCommand + 1, 200 << 10} {
		cmd := "quota s1 --text " + strings.Repeat("x", n)
		o, e, code := run(t, c, cmd)
		if code != cli.ExitUsage || !strings.Contains(e, "at most 16 KiB") {
			t.Fatalf("%d bytes: exit %d, stdout %.100q, stderr %.200q", len(cmd), code, o, e)
		}
	}
	// The connection is still good.
	if _, e, code := run(t, c, "quota s1"); code != 0 {
		t.Fatalf("after a long command: exit %d %s", code, e)
	}
	// Quotes left open are bad usage, not a crash.
	if _, e, code := run(t, c, `quota "s1`); code != cli.ExitUsage || !strings.Contains(e, "quote") {
		t.Fatalf("open quote: exit %d %q", code, e)
	}
}

// exitStatus waits for a PTY session and returns its exit status.
func exitStatus(t *testing.T, err error) int {
	t.Helper()
	var ee *gossh.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitStatus()
	}
	t.Fatalf("session ended without an exit status: %v", err)
	return -1
}

func TestLimitsEndWithAStatus(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  func(*Options)
		want string
	}{
		{"idle", func(o *Options) { o.Idle = time.Second }, "no key pressed"},
		{"max", func(o *Options) { o.MaxSession = time.Second }, "maximum length"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := start(t, 1, tc.opt)
			s, _, out, done := ptyShell(t, f.client(t, "seller:s1"), map[string]string{"NO_COLOR": "1"})
			defer s.Close()
			select {
			case err := <-done:
				if code := exitStatus(t, err); code != ExitLimit || code == 0 || code == 255 {
					t.Fatalf("exit %d, want %d", code, ExitLimit)
				}
				if !strings.Contains(out(), tc.want) {
					t.Fatalf("no reason given: %q", out())
				}
			case <-time.After(15 * time.Second):
				t.Fatal("session still open")
			}
		})
	}
}

// 100 concurrent commands from one address with a valid key, each on its
// own connection, are all answered.
func TestManyConcurrentCommandsFromOneAddress(t *testing.T) {
	f := start(t, 1, nil)
	const n = 100
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := f.dial(t, "x", gossh.PublicKeys(f.keys["seller:s1"]))
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			s, err := c.NewSession()
			if err != nil {
				errs <- err
				return
			}
			defer s.Close()
			out, err := s.Output("quota s1 --json")
			if err != nil || !strings.Contains(string(out), `"tier"`) {
				errs <- errors.Join(err, errors.New(string(out)))
			}
		}()
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		failed++
		t.Log(err)
	}
	if failed > 0 {
		t.Fatalf("%d of %d commands not answered", failed, n)
	}
}

// Idle connections from an address, silent or authenticated, do not keep
// a valid login from that address out.
func TestIdleConnectionsDoNotLockOut(t *testing.T) {
	f := start(t, 1, nil)
	var silent []net.Conn
	for i := 0; i < 200; i++ {
		c, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		silent = append(silent, c)
	}
	defer func() {
		for _, c := range silent {
			c.Close()
		}
	}()
	if _, e, code := run(t, f.client(t, "seller:s1"), "quota s1"); code != 0 {
		t.Fatalf("after 200 silent connections: exit %d %s", code, e)
	}
	var authed []*gossh.Client
	for i := 0; i < 200; i++ {
		c, err := f.dial(t, "x", gossh.PublicKeys(f.keys["agent:"]))
		if err != nil {
			t.Fatalf("authenticated connection %d refused: %v", i, err)
		}
		authed = append(authed, c)
	}
	defer func() {
		for _, c := range authed {
			c.Close()
		}
	}()
	if _, e, code := run(t, f.client(t, "seller:s1"), "quota s1"); code != 0 {
		t.Fatalf("after 200 idle logins: exit %d %s", code, e)
	}
}

// logLines collects log records.
type logLines struct {
	mu    sync.Mutex
	lines []slog.Record
}

func (l *logLines) Enabled(context.Context, slog.Level) bool { return true }
func (l *logLines) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, r)
	return nil
}
func (l *logLines) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logLines) WithGroup(string) slog.Handler      { return l }

func (l *logLines) count(level slog.Level, msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, r := range l.lines {
		if r.Level >= level && (msg == "" || r.Message == msg) {
			n++
		}
	}
	return n
}

// Failed logins from an address are penalised: it is refused with a line
// that says why, a valid key from it too while the penalty lasts; the
// refusals are logged in aggregate, not once per connection.
func TestFailedLoginsPenalised(t *testing.T) {
	logs := &logLines{}
	f := start(t, 1, func(o *Options) {
		o.Limits = Limits{FailBurst: 3, FailEvery: time.Hour, Penalty: time.Hour}
		o.Logger = slog.New(logs)
	})
	stranger := newSigner(t)
	for i := 0; i < 4; i++ {
		if c, err := f.dial(t, "x", gossh.PublicKeys(stranger)); err == nil {
			c.Close()
			t.Fatal("an unknown key logged in")
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		line, _ := bufio.NewReader(c).ReadString('\n')
		c.Close()
		if strings.Contains(line, "too many failed logins") && strings.Contains(line, "try again in") {
			break
		}
		if time.Now().After(deadline) { // the last failure is counted when its connection closes
			t.Fatalf("not penalised: %q", line)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if c, err := f.dial(t, "x", gossh.PublicKeys(f.keys["seller:s1"])); err == nil {
		c.Close()
		t.Fatal("a penalised address logged in")
	}
	for i := 0; i < 30; i++ {
		if c, err := net.Dial("tcp", f.addr); err == nil {
			io.ReadAll(c)
			c.Close()
		}
	}
	if n := logs.count(slog.LevelWarn, ""); n != 0 {
		t.Fatalf("%d WARN lines for refusals", n)
	}
	if n := logs.count(slog.LevelInfo, "ssh connections limited"); n > 1 {
		t.Fatalf("%d log lines for 30 refusals within a minute, want at most 1", n)
	}
}

// The penalty grows with repeated failures and is forgiven after a quiet
// spell; authenticating never counts.
func TestPenaltyGrows(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(Limits{FailBurst: 1, FailEvery: time.Minute, Penalty: 10 * time.Second, MaxPenalty: 35 * time.Second}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	l.now = func() time.Time { return now }
	s := l.get("a")
	var got []time.Duration
	for i := 0; i < 5; i++ {
		l.failed(s, "a")
		got = append(got, max(0, s.until.Sub(now)))
		now = now.Add(time.Second)
	}
	want := []time.Duration{0, 10 * time.Second, 20 * time.Second, 35 * time.Second, 35 * time.Second}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("penalties %v, want %v", got, want)
	}
	now = now.Add(time.Hour) // forgiven
	l.failed(s, "a")
	if s.strikes != 0 {
		t.Fatalf("strikes %d after a quiet hour", s.strikes)
	}
}

func TestBackupOverSSH(t *testing.T) {
	f := start(t, 3, nil)
	s, err := f.client(t, "admin:").NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var o, e bytes.Buffer
	s.Stdout, s.Stderr = &o, &e
	if err := s.Run("backup -"); err != nil {
		t.Fatalf("backup -: %v %s", err, e.String())
	}
	p := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(p, o.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(p, store.Options{MustExist: true})
	if err != nil {
		t.Fatalf("the stream is not a store: %v", err)
	}
	defer st.Close()
	if ss, err := st.Sellers(); err != nil || len(ss) != 2 || st.CreatorCount() != 3 {
		t.Fatalf("copy has %d sellers, %d creators (%v)", len(ss), st.CreatorCount(), err)
	}
	if _, _, code := run(t, f.client(t, "seller:s1"), "backup -"); code != cli.ExitUsage {
		t.Fatalf("a seller's backup: exit %d", code)
	}
}

// A burst of real clients whose first bytes are not read yet is not closed
// as silent; connections silent past the grace are, and a hard cap bounds
// one address.
func TestSilentEvictionNeedsGrace(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		spacing time.Duration // between admissions
		evicted int
	}{
		{"burst of 100 within the grace", 100, time.Millisecond, 0},
		{"33 slow ones, the first past the grace", 33, 100 * time.Millisecond, 1},
		{"40 spread over 4 s", 40, 100 * time.Millisecond, 8},
		{"600 at once: hard cap", 600, 0, 600 - 16*32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			l := newLimiter(Limits{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			l.now = func() time.Time { return now }
			var conns []*limConn
			for range tt.n {
				a, b := net.Pipe()
				defer a.Close()
				defer b.Close()
				lc, _, err := l.admit("10.0.0.1", a, now.Add(30*time.Second))
				if err != nil {
					t.Fatal(err)
				}
				conns = append(conns, lc)
				now = now.Add(tt.spacing)
			}
			got := 0
			for _, c := range conns {
				if c.evicted.Load() {
					got++
				}
			}
			if got != tt.evicted {
				t.Errorf("evicted %d, want %d", got, tt.evicted)
			}
		})
	}
}
