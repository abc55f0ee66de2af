package console

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// Admin screens, in tab order.
var adminTabs = []string{"Keys", "Accounts"}

// adminData is what an admin's session knows, filled on the event loop.
type adminData struct {
	keys     []store.Key
	keysErr  error
	sellers  []model.Seller
	creators int
	accErr   error
	loaded   bool
}

type (
	adminKeysMsg struct {
		keys []store.Key
		err  error
	}
	adminAccountsMsg struct {
		sellers  []model.Seller
		creators int
		err      error
	}
	// adminKeyAddedMsg is the store's answer to adding a key.
	adminKeyAddedMsg struct {
		key store.Key
		err error
	}
)

func adminKeysCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		ks, err := st.ListKeys()
		return adminKeysMsg{ks, err}
	}
}

func adminAccountsCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		ss, err := st.Sellers()
		return adminAccountsMsg{ss, st.CreatorCount(), err}
	}
}

func removeKeyCmd(st *store.Store, fp, actor string, s *Session) tea.Cmd {
	now := s.Now()
	return func() tea.Msg {
		if err := st.RemoveKeyAs(fp, actor, now); err != nil {
			return doneMsg{text: errText(err), err: true}
		}
		return doneMsg{text: "Removed key " + fp + "."}
	}
}

// NewAdmin builds the admin screens for one session: SSH keys (list, add,
// remove, audited) and accounts; t opens the triage view, A comes back.
func NewAdmin(opts Options, admin string) (tea.Model, error) {
	if admin == "" {
		return nil, errors.New("admin: no admin")
	}
	s, err := newRoleSession(opts, admin)
	if err != nil {
		return nil, err
	}
	actor := "admin:" + admin
	d := &adminData{}
	f := newFrame(s, "Admin", adminTabs, []pane{newAdminKeysPane(s, d, actor), newAdminAccountsPane(s, d)})
	f.leave = s.RK.BackToAdmin
	f.globalKeys = []key.Binding{s.RK.Triage}
	f.init = func() []tea.Cmd { return []tea.Cmd{adminKeysCmd(s.Store), adminAccountsCmd(s.Store)} }
	f.onMsg = func(msg tea.Msg) tea.Cmd {
		switch msg := msg.(type) {
		case adminKeysMsg:
			d.keys, d.keysErr, d.loaded = msg.keys, msg.err, true
		case adminAccountsMsg:
			d.sellers, d.creators, d.accErr = msg.sellers, msg.creators, msg.err
		case doneMsg:
			return adminKeysCmd(s.Store)
		case adminKeyAddedMsg:
			if msg.err == nil {
				f.status = statusMsg{text: fmt.Sprintf("Added key %s for %s.", msg.key.Fingerprint, keyOwner(&msg.key))}
				return adminKeysCmd(s.Store)
			}
		}
		return nil
	}
	f.changes = func(cs []store.Change) tea.Cmd {
		keys, acc := false, false
		for _, c := range cs {
			switch {
			case c == store.Resync:
				keys, acc = true, true
			case c.Kind == store.ChangedAudit || c.Kind == store.ChangedKeys:
				keys = true
			case c.Kind == store.ChangedSeller || c.Kind == store.ChangedCreator && c.Seller == "" && c.Creator == "":
				acc = true
			}
		}
		var cmds []tea.Cmd
		if keys {
			cmds = append(cmds, adminKeysCmd(s.Store))
		}
		if acc {
			cmds = append(cmds, adminAccountsCmd(s.Store))
		}
		return tea.Batch(cmds...)
	}
	f.global = func(msg tea.KeyMsg) (tea.Cmd, bool) {
		if !key.Matches(msg, s.RK.Triage) {
			return nil, false
		}
		in := newTriageFrame(&roleSession{Session: s.Session, RK: s.RK, Account: admin}, actor)
		in.parent = f
		if f.feed == nil { // the parent is not live (a test driver): neither is the view
			in.close()
			in.feed = nil
		}
		in.globalKeys = append(in.globalKeys, s.RK.BackToAdmin)
		in.resize()
		f.inner = in
		return tea.Batch(in.Init(), statusCmd("Triage view; A goes back to admin.", false)), true
	}
	f.header = func() string { return safe(admin) }
	f.summary = func() string {
		st := s.Styles
		if !d.loaded {
			return st.Muted.S("loading…")
		}
		roles := map[string]int{}
		for _, k := range d.keys {
			roles[k.Role]++
		}
		var parts []string
		parts = append(parts, st.Text.S(fmt.Sprintf("%d keys", len(d.keys))))
		for _, r := range store.Roles {
			parts = append(parts, st.Muted.S(fmt.Sprintf("%d %s", roles[r], r)))
		}
		parts = append(parts, st.Text.S(fmt.Sprintf("%d sellers · %s creators", len(d.sellers), model.Thousands(int64(d.creators)))))
		return strings.Join(parts, st.Muted.S(" · "))
	}
	return f, nil
}

func keyOwner(k *store.Key) string {
	if k.Account == "" {
		return k.Role
	}
	return k.Role + " " + k.Account
}

// RunAdmin runs the admin screens in the local terminal.
func RunAdmin(opts Options, admin string) error {
	return runFrame(NewAdmin(localOpts(opts), admin))
}
