package find

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// creatorMsg is one creator read in full for the detail view.
type creatorMsg struct {
	id  string
	c   model.Creator
	err error
}

func creatorCmd(dir Directory, id string) tea.Cmd {
	return func() tea.Msg {
		c, err := dir.Creator(id)
		return creatorMsg{id, c, err}
	}
}

// detailPane shows everything about one creator, with level history. It
// lives inside Find, which hands it its answers.
type detailPane struct {
	find   *Pane
	id     string
	c      *model.Creator
	err    error
	w, h   int
	scroll int
}

func newDetailPane(find *Pane, id string) *detailPane {
	return &detailPane{find: find, id: id}
}

// Init loads the creator; the answer goes to Find, which holds the detail.
func (p *detailPane) Init() tea.Cmd    { return shell.To(p.find, creatorCmd(p.find.dir, p.id)) }
func (p *detailPane) SetSize(w, h int) { p.w, p.h = w, h }
func (p *detailPane) ShortHelp() []key.Binding {
	k, sk := p.find.s.Keys, *p.find.keys
	return []key.Binding{k.Back, sk.Invite, sk.Message, sk.Save, sk.Block, sk.Mark}
}
func (p *detailPane) FullHelp() [][]key.Binding {
	k, sk := p.find.s.Keys, *p.find.keys
	return [][]key.Binding{{k.Back, k.Up, k.Down}, {sk.Invite, sk.Message, sk.Save, sk.Block, sk.Mark}}
}

// loaded takes the creator read for this detail.
func (p *detailPane) loaded(msg creatorMsg) {
	if msg.id == p.id {
		c := msg.c
		p.c, p.err = &c, msg.err
	}
}

// changed reloads the creator when the feed says it changed.
func (p *detailPane) changed(cs []store.Change) tea.Cmd {
	for _, c := range cs {
		if c.Kind == store.ChangedCreator && c.Creator == p.id {
			return p.Init()
		}
	}
	return nil
}

func (p *detailPane) key(msg tea.KeyMsg) tea.Cmd {
	k, sk := &p.find.s.Keys, p.find.keys
	switch {
	case key.Matches(msg, k.Up):
		p.scroll = max(p.scroll-1, 0)
	case key.Matches(msg, k.Down):
		p.scroll++
	case key.Matches(msg, sk.Mark):
		p.find.host.ToggleMark(p.id)
	default:
		return p.find.host.Act(msg, p.id)
	}
	return nil
}

func (p *detailPane) View() string {
	st := p.find.s.Styles
	if p.err != nil {
		return st.Bad.S(shell.SafeFit(shell.ErrText(p.err), p.w)) + "\n" + st.Muted.S("esc goes back")
	}
	if p.c == nil {
		return st.Muted.S("loading " + shell.SafeFit(p.id, 40) + "…")
	}
	c := p.c
	w := p.w
	var lines []string
	add := func(s string) { lines = append(lines, s) }
	mark := ""
	host := p.find.host
	q, quotaOK := host.Quota()
	if host.Marked(c.ID) {
		mark = st.Marked.S(" ● marked")
	}
	add(st.Handle.S(shell.SafeFit("@"+c.Handle, 26)) + "  " + st.Title.S(shell.SafeFit(c.Name, w-40)) + mark)
	lvl := c.Level.String()
	if c.Falling() {
		lvl = st.Warn.S(lvl + " ↓ falling")
	}
	add(fmt.Sprintf("Level %s   Type %s   Country %s   id %s", lvl, c.Type, shell.SafeFit(shell.OrDash(c.Country), 20), shell.SafeFit(c.ID, 24)))
	add(fmt.Sprintf("Followers %s   Avg views %s   GMV 30d %s   Active %d/30 days",
		model.Thousands(c.Followers), model.Thousands(c.AvgViews), shell.Money(c.GMV30), c.ActiveDays30))
	cats := make([]string, len(c.Categories))
	for i, x := range c.Categories {
		cats[i] = shell.Safe(x)
	}
	add("Categories " + shell.Fit(shell.OrDash(strings.Join(cats, ", ")), w-11))
	rel := host.Relation(c.ID)
	state := components.BadgeView(st, &rel, p.find.week())
	if state == "" {
		state = st.Muted.S("not connected")
	}
	extra := fmt.Sprintf("   messages %d", rel.Messages)
	if rel.SellerUnread > 0 {
		extra += fmt.Sprintf(" (%d unread)", rel.SellerUnread)
	}
	if pol := host.Policy(); !rel.Connected && quotaOK {
		extra += fmt.Sprintf(" · %d/%d before the message cap", max(pol.MessageCap-rel.MessagesThisWeek(q.WeekStart), 0), pol.MessageCap)
	}
	if rel.Invites > 0 {
		extra += fmt.Sprintf(" · invitations %d", rel.Invites)
	}
	add("With you " + state + st.Muted.S(extra))
	if q.FollowerCap != nil && c.Followers > *q.FollowerCap {
		add(st.Warn.S(fmt.Sprintf("Above your %s invitation cap of %s followers: invitations will be refused.", q.Tier, model.Thousands(*q.FollowerCap))))
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
			b.WriteString(shell.Safe(h.Month) + " " + h.Level.String())
		}
		for _, l := range strings.Split(wrapPlain(b.String(), w-2), "\n") {
			add("  " + strings.TrimLeft(l, " "))
		}
	}
	if len(c.Perf) > 0 {
		add(st.Muted.S(fmt.Sprintf("  %-8s %12s %7s %9s", "month", "GMV", "active", "products")))
		for _, m := range c.Perf[max(len(c.Perf)-6, 0):] {
			add(fmt.Sprintf("  %-8s %12s %7d %9d", shell.Safe(m.Month), shell.Money(m.GMV), m.ActiveDays, m.Products))
		}
	}
	add("")
	add(st.Title.S("Bio"))
	bio := shell.SafeWrap(c.Bio, w-2)
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

// wrapPlain wraps safe plain text at spaces to w cells.
func wrapPlain(s string, w int) string {
	return strings.Join(shell.SafeWrap(s, w), "\n")
}
