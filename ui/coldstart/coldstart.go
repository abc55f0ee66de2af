// Package coldstart launches the real outreach binary in a pseudo-terminal
// that never answers a terminal query, and watches what it writes: when the
// first frame comes, when a text first shows, and whether the program asked
// the terminal anything (an OSC 11 background query or a cursor position
// report) on the way. The cold-start test and benchmark are built on it.
package coldstart

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/creack/pty"
)

// The queries a program can send a terminal and wait on: the background
// colour (OSC 11) and the cursor position (DSR 6). A terminal that ignores
// them leaves the asker waiting for its timeout.
const (
	QueryBackground = "\x1b]11;?"
	QueryCursor     = "\x1b[6n"
)

// ErrTimeout is the error of a wait that ran out of time.
var ErrTimeout = errors.New("coldstart: timed out")

// Build compiles the outreach binary (the module's main package, found
// from dir upwards) into a temporary directory and returns its path.
func Build(ctx context.Context, dir, out string) error {
	root, err := moduleRoot(dir)
	if err != nil {
		return err
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, ".")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("coldstart: build: %w: %s", err, b)
	}
	return nil
}

func moduleRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			if _, err := os.Stat(filepath.Join(d, "main.go")); err == nil {
				return d, nil
			}
		}
		p := filepath.Dir(d)
		if p == d {
			return "", errors.New("coldstart: no module root with main.go above " + dir)
		}
		d = p
	}
}

// Term is a program running in a pseudo-terminal whose other end reads
// everything it writes and answers nothing.
type Term struct {
	cmd   *exec.Cmd
	pty   *os.File
	start time.Time

	mu    sync.Mutex
	out   bytes.Buffer
	first time.Duration // when the first byte came, 0 before
	cond  chan struct{} // closed and replaced on every write
	done  chan struct{} // closed when the reader ends
}

// Start runs bin with args in a w×h pseudo-terminal, as a foreground
// process of its own session (as in a terminal emulator), with TERM set to
// term and the rest of env (CI is removed: termenv treats CI as no terminal).
func Start(bin string, args []string, env []string, term string, w, h int) (*Term, error) {
	cmd := exec.Command(bin, args...)
	e := []string{"TERM=" + term}
	for _, kv := range env {
		if !strings.HasPrefix(kv, "CI=") && !strings.HasPrefix(kv, "TERM=") {
			e = append(e, kv)
		}
	}
	cmd.Env = e
	t := &Term{cmd: cmd, cond: make(chan struct{}), done: make(chan struct{})}
	t.start = time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		return nil, fmt.Errorf("coldstart: start: %w", err)
	}
	t.pty = f
	go t.read()
	return t, nil
}

func (t *Term) read() {
	defer close(t.done)
	buf := make([]byte, 64<<10)
	for {
		n, err := t.pty.Read(buf)
		if n > 0 {
			t.mu.Lock()
			if t.out.Len() == 0 {
				t.first = time.Since(t.start)
			}
			t.out.Write(buf[:n])
			close(t.cond)
			t.cond = make(chan struct{})
			t.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// Output is everything the program has written so far.
func (t *Term) Output() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.out.String()
}

// WaitFor waits until the output contains s, and returns how long after
// the start it first did (to within the reader's latency).
func (t *Term) WaitFor(s string, timeout time.Duration) (time.Duration, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		t.mu.Lock()
		found := bytes.Contains(t.out.Bytes(), []byte(s))
		ch := t.cond
		t.mu.Unlock()
		if found {
			return time.Since(t.start), nil
		}
		select {
		case <-ch:
		case <-t.done:
			if strings.Contains(t.Output(), s) {
				return time.Since(t.start), nil
			}
			return 0, fmt.Errorf("coldstart: the program ended before %q showed", s)
		case <-deadline.C:
			return 0, fmt.Errorf("%w waiting for %q", ErrTimeout, s)
		}
	}
}

// Type writes keys to the program's terminal.
func (t *Term) Type(s string) error {
	_, err := t.pty.WriteString(s)
	return err
}

// Stop ends the program (it is killed if it has not ended within a
// second of its terminal closing) and waits for it.
func (t *Term) Stop() {
	t.pty.Close()
	exited := make(chan struct{})
	go func() { t.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(time.Second):
		t.cmd.Process.Kill()
		<-exited
	}
	<-t.done
}
