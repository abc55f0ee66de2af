// Package console is the seller's Bubble Tea app: a root model that routes
// and draws the frame (tabs, quota gauge, status line, help), and one small
// component per pane. Everything a session shares lives in its Session,
// built once per program, so one process can serve many SSH sessions.
package console

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"outreach/store"
	"outreach/catalog"
)

// Options configure one console session.
type Options struct {
	Store    *store.Store
	Seller   string             // acting seller id; "" = the first seller in the store
	Theme    string             // themes name; "" = dark, or no-colour when NoColor is set
	NoColor  bool               // the client asked for no colour (NO_COLOR)
	Renderer *lipgloss.Renderer // nil = lipgloss.DefaultRenderer()
	Now      func() time.Time   // nil = time.Now
}

// MinWidth and MinHeight are the smallest terminal the layouts hold in.
const (
	MinWidth  = 80
	MinHeight = 24
)

// pane is one screen: a tea.Model with its own key bindings and size.
type pane interface {
	tea.Model
	help.KeyMap
	SetSize(w, h int)
	// Capturing reports that an input has focus and takes every key.
	Capturing() bool
}

// Screens, in tab order.
const (
	tabFind = iota
	tabSaved
	tabCollab
	tabMessages
	tabInvites
	tabBlocks
)

// Model is the root model: it routes messages, owns the frame and little else.
type Model struct {
	s *Session
	d *data

	chrome
	panes [6]pane
	find  *findPane

	loading bool
	total   int
	fatal   error

	feed  <-chan store.Change
	unsub func()
}

// New builds the root model for one session. The catalog is loaded by Init.
func New(opts Options) (tea.Model, error) {
	s, err := newSession(opts)
	if err != nil {
		return nil, err
	}
	seller := opts.Seller
	if seller == "" {
		ss, err := opts.Store.Sellers()
		if err != nil {
			return nil, fmt.Errorf("console: %w", err)
		}
		if len(ss) == 0 {
			return nil, errors.New("console: the store has no sellers; add one with: outreach seller add ID --name NAME")
		}
		seller = ss[0].ID
	}
	sl, err := opts.Store.Seller(seller)
	if err != nil {
		return nil, fmt.Errorf("console: %w", err) // the store names the seller
	}
	s.Seller = seller
	d := newData(opts.Store.Policy())
	d.seller = sl
	m := &Model{s: s, d: d, loading: true, total: -1}
	m.help = help.New()
	m.applyHelpStyles(s.Styles)
	m.find = newFindPane(s, d)
	m.panes = [6]pane{
		m.find,
		newSavedPane(s, d),
		newCollabPane(s, d),
		newMessagesPane(s, d),
		newInvitesPane(s, d),
		newBlocksPane(s, d),
	}
	m.feed, m.unsub = opts.Store.Subscribe()
	m.resize()
	return m, nil
}

// Run runs the console in the local terminal (alt screen) until the user quits.
func Run(opts Options) error {
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	m, err := New(opts)
	if err != nil {
		return err
	}
	defer m.(*Model).close()
	_, err = tea.NewProgram(m, tea.WithAltScreen()).Run()
	return err
}

func (m *Model) close() {
	if m.unsub != nil {
		m.unsub()
	}
}

// Init loads the seller's state and the catalog, and listens to the feed.
func (m *Model) Init() tea.Cmd {
	st, id, now := m.s.Store, m.s.Seller, m.s.Now()
	cmds := []tea.Cmd{countCmd(st), quotaCmd(st, id, now), relsCmd(st, id), waitChangeCmd(m.feed)}
	for _, p := range m.panes {
		cmds = append(cmds, p.Init())
	}
	return tea.Batch(cmds...)
}

func (m *Model) bodyHeight() int { return max(m.s.Height-4, 1) }

func (m *Model) resize() { m.chrome.resize(m.panes[:], m.s.Width, m.bodyHeight()) }

