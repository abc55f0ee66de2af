package sshd

import (
	"fmt"
	"slices"
	"strings"

	"outreach/model"
	"outreach/store"
	"outreach/ui/cli"
)

// identity is who a session is: the key it authenticated with.
type identity struct {
	Fingerprint, Role, Account string
}

func (id identity) actor() string { return id.Role + ":" + id.Account }

// grant says which argument must be the caller's own account (-1: none).
type grant struct {
	own   int
	write bool
}

// grants is the role matrix: a command path is allowed for a role only when
// it is listed here (admins excepted). Everything else is denied.
var grants = map[string]map[string]grant{
	store.RoleSeller: {
		"quota":        {own: 0},
		"decisions":    {own: 0},
		"preview":      {own: 0},
		"creator show": {own: -1},
		"invite":       {own: 0, write: true},
		"message":      {own: 0, write: true},
		"block":        {own: 0, write: true},
		"unblock":      {own: 0, write: true},
	},
	store.RoleCreator: {
		"reply":    {own: 0, write: true},
		"showcase": {own: 0, write: true},
		"block":    {own: 1, write: true},
		"unblock":  {own: 1, write: true},
	},
	store.RoleAgent: {
		"quota":        {own: -1},
		"decisions":    {own: -1},
		"creator show": {own: -1},
		"preview":      {own: -1},
		"audit":        {own: -1},
		"seller list":  {own: -1},
		"grant":        {own: -1, write: true},
	},
}

// bySide is the --by value a role must act with on block and unblock.
var bySide = map[string]string{store.RoleSeller: "seller", store.RoleCreator: "creator"}

// roleAccess is the cli.Access of a role acting as account: deny by default.
func roleAccess(role, account string) cli.Access {
	return func(cmd string, args []string, write bool) error {
		if role == store.RoleAdmin {
			return nil
		}
		if cmd == "--now-write" {
			return fmt.Errorf("--now with a change is for admins: %w", model.ErrForbidden)
		}
		g, ok := grants[role][cmd]
		if !ok {
			return fmt.Errorf("a %s key may not run %q (allowed: %s): %w", role, cmd, strings.Join(allowed(role), ", "), model.ErrForbidden)
		}
		if write && !g.write {
			return fmt.Errorf("a %s key may not change anything with %q: %w", role, cmd, model.ErrForbidden)
		}
		if g.own >= 0 && (len(args) <= g.own || args[g.own] != account) {
			return fmt.Errorf("a %s key acts only as %s: %w", role, account, model.ErrForbidden)
		}
		return nil
	}
}

// checkBy enforces, before the command runs, that a seller blocks only as
// the seller and a creator only as the creator: the Access hook does not
// see flags, so the raw arguments are read here.
func checkBy(role string, argv []string) error {
	want, ok := bySide[role]
	if !ok || len(argv) == 0 || (argv[0] != "block" && argv[0] != "unblock") {
		return nil
	}
	got := "seller" // the command's default
	for i := 1; i < len(argv); i++ {
		a := argv[i]
		if a == "--" {
			break
		}
		switch {
		case a == "--by" && i+1 < len(argv):
			got = argv[i+1]
			i++
		case strings.HasPrefix(a, "--by="):
			got = strings.TrimPrefix(a, "--by=")
		default:
			continue
		}
		if got != want {
			break
		}
	}
	if got != want {
		return fmt.Errorf("a %s key blocks only with --by %s: %w", role, want, model.ErrForbidden)
	}
	return nil
}

// allowed lists a role's commands, sorted.
func allowed(role string) []string {
	if role == store.RoleAdmin {
		return []string{"every operations command"}
	}
	var out []string
	for c := range grants[role] {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
