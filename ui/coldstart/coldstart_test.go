package coldstart

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// now is the clock the demo and the console share, so the store is reused.
const now = "2026-11-18T12:00:00Z"

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the outreach binary once for the package's tests.
func binary(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("builds and launches the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "outreach-coldstart")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "outreach")
		buildErr = Build(context.Background(), ".", binPath)
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

// TestMain removes the built binary after the package's tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// demoStore makes a demo store of n creators in dir.
func demoStore(tb testing.TB, bin, dir string, n int) string {
	tb.Helper()
	db := filepath.Join(dir, "demo.db")
	out, err := exec.Command(bin, "demo", "--creators", itoa(n), "--no-console", "--db", db, "--now", now).CombinedOutput()
	if err != nil {
		tb.Fatalf("demo: %v: %s", err, out)
	}
	return db
}

func itoa(n int) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	if s == "" {
		return "0"
	}
	return s
}

// thousands writes n as the console does: 5,000.
func thousands(n int) string {
	s := itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// consoleEnv is a terminal user's environment without the answers a
// terminal could give by other means (COLORFGBG, NO_COLOR).
func consoleEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "COLORFGBG=") || strings.HasPrefix(kv, "NO_COLOR=") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

// generous bounds a wait only so a broken build cannot hang the test; the
// time itself is measured by BenchmarkColdStart.
const generous = 60 * time.Second

// TestFirstFrameWithoutTerminalQueries starts the console on a terminal
// that never answers (a pseudo-terminal nobody answers on, TERM naming a
// terminal that could), and checks that the first frame with results
// comes and that nothing was asked of the terminal before it: a query
// there would hold the first frame for termenv's five-second timeout.
func TestFirstFrameWithoutTerminalQueries(t *testing.T) {
	bin := binary(t)
	db := demoStore(t, bin, t.TempDir(), 1000)
	for _, term := range []string{"xterm-256color", "xterm"} {
		t.Run(term, func(t *testing.T) {
			tm, err := Start(bin, []string{"--db", db, "--now", now}, consoleEnv(), term, 120, 40)
			if err != nil {
				t.Fatal(err)
			}
			defer tm.Stop()
			if _, err := tm.WaitFor("of 1,000", generous); err != nil {
				t.Fatalf("%v; the screen so far:\n%q", err, tm.Output())
			}
			out := tm.Output()
			for _, q := range []string{QueryBackground, QueryCursor} {
				if strings.Contains(out, q) {
					t.Errorf("the console asked the terminal %q before its first frame", q)
				}
			}
			tm.Type("q")
		})
	}
}
