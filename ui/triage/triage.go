// Package triage is the support agent's screens: every seller with tier
// and quota, one seller's decision log, conversations, blocks and grants,
// granting credits, and the audit log. Agents only read and grant: there
// is no invite or message action here. It reaches the store only through
// the agent's backend handle, seen through the small interfaces below.
package triage

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/shell"
)

// Agent is what the triage needs of the agent's backend handle.
type Agent interface {
	Sellers() ([]model.Seller, error)
	Grant(seller string, credits int, reason string) (model.QuotaStatus, error)
	Audit(limit int) ([]model.AuditEntry, error)
	// View is the read-only handle to one seller.
	View(seller string) SellerView
}

// SellerView is what the triage reads of one seller (*backend.SellerView).
type SellerView interface {
	Quota() (model.QuotaStatus, error)
	Decisions(limit int) ([]model.DecisionRecord, error)
	Relations() (map[string]model.Relation, error)
	Conversations() ([]store.Counterpart, error)
	Messages(creator string, limit int) ([]model.ChatMessage, error)
	Campaigns() ([]store.CampaignInfo, error)
}

// Directory reads creator profiles (*backend.Directory), for handles.
type Directory interface {
	Creator(id string) (model.Creator, error)
}

// agentHandle adapts *backend.Agent to Agent.
type agentHandle struct{ *backend.Agent }

func (a agentHandle) View(seller string) SellerView { return a.Agent.Seller(seller) }

// KeyMap is the triage's bindings on top of shell.KeyMap; each session
// gets its own copy.
type KeyMap struct {
	RefusedOnly, Grant, Export key.Binding
}

// DefaultKeyMap returns a fresh copy of the triage's bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		RefusedOnly: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "refused only/all")),
		Grant:       key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "grant credits")),
		Export:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export CSV/JSON")),
	}
}

// Triage screens, in tab order. The seller screens show the seller opened
// on the Sellers screen.
const (
	tabSellers = iota
	tabDecisions
	tabConvs
	tabBlocks
	tabGrants
	tabAudit
	tabCampaigns
)

var tabs = []string{"Sellers", "Decisions", "Conversations", "Blocks", "Grants", "Audit", "Campaigns"}

// Read limits: the screens show the latest of long logs.
const (
	decisionLimit = 1000
	auditLimit    = 1000
)

// New builds the triage for one session of principal p (an agent or an
// admin). opts.Account names the agent on screen; "" is p's own name.
func New(ctx context.Context, b *backend.Backend, p *backend.Principal, opts shell.Options) (*shell.Root, error) {
	opts.ReadOnly = opts.ReadOnly || p.IsReadOnly()
	s, err := shell.NewSession(ctx, opts)
	if err != nil {
		return nil, err
	}
	app, frame, err := Nested(s, p, opts.Account)
	if err != nil {
		return nil, err
	}
	return shell.NewRoot(s, app, frame, b), nil
}

// Run runs the triage in the local terminal until the user quits or ctx ends.
func Run(ctx context.Context, b *backend.Backend, p *backend.Principal, opts shell.Options) error {
	r, err := New(ctx, b, p, shell.LocalOptions(opts))
	if err != nil {
		return err
	}
	return shell.Run(ctx, r)
}

// Nested is the triage as an app on an existing session (the admin's
// triage view); name is the agent's name on screen ("" is p's own).
func Nested(s *shell.Session, p *backend.Principal, name string) (shell.App, shell.Frame, error) {
	ag, err := p.Agent()
	if err != nil {
		return nil, shell.Frame{}, fmt.Errorf("triage: %w", err)
	}
	dir, err := p.Directory()
	if err != nil {
		return nil, shell.Frame{}, fmt.Errorf("triage: %w", err)
	}
	id := p.Identity()
	if name == "" {
		name = id.Account
	}
	if name == "" {
		name = id.Name
	}
	return NewApp(s, agentHandle{ag}, dir, name, id.Actor())
}

// NewApp is the triage over an agent handle and a directory (tests pass
// fakes): name is shown, actor names the grants' author. The session's
// key config remaps the triage's keys (a bad one is an error).
func NewApp(s *shell.Session, ag Agent, dir Directory, name, actor string) (shell.App, shell.Frame, error) {
	s.Keys.Top = key.NewBinding(key.WithKeys("home"), key.WithHelp("home", "top")) // g is grant
	a := &app{s: s, ag: ag, dir: dir, name: name, actor: actor, keys: DefaultKeyMap(),
		d: &data{quotas: map[string]model.QuotaStatus{}, qerrs: map[string]error{}, handles: map[string]string{}}}
	if err := s.ApplyKeys("triage", shell.NamedBindings(&a.keys)); err != nil {
		return nil, shell.Frame{}, err
	}
	a.sellers = &sellersPane{a: a}
	a.decisions = &decisionsPane{a: a}
	a.convs = &convsPane{a: a}
	a.audit = &auditPane{a: a}
	a.campaigns = &campaignsPane{a: a}
	return a, shell.Frame{
		Title: "Triage", Name: "triage " + name, Tabs: tabs,
		Panes:      []shell.Pane{a.sellers, a.decisions, a.convs, &blocksPane{a: a}, &grantsPane{a: a}, a.audit, a.campaigns},
		GlobalKeys: []key.Binding{a.keys.Grant},
	}, nil
}

