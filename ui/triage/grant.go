package console

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// grantForm is the small modal that grants a seller credits: how many
// (1..store.MaxGrant) and why (required, audited).
type grantForm struct {
	s      *roleSession
	seller string
	who    string // the seller's name (untrusted)
	actor  string
	formFields
	sending bool
}

func openGrantForm(s *roleSession, seller, who, actor string) tea.Cmd {
	f := &grantForm{s: s, seller: seller, who: who, actor: actor}
	f.inputs = make([]textinput.Model, 2)
	f.inputs[0] = newInput(s.Session, "Credits: ", fmt.Sprintf("1 to %d", store.MaxGrant), 7)
	f.inputs[1] = newInput(s.Session, "Reason:  ", "why (required, audited)", 0)
	f.inputs[0].Focus()
	return func() tea.Msg { return openOverlayMsg{f} }
}

func (f *grantForm) Init() tea.Cmd    { return nil }
func (f *grantForm) Capturing() bool  { return true }
func (f *grantForm) SetSize(w, _ int) { f.setWidth(w - 14) }

func (f *grantForm) ShortHelp() []key.Binding {
	rk := f.s.RK
	return []key.Binding{rk.FormNext, f.s.Keys.Send, rk.FormSubmit, f.s.Keys.Back}
}

func (f *grantForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// validate checks the fields; the credits and the trimmed reason, or a sentence.
func (f *grantForm) validate() (int, string, string) {
	n, err := strconv.Atoi(strings.TrimSpace(f.inputs[0].Value()))
	if err != nil || n < 1 || n > store.MaxGrant {
		return 0, "", fmt.Sprintf("Credits: a whole number from 1 to %d.", store.MaxGrant)
	}
	reason := strings.TrimSpace(f.inputs[1].Value())
	if reason == "" {
		return 0, "", "A reason is required: say why the credits are granted."
	}
	if c := utf8.RuneCountInString(reason); c > model.MaxReasonRunes {
		return 0, "", fmt.Sprintf("The reason is %d characters; at most %d.", c, model.MaxReasonRunes)
	}
	return n, reason, ""
}

func (f *grantForm) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case triageGrantedMsg:
		if msg.seller != f.seller || !f.sending {
			return f, nil
		}
		f.sending = false
		return f, f.settle(msg.err)
	case tea.KeyMsg:
		k, rk := &f.s.Keys, &f.s.RK
		switch {
		case key.Matches(msg, k.Back):
			return f, f.cancel("Grant canceled.")
		case f.navKey(msg, k, rk):
			return f, nil
		case key.Matches(msg, k.Send, rk.FormSubmit):
			if f.sending {
				return f, nil
			}
			n, reason, bad := f.validate()
			if bad != "" {
				f.err = bad
				return f, statusCmd(bad, true)
			}
			f.err, f.sending = "", true
			return f, grantCmd(f.s.Store, f.seller, n, reason, f.actor, f.s.Now())
		}
		return f, f.typeKey(msg)
	}
	return f, nil
}

func (f *grantForm) View() string {
	st := f.s.Styles
	lines := []string{
		st.Title.S(safeFit("Grant credits to "+f.who, f.inputs[0].Width+10)),
		st.Muted.S("Credits count for the current week only. The grant and its reason are audited as " + safe(f.actor) + "."),
		"",
		f.inputs[0].View(),
		f.inputs[1].View(),
		"",
	}
	switch {
	case f.err != "":
		lines = append(lines, st.Bad.S(safe(f.err)))
	case f.sending:
		lines = append(lines, st.Muted.S("granting…"))
	default:
		lines = append(lines, st.Muted.S("enter next field / grant · ctrl+s grant · esc cancel"))
	}
	return strings.Join(lines, "\n")
}
