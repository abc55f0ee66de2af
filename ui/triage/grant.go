package triage

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
	"outreach/ui/components"
	"outreach/ui/shell"
)

// grantForm is the small modal that grants a seller credits: how many
// (1..store.MaxGrant) and why (required, audited).
type grantForm struct {
	a      *app
	seller string
	who    string // the seller's name (untrusted)
	components.Fields
	sending bool
}

// grantedMsg is the store's answer to a grant.
type grantedMsg struct {
	seller  string
	credits int
	q       model.QuotaStatus
	err     error
}

func (a *app) openGrantForm(seller, who string) tea.Cmd {
	f := &grantForm{a: a, seller: seller, who: who}
	f.Inputs = make([]textinput.Model, 2)
	f.Inputs[0] = components.NewInput(a.s, "Credits: ", fmt.Sprintf("1 to %d", store.MaxGrant), 7)
	f.Inputs[1] = components.NewInput(a.s, "Reason:  ", "why (required, audited)", 0)
	f.Inputs[0].Focus()
	return shell.Open(f)
}

func (f *grantForm) grantCmd(credits int, reason string) tea.Cmd {
	ag, seller := f.a.ag, f.seller
	return shell.To(f, func() tea.Msg {
		q, err := ag.Grant(seller, credits, reason)
		return grantedMsg{seller, credits, q, err}
	})
}

func (f *grantForm) Init() tea.Cmd    { return nil }
func (f *grantForm) Capturing() bool  { return true }
func (f *grantForm) SetSize(w, _ int) { f.SetWidth(w - 14) }

func (f *grantForm) ShortHelp() []key.Binding {
	k := f.a.s.Keys
	return []key.Binding{k.FormNext, k.Send, k.FormSubmit, k.Back}
}

func (f *grantForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// validate checks the fields; the credits and the trimmed reason, or a sentence.
func (f *grantForm) validate() (int, string, string) {
	n, err := strconv.Atoi(strings.TrimSpace(f.Inputs[0].Value()))
	if err != nil || n < 1 || n > store.MaxGrant {
		return 0, "", fmt.Sprintf("Credits: a whole number from 1 to %d.", store.MaxGrant)
	}
	reason := strings.TrimSpace(f.Inputs[1].Value())
	if reason == "" {
		return 0, "", "A reason is required: say why the credits are granted."
	}
	if c := utf8.RuneCountInString(reason); c > model.MaxReasonRunes {
		return 0, "", fmt.Sprintf("The reason is %d characters; at most %d.", c, model.MaxReasonRunes)
	}
	return n, reason, ""
}

func (f *grantForm) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case grantedMsg:
		if msg.seller != f.seller || !f.sending {
			return nil
		}
		f.sending = false
		if msg.err != nil {
			return f.Settle(msg.err)
		}
		return tea.Batch(f.Settle(nil), f.a.granted(msg))
	case tea.KeyMsg:
		k := &f.a.s.Keys
		switch {
		case key.Matches(msg, k.Back):
			return f.Cancel("Grant canceled.")
		case f.NavKey(msg, k):
			return nil
		case key.Matches(msg, k.Send, k.FormSubmit):
			if f.sending {
				return nil
			}
			n, reason, bad := f.validate()
			if bad != "" {
				f.Err = bad
				return shell.StatusCmd(bad, true)
			}
			f.Err, f.sending = "", true
			return f.grantCmd(n, reason)
		}
		return f.TypeKey(msg)
	}
	return nil
}

func (f *grantForm) View() string {
	st := f.a.s.Styles
	lines := []string{
		st.Title.S(shell.SafeFit("Grant credits to "+f.who, f.Inputs[0].Width+10)),
		st.Muted.S("Credits count for the current week only. The grant and its reason are audited as " + shell.Safe(f.a.actor) + "."),
		"",
		f.Inputs[0].View(),
		f.Inputs[1].View(),
		"",
	}
	switch {
	case f.Err != "":
		lines = append(lines, st.Bad.S(shell.Safe(f.Err)))
	case f.sending:
		lines = append(lines, st.Muted.S("granting…"))
	default:
		lines = append(lines, st.Muted.S("enter next field / grant · ctrl+s grant · esc cancel"))
	}
	return strings.Join(lines, "\n")
}
