package sshd

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/admin"
	"outreach/ui/cli"
	"outreach/ui/inbox"
	"outreach/ui/seller"
	"outreach/ui/shell"
	"outreach/ui/triage"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// knownKey is the PublicKeyHandler. It is called for every key the client
// offers, before the client proves it holds the private key, so it only
// says whether the key is registered; the identity is resolved after
// authentication from the key that signed (see identify).
func (s *Server) knownKey(ctx ssh.Context, key ssh.PublicKey) bool {
	_, ok, err := s.b.KeyIdentity(fingerprint(key))
	if err != nil {
		s.log.Error("ssh key lookup", "error", err)
	}
	return ok && err == nil
}

// identity is who a session is: the key it authenticated with and the
// backend identity registered for it.
type identity struct {
	backend.Identity
	Fingerprint string
}

// identify resolves the session's identity from the key it authenticated
// with, never from the user name.
func (s *Server) identify(sess ssh.Session) (identity, error) {
	pk := sess.PublicKey()
	if pk == nil {
		return identity{}, fmt.Errorf("no public key")
	}
	fp := gossh.FingerprintSHA256(pk)
	id, ok, err := s.b.KeyIdentity(fp)
	if err != nil {
		return identity{Fingerprint: fp}, err
	}
	if !ok {
		return identity{Fingerprint: fp}, fmt.Errorf("key %s is not registered (removed?)", fp)
	}
	return identity{Identity: id, Fingerprint: fp}, nil
}

// ending is why a limit ended a session, said once, by whoever gets there
// first: the session handler, or the watch when the handler does not
// return in time.
type ending struct {
	mu   sync.Mutex
	why  string
	said bool
}

func (e *ending) set(why string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.why = why
}

// claim returns the reason the first time it is called after set.
func (e *ending) claim() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.why == "" || e.said {
		return ""
	}
	e.said = true
	return e.why
}

// handle is the session handler: recover, identify, enforce the limits,
// then run a command, the console, or refuse.
func (s *Server) handle(sess ssh.Session) {
	start := time.Now()
	if g, ok := sess.Context().Value(guardKey{}).(*guard); ok {
		g.start()
	}
	id := identity{}
	code := cli.ExitError
	kind := "refused"
	command := ""
	end := &ending{}
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("ssh session panic", "fingerprint", id.Fingerprint, "role", id.Role, "account", id.Account,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			fmt.Fprint(sess.Stderr(), "outreach: internal error; the session ends\r\n")
			code = cli.ExitError
		}
		if why := end.claim(); why != "" {
			fmt.Fprintf(sess.Stderr(), "\r\noutreach: %s; goodbye\r\n", why)
			code = ExitLimit
		}
		sess.Exit(code)
		sess.Close()
		s.log.Info("ssh session", "fingerprint", id.Fingerprint, "role", id.Role, "account", id.Account,
			"from", sess.RemoteAddr().String(), "kind", kind, "command", command,
			"duration", time.Since(start).Round(time.Millisecond).String(), "exit", code)
	}()

	var err error
	id, err = s.identify(sess)
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "outreach: %v\r\n", err)
		return
	}
	if s.opts.afterIdentify != nil {
		s.opts.afterIdentify(id)
	}
	act := &activity{}
	act.touch()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	handled := make(chan struct{})
	defer close(handled)
	go s.watch(ctx, sess, act, start, cancel, end, handled)

	raw := sess.RawCommand()
	_, _, isPty := sess.Pty()
	switch {
	case raw != "":
		kind = "exec"
		if len(raw) > cli.MaxCommand { // before any parsing
			fmt.Fprintf(sess.Stderr(), "outreach: the command is %d bytes; at most %d KiB is accepted\n", len(raw), cli.MaxCommand>>10)
			code = cli.ExitUsage
			return
		}
		argv, err := cli.SplitCommand(ctx, raw)
		if err != nil {
			fmt.Fprintf(sess.Stderr(), "outreach: %v\n", err)
			code = cli.ExitUsage
			return
		}
		command = commandName(argv)
		code = s.exec(sess, id, argv)
	case isPty:
		kind = "console"
		code = s.console(ctx, sess, id, act)
	default:
		fmt.Fprint(sess.Stderr(), "outreach: this session has no terminal and no command.\n"+
			"Open the console with a terminal (ssh -t), or give a command, e.g. ssh HOST -- quota SELLER --json\n")
		code = cli.ExitError
	}
}

// ExitLimit is the exit status of a session ended by the idle or maximum
// limit: "anything else" in the SPEC, and never 255 (which OpenSSH's
// client reports for a connection lost).
const ExitLimit = cli.ExitError

