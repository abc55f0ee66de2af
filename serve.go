package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"outreach/store"
	"outreach/ui/cli"
	"outreach/ui/sshd"
)

// serve runs the SSH server for `outreach serve` until SIGINT or SIGTERM,
// then shuts down gracefully. Session logs go to stderr as JSON lines.
func serve(st *store.Store, cfg cli.ServeConfig) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return sshd.Serve(ctx, sshd.Options{
		Store: st, Listen: cfg.Listen, HostKey: cfg.HostKey, Idle: cfg.Idle, MaxSession: cfg.MaxSession,
		Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)),
	})
}
