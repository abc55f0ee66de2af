package sshd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Limits say who may connect, after OpenSSH's MaxStartups and
// PerSourcePenalties: they bound what an address can do before it
// authenticates and penalise addresses that fail to log in. Nothing counts
// an authenticated connection or its sessions: a user's script may open as
// many as it likes.
type Limits struct {
	// Startups caps one address's connections that are handshaking (they
	// sent their version, they have not authenticated yet). More wait for
	// a slot, until the handshake deadline (OpenSSH PerSourceMaxStartups,
	// without the refusal: a burst of a user's commands is served in turn).
	Startups int
	// Silent caps one address's connections that have sent nothing yet; a
	// new one closes the oldest that has been silent for SilentGrace (idle
	// connections hold no slot anyone waits for). A burst of real clients
	// whose first bytes the server has not read yet is not silent: beyond
	// the cap, only connections past the grace are closed, and a hard cap of
	// 16 times Silent bounds what one address can hold.
	Silent      int
	SilentGrace time.Duration
	// FailBurst failed logins are allowed from an address, and one more
	// every FailEvery; past that the address is penalised.
	FailBurst int
	FailEvery time.Duration
	// Penalty is the first penalty; each further one before the address's
	// failures are forgiven doubles it, up to MaxPenalty (OpenSSH
	// PerSourcePenalties authfail, min and max).
	Penalty, MaxPenalty time.Duration
}

// DefaultLimits are the limits for fields left zero.
func DefaultLimits() Limits {
	return Limits{Startups: 10, Silent: 32, SilentGrace: 2 * time.Second, FailBurst: 6, FailEvery: 20 * time.Second,
		Penalty: 30 * time.Second, MaxPenalty: 10 * time.Minute}
}

func (l *Limits) defaults() {
	d := DefaultLimits()
	if l.Startups <= 0 {
		l.Startups = d.Startups
	}
	if l.SilentGrace <= 0 {
		l.SilentGrace = d.SilentGrace
	}
	if l.Silent <= 0 {
		l.Silent = d.Silent
	}
	if l.FailBurst <= 0 {
		l.FailBurst = d.FailBurst
	}
	if l.FailEvery <= 0 {
		l.FailEvery = d.FailEvery
	}
	if l.Penalty <= 0 {
		l.Penalty = d.Penalty
	}
	if l.MaxPenalty < l.Penalty {
		l.MaxPenalty = max(d.MaxPenalty, l.Penalty)
	}
}

// source is what the limiter knows of one remote address.
type source struct {
	slots   chan struct{} // handshaking connections hold one
	silent  []*limConn    // connections that have sent nothing, oldest first
	fails   *rate.Limiter // failed logins
	strikes int           // penalties since the failures were last forgiven
	until   time.Time     // penalised until
	conns   int           // open, unauthenticated connections
}

// limiter applies Limits per remote address.
type limiter struct {
	lim Limits
	now func() time.Time
	log *refusals

	mu  sync.Mutex
	src map[string]*source
}

func newLimiter(l Limits, log *slog.Logger) *limiter {
	l.defaults()
	return &limiter{lim: l, now: time.Now, src: map[string]*source{}, log: &refusals{log: log}}
}

func (l *limiter) get(host string) *source {
	s := l.src[host]
	if s == nil {
		if len(l.src) > 10_000 {
			l.prune()
		}
		s = &source{slots: make(chan struct{}, l.lim.Startups), fails: rate.NewLimiter(rate.Every(l.lim.FailEvery), l.lim.FailBurst)}
		l.src[host] = s
	}
	return s
}

// prune forgets the addresses that behave like new ones.
func (l *limiter) prune() {
	now := l.now()
	for h, s := range l.src {
		if s.conns == 0 && !now.Before(s.until) && s.fails.TokensAt(now) >= float64(l.lim.FailBurst) {
			delete(l.src, h)
		}
	}
}

// errPenalised refuses a connection from a penalised address.
var errPenalised = errors.New("penalised")

// admit takes a new connection from host: it refuses a penalised address
// (with the time left) and makes room among the silent ones.
func (l *limiter) admit(host string, c net.Conn, deadline time.Time) (*limConn, time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.get(host)
	if left := s.until.Sub(l.now()); left > 0 {
		return nil, left, errPenalised
	}
	now := l.now()
	lc := &limConn{Conn: c, l: l, host: host, deadline: deadline, admitted: now}
	s.conns++
	s.silent = append(s.silent, lc)
	if len(s.silent) > l.lim.Silent && (now.Sub(s.silent[0].admitted) >= l.lim.SilentGrace || len(s.silent) > 16*l.lim.Silent) {
		old := s.silent[0]
		s.silent = s.silent[1:]
		old.evicted.Store(true)
		go old.Conn.Close() // its Read fails and the handshake ends
		l.log.add("silent connection closed for a newer one", host)
	}
	return lc, 0, nil
}

// spoke moves c from the silent connections to the handshaking ones,
// waiting for a slot until its deadline.
func (l *limiter) spoke(c *limConn) error {
	l.mu.Lock()
	s := l.get(c.host)
	for i, x := range s.silent {
		if x == c {
			s.silent = append(s.silent[:i], s.silent[i+1:]...)
			break
		}
	}
	slots := s.slots
	l.mu.Unlock()
	select {
	case slots <- struct{}{}:
		return nil
	default:
	}
	ctx, cancel := context.WithDeadline(context.Background(), c.deadline)
	defer cancel()
	select {
	case slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		l.log.add("no handshake slot before the deadline", c.host)
		return fmt.Errorf("sshd: %d connections from %s are already logging in", l.lim.Startups, c.host)
	}
}

