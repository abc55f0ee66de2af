package admin

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// keysPane lists the registered SSH keys: remove one (with a
// confirmation, audited) or add one from a pasted authorized_keys line.
type keysPane struct {
	a    *app
	w, h int
	nav  components.ListNav
}

func (p *keysPane) Init() tea.Cmd    { return nil }
func (p *keysPane) Capturing() bool  { return false }
func (p *keysPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.SetHeight(h - 5) }

func (p *keysPane) ShortHelp() []key.Binding {
	k, rk := p.a.s.Keys, p.a.keys
	return []key.Binding{k.Up, k.Down, rk.AddKey, rk.RemoveKey, rk.Triage}
}

func (p *keysPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.a.s.Keys.ListHelp(), {p.a.keys.AddKey, p.a.keys.RemoveKey}}
}

// refresh follows a reload of the keys.
func (p *keysPane) refresh() { p.nav.SetLen(len(p.a.d.keys)) }

func (p *keysPane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		rk := &p.a.keys
		switch {
		case p.nav.Key(&p.a.s.Keys, msg):
		case key.Matches(msg, rk.AddKey):
			return p.a.openKeyForm()
		case key.Matches(msg, rk.RemoveKey) && p.nav.Cursor < len(p.a.d.keys):
			k := p.a.d.keys[p.nav.Cursor]
			return components.OpenConfirm(p.a.s, fmt.Sprintf("Remove key %s (%s)? Its sessions can no longer log in.", k.Fingerprint, keyOwner(&k)),
				p.a.removeKeyCmd(k.Fingerprint))
		}
	}
	return nil
}

func (p *keysPane) View() string {
	st := p.a.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("SSH keys (%d)", len(p.a.d.keys))))
	if p.a.d.keysErr != nil {
		b.WriteString("\n" + st.Bad.S(shell.SafeFit(shell.ErrText(p.a.d.keysErr), p.w)))
	}
	b.WriteString("\n" + st.Muted.S("  "+shell.Pad("fingerprint", 26)+" "+shell.Pad("role", 8)+" "+shell.Pad("account", 12)+" "+shell.Pad("added", 11)+" comment"))
	if p.a.d.loaded && len(p.a.d.keys) == 0 {
		b.WriteString("\n" + st.Muted.S("  no keys yet; a adds one"))
	}
	lo, hi := p.nav.Visible()
	for i := lo; i < hi; i++ {
		k := p.a.d.keys[i]
		row := shell.Pad(shell.SafeFit(k.Fingerprint, 26), 26) + " " + shell.Pad(k.Role, 8) + " " + shell.Pad(shell.SafeFit(k.Account, 12), 12) + " " + shell.Pad(k.Added.UTC().Format(model.DayLayout), 11) + " "
		c := shell.SafeFit(k.Comment, max(p.w-64, 4))
		b.WriteString("\n" + shell.ListLine(st, i == p.nav.Cursor, row+c, st.Text.S(row)+st.Muted.S(c), p.w))
	}
	if p.nav.Cursor < len(p.a.d.keys) {
		k := p.a.d.keys[p.nav.Cursor]
		b.WriteString("\n" + st.Muted.S(strings.Repeat("─", p.w)))
		by := k.AddedBy
		if by == "" {
			by = "the local operator"
		}
		b.WriteString("\n" + st.Text.S(shell.SafeFit(k.Fingerprint+" · "+keyOwner(&k)+" · added "+k.Added.UTC().Format("2006-01-02 15:04")+" by "+by, p.w)))
	}
	return b.String()
}

// keyForm adds a key: a pasted authorized_keys line, a role, an account.
type keyForm struct {
	a *app
	components.Fields
}

// keyAddedMsg is the store's answer to adding a key.
type keyAddedMsg struct {
	key store.Key
	err error
}

func (a *app) openKeyForm() tea.Cmd {
	s := a.s
	f := &keyForm{a: a}
	f.Inputs = make([]textinput.Model, 3)
	f.Inputs[0] = components.NewInput(s, "Public key: ", "paste one authorized_keys line (ssh-ed25519 AAAA… comment)", 16<<10)
	f.Inputs[1] = components.NewInput(s, "Role:       ", strings.Join(store.Roles, ", "), 10)
	f.Inputs[2] = components.NewInput(s, "Account:    ", "seller or creator id (for those roles)", model.MaxIDLen)
	f.Inputs[0].Focus()
	return shell.Open(f)
}

func (f *keyForm) Init() tea.Cmd    { return nil }
func (f *keyForm) Capturing() bool  { return true }
func (f *keyForm) SetSize(w, _ int) { f.SetWidth(w - 16) }

func (f *keyForm) ShortHelp() []key.Binding {
	k := f.a.s.Keys
	return []key.Binding{k.FormNext, k.FormSubmit, k.Back}
}
func (f *keyForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// build turns the fields into a Key, or a sentence on what is wrong.
func (f *keyForm) build() (store.Key, string) {
	line := strings.TrimSpace(f.Inputs[0].Value())
	if line == "" {
		return store.Key{}, "Paste the public key: one line of an authorized_keys file (the .pub file)."
	}
	if strings.Contains(line, "PRIVATE KEY") {
		return store.Key{}, "That is a private key; paste the public one (the .pub file)."
	}
	pk, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return store.Key{}, "Not an SSH public key in authorized_keys format: " + err.Error() + "."
	}
	role := strings.ToLower(strings.TrimSpace(f.Inputs[1].Value()))
	k := store.Key{
		Fingerprint: gossh.FingerprintSHA256(pk), Role: role, Account: strings.TrimSpace(f.Inputs[2].Value()),
		Comment: model.SafeLine(comment), Added: f.a.h.Now(), AddedBy: f.a.h.Actor(),
		PublicKey: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))),
	}
	if comment != "" {
		k.PublicKey += " " + k.Comment
	}
	return k, ""
}

func (f *keyForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case keyAddedMsg:
		if msg.err != nil {
			return f.Settle(msg.err)
		}
		return tea.Batch(f.Settle(nil), f.a.keyAdded(msg.key))
	case tea.KeyMsg:
		k := &f.a.s.Keys
		switch {
		case key.Matches(msg, k.Back):
			return f.Cancel("No key added.")
		case f.NavKey(msg, k):
			return nil
		case key.Matches(msg, k.Send, k.FormSubmit):
			nk, bad := f.build()
			if bad != "" {
				f.Err = bad
				return shell.StatusCmd(bad, true)
			}
			f.Err = ""
			h := f.a.h
			return shell.To(f, func() tea.Msg { return keyAddedMsg{nk, h.AddKey(nk)} })
		}
		return f.TypeKey(msg)
	}
	return nil
}

func (f *keyForm) View() string {
	st := f.a.s.Styles
	lines := []string{
		st.Title.S("Add an SSH key"),
		st.Muted.S("The key logs in as its role and account; the addition is audited as " + shell.Safe(f.a.h.Actor()) + "."),
		"",
		f.Inputs[0].View(), f.Inputs[1].View(), f.Inputs[2].View(), "",
	}
	if f.Err != "" {
		lines = append(lines, st.Bad.S(shell.SafeFit(f.Err, f.Inputs[0].Width+14)))
	} else {
		lines = append(lines, st.Muted.S("enter next field / add · ctrl+s add · esc cancel"))
	}
	return strings.Join(lines, "\n")
}
