package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"outreach/backend"
	"outreach/ui/cli"
	"outreach/ui/sshd"
)

// serve runs the SSH server for `outreach serve` until SIGINT or SIGTERM,
// then shuts down gracefully. Session logs go to stderr as JSON lines.
func serve(b *backend.Backend, cfg cli.ServeConfig) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return sshd.Serve(ctx, sshd.Options{
		Backend: b, Listen: cfg.Listen, HostKey: cfg.HostKey, Idle: cfg.Idle, MaxSession: cfg.MaxSession,
		Listening: cfg.Listening, Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)),
	})
}
