// Package sshd is the SSH front door: public-key authentication only, the
// key's role and account deciding what a session may do, the operations
// commands for sessions that carry one, the console for seller sessions with
// a terminal, each rendered with the client's own colour profile, and the
// limits (idle time, session length, handshake deadline, connection rate).
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
	"outreach/store"

	"github.com/charmbracelet/ssh"
)

// Defaults for Options left zero.
const (
	DefaultListen          = "127.0.0.1:2222"
	DefaultIdle            = 15 * time.Minute
	DefaultMaxSession      = 8 * time.Hour
	DefaultHandshake       = 30 * time.Second
	DefaultRatePerMinute   = 10
	DefaultBurst           = 20
	DefaultShutdownTimeout = 10 * time.Second
)

// Options configure the server.
type Options struct {
	// Store is the open store the server holds.
	Store *store.Store
	// Backend is the way in for the screens; nil builds one over Store.
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
	// RatePerMinute and Burst limit new connections per remote IP.
	RatePerMinute, Burst int
	// ShutdownTimeout bounds the wait for sessions on shutdown.
	ShutdownTimeout time.Duration
	// Logger receives the structured session log; slog.Default() when nil.
	Logger *slog.Logger
	// Now is the console's clock; nil = time.Now.
	Now func() time.Time
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
	if o.RatePerMinute <= 0 {
		o.RatePerMinute = DefaultRatePerMinute
	}
	if o.Burst <= 0 {
		o.Burst = DefaultBurst
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
	srv    *ssh.Server
	rate   *rateLimiter
	log    *slog.Logger
	hostFP string
}

// New builds a server: it loads (or creates) the host key and sets up
// authentication, limits and the session handler.
func New(opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("sshd: no store")
	}
	opts.defaults()
	if opts.Backend == nil {
		opts.Backend = backend.New(opts.Store, backend.Options{Now: opts.Now})
	}
	signer, err := loadOrCreateHostKey(opts.HostKey)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, log: opts.Logger, rate: newRateLimiter(opts.RatePerMinute, opts.Burst)}
	s.srv = &ssh.Server{
		Addr:             opts.Listen,
		HostSigners:      []ssh.Signer{signer},
		Version:          "outreach",
		Handler:          s.handle,
		PublicKeyHandler: s.knownKey,
		// No PasswordHandler and no KeyboardInteractiveHandler: those
		// methods are not offered, so they are refused.
		ConnCallback: s.accept,
		// The connection's own limit is a backstop a little after the
		// session's, so the session can say why it ends before it is cut.
		MaxTimeout: opts.MaxSession + 5*time.Second,
		ConnectionFailedCallback: func(c net.Conn, err error) {
			s.log.Debug("ssh connection failed", "from", c.RemoteAddr().String(), "error", err)
		},
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
// month, recomputes creator levels for the month before.
func (s *Server) housekeeping(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		now := time.Now()
		if n, err := s.opts.Store.PruneIdempotencyKeys(now); err != nil {
			s.log.Warn("prune idempotency keys", "error", err)
		} else if n > 0 {
			s.log.Info("pruned idempotency keys", "count", n)
		}
		if ran, st, err := s.opts.Store.RecomputeLevelsIfDue(now); err != nil {
			s.log.Warn("recompute levels", "error", err)
		} else if ran {
			s.log.Info("recomputed levels", "month", st.Month, "computed", st.Computed, "changed", st.Changed, "falling", st.Falling)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