// Update routes: sizes and results to the panes, keys to the focused input
// first, then to the focused pane, then to the global bindings.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.frameMsg(msg, m.s.Width, m.bodyHeight()); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.s.Width, m.s.Height = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.KeyMsg:
		return m, m.key(msg)
	case countMsg:
		m.total = msg.n
		return m, loadCatalogCmd(m.s.Store, msg.n)
	case catalogMsg:
		if msg.err != nil {
			m.fatal = msg.err
			return m, nil
		}
		m.loading = false
		m.d.ix, m.d.byID = msg.ix, msg.byID
		m.d.searcher = catalog.NewSearcher(msg.ix)
	case sellerMsg:
		if msg.err == nil {
			m.d.seller = msg.seller
		}
	case quotaMsg:
		if msg.err != nil {
			m.status = errStatus(msg.err)
		} else {
			m.d.quota, m.d.quotaOK = msg.q, true
		}
	case relsMsg:
		if msg.err != nil {
			m.status = errStatus(msg.err)
		} else {
			m.d.rels = msg.rels
		}
	case relMsg:
		if msg.err == nil {
			m.d.rels[msg.id] = msg.rel
		}
	case sentMsg:
		// The feed reports the same; reloading here keeps the gauge right
		// even for a session that is not subscribed.
		return m, tea.Batch(quotaCmd(m.s.Store, m.s.Seller, m.s.Now()), relsCmd(m.s.Store, m.s.Seller), m.broadcast(msg))
	case chatSentMsg:
		return m, tea.Batch(quotaCmd(m.s.Store, m.s.Seller, m.s.Now()), relCmd(m.s.Store, m.s.Seller, msg.id), m.broadcast(msg))
	case doneMsg:
		m.status = statusMsg{msg.text, msg.err}
		var cmds []tea.Cmd
		for _, id := range msg.ids {
			cmds = append(cmds, relCmd(m.s.Store, m.s.Seller, id))
		}
		cmds = append(cmds, m.broadcast(msg))
		return m, tea.Batch(cmds...)
	case changesMsg:
		return m, m.changes(msg)
	case switchTabMsg:
		m.active = msg.tab
		return m, nil
	}
	return m, m.broadcast(msg)
}

// broadcast hands a message to every pane and the overlay: results are
// small and each pane ignores what is not its own.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd { return m.chrome.broadcast(m.panes[:], msg) }

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
		// Fast typing arrives as one message of several runes: route them
		// one by one, so "1/maria" switches screen, focuses search, types.
		cmds := make([]tea.Cmd, 0, len(msg.Runes))
		for _, r := range msg.Runes {
			cmds = append(cmds, m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}))
		}
		return tea.Batch(cmds...)
	}
	if cmd, ok := m.blockedKey(msg, &m.s.Keys, m.loading || m.tooSmall(), m.quit); ok {
		return cmd
	}
	if cmd, ok := m.focusKey(msg, m.panes[:]); ok {
		return cmd
	}
	return m.globalKey(msg, m.s, m.s.Keys.Screens, len(m.panes), m.quit)
}

func matchesAny(msg tea.KeyMsg, groups [][]key.Binding) bool {
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() && key.Matches(msg, b) {
				return true
			}
		}
	}
	return false
}

func (m *Model) quit() tea.Cmd {
	m.close()
	return tea.Quit
}

// changes turns feed changes for this seller into reloads, and re-arms the feed.
func (m *Model) changes(msg changesMsg) tea.Cmd {
	if msg.closed {
		return nil
	}
	st, id := m.s.Store, m.s.Seller
	var cmds []tea.Cmd
	quota, all := false, false
	rels := map[string]bool{}
	var mine []store.Change
	for _, c := range msg.cs {
		if c == store.Resync {
			all, quota = true, true
			mine = append(mine, c)
			continue
		}
		if c.Seller != id && c.Seller != "" {
			continue
		}
		mine = append(mine, c)
		switch c.Kind {
		case store.ChangedQuota:
			quota = true
		case store.ChangedSeller:
			cmds = append(cmds, sellerCmd(st, id))
			quota = true
		case store.ChangedRelation, store.ChangedMessages, store.ChangedInvites:
			if c.Creator == "" {
				all = true
			} else {
				rels[c.Creator] = true
			}
			quota = true
		}
	}
	if quota {
		cmds = append(cmds, quotaCmd(st, id, m.s.Now()))
	}
	if all || len(rels) > 64 { // one scan beats many point reads
		cmds = append(cmds, relsCmd(st, id))
	} else {
		for c := range rels {
			cmds = append(cmds, relCmd(st, id, c))
		}
	}
	if len(mine) > 0 {
		cmds = append(cmds, m.broadcast(feedMsg{mine}))
	}
	cmds = append(cmds, waitChangeCmd(m.feed))
	return tea.Batch(cmds...)
}

// feedMsg hands the panes the changes that concern this seller.
type feedMsg struct{ cs []store.Change }

// openOverlayMsg asks the root to show a modal over the body.
type openOverlayMsg struct{ p pane }

// closeOverlayMsg closes the modal.
type closeOverlayMsg struct{}

// switchTabMsg asks the root to show another screen.
type switchTabMsg struct{ tab int }

func (m *Model) tooSmall() bool { return m.s.Width < MinWidth || m.s.Height < MinHeight }

// Seller is the acting seller id (for tests and callers).
func (m *Model) Seller() string { return m.s.Seller }