// done releases what c holds when it closes unauthenticated; if it tried
// to log in, that is a failed login.
func (l *limiter) done(c *limConn, slot, tried bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.get(c.host)
	s.conns--
	for i, x := range s.silent {
		if x == c {
			s.silent = append(s.silent[:i], s.silent[i+1:]...)
			break
		}
	}
	if slot {
		<-s.slots
	}
	if tried {
		l.failed(s, c.host)
	}
}

// forget releases an authenticated connection: nothing counts it any more.
func (l *limiter) forget(c *limConn, slot bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.get(c.host)
	s.conns--
	if slot {
		<-s.slots
	}
}

// release gives back a slot taken too late (the connection ended or
// authenticated meanwhile).
func (l *limiter) release(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	<-l.get(host).slots
}

// failed records a failed login; past the allowance the address is
// penalised, longer each time until its failures are forgiven.
func (l *limiter) failed(s *source, host string) {
	now := l.now()
	if s.fails.TokensAt(now) >= float64(l.lim.FailBurst) {
		s.strikes = 0 // a quiet spell forgives earlier penalties
	}
	if s.fails.AllowN(now, 1) {
		return
	}
	s.strikes++
	p := l.lim.Penalty << min(s.strikes-1, 20)
	if p <= 0 || p > l.lim.MaxPenalty {
		p = l.lim.MaxPenalty
	}
	s.until = now.Add(p)
	l.log.add(fmt.Sprintf("address penalised for %s after failed logins", p), host)
}

// limConn is a connection under the limiter until it authenticates.
type limConn struct {
	net.Conn
	l        *limiter
	host     string
	deadline time.Time
	admitted time.Time

	spoken  atomic.Bool // the client sent its first bytes
	evicted atomic.Bool
	tried   atomic.Bool // attempted a login method other than none
	once    sync.Once

	mu     sync.Mutex
	slot   bool // holds a handshake slot
	authed bool
	closed bool
}

func (c *limConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && !c.spoken.Swap(true) {
		if werr := c.l.spoke(c); werr != nil {
			c.Conn.Close()
			return 0, werr
		}
		c.mu.Lock()
		if c.closed || c.authed {
			c.l.release(c.host)
		} else {
			c.slot = true
		}
		c.mu.Unlock()
	}
	return n, err
}

// authenticated releases the handshake slot: from now on nothing counts
// this connection.
func (c *limConn) authenticated() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.authed || c.closed {
		return
	}
	c.authed = true
	c.l.forget(c, c.slot)
	c.slot = false
}

func (c *limConn) Close() error {
	c.once.Do(func() {
		c.mu.Lock()
		c.closed = true
		authed, slot := c.authed, c.slot
		c.slot = false
		c.mu.Unlock()
		if !authed {
			c.l.done(c, slot, c.tried.Load())
		}
	})
	return c.Conn.Close()
}

// refusals logs refused connections in aggregate: one line for the first,
// then at most one a minute with the counts since the last line.
type refusals struct {
	log *slog.Logger

	mu     sync.Mutex
	counts map[string]int
	from   map[string]int
	last   time.Time
}

func (r *refusals) add(reason, host string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.counts == nil {
		r.counts, r.from = map[string]int{}, map[string]int{}
	}
	r.counts[reason]++
	r.from[host]++
	if time.Since(r.last) >= time.Minute {
		r.flushLocked()
	}
}

// flush logs what is counted, if anything.
func (r *refusals) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flushLocked()
}

func (r *refusals) flushLocked() {
	if len(r.counts) == 0 {
		return
	}
	hosts := make([]string, 0, len(r.from))
	for h := range r.from {
		hosts = append(hosts, h)
	}
	sort.Slice(hosts, func(i, j int) bool { return r.from[hosts[i]] > r.from[hosts[j]] })
	if len(hosts) > 5 {
		hosts = hosts[:5]
	}
	attrs := []any{"addresses", len(r.from), "top", hosts}
	for k, v := range r.counts {
		attrs = append(attrs, k, v)
	}
	r.log.Info("ssh connections limited", attrs...)
	r.counts, r.from = map[string]int{}, map[string]int{}
	r.last = time.Now()
}

// guardKey holds a connection's guard in its ssh.Context.
type guardKey struct{}

// connKey holds a connection's limConn in its ssh.Context.
type connKey struct{}

// guard closes a connection that has not started a session within the
// handshake deadline (slow or silent clients hold nothing for long).
type guard struct {
	started atomic.Bool
	timer   *time.Timer
}

func (g *guard) start() {
	if g.started.CompareAndSwap(false, true) {
		g.timer.Stop()
	}
}

// activity records when a session last received input.
type activity struct{ last atomic.Int64 }

func (a *activity) touch()           { a.last.Store(time.Now().UnixNano()) }
func (a *activity) since() time.Time { return time.Unix(0, a.last.Load()) }

// idleReader records input on an activity; only the client's bytes count,
// so nothing the server sends (a clock tick, a live update) keeps a
// session alive.
type idleReader struct {
	r interface{ Read([]byte) (int, error) }
	a *activity
}

func (r idleReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if n > 0 {
		r.a.touch()
	}
	return n, err
}