// data is what an agent's session knows, filled on the event loop.
type data struct {
	sellers []model.Seller
	quotas  map[string]model.QuotaStatus
	qerrs   map[string]error
	loaded  bool
	err     error

	sel       string // the opened seller
	decisions []model.DecisionRecord
	convs     []store.Counterpart
	rels      map[string]model.Relation
	handles   map[string]string // creator id → handle
	detailErr error
	// campaigns are the opened seller's campaigns; campErr their read error.
	campaigns []store.CampaignInfo
	campErr   error

	audit    []model.AuditEntry
	auditErr error
}

func (d *data) seller(id string) (model.Seller, bool) {
	for _, s := range d.sellers {
		if s.ID == id {
			return s, true
		}
	}
	return model.Seller{}, false
}

// sellerName is "Name (id)" (untrusted).
func (d *data) sellerName(id string) string {
	if s, ok := d.seller(id); ok && s.Name != "" && s.Name != id {
		return s.Name + " (" + id + ")"
	}
	return id
}

// who names a creator: "@handle", or the id.
func (d *data) who(id string) string {
	if h, ok := d.handles[id]; ok && h != "" {
		return "@" + h
	}
	return id
}

// handleOf is a creator's handle, or "" when unknown.
func (d *data) handleOf(id string) string { return d.handles[id] }

// grants are the audited grants to the opened seller, newest first.
func (d *data) grants() []model.AuditEntry {
	var out []model.AuditEntry
	for _, e := range d.audit {
		if e.Action == "grant" && e.SellerID == d.sel {
			out = append(out, e)
		}
	}
	return out
}

// app is the triage's shared state and loads.
type app struct {
	s     *shell.Session
	ag    Agent
	dir   Directory
	name  string
	actor string
	keys  KeyMap
	d     *data

	sellers   *sellersPane
	decisions *decisionsPane
	convs     *convsPane
	audit     *auditPane
	campaigns *campaignsPane
}

type (
	sellersMsg struct {
		sellers []model.Seller
		quotas  map[string]model.QuotaStatus
		qerrs   map[string]error
		err     error
	}
	sellerMsg struct {
		seller    string
		decisions []model.DecisionRecord
		convs     []store.Counterpart
		rels      map[string]model.Relation
		handles   map[string]string
		campaigns []store.CampaignInfo
		campErr   error
		err       error
	}
	auditMsg struct {
		entries []model.AuditEntry
		err     error
	}
	chatMsg struct {
		seller, creator string
		msgs            []model.ChatMessage
		err             error
	}
)

func (a *app) sellersCmd() tea.Cmd {
	ag := a.ag
	return shell.To(a, func() tea.Msg {
		ss, err := ag.Sellers()
		if err != nil {
			return sellersMsg{err: err}
		}
		m := sellersMsg{sellers: ss, quotas: map[string]model.QuotaStatus{}, qerrs: map[string]error{}}
		for _, s := range ss {
			q, err := ag.View(s.ID).Quota()
			if err != nil {
				m.qerrs[s.ID] = err
				continue
			}
			m.quotas[s.ID] = q
		}
		return m
	})
}

func (a *app) sellerCmd(seller string) tea.Cmd {
	v, dir := a.ag.View(seller), a.dir
	return shell.To(a, func() tea.Msg {
		m := sellerMsg{seller: seller, handles: map[string]string{}}
		var err error
		if m.decisions, err = v.Decisions(decisionLimit); err != nil {
			m.err = err
			return m
		}
		if m.rels, err = v.Relations(); err != nil {
			m.err = err
			return m
		}
		if m.convs, err = v.Conversations(); err != nil {
			m.err = err
			return m
		}
		m.campaigns, m.campErr = v.Campaigns()
		need := func(id string) {
			if _, ok := m.handles[id]; ok {
				return
			}
			if c, err := dir.Creator(id); err == nil {
				m.handles[id] = c.Handle
			} else {
				m.handles[id] = ""
			}
		}
		for _, d := range m.decisions {
			need(d.CreatorID)
		}
		for id, r := range m.rels {
			if r.Messages > 0 || r.BlockedByCreator || r.BlockedBySeller {
				need(id)
			}
		}
		return m
	})
}

func (a *app) auditCmd() tea.Cmd {
	ag := a.ag
	return shell.To(a, func() tea.Msg {
		es, err := ag.Audit(auditLimit)
		return auditMsg{es, err}
	})
}

// Init loads the sellers and the audit log.
func (a *app) Init() tea.Cmd { return tea.Batch(a.sellersCmd(), a.auditCmd()) }

