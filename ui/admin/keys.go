package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"outreach/model"
	"outreach/store"
)

// adminKeysPane lists the registered SSH keys: remove one (with a
// confirmation, audited) or add one from a pasted authorized_keys line.
type adminKeysPane struct {
	s     *roleSession
	d     *adminData
	actor string
	w, h  int
	nav   listNav
}

func newAdminKeysPane(s *roleSession, d *adminData, actor string) *adminKeysPane {
	return &adminKeysPane{s: s, d: d, actor: actor}
}

func (p *adminKeysPane) Init() tea.Cmd    { return nil }
func (p *adminKeysPane) Capturing() bool  { return false }
func (p *adminKeysPane) SetSize(w, h int) { p.w, p.h = w, h; p.nav.setHeight(h - 5) }

func (p *adminKeysPane) ShortHelp() []key.Binding {
	k, rk := p.s.Keys, p.s.RK
	return []key.Binding{k.Up, k.Down, rk.AddKey, rk.RemoveKey, rk.Triage}
}

func (p *adminKeysPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.s.Keys.listHelp(), {p.s.RK.AddKey, p.s.RK.RemoveKey}}
}

func (p *adminKeysPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case adminKeysMsg:
		p.nav.setLen(len(p.d.keys))
	case tea.KeyMsg:
		rk := &p.s.RK
		switch {
		case p.nav.key(&p.s.Keys, msg):
		case key.Matches(msg, rk.AddKey):
			return p, openKeyForm(p.s, p.actor)
		case key.Matches(msg, rk.RemoveKey) && p.nav.cursor < len(p.d.keys):
			k := p.d.keys[p.nav.cursor]
			return p, openConfirm(p.s.Session, fmt.Sprintf("Remove key %s (%s)? Its sessions can no longer log in.", k.Fingerprint, keyOwner(&k)),
				removeKeyCmd(p.s.Store, k.Fingerprint, p.actor, p.s.Session))
		}
	}
	return p, nil
}

func (p *adminKeysPane) View() string {
	st := p.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.S(fmt.Sprintf("SSH keys (%d)", len(p.d.keys))))
	if p.d.keysErr != nil {
		b.WriteString("\n" + st.Bad.S(safeFit(errText(p.d.keysErr), p.w)))
	}
	b.WriteString("\n" + st.Muted.S("  "+pad("fingerprint", 26)+" "+pad("role", 8)+" "+pad("account", 12)+" "+pad("added", 11)+" comment"))
	if p.d.loaded && len(p.d.keys) == 0 {
		b.WriteString("\n" + st.Muted.S("  no keys yet; a adds one"))
	}
	lo, hi := p.nav.visible()
	for i := lo; i < hi; i++ {
		k := p.d.keys[i]
		row := pad(safeFit(k.Fingerprint, 26), 26) + " " + pad(k.Role, 8) + " " + pad(safeFit(k.Account, 12), 12) + " " + pad(k.Added.UTC().Format(model.DayLayout), 11) + " "
		c := safeFit(k.Comment, max(p.w-64, 4))
		b.WriteString("\n" + listLine(st, i == p.nav.cursor, row+c, st.Text.S(row)+st.Muted.S(c), p.w))
	}
	if p.nav.cursor < len(p.d.keys) {
		k := p.d.keys[p.nav.cursor]
		b.WriteString("\n" + st.Muted.S(strings.Repeat("─", p.w)))
		by := k.AddedBy
		if by == "" {
			by = "the local operator"
		}
		b.WriteString("\n" + st.Text.S(safeFit(k.Fingerprint+" · "+keyOwner(&k)+" · added "+k.Added.UTC().Format("2006-01-02 15:04")+" by "+by, p.w)))
	}
	return b.String()
}

// keyForm adds a key: a pasted authorized_keys line, a role, an account.
type keyForm struct {
	s     *roleSession
	actor string
	formFields
}

func openKeyForm(s *roleSession, actor string) tea.Cmd {
	f := &keyForm{s: s, actor: actor}
	f.inputs = make([]textinput.Model, 3)
	f.inputs[0] = newInput(s.Session, "Public key: ", "paste one authorized_keys line (ssh-ed25519 AAAA… comment)", 16<<10)
	f.inputs[1] = newInput(s.Session, "Role:       ", strings.Join(store.Roles, ", "), 10)
	f.inputs[2] = newInput(s.Session, "Account:    ", "seller or creator id (for those roles)", model.MaxIDLen)
	f.inputs[0].Focus()
	return func() tea.Msg { return openOverlayMsg{f} }
}

func (f *keyForm) Init() tea.Cmd    { return nil }
func (f *keyForm) Capturing() bool  { return true }
func (f *keyForm) SetSize(w, _ int) { f.setWidth(w - 16) }

func (f *keyForm) ShortHelp() []key.Binding {
	return []key.Binding{f.s.RK.FormNext, f.s.RK.FormSubmit, f.s.Keys.Back}
}
func (f *keyForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// build turns the fields into a Key, or a sentence on what is wrong.
func (f *keyForm) build() (store.Key, string) {
	line := strings.TrimSpace(f.inputs[0].Value())
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
	role := strings.ToLower(strings.TrimSpace(f.inputs[1].Value()))
	k := store.Key{
		Fingerprint: gossh.FingerprintSHA256(pk), Role: role, Account: strings.TrimSpace(f.inputs[2].Value()),
		Comment: model.SafeLine(comment), Added: f.s.Now(), AddedBy: f.actor,
		PublicKey: strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk))),
	}
	if comment != "" {
		k.PublicKey += " " + k.Comment
	}
	return k, ""
}

func (f *keyForm) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case adminKeyAddedMsg:
		return f, f.settle(msg.err)
	case tea.KeyMsg:
		k, rk := &f.s.Keys, &f.s.RK
		switch {
		case key.Matches(msg, k.Back):
			return f, f.cancel("No key added.")
		case f.navKey(msg, k, rk):
			return f, nil
		case key.Matches(msg, k.Send, rk.FormSubmit):
			nk, bad := f.build()
			if bad != "" {
				f.err = bad
				return f, statusCmd(bad, true)
			}
			f.err = ""
			st := f.s.Store
			return f, func() tea.Msg { return adminKeyAddedMsg{nk, st.AddKey(nk)} }
		}
		return f, f.typeKey(msg)
	}
	return f, nil
}

func (f *keyForm) View() string {
	st := f.s.Styles
	lines := []string{
		st.Title.S("Add an SSH key"),
		st.Muted.S("The key logs in as its role and account; the addition is audited as " + safe(f.actor) + "."),
		"",
		f.inputs[0].View(), f.inputs[1].View(), f.inputs[2].View(), "",
	}
	if f.err != "" {
		lines = append(lines, st.Bad.S(safeFit(f.err, f.inputs[0].Width+14)))
	} else {
		lines = append(lines, st.Muted.S("enter next field / add · ctrl+s add · esc cancel"))
	}
	return strings.Join(lines, "\n")
}
