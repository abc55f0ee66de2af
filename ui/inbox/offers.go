package inbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/model/offer"
	"outreach/store"
	"outreach/ui/shell"
)

// offersPane shows the creator's offers from every seller it is an
// affiliate of: commission boosts with their dates, exclusive codes,
// contests with the creator's rank, and the surveys sent to it.
type offersPane struct {
	a    *app
	w, h int
	top  int // the first line shown
}

func (p *offersPane) Init() tea.Cmd    { return nil }
func (p *offersPane) Capturing() bool  { return false }
func (p *offersPane) SetSize(w, h int) { p.w, p.h = w, h }

func (p *offersPane) ShortHelp() []key.Binding {
	return []key.Binding{p.a.s.Keys.Up, p.a.s.Keys.Down}
}

func (p *offersPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.a.s.Keys.Up, p.a.s.Keys.Down, p.a.s.Keys.Top, p.a.s.Keys.Bottom}}
}

// Update scrolls the offers.
func (p *offersPane) Update(msg tea.Msg) tea.Cmd {
	msg2, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := &p.a.s.Keys
	n := len(p.lines())
	switch {
	case key.Matches(msg2, k.Up):
		p.top--
	case key.Matches(msg2, k.Down):
		p.top++
	case key.Matches(msg2, k.Top):
		p.top = 0
	case key.Matches(msg2, k.Bottom):
		p.top = n
	}
	p.top = max(min(p.top, n-p.h), 0)
	return nil
}

func (p *offersPane) View() string {
	ls := p.lines()
	top := max(min(p.top, len(ls)-p.h), 0)
	ls = ls[top:]
	if len(ls) > p.h {
		ls = ls[:p.h]
	}
	return strings.Join(ls, "\n")
}

// day is an instant's day; last is the last day before an exclusive end.
func day(t time.Time) string  { return t.UTC().Format("2006-01-02") }
func last(t time.Time) string { return day(t.Add(-time.Nanosecond)) }

// lines is every line of the offers.
func (p *offersPane) lines() []string {
	st, d := p.a.s.Styles, p.a.d
	if d.offersErr != nil {
		return []string{st.Bad.S(shell.SafeFit(shell.ErrText(d.offersErr), p.w))}
	}
	o := d.offers
	seller := func(id string) string { return shell.Pad(shell.SafeFit(d.name(id), 20), 20) }
	text := func(s string) string { return st.Text.S(shell.Fit("  "+s, p.w)) }
	none := func(s string) string { return st.Muted.S(shell.Fit("  "+s, p.w)) }
	out := []string{st.Title.S(fmt.Sprintf("Commission boosts (%d)", len(o.Boosts)))}
	if len(o.Boosts) == 0 {
		out = append(out, none("none right now"))
	}
	for _, b := range o.Boosts {
		state := "from " + day(b.Start)
		if b.Active {
			state = "active now"
		}
		out = append(out, text(fmt.Sprintf("%s +%g%% commission  %s to %s  %s", seller(b.Seller), b.Rate, day(b.Start), last(b.End), state)))
	}
	out = append(out, "", st.Title.S(fmt.Sprintf("Your codes (%d)", len(o.Codes))))
	if len(o.Codes) == 0 {
		out = append(out, none("none"))
	}
	for _, c := range o.Codes {
		uses := ""
		if c.MaxUses > 0 {
			uses = fmt.Sprintf(" · %d uses", c.MaxUses)
		}
		out = append(out, text(fmt.Sprintf("%s %-16s %d%% off for your followers, through %s%s", seller(c.Seller), model.SafeLine(c.Code), c.Discount, last(c.Until), uses)))
	}
	out = append(out, "", st.Title.S(fmt.Sprintf("Contests (%d)", len(o.Contests))))
	if len(o.Contests) == 0 {
		out = append(out, none("none"))
	}
	for _, c := range o.Contests {
		thr, tot := model.Thousands(c.Threshold), model.Thousands(c.Total)
		if c.Metric == offer.ContestGMV {
			thr, tot = shell.Dollars(model.Cents(c.Threshold)), shell.Dollars(model.Cents(c.Total))
		}
		rank := fmt.Sprintf("not ranked yet (%d in it)", c.Of)
		if c.Rank > 0 {
			rank = fmt.Sprintf("you are #%d of %d with %s", c.Rank, c.Of, tot)
		}
		out = append(out, text(fmt.Sprintf("%s %s: %s %s or more, %s to %s", seller(c.Seller), model.SafeLine(c.Name), c.Metric, thr, day(c.Start), last(c.End))))
		out = append(out, text(fmt.Sprintf("%s prize: %s · %s", strings.Repeat(" ", 20), model.SafeLine(c.Prize), rank)))
	}
	out = append(out, "", st.Title.S(fmt.Sprintf("Surveys (%d)", len(o.Surveys))))
	if len(o.Surveys) == 0 {
		out = append(out, none("none"))
	}
	for _, s := range o.Surveys {
		ans := "not answered yet: reply with the number of your answer in the conversation"
		if s.Answered {
			ans = "you answered: " + model.SafeLine(s.Answer)
		}
		out = append(out, text(fmt.Sprintf("%s why-inactive survey sent %s · %s", seller(s.Seller), day(s.Sent), ans)))
	}
	return out
}

// offersChanged reports whether a change may touch the creator's offers:
// a seller-wide offer of a seller the creator has a relation with.
func (a *app) offersChanged(c store.Change) bool {
	if c.Kind != store.ChangedOffers || c.Creator != "" {
		return false
	}
	for _, cp := range a.d.cps {
		if cp.ID == c.Seller {
			return true
		}
	}
	return false
}
