package sshd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"outreach/backend"
	"outreach/model/program"
	"outreach/store"
	"outreach/ui/cli"
	"outreach/ui/shell"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"
)

// The role matrix: every leaf of the command tree, for every role, over
// SSH exec and locally, with the global flags before, between and after
// the arguments. A leaf without a row fails the test: what no row allows
// is proven denied only if every leaf has a row.

const (
	doorSSH   = "ssh"
	doorLocal = "local"
	operator  = "operator" // the local operator (no key)
	fixedNow  = "2026-11-18T12:00:00Z"
)

var matrixRoles = []string{"seller:s1", "creator:c0", "agent:", "admin:", operator}

// row is one command of the matrix.
type row struct {
	path  string // the leaf's command path without "outreach"
	args  func(f *fixture, dir string) []string
	write bool   // changes something: with --now only admins may
	allow string // the roles allowed locally, space-separated; "-": not a local command
	// ssh is the roles allowed over SSH: "" the same as allow, "none"
	// nobody, "-" not in the remote tree.
	ssh string
}

func words(s string) func(*fixture, string) []string {
	return func(*fixture, string) []string { return strings.Fields(s) }
}

var keySeq atomic.Int64

// freshKey is a new public key line; registered says whether to register
// it first (for key remove), returning its fingerprint instead.
func freshKey(t testing.TB, f *fixture, registered bool) string {
	sg := newSigner(t)
	fp := gossh.FingerprintSHA256(sg.PublicKey())
	if registered {
		if err := f.st.AddKey(store.Key{Fingerprint: fp, Role: "agent", Added: t0}); err != nil {
			t.Fatal(err)
		}
		return fp
	}
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(sg.PublicKey()))) + fmt.Sprintf(" k%d", keySeq.Add(1))
}

