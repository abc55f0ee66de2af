package sshd

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/ssh"
)

// rateLimiter is a token bucket per remote IP: burst connections at once,
// then perMinute a minute.
type rateLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens a second
	burst   float64
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newRateLimiter(perMinute, burst int) *rateLimiter {
	return &rateLimiter{rate: float64(perMinute) / 60, burst: float64(burst), buckets: map[string]*bucket{}, now: time.Now}
}

// allow takes one token for ip, reporting whether there was one.
func (r *rateLimiter) allow(ip string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if len(r.buckets) > 10_000 {
		r.prune(now)
	}
	b := r.buckets[ip]
	if b == nil {
		b = &bucket{tokens: r.burst, at: now}
		r.buckets[ip] = b
	}
	b.tokens = min(r.burst, b.tokens+now.Sub(b.at).Seconds()*r.rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// prune forgets the buckets that have refilled: they behave like new ones.
func (r *rateLimiter) prune(now time.Time) {
	for ip, b := range r.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*r.rate >= r.burst {
			delete(r.buckets, ip)
		}
	}
}

// guardKey holds a connection's guard in its ssh.Context.
type guardKey struct{}

// guard closes a connection that has not started a session within the
// handshake deadline (slow or silent clients hold no slot for long).
type guard struct {
	started atomic.Bool
	timer   *time.Timer
}

func (g *guard) start() {
	if g.started.CompareAndSwap(false, true) {
		g.timer.Stop()
	}
}

// accept is the ConnCallback: the rate limit, then the handshake deadline.
func (s *Server) accept(ctx ssh.Context, c net.Conn) net.Conn {
	host, _, err := net.SplitHostPort(c.RemoteAddr().String())
	if err != nil {
		host = c.RemoteAddr().String()
	}
	if !s.rate.allow(host) {
		s.log.Warn("ssh connection refused: rate limit", "from", host)
		return nil
	}
	g := &guard{}
	g.timer = time.AfterFunc(s.opts.Handshake, func() {
		if !g.started.Load() {
			s.log.Warn("ssh connection closed: no session before the handshake deadline", "from", c.RemoteAddr().String(), "deadline", s.opts.Handshake.String())
			c.Close()
		}
	})
	ctx.SetValue(guardKey{}, g)
	return c
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
