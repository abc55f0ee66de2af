package sshd

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"outreach/backend"
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
	_, ok, err := s.opts.Store.KeyByFingerprint(fingerprint(key))
	if err != nil {
		s.log.Error("ssh key lookup", "error", err)
	}
	return ok && err == nil
}

// identify resolves the session's identity from the key it authenticated
// with, never from the user name.
func (s *Server) identify(sess ssh.Session) (identity, error) {
	pk := sess.PublicKey()
	if pk == nil {
		return identity{}, fmt.Errorf("no public key")
	}
	fp := gossh.FingerprintSHA256(pk)
	k, ok, err := s.opts.Store.KeyByFingerprint(fp)
	if err != nil {
		return identity{Fingerprint: fp}, err
	}
	if !ok {
		return identity{Fingerprint: fp}, fmt.Errorf("key %s is not registered (removed?)", fp)
	}
	return identity{Fingerprint: fp, Role: k.Role, Account: k.Account}, nil
}

// afterIdentify, when set (tests only), runs once a session is identified.
var afterIdentify func(identity)

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
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("ssh session panic", "fingerprint", id.Fingerprint, "role", id.Role, "account", id.Account,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			fmt.Fprint(sess.Stderr(), "outreach: internal error; the session ends\r\n")
			code = cli.ExitError
		}
		sess.Exit(code)
		sess.Close()
		s.log.Info("ssh session", "fingerprint", id.Fingerprint, "role", id.Role, "account", id.Account,
			"from", sess.RemoteAddr().String(), "kind", kind, "command", commandName(sess.Command()),
			"duration", time.Since(start).Round(time.Millisecond).String(), "exit", code)
	}()

	var err error
	id, err = s.identify(sess)
	if err != nil {
		fmt.Fprintf(sess.Stderr(), "outreach: %v\r\n", err)
		return
	}
	if afterIdentify != nil {
		afterIdentify(id)
	}
	act := &activity{}
	act.touch()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	go s.watch(ctx, sess, act, start, cancel)

	_, _, isPty := sess.Pty()
	switch argv := sess.Command(); {
	case len(argv) > 0:
		kind = "exec"
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

// commandName is the command without its arguments (which can carry
// message text), for the log.
func commandName(argv []string) string {
	var out []string
	for _, a := range argv {
		if strings.HasPrefix(a, "-") || len(out) == 2 {
			break
		}
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

// watch ends the session after Idle without input or after MaxSession.
func (s *Server) watch(ctx context.Context, sess ssh.Session, act *activity, start time.Time, stop context.CancelFunc) {
	end := start.Add(s.opts.MaxSession)
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		now := time.Now()
		idleEnd := act.since().Add(s.opts.Idle)
		why := ""
		switch {
		case !now.Before(end):
			why = fmt.Sprintf("the session reached its maximum length (%s)", s.opts.MaxSession)
		case !now.Before(idleEnd):
			why = fmt.Sprintf("no key pressed for %s", s.opts.Idle)
		}
		if why != "" {
			s.log.Info("ssh session ended by limit", "reason", why, "from", sess.RemoteAddr().String())
			stop()
			fmt.Fprintf(sess.Stderr(), "\r\noutreach: %s; goodbye\r\n", why)
			sess.Close()
			return
		}
		next := idleEnd
		if end.Before(next) {
			next = end
		}
		t.Reset(next.Sub(now))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// exec runs one operations command as the key's account.
func (s *Server) exec(sess ssh.Session, id identity, argv []string) int {
	if err := checkBy(id.Role, argv); err != nil {
		fmt.Fprintf(sess.Stderr(), "outreach: %v\n", err)
		return cli.ExitUsage
	}
	app := &cli.App{
		Out: sess, Err: sess.Stderr(), Store: s.opts.Store, Remote: true,
		Access: roleAccess(id.Role, id.Account), Actor: id.actor(),
	}
	return app.Run(argv)
}

// console runs the key's screen: the seller console, the creator inbox,
// the agent triage or the admin screens, each built from the backend and
// the key's principal. The screen's background work ends with ctx (q, the
// idle limit or a dropped connection).
func (s *Server) console(ctx context.Context, sess ssh.Session, id identity, act *activity) int {
	pty, winCh, _ := sess.Pty()
	b := s.opts.Backend
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
			"allowed for %s: %s\r\n", id.Role, id.Role, strings.Join(allowed(id.Role), ", "))
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