// commandName is the command without its arguments (which can carry
// message text), for the log.
func commandName(argv []string) string {
	var out []string
	for _, a := range argv {
		if strings.HasPrefix(a, "-") || len(out) == 2 {
			break
		}
		out = append(out, model.Clip(model.SafeLine(a), 32))
	}
	return strings.Join(out, " ")
}

// limitGrace is how long the watch waits for a session stopped by a limit
// to end by itself before it ends the channel.
const limitGrace = 2 * time.Second

// watch ends the session after Idle without input or after MaxSession: it
// records why, stops the session's work, and lets the handler say why and
// exit; a handler that does not return within limitGrace is cut off.
func (s *Server) watch(ctx context.Context, sess ssh.Session, act *activity, start time.Time, stop context.CancelFunc, end *ending, handled <-chan struct{}) {
	deadline := start.Add(s.opts.MaxSession)
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		now := time.Now()
		idleEnd := act.since().Add(s.opts.Idle)
		why := ""
		switch {
		case !now.Before(deadline):
			why = fmt.Sprintf("the session reached its maximum length (%s)", s.opts.MaxSession)
		case !now.Before(idleEnd):
			why = fmt.Sprintf("no key pressed for %s", s.opts.Idle)
		}
		if why != "" {
			s.log.Info("ssh session ended by limit", "reason", why, "from", sess.RemoteAddr().String())
			end.set(why)
			stop()
			select {
			case <-handled:
			case <-time.After(limitGrace):
				if why := end.claim(); why != "" {
					fmt.Fprintf(sess.Stderr(), "\r\noutreach: %s; goodbye\r\n", why)
					sess.Exit(ExitLimit)
				}
			}
			return
		}
		next := idleEnd
		if deadline.Before(next) {
			next = deadline
		}
		t.Reset(next.Sub(now))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// exec runs one operations command as the key's principal.
func (s *Server) exec(sess ssh.Session, id identity, argv []string) int {
	app := &cli.App{Out: sess, Err: sess.Stderr(), Backend: s.b, Principal: s.b.As(id.Identity), Remote: true}
	return app.Run(argv)
}

// console runs the key's screen: the seller console, the creator inbox,
// the agent triage or the admin screens, each built from the backend and
// the key's principal. The screen's background work ends with ctx (q, the
// idle limit or a dropped connection).
func (s *Server) console(ctx context.Context, sess ssh.Session, id identity, act *activity) int {
	pty, winCh, _ := sess.Pty()
	b := s.b
	p := b.As(backend.Identity{Role: backend.Role(id.Role), Account: id.Account, Name: id.name()})
	opts := shell.Options{NoColor: noColor(sess.Environ()), Renderer: sessionRenderer(sess)} // this client's colour profile
	var m *shell.Root
	var err error
	switch id.Role {
	case store.RoleSeller:
		m, err = seller.New(ctx, b, p, opts)
	case store.RoleCreator:
		m, err = inbox.New(ctx, b, p, opts)
	case store.RoleAgent:
		m, err = triage.New(ctx, b, p, opts)
	case store.RoleAdmin:
		m, err = admin.New(ctx, b, p, opts)
	default:
		fmt.Fprintf(sess, "outreach: a %s key has no screen; it runs commands:\r\n  ssh HOST -- COMMAND ARGS\r\n"+
			"see what it may run with: ssh HOST -- help\r\n", model.SafeLine(string(id.Role)))
		return cli.ExitOK
	}
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "outreach: %v\r\n", err)
		return cli.ExitError
	}
	defer m.Close() // the feed subscription and any wait, when the session ends without q
	prog := tea.NewProgram(m,
		tea.WithInput(idleReader{r: sess, a: act}), tea.WithOutput(sess), tea.WithAltScreen(),
		tea.WithContext(ctx), tea.WithoutSignalHandler(),
	)
	go func() {
		prog.Send(tea.WindowSizeMsg{Width: pty.Window.Width, Height: pty.Window.Height})
		for {
			select {
			case <-ctx.Done():
				return
			case w, ok := <-winCh:
				if !ok {
					return
				}
				prog.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	_, err = prog.Run()
	prog.Kill()
	if err != nil && ctx.Err() == nil {
		s.log.Warn("console ended with an error", "account", id.Account, "error", err)
		return cli.ExitError
	}
	return cli.ExitOK
}

// name is how an agent or admin session names its account in the screens
// and the audit log: the key's account, else the start of its fingerprint.
func (id identity) name() string {
	if id.Account != "" {
		return id.Account
	}
	fp := strings.TrimPrefix(id.Fingerprint, "SHA256:")
	return "key-" + fp[:min(len(fp), 8)]
}

// noColor reports whether the client set NO_COLOR (to anything non-empty).
func noColor(env []string) bool {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, "NO_COLOR="); ok && v != "" {
			return true
		}
	}
	return false
}
