package store

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"outreach/model"
)

var crashRounds = flag.Int("crash.rounds", 0, "rounds of TestCrashKeepsAcknowledgedSends (0: a short run)")

// Environment of the crash helper process.
const (
	envCrashDB    = "OUTREACH_CRASH_DB"
	envCrashRound = "OUTREACH_CRASH_ROUND"
)

// crashSellers send in the crash test; sellers without GMV, so that the
// weekly limit runs out and the Starter Pack is spent too.
var crashSellers = []string{"s0", "s1", "s2", "s3"}

const crashCreators = 2000

// crashWeek is the instant the sends of a round are made at: a new week
// every other round, so that frozen weeks and new ones both meet crashes.
func crashWeek(round int) time.Time { return t0.AddDate(0, 0, 7*(round/2)) }

// TestCrashHelper is the child process of TestCrashKeepsAcknowledgedSends:
// it holds the store and sends from many goroutines, printing each send
// once its commit has returned, until it is killed.
func TestCrashHelper(t *testing.T) {
	path := os.Getenv(envCrashDB)
	if path == "" {
		t.Skip("the helper process of TestCrashKeepsAcknowledgedSends")
	}
	round, _ := strconv.Atoi(os.Getenv(envCrashRound))
	s, err := Open(path, Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(3)
	}
	now := crashWeek(round)
	var mu sync.Mutex
	var wg sync.WaitGroup
	stop := time.Now().Add(30 * time.Second) // never outlive a parent that failed to kill
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(round*1000 + g)))
			for i := 0; time.Now().Before(stop); i++ {
				r := Request{Kind: model.ActionKind(rng.Intn(2)), Seller: crashSellers[rng.Intn(len(crashSellers))],
					Creator: fmt.Sprintf("c%d", rng.Intn(crashCreators)), Text: "hello", Now: now,
					Key: fmt.Sprintf("r%d-g%d-%d", round, g, i)}
				o, err := s.Outreach(r)
				if err != nil {
					fmt.Fprintln(os.Stderr, "send:", err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Printf("ack %s %s %t %d\n", r.Seller, r.Key, o.Allowed, o.Charged)
				mu.Unlock()
			}
		}(g)
	}
	wg.Wait()
	s.Close()
	os.Exit(0)
}

type ack struct {
	seller, key string
	allowed     bool
	charged     int
}

// A process holding the store is killed (SIGKILL) at random moments during
// concurrent checked sends; after each kill the store opens, every send the
// process acknowledged is in the decision log as acknowledged, and each
// seller's quota used equals the credits charged in its decision log.
func TestCrashKeepsAcknowledgedSends(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	rounds := *crashRounds
	if rounds == 0 {
		rounds = 4
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range crashSellers {
		if _, err := s.PutSeller(model.Seller{ID: id}, t0); err != nil {
			t.Fatal(err)
		}
	}
	cs := make([]model.Creator, crashCreators)
	for i := range cs {
		cs[i] = model.Creator{ID: fmt.Sprintf("c%d", i), Handle: fmt.Sprintf("h%d", i), Followers: 100}
	}
	if _, err := s.ImportCreators(cs, t0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[string]ack{}
	for round := 0; round < rounds; round++ {
		n := crashRound(t, path, round, time.Duration(100+rng.Intn(700))*time.Millisecond, acked)
		t.Logf("round %d: %d sends acknowledged before the kill", round, n)
		verifyCrash(t, path, rounds, acked)
	}
}

// crashRound runs the helper for about d, kills it and adds what it
// acknowledged to acked.
func crashRound(t *testing.T, path string, round int, d time.Duration, acked map[string]ack) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashDB+"="+path, envCrashRound+"="+strconv.Itoa(round))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan []ack, 1)
	go func() {
		var got []ack
		sc := bufio.NewScanner(out)
		for sc.Scan() { // a line cut by the kill has no newline and is not returned complete
			f := strings.Fields(sc.Text())
			if len(f) != 5 || f[0] != "ack" {
				continue
			}
			c, _ := strconv.Atoi(f[4])
			got = append(got, ack{f[1], f[2], f[3] == "true", c})
		}
		lines <- got
	}()
	// Kill only once sends are flowing, at a random moment after.
	time.Sleep(d)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	got := <-lines
	cmd.Wait()
	if strings.Contains(stderr.String(), "send:") || strings.Contains(stderr.String(), "open:") {
		t.Fatalf("helper failed: %s", stderr.String())
	}
	for _, a := range got {
		acked[a.key] = a
	}
	return len(got)
}

// verifyCrash opens the store after a kill and checks it against acked.
func verifyCrash(t *testing.T, path string, rounds int, acked map[string]ack) {
	t.Helper()
	if probs, err := Check(path); err != nil || len(probs) > 0 {
		t.Fatalf("check after the kill: %q %v", probs, err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	logged := map[string]model.DecisionRecord{}
	for _, id := range crashSellers {
		ds, err := s.Decisions(id, 0)
		if err != nil {
			t.Fatal(err)
		}
		charged := map[time.Time]int{}
		for _, d := range ds {
			logged[d.Key] = d
			charged[model.WeekStart(d.At, time.UTC)] += d.Charged
		}
		for r := 0; r < rounds; r += 2 {
			now := crashWeek(r)
			q, err := s.Quota(id, now)
			if err != nil {
				t.Fatal(err)
			}
			if want := charged[model.WeekStart(now, time.UTC)]; q.Used != want {
				t.Fatalf("seller %s week of %s: quota used %d, decision log charged %d", id, now.Format(model.DayLayout), q.Used, want)
			}
		}
	}
	for k, a := range acked {
		d, ok := logged[k]
		if !ok {
			t.Fatalf("acknowledged send %s of %s is not in the store", k, a.seller)
		}
		if d.Allowed != a.allowed || d.Charged != a.charged || d.SellerID != a.seller {
			t.Fatalf("acknowledged send %s: answered %+v, logged %+v", k, a, d)
		}
	}
}
