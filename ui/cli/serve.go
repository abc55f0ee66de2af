package cli

import (
	"net"
	"path/filepath"
	"time"

	"outreach/backend"
	"outreach/store"
	"outreach/ui/cli/clio"

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
	// Listening, when set, is told the address the server really listens
	// on, once it does.
	Listening func(net.Addr)
}

// ServeFunc runs the SSH server on the backend until it is stopped. It
// lives outside this package (ui/sshd runs this package's commands, so this
// package cannot import it); main wires it.
type ServeFunc func(b *backend.Backend, cfg ServeConfig) error

func (a *App) serveCmd() *cobra.Command {
	var cfg ServeConfig
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the console and the operations commands over SSH (public keys only)",
		Example: "  outreach serve --listen 0.0.0.0:2222\n" +
			"  ssh -p 2222 host            # the console, for a seller key\n" +
			"  ssh -p 2222 host -- quota s1 --json",
		Args: clio.ExactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error {
			if a.Serve == nil || a.Remote {
				return clio.Usage("serve is not available here")
			}
			if err := a.operatorOnly(); err != nil {
				return err
			}
			b, err := a.backend(cmd, true)
			if err != nil {
				return err
			}
			if cfg.HostKey == "" && store.IsCluster(b.Path()) {
				// Frontends of one cluster should share a host key: the operator copies it (README).
				cfg.HostKey = filepath.Join(DataDir(), "ssh_host_ed25519")
			} else if cfg.HostKey == "" {
				cfg.HostKey = filepath.Join(filepath.Dir(b.Path()), "ssh_host_ed25519")
			}
			holder := HolderFile(b.Path())
			cfg.Listening = func(addr net.Addr) { writeHolder(holder, holderServe, addr.String()) }
			defer removeHolder(holder)
			return a.Serve(b, cfg)
		},
	}
	f := c.Flags()
	f.StringVar(&cfg.Listen, "listen", "127.0.0.1:2222", "address to listen on")
	f.StringVar(&cfg.HostKey, "host-key", "", "host key file, created on first start (default: ssh_host_ed25519 next to the store)")
	f.DurationVar(&cfg.Idle, "idle", 15*time.Minute, "end a session after this long without a key press")
	f.DurationVar(&cfg.MaxSession, "max-session", 8*time.Hour, "end a session after this long")
	return c
}
