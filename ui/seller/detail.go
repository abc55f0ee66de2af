package console

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// creatorMsg is one creator read in full for the detail view.
type creatorMsg struct {
	c   model.Creator
	err error
}

func creatorCmd(st *store.Store, id string) tea.Cmd {
	return func() tea.Msg {
		c, err := st.Creator(id)
		return creatorMsg{c, err}
	}
}

// detailPane shows everything about one creator, with level history.
type detailPane struct {
	s      *Session
	d      *data
	id     string
	c      *model.Creator
	err    error
	w, h   int
	scroll int
}

func newDetailPane(s *Session, d *data, id string) *detailPane {
	return &detailPane{s: s, d: d, id: id}
}

func (p *detailPane) Init() tea.Cmd    { return creatorCmd(p.s.Store, p.id) }
func (p *detailPane) SetSize(w, h int) { p.w, p.h = w, h }
func (p *detailPane) Capturing() bool  { return false }
func (p *detailPane) ShortHelp() []key.Binding {
	k := p.s.Keys
	return []key.Binding{k.Back, k.Invite, k.Message, k.Save, k.Block, k.Mark}
}
func (p *detailPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	return [][]key.Binding{{k.Back, k.Up, k.Down}, {k.Invite, k.Message, k.Save, k.Block, k.Mark}}
}

func (p *detailPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case creatorMsg:
		if msg.c.ID == p.id || msg.err != nil {
			c := msg.c
			p.c, p.err = &c, msg.err
		}
	case feedMsg:
		for _, c := range msg.cs {
			if c.Kind == store.ChangedCreator && c.Creator == p.id {
				return p, creatorCmd(p.s.Store, p.id)
			}
		}
	case tea.KeyMsg:
		k := &p.s.Keys
		switch {
		case key.Matches(msg, k.Up):
			p.scroll = max(p.scroll-1, 0)
		case key.Matches(msg, k.Down):
			p.scroll++
		case key.Matches(msg, k.Mark):
			p.d.toggleMark(p.id)
		default:
			return p, creatorAction(p.s, p.d, msg, p.id)
		}
	}
	return p, nil
}

func (p *detailPane) View() string {
	st := p.s.Styles
	if p.err != nil {
		return st.Bad.S(safeFit(errText(p.err), p.w)) + "\n" + st.Muted.S("esc goes back")
	}
	if p.c == nil {
		return st.Muted.S("loading " + safeFit(p.id, 40) + "…")
	}
	c := p.c
	w := p.w
	var lines []string
	add := func(s string) { lines = append(lines, s) }
	mark := ""
	if p.d.marked[c.ID] {
		mark = st.Marked.S(" ● marked")
	}
	add(st.Handle.S(safeFit("@"+c.Handle, 26)) + "  " + st.Title.S(safeFit(c.Name, w-40)) + mark)
	lvl := c.Level.String()
	if c.Falling() {
		lvl = st.Warn.S(lvl + " ↓ falling")
	}
	add(fmt.Sprintf("Level %s   Type %s   Country %s   id %s", lvl, c.Type, safeFit(orDash(c.Country), 20), safeFit(c.ID, 24)))
	add(fmt.Sprintf("Followers %s   Avg views %s   GMV 30d %s   Active %d/30 days",
		model.Thousands(c.Followers), model.Thousands(c.AvgViews), money(c.GMV30), c.ActiveDays30))
	cats := make([]string, len(c.Categories))
	for i, x := range c.Categories {
		cats[i] = safe(x)
	}
	add("Categories " + fit(orDash(strings.Join(cats, ", ")), w-11))
	rel := p.d.rel(c.ID)
	state := badgeView(st, &rel, p.d)
	if state == "" {
		state = st.Muted.S("not connected")
	}
	extra := fmt.Sprintf("   messages %d", rel.Messages)
	if rel.SellerUnread > 0 {
		extra += fmt.Sprintf(" (%d unread)", rel.SellerUnread)
	}
	if !rel.Connected && p.d.quotaOK {
		extra += fmt.Sprintf(" · %d/%d before the message cap", max(p.d.policy.MessageCap-rel.MessagesThisWeek(p.d.quota.WeekStart), 0), p.d.policy.MessageCap)
	}
	if rel.Invites > 0 {
		extra += fmt.Sprintf(" · invitations %d", rel.Invites)
	}
	add("With you " + state + st.Muted.S(extra))
	if fc := p.d.followerCap(); fc != model.Unlimited && c.Followers > fc {
		add(st.Warn.S(fmt.Sprintf("Above your %s invitation cap of %s followers: invitations will be refused.", p.d.quota.Tier, model.Thousands(fc))))
	}
	add("")
	add(st.Title.S("Level history"))
	if len(c.History) == 0 {
		add(st.Muted.S("  no history"))
	} else {
		var b strings.Builder
		b.WriteString("  ")
		for i, h := range c.History {
			if i > 0 {
				b.WriteString(" → ")
			}
			b.WriteString(safe(h.Month) + " " + h.Level.String())
		}
		for _, l := range strings.Split(wrapPlain(b.String(), w-2), "\n") {
			add("  " + strings.TrimLeft(l, " "))
		}
	}
	if len(c.Perf) > 0 {
		add(st.Muted.S(fmt.Sprintf("  %-8s %12s %7s %9s", "month", "GMV", "active", "products")))
		for _, m := range c.Perf[max(len(c.Perf)-6, 0):] {
			add(fmt.Sprintf("  %-8s %12s %7d %9d", safe(m.Month), money(m.GMV), m.ActiveDays, m.Products))
		}
	}
	add("")
	add(st.Title.S("Bio"))
	bio := safeWrap(c.Bio, w-2)
	if len(bio) == 0 {
		add(st.Muted.S("  no bio"))
	}
	for _, l := range bio {
		add("  " + l)
	}
	p.scroll = min(p.scroll, max(len(lines)-p.h, 0))
	end := min(len(lines), p.scroll+p.h)
	return strings.Join(lines[p.scroll:end], "\n")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// wrapPlain wraps safe plain text at spaces to w cells.
func wrapPlain(s string, w int) string {
	return strings.Join(safeWrap(s, w), "\n")
}