// Update takes the triage's loads.
func (a *app) Update(msg tea.Msg) tea.Cmd {
	d := a.d
	switch msg := msg.(type) {
	case sellersMsg:
		if msg.err != nil {
			d.err = msg.err
			return nil
		}
		d.sellers, d.quotas, d.qerrs, d.loaded, d.err = msg.sellers, msg.quotas, msg.qerrs, true, nil
		a.sellers.refresh()
	case sellerMsg:
		if msg.seller != d.sel {
			return nil
		}
		d.detailErr = msg.err
		if msg.err == nil {
			d.decisions, d.convs, d.rels, d.handles = msg.decisions, msg.convs, msg.rels, msg.handles
			d.campaigns, d.campErr = msg.campaigns, msg.campErr
		}
		a.campaigns.nav.SetLen(len(d.campaigns))
		a.decisions.refresh()
		a.convs.refresh()
	case auditMsg:
		d.audit, d.auditErr = msg.entries, msg.err
		a.audit.refresh()
	}
	return nil
}

// open shows a seller on the seller screens.
func (a *app) open(seller string) tea.Cmd {
	d := a.d
	if d.sel != seller {
		d.sel = seller
		d.decisions, d.convs, d.rels, d.campaigns, d.campErr = nil, nil, nil, nil, nil
		a.convs.chat = ""
	}
	a.decisions.refresh()
	a.convs.reset()
	return tea.Batch(shell.SwitchTab(tabDecisions), a.sellerCmd(seller))
}

// granted reports a grant and reloads what it changed.
func (a *app) granted(msg grantedMsg) tea.Cmd {
	left := "unlimited"
	if msg.q.Remaining != nil {
		left = model.Thousands(int64(*msg.q.Remaining))
	}
	text := fmt.Sprintf("Granted %d credit%s to %s: %s left this week, %d granted.",
		msg.credits, shell.Plural(msg.credits), a.d.sellerName(msg.seller), left, msg.q.Granted)
	return tea.Batch(shell.StatusCmd(text, false), a.sellersCmd(), a.auditCmd())
}

// Changes reloads what the feed says changed.
func (a *app) Changes(cs []store.Change) tea.Cmd {
	d := a.d
	all, detail, audit := false, false, false
	for _, c := range cs {
		switch {
		case c == store.Resync:
			all, detail, audit = true, true, true
		case c.Kind == store.ChangedAudit:
			audit = true
			all = all || c.Seller != ""
			detail = detail || c.Seller == d.sel
		case c.Seller != "":
			all = true
			detail = detail || c.Seller == d.sel
		}
	}
	var cmds []tea.Cmd
	if all {
		cmds = append(cmds, a.sellersCmd())
	}
	if detail && d.sel != "" {
		cmds = append(cmds, a.sellerCmd(d.sel))
		if a.convs.chat != "" {
			cmds = append(cmds, a.convs.chatCmd())
		}
	}
	if audit {
		cmds = append(cmds, a.auditCmd())
	}
	return tea.Batch(cmds...)
}

// Key is g, grant, on every screen: to the seller under the cursor on the
// Sellers and Audit screens, else to the opened seller.
func (a *app) Key(msg tea.KeyMsg, active int) (tea.Cmd, bool) {
	if !key.Matches(msg, a.keys.Grant) {
		return nil, false
	}
	target := a.d.sel
	if active == tabSellers || active == tabAudit {
		target = a.sellers.current()
	}
	if target == "" {
		return shell.StatusCmd("Pick a seller first: move to one on the Sellers screen.", true), true
	}
	return a.openGrantForm(target, a.d.sellerName(target)), true
}

// Header is the agent's name.
func (a *app) Header() string { return shell.Safe(a.name) }

// Summary is the sellers and the opened one's quota and refusals.
func (a *app) Summary() string {
	s, d := a.s, a.d
	st := s.Styles
	if d.err != nil {
		return st.Bad.S(shell.SafeFit(shell.ErrText(d.err), s.Width))
	}
	if !d.loaded {
		return st.Muted.S("loading…")
	}
	parts := []string{st.Text.S(fmt.Sprintf("%d sellers", len(d.sellers)))}
	if d.sel == "" {
		parts = append(parts, st.Muted.S("no seller open (enter on one)"))
	} else {
		parts = append(parts, st.Title.S(shell.SafeFit(d.sellerName(d.sel), 36)))
		if q, ok := d.quotas[d.sel]; ok {
			parts = append(parts, st.Text.S(q.Tier+" "+quotaUsed(&q)+" · left "+quotaLeft(&q)))
		}
		refused := 0
		for _, x := range d.decisions {
			if !x.Allowed {
				refused++
			}
		}
		parts = append(parts, shell.CountOf(refused, "refusal", "refusals", st.Bad, st.Muted))
	}
	return strings.Join(parts, st.Muted.S(" · "))
}

func quotaUsed(q *model.QuotaStatus) string {
	if q.Limit == nil {
		return fmt.Sprintf("%d/∞", q.Used)
	}
	return fmt.Sprintf("%d/%d", q.Used, *q.Limit)
}

func quotaLeft(q *model.QuotaStatus) string {
	if q.Remaining == nil {
		return "∞"
	}
	return model.Thousands(int64(*q.Remaining))
}
