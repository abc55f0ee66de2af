package cli

import (
	"fmt"
	"net"
	"os"
	"strings"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/cli/clio"

	"github.com/spf13/cobra"
)

// The holder file sits beside the store while a process holds it: it says
// who (a server and its listen address, or a console), so a second
// process that finds the file locked can say how to reach it. It is read
// without the store's lock and removed when the holder ends.
const (
	holderServe   = "serve"
	holderConsole = "console"
)

// HolderFile is the path of the holder file of a store.
func HolderFile(db string) string { return db + ".holder" }

// holding records kind (and, for a server, its address) in the holder
// file while fn runs on the backend.
func (a *App) holding(kind string, fn func(b *backend.Backend) error) error {
	b := a.b
	if b == nil {
		b = a.Backend
	}
	path := HolderFile(b.Path())
	writeHolder(path, kind, "")
	defer removeHolder(path)
	return fn(b)
}

func removeHolder(path string) { _ = os.Remove(path) }

func writeHolder(path, kind, addr string) {
	line := fmt.Sprintf("%s %d %s\n", kind, os.Getpid(), addr)
	_ = os.WriteFile(path, []byte(line), 0o600) // a hint only: no file, no hint
}

// readHolder is what the holder file says: kind, pid and address.
func readHolder(db string) (kind, pid, addr string) {
	b, err := os.ReadFile(HolderFile(db))
	if err != nil || len(b) > 512 {
		return "", "", ""
	}
	f := strings.Fields(string(b))
	for len(f) < 3 {
		f = append(f, "")
	}
	return f[0], f[1], f[2]
}

// inUse is the error for a store another process holds: who holds it, and
// for an exec command the same command over SSH, quoted to paste as is.
func (a *App) inUse(path string, cmd *cobra.Command) error {
	kind, pid, addr := readHolder(path)
	exec := Leaf(cmd)
	var msg string
	switch {
	case kind == holderConsole:
		msg = fmt.Sprintf("%s is open in an outreach console (pid %s); close it, then run the command again", path, clio.Safe(pid))
	case kind == holderServe && addr != "":
		host, port := sshTarget(addr)
		login := fmt.Sprintf("ssh -p %s %s", port, host)
		if exec {
			msg = fmt.Sprintf("%s is held by `outreach serve` on %s (pid %s); run the same command over SSH: %s -- %s",
				path, clio.Safe(addr), clio.Safe(pid), login, shellWord(remoteCommand(cmd, a.argv)))
		} else {
			msg = fmt.Sprintf("%s is held by `outreach serve` on %s (pid %s); open the screens over SSH with the role's key: ssh -t -p %s %s",
				path, clio.Safe(addr), clio.Safe(pid), port, host)
		}
	default:
		msg = fmt.Sprintf("%s is in use by another process (an outreach console or server); if it is `outreach serve`, run the command over SSH: ssh -p PORT HOST -- COMMAND", path)
	}
	return &inUseError{msg: model.SafeText(msg)}
}

// inUseError is a store held by another process (exit 1); its message is
// the whole hint, on several lines.
type inUseError struct{ msg string }

func (e *inUseError) Error() string { return e.msg }
func (e *inUseError) Unwrap() error { return store.ErrInUse }

// sshTarget is the host and port to reach a listen address from this
// machine: an unspecified address (0.0.0.0, ::) is reached as localhost.
func sshTarget(addr string) (host, port string) {
	h, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "localhost", "2222"
	}
	if ip := net.ParseIP(h); h == "" || ip != nil && ip.IsUnspecified() {
		h = "localhost"
	}
	if strings.Contains(h, ":") {
		h = "[" + h + "]"
	}
	return h, p
}

// remoteCommand is the command line as the SSH server should receive it:
// the words the user typed without the local-only --db and --policy, each
// quoted for the server's splitter (SplitCommand).
func remoteCommand(cmd *cobra.Command, argv []string) string {
	var out []string
	for i := 0; i < len(argv); i++ {
		s := argv[i]
		if s == "--" {
			for _, r := range argv[i:] {
				out = append(out, serverWord(r))
			}
			break
		}
		if s == "--db" || s == "--policy" {
			i++
			continue
		}
		if strings.HasPrefix(s, "--db=") || strings.HasPrefix(s, "--policy=") {
			continue
		}
		out = append(out, serverWord(s))
	}
	return strings.Join(out, " ")
}

// plainWord reports whether s needs no quoting in a POSIX shell or in
// SplitCommand.
func plainWord(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,@+%", r))
	}) < 0
}

// serverWord quotes s for the SSH server's splitter: double quotes, with
// backslash before " and \ (made safe first: it is printed).
func serverWord(s string) string {
	s = model.SafeLine(s)
	if plainWord(s) {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// shellWord quotes s as one word for a POSIX shell (single quotes).
func shellWord(s string) string {
	if plainWord(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