func matrixRows(t testing.TB) []row {
	rows := []row{
		{path: "seller add", args: words("s9 --name Nine"), write: true, allow: "admin operator"},
		{path: "seller list", args: words(""), allow: "agent admin operator"},
		{path: "gmv add", args: words("s1 --day 2026-11-02 --amount 1"), write: true, allow: "admin operator"},
		{path: "creator add", args: words("c9 --handle h9 --followers 5"), write: true, allow: "admin operator"},
		{path: "creator show", args: words("c1"), allow: "seller agent admin operator"},
		{path: "import creators", args: func(_ *fixture, dir string) []string {
			p := filepath.Join(dir, "import.csv")
			os.WriteFile(p, []byte("id,handle,followers\nc1,handle1,1000\n"), 0o600)
			return []string{p}
		}, write: true, allow: "admin operator", ssh: "none"},
		{path: "invite", args: words("s1 c1"), write: true, allow: "seller admin operator"},
		{path: "message", args: words("s1 c1 --text hi"), write: true, allow: "seller admin operator"},
		{path: "reply", args: words("c0 s1 --text hi"), write: true, allow: "creator admin operator"},
		{path: "showcase", args: words("c0 s1"), write: true, allow: "creator admin operator"},
		{path: "block", args: words("s1 c0 --by seller"), write: true, allow: "seller admin operator"},
		{path: "block", args: words("s1 c0 --by creator"), write: true, allow: "creator admin operator"},
		{path: "unblock", args: words("s1 c0 --by seller"), write: true, allow: "seller admin operator"},
		{path: "unblock", args: words("s1 c0 --by creator"), write: true, allow: "creator admin operator"},
		{path: "quota", args: words("s1"), allow: "seller agent admin operator"},
		{path: "grant", args: words("s1 --credits 1 --reason ticket-1"), write: true, allow: "agent admin operator"},
		{path: "decisions", args: words("s1"), allow: "seller agent admin operator"},
		{path: "audit", args: words(""), allow: "agent admin operator"},
		{path: "backup", args: func(_ *fixture, dir string) []string {
			return []string{filepath.Join(dir, fmt.Sprintf("backup-%d.db", keySeq.Add(1)))}
		}, allow: "admin operator", ssh: "-"},
		{path: "preview", args: words("s1 c1 c2"), allow: "seller agent admin operator"},
		{path: "levels recompute", args: words("--month 2026-10"), write: true, allow: "admin operator"},
		{path: "import performance", args: func(_ *fixture, dir string) []string {
			p := filepath.Join(dir, "perf.csv")
			os.WriteFile(p, []byte("seller,creator,day,gmv,orders\ns1,c1,2026-11-10,12.50,1\n"), 0o600)
			return []string{p}
		}, write: true, allow: "admin operator", ssh: "none"},
		{path: "perf add", args: words("s1 c1 --day 2026-11-10 --gmv 5 --orders 1"), write: true, allow: "seller admin operator"},
		{path: "segments recompute", args: words("s1"), write: true, allow: "seller admin operator"},
		{path: "affiliates", args: words("s1 --days 90"), allow: "seller agent admin operator"},
		{path: "kpi", args: words("s1 --days 90"), allow: "seller agent admin operator"},
		{path: "flags list", args: words("s1 --all"), allow: "seller agent admin operator"},
		{path: "flags clear", args: func(f *fixture, _ string) []string {
			// A fresh self-purchase flag on a later day each time, so there is one to clear.
			d := program.DayFromDate(2026, 1, 1) + program.Day(keySeq.Add(1))
			if _, err := f.st.PutPerf(program.PerfDay{SellerID: "s1", CreatorID: "c2", Day: d, Orders: 1, SelfPurchaseOrders: 1}, t0); err != nil {
				t.Fatal(err)
			}
			return []string{"s1", "c2", "--rule", "self-purchase", "--reason", "ticket-2"}
		}, write: true, allow: "seller agent admin operator"},
		{path: "goal set", args: words("s1 --segment power --metric orders --target 5 --month 2026-11"), write: true, allow: "seller admin operator"},
		{path: "goal list", args: words("s1"), allow: "seller agent admin operator"},
		{path: "key add", args: func(f *fixture, _ string) []string {
			return []string{freshKey(t, f, false), "--role", "agent"}
		}, write: true, allow: "admin operator"},
		{path: "key list", args: words(""), allow: "admin operator"},
		{path: "key remove", args: func(f *fixture, _ string) []string { return []string{freshKey(t, f, true)} },
			write: true, allow: "admin operator"},
		{path: "help", args: words(""), allow: "seller creator agent admin operator"},
		{path: "demo", args: func(_ *fixture, dir string) []string {
			return []string{"--no-console", "--creators", "100", "--db", filepath.Join(dir, fmt.Sprintf("demo-%d.db", keySeq.Add(1)))}
		}, allow: "admin operator", ssh: "-"},
		{path: "serve", args: words(""), allow: "admin operator", ssh: "-"},
		{path: "check", args: func(f *fixture, dir string) []string {
			p := filepath.Join(dir, fmt.Sprintf("sound-%d.db", keySeq.Add(1))) // a sound store: exit 0 when allowed
			st, err := store.Open(p, store.Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			return []string{p}
		},
			allow: "admin operator", ssh: "-"},
		{path: "migrate", args: func(f *fixture, dir string) []string {
			p := filepath.Join(dir, fmt.Sprintf("sums-%d.db", keySeq.Add(1))) // without --to: counts and checksums only
			st, err := store.Open(p, store.Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			return []string{"--from", p}
		},
			allow: "admin operator", ssh: "-"},
		{path: "inbox", args: words("c0"), allow: "admin operator", ssh: "-"},
		{path: "triage", args: words(""), allow: "admin operator", ssh: "-"},
		{path: "admin", args: words(""), allow: "admin operator", ssh: "-"},
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		rows = append(rows, row{path: "completion " + sh, args: words(""), allow: "seller creator agent admin operator", ssh: "-"})
	}
	rows = append(rows, offerRows(t)...)
	// Backup over SSH streams to the client.
	rows = append(rows, row{path: "backup", args: words("-"), allow: "-", ssh: "admin"})
	return rows
}

// allowed is the expected outcome of a row for a role through a door:
// whether the row is a command of that door, and whether the role may run it.
func (r row) allowed(door, role string) (present, ok bool) {
	allow := r.allow
	if door == doorSSH && r.ssh != "" {
		allow = r.ssh
	}
	if allow == "-" {
		return false, false
	}
	name, _, _ := strings.Cut(role, ":")
	return true, slices.Contains(strings.Fields(allow), name)
}

// leaves lists the leaf command paths of a tree.
func leaves(c *cobra.Command) []string {
	var out []string
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if !c.HasSubCommands() {
			out = append(out, strings.TrimSpace(strings.TrimPrefix(c.CommandPath(), c.Root().Name())))
			return
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(c)
	sort.Strings(out)
	return out
}

// placements puts the global flags before, between (among the command's
// words, and after its first positional argument) and after the
// arguments, and also leaves them out. args puts positional arguments first.
func placements(path []string, args []string) [][]string {
	var out [][]string
	pos := 0
	for pos < len(args) && !strings.HasPrefix(args[pos], "-") {
		pos++
	}
	for _, g := range [][]string{nil, {"--json"}, {"--json", "--now", fixedNow}} {
		if g == nil {
			out = append(out, concat(path, args))
			continue
		}
		out = append(out, concat(g, path, args), concat(path, args, g))
		if len(path) > 1 {
			out = append(out, concat(path[:1], g, path[1:], args))
		}
		if pos > 0 {
			out = append(out, concat(path, args[:1], g, args[1:]))
		} else {
			out = append(out, concat(path, g, args))
		}
	}
	return out
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// quoteWords joins argv for the SSH exec splitter.
func quoteWords(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

// matrixApp is the local door for a role: the CLI with that principal (the
// local operator for "operator"), with stub console, screens and server.
func matrixApp(f *fixture, role string, out, errb *bytes.Buffer) *cli.App {
	stub := func(*backend.Backend, *backend.Principal, shell.Options) error { return nil }
	a := &cli.App{Out: out, Err: errb, Backend: f.b, Console: stub, Inbox: stub, Triage: stub, Admin: stub,
		Serve: func(*backend.Backend, cli.ServeConfig) error { return nil }}
	if role != operator {
		r, acct, _ := strings.Cut(role, ":")
		a.Principal = f.b.As(backend.Identity{Role: backend.Role(r), Account: acct})
	}
	return a
}

func TestRoleMatrixEveryLeaf(t *testing.T) {
	f := start(t, 8, nil)
	dir := t.TempDir()
	rows := matrixRows(t)
	for _, door := range []string{doorSSH, doorLocal} {
		// Every leaf of the tree has a row, and every row a leaf.
		tree := (&cli.App{Remote: door == doorSSH}).Tree()
		have := map[string]bool{}
		for _, l := range leaves(tree) {
			have[l] = true
			found := false
			for _, r := range rows {
				if present, _ := r.allowed(door, "admin:"); present && r.path == l {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: leaf %q has no row in the role matrix", door, l)
			}
		}
		for _, r := range rows {
			if present, _ := r.allowed(door, "admin:"); present && !have[r.path] {
				t.Errorf("%s: row %q is not a command", door, r.path)
			}
		}
		for _, role := range matrixRoles {
			if door == doorSSH && role == operator {
				continue
			}
			t.Run(door+" "+role, func(t *testing.T) {
				var c *gossh.Client
				if door == doorSSH {
					c = f.client(t, role)
				}
				for _, r := range rows {
					present, ok := r.allowed(door, role)
					if !present {
						continue
					}
					admin := role == "admin:" || role == operator
					n := len(placements(strings.Fields(r.path), r.args(f, dir)))
					for i := 0; i < n; i++ {
						argv := placements(strings.Fields(r.path), r.args(f, dir))[i] // fresh arguments each run
						want := ok
						if r.write && slices.Contains(argv, "--now") && !admin {
							want = false // a change at a fixed instant is for admins
						}
						var o, e string
						var code int
						if door == doorSSH {
							o, e, code = run(t, c, quoteWords(argv))
						} else {
							var ob, eb bytes.Buffer
							code = matrixApp(f, role, &ob, &eb).Run(argv)
							o, e = ob.String(), eb.String()
						}
						got := code == 0 || code == cli.ExitRefused
						denied := code == cli.ExitUsage && (strings.Contains(o+e, "not permitted") || strings.Contains(o+e, "server's machine"))
						if want && !got || !want && !denied {
							t.Errorf("%s as %s: %q: exit %d, want allowed=%v\nstdout %.300q\nstderr %.300q", door, role, argv, code, want, o, e)
						}
					}
				}
			})
		}
	}
}

// The case from issue 7: a seller key cannot lift a creator's block, with
// --json anywhere on the line; the block stays.
func TestSellerCannotLiftCreatorsBlock(t *testing.T) {
	f := start(t, 8, nil)
	cr, err := f.b.As(backend.Identity{Role: backend.RoleCreator, Account: "c7"}).Creator("c7")
	if err != nil {
		t.Fatal(err)
	}
	if err := cr.Block("s1"); err != nil {
		t.Fatal(err)
	}
	c := f.client(t, "seller:s1")
	for _, argv := range placements([]string{"unblock"}, []string{"s1", "c7", "--by", "creator"}) {
		_, e, code := run(t, c, quoteWords(argv))
		var ob, eb bytes.Buffer
		lcode := matrixApp(f, "seller:s1", &ob, &eb).Run(argv)
		if code != cli.ExitUsage || lcode != cli.ExitUsage {
			t.Errorf("%q: exit %d over SSH, %d locally; want 2 (%s %s)", argv, code, lcode, e, eb.String())
		}
		if r, _ := f.st.Relation("s1", "c7"); !r.BlockedByCreator {
			t.Fatalf("%q lifted the creator's block", argv)
		}
	}
}

// help over SSH lists exactly the commands the key's role may run, and
// completion is not offered.
func TestHelpOverSSHListsTheRolesCommands(t *testing.T) {
	f := start(t, 2, nil)
	rows := matrixRows(t)
	for _, role := range []string{"seller:s1", "creator:c0", "agent:", "admin:"} {
		want := map[string]bool{}
		for _, r := range rows {
			if present, ok := r.allowed(doorSSH, role); present && ok {
				want[strings.Fields(r.path)[0]] = true
			}
		}
		o, e, code := run(t, f.client(t, role), "help")
		if code != 0 {
			t.Fatalf("%s help: exit %d %s", role, code, e)
		}
		got := map[string]bool{}
		_, list, _ := strings.Cut(o, "Available Commands:")
		list, _, _ = strings.Cut(list, "\n\n")
		for _, l := range strings.Split(strings.TrimSpace(list), "\n") {
			if fs := strings.Fields(l); len(fs) > 0 {
				got[fs[0]] = true
			}
		}
		if fmt.Sprint(sortedKeys(got)) != fmt.Sprint(sortedKeys(want)) {
			t.Errorf("%s: help lists %v, want %v", role, sortedKeys(got), sortedKeys(want))
		}
		if _, _, code := run(t, f.client(t, role), "completion bash"); code != cli.ExitUsage {
			t.Errorf("%s: completion over SSH: exit %d, want 2", role, code)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
