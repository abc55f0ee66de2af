// Package sshd is the SSH front door (wish's ssh server): public-key
// authentication only; the key that signed is resolved to an identity and
// the backend hands out that identity's principal, which decides what a
// session may do. A session that carries a command runs that operations
// command (ui/cli) as the principal; one with a terminal opens the key's
// role screen, rendered with the client's own colour profile. The limits:
// idle time, session length, handshake deadline, and per-address limits on
// unauthenticated connections and failed logins (see Limits).
package sshd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"outreach/backend"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// Defaults for Options left zero.
const (
	DefaultListen          = "127.0.0.1:2222"
	DefaultIdle            = 15 * time.Minute
	DefaultMaxSession      = 8 * time.Hour
	DefaultHandshake       = 30 * time.Second
	DefaultShutdownTimeout = 10 * time.Second
)

// Options configure the server.
type Options struct {
	// Backend is the process's backend over the store the server holds.
	Backend *backend.Backend
	// Listen is the TCP address; DefaultListen when empty.
	Listen string
	// HostKey is the ed25519 host key file, created on first start.
	HostKey string
	// Idle ends a session after this long without input.
	Idle time.Duration
	// MaxSession ends a session (and its connection) after this long.
	MaxSession time.Duration
	// Handshake bounds the time from connect until a session starts.
	Handshake time.Duration
	// Limits bound unauthenticated connections and failed logins per
	// address; zero fields take DefaultLimits().
	Limits Limits
	// Listening, when set, is told the address the server listens on.
	Listening func(net.Addr)
	// ShutdownTimeout bounds the wait for sessions on shutdown.
	ShutdownTimeout time.Duration
	// Logger receives the structured session log; slog.Default() when nil.
	Logger *slog.Logger
	// Now is the console's clock; nil = time.Now.
	Now func() time.Time

	afterIdentify func(identity) // tests: runs once a session is identified
}

func (o *Options) defaults() {
	if o.Listen == "" {
		o.Listen = DefaultListen
	}
	if o.Idle <= 0 {
		o.Idle = DefaultIdle
	}
	if o.MaxSession <= 0 {
		o.MaxSession = DefaultMaxSession
	}
	if o.Handshake <= 0 {
		o.Handshake = DefaultHandshake
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = DefaultShutdownTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Server is the SSH server over one store.
type Server struct {
	opts   Options
	b      *backend.Backend
	srv    *ssh.Server
	lim    *limiter
	log    *slog.Logger
	hostFP string
}

// New builds a server: it loads (or creates) the host key and sets up
// authentication, limits and the session handler.
func New(opts Options) (*Server, error) {
	if opts.Backend == nil {
		return nil, errors.New("sshd: no backend")
	}
	opts.defaults()
	signer, err := loadOrCreateHostKey(opts.HostKey)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, b: opts.Backend, log: opts.Logger, lim: newLimiter(opts.Limits, opts.Logger)}
	s.srv, err = wish.NewServer(
		wish.WithAddress(opts.Listen),
		wish.WithVersion("outreach"),
		wish.WithPublicKeyAuth(s.knownKey),
		// No password and no keyboard-interactive handler: those methods
		// are not offered, so they are refused.
		// The connection's own limit is a backstop a little after the
		// session's, so the session can say why it ends before it is cut.
		wish.WithMaxTimeout(opts.MaxSession+5*time.Second),
		func(srv *ssh.Server) error {
			srv.AddHostKey(signer)
			srv.Handler = s.handle
			srv.ConnCallback = s.accept
			srv.ServerConfigCallback = s.sshConfig
			srv.ConnectionFailedCallback = func(c net.Conn, err error) {
				s.log.Debug("ssh connection failed", "from", c.RemoteAddr().String(), "error", err)
			}
			return nil
		},
	)
	if err != nil {
		return nil, fmt.Errorf("sshd: %w", err)
	}
	s.hostFP = fingerprint(signer.PublicKey())
	return s, nil
}

// Serve accepts connections on l until Shutdown.
func (s *Server) Serve(l net.Listener) error {
	s.log.Info("ssh server listening", "addr", l.Addr().String(), "host_key", s.hostFP)
	err := s.srv.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting, waits for sessions until ctx ends, then closes
// what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	defer s.lim.log.flush()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		s.srv.Close()
	}
	return err
}

// Serve listens on opts.Listen and serves until ctx is cancelled, then
// shuts down gracefully within opts.ShutdownTimeout.
func Serve(ctx context.Context, opts Options) error {
	s, err := New(opts)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(os.Stderr, "outreach: serving SSH on %s (host key %s)\n", l.Addr(), s.hostFP)
	if s.opts.Listening != nil {
		s.opts.Listening(l.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(l) }()
	go s.housekeeping(ctx)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	s.log.Info("ssh server shutting down", "timeout", s.opts.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	if err := s.Shutdown(sctx); err != nil {
		s.log.Warn("ssh server shutdown: sessions cut off", "error", err)
	}
	return <-done
}

// housekeeping runs at start and every hour while the server holds the
// store: it drops expired idempotency keys and, on the first run in a new
// month, recomputes creator levels for the month before (as of the
// backend's clock). It also logs the limiter's refusals not yet logged.
func (s *Server) housekeeping(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		h, err := s.b.Housekeep()
		switch {
		case err != nil:
			s.log.Warn("housekeeping", "error", err)
		case h.LevelsRan:
			s.log.Info("recomputed levels", "month", h.Levels.Month, "computed", h.Levels.Computed, "changed", h.Levels.Changed, "falling", h.Levels.Falling)
		}
		if h.PrunedKeys > 0 {
			s.log.Info("pruned idempotency keys", "count", h.PrunedKeys)
		}
		s.lim.log.flush()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// accept is the ConnCallback: a penalised address is refused with a line
// saying why and for how long (text before the SSH version line is allowed
// by RFC 4253, 4.2); any other connection is put under the limiter and
// the handshake deadline.
func (s *Server) accept(ctx ssh.Context, c net.Conn) net.Conn {
	host := hostOf(c.RemoteAddr())
	lc, left, err := s.lim.admit(host, c, time.Now().Add(s.opts.Handshake))
	if err != nil {
		s.lim.log.add("penalised address refused", host)
		c.SetWriteDeadline(time.Now().Add(time.Second))
		fmt.Fprintf(c, "outreach: too many failed logins from %s; try again in %s\r\n", host, left.Round(time.Second))
		return nil
	}
	g := &guard{}
	g.timer = time.AfterFunc(s.opts.Handshake, func() {
		if !g.started.Load() {
			s.lim.log.add("no session before the handshake deadline", host)
			lc.Close()
		}
	})
	ctx.SetValue(guardKey{}, g)
	ctx.SetValue(connKey{}, lc)
	return lc
}

// sshConfig is the ServerConfigCallback: it follows the connection's
// logins, so the limiter forgets a connection once it authenticates and
// counts one failed login for a connection that tried and never did.
func (s *Server) sshConfig(ctx ssh.Context) *gossh.ServerConfig {
	lc, _ := ctx.Value(connKey{}).(*limConn)
	return &gossh.ServerConfig{
		AuthLogCallback: func(_ gossh.ConnMetadata, method string, err error) {
			if lc == nil || method == "none" {
				return
			}
			if err == nil {
				lc.authenticated()
				return
			}
			lc.tried.Store(true)
		},
	}
}

func hostOf(a net.Addr) string {
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return host
}
