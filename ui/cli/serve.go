package cli

import (
	"path/filepath"
	"time"

	"outreach/store"

	"github.com/spf13/cobra"
)

// ServeConfig is what `outreach serve` passes to the SSH server.
type ServeConfig struct {
	// Listen is the TCP address, e.g. 127.0.0.1:2222.
	Listen string
	// HostKey is the host key file; created on first start, then reused.
	HostKey string
	// Idle ends a session after this long without a key press.
	Idle time.Duration
	// MaxSession ends a session after this long in any case.
	MaxSession time.Duration
}

// ServeFunc runs the SSH server on an open store until it is stopped.
// It lives outside this package (ui/sshd runs this package's commands, so
// this package cannot import it); main wires it.
type ServeFunc func(st *store.Store, cfg ServeConfig) error

func (a *App) serveCmd() *cobra.Command {
	var cfg ServeConfig
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the console and the operations commands over SSH (public keys only)",
		Example: "  outreach serve --listen 0.0.0.0:2222\n" +
			"  ssh -p 2222 host            # the console, for a seller key\n" +
			"  ssh -p 2222 host -- quota s1 --json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.Serve == nil || a.Remote {
				return usage("serve is not available here")
			}
			st, err := a.open(cmd)
			if err != nil {
				return err
			}
			if cfg.HostKey == "" {
				cfg.HostKey = filepath.Join(filepath.Dir(st.Path()), "ssh_host_ed25519")
			}
			return a.Serve(st, cfg)
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.Listen, "listen", "127.0.0.1:2222", "address to listen on")
	f.StringVar(&cfg.HostKey, "host-key", "", "host key file, created on first start (default: ssh_host_ed25519 next to the store)")
	f.DurationVar(&cfg.Idle, "idle", 15*time.Minute, "end a session after this long without a key press")
	f.DurationVar(&cfg.MaxSession, "max-session", 8*time.Hour, "end a session after this long")
	return c
}
