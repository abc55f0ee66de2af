// Command sshload opens many concurrent PTY sessions against a running
// `outreach serve` and reports how long each took from dialling to a frame
// that shows results, and the server's resident memory before and while the
// sessions are open. It is the SSH load benchmark of the README:
//
//	go run ./tools/sshload -addr 127.0.0.1:2222 -key seller_key -n 100 -pid $(pgrep -f 'outreach serve')
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:2222", "the server's address")
	keyFile := flag.String("key", "", "the private key of a registered seller key")
	n := flag.Int("n", 10, "concurrent sessions")
	want := flag.String("want", " of ", "text that marks a frame with results")
	pid := flag.Int("pid", 0, "the server's process id, to read its memory (0: skip)")
	hold := flag.Duration("hold", 2*time.Second, "how long to keep the sessions open after the last one shows results")
	timeout := flag.Duration("timeout", 120*time.Second, "give up on a session after this long")
	flag.Parse()
	if err := run(*addr, *keyFile, *n, *want, *pid, *hold, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "sshload:", err)
		os.Exit(1)
	}
}

func run(addr, keyFile string, n int, want string, pid int, hold, timeout time.Duration) error {
	pem, err := os.ReadFile(keyFile)
	if err != nil {
		return err
	}
	signer, err := gossh.ParsePrivateKey(pem)
	if err != nil {
		return fmt.Errorf("%s: %w", keyFile, err)
	}
	cfg := &gossh.ClientConfig{User: "load", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: timeout}
	before := rss(pid)

	type result struct {
		d   time.Duration
		err error
	}
	results := make([]result, n)
	var clients []*gossh.Client
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			c, err := session(addr, cfg, want, timeout)
			results[i] = result{time.Since(t0), err}
			if c != nil {
				mu.Lock()
				clients = append(clients, c)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	all := time.Since(start)
	time.Sleep(hold)
	during := rss(pid)
	for _, c := range clients {
		c.Close()
	}

	var ds []time.Duration
	failed := 0
	var firstErr error
	for _, r := range results {
		if r.err != nil {
			failed++
			if firstErr == nil {
				firstErr = r.err
			}
			continue
		}
		ds = append(ds, r.d)
	}
	slices.Sort(ds)
	fmt.Printf("sessions %d, with results %d, failed %d, all shown after %s\n", n, len(ds), failed, all.Round(time.Millisecond))
	if len(ds) > 0 {
		fmt.Printf("dial to first results frame: p50 %s, p95 %s, max %s\n",
			pct(ds, 50), pct(ds, 95), ds[len(ds)-1].Round(time.Millisecond))
	}
	if pid > 0 {
		fmt.Printf("server RSS: %.1f MiB before, %.1f MiB with %d sessions open (%.2f MiB a session)\n",
			mib(before), mib(during), len(clients), (mib(during)-mib(before))/float64(max(len(clients), 1)))
	}
	if firstErr != nil {
		fmt.Println("first error:", firstErr)
	}
	return nil
}

// session dials, opens a PTY shell and reads until want appears.
func session(addr string, cfg *gossh.ClientConfig, want string, timeout time.Duration) (*gossh.Client, error) {
	c, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, err
	}
	s, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := s.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{}); err != nil {
		c.Close()
		return nil, err
	}
	out, err := s.StdoutPipe()
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := s.Shell(); err != nil {
		c.Close()
		return nil, err
	}
	found := make(chan error, 1)
	go func() {
		var seen bytes.Buffer
		buf := make([]byte, 32<<10)
		for {
			k, err := out.Read(buf)
			seen.Write(buf[:k])
			if bytes.Contains(seen.Bytes(), []byte(want)) {
				found <- nil
				_, _ = io.Copy(io.Discard, out) // keep draining frames
				return
			}
			if seen.Len() > 1<<20 {
				seen.Next(seen.Len() - len(want))
			}
			if err != nil {
				found <- fmt.Errorf("session ended before %q: %w", want, err)
				return
			}
		}
	}()
	select {
	case err := <-found:
		if err != nil {
			c.Close()
			return nil, err
		}
		return c, nil
	case <-time.After(timeout):
		c.Close()
		return nil, fmt.Errorf("no %q after %s", want, timeout)
	}
}

func pct(ds []time.Duration, p int) time.Duration {
	i := (len(ds)*p + 99) / 100
	return ds[min(max(i-1, 0), len(ds)-1)].Round(time.Millisecond)
}

// rss is a process's resident set in bytes, 0 when unknown.
func rss(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
