package console

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
)

// Triage screens, in tab order. The seller screens show the seller opened
// on the Sellers screen.
const (
	triSellers = iota
	triDecisions
	triConvs
	triBlocks
	triGrants
	triAudit
)

var triageTabs = []string{"Sellers", "Decisions", "Conversations", "Blocks", "Grants", "Audit"}

// Read limits: the screens show the latest of long logs.
const (
	triageDecisionLimit = 1000
	triageAuditLimit    = 1000
)

// triageData is what an agent's session knows, filled on the event loop.
type triageData struct {
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

	audit    []model.AuditEntry
	auditErr error
}

func (d *triageData) seller(id string) (model.Seller, bool) {
	for _, s := range d.sellers {
		if s.ID == id {
			return s, true
		}
	}
	return model.Seller{}, false
}

// sellerName is "Name (id)" (untrusted).
func (d *triageData) sellerName(id string) string {
	if s, ok := d.seller(id); ok && s.Name != "" && s.Name != id {
		return s.Name + " (" + id + ")"
	}
	return id
}

// who names a creator: "@handle", or the id.
func (d *triageData) who(id string) string {
	if h, ok := d.handles[id]; ok && h != "" {
		return "@" + h
	}
	return id
}

// grants are the audited grants to the opened seller, newest first.
func (d *triageData) grants() []model.AuditEntry {
	var out []model.AuditEntry
	for _, e := range d.audit {
		if e.Action == "grant" && e.SellerID == d.sel {
			out = append(out, e)
		}
	}
	return out
}

type (
	triageSellersMsg struct {
		sellers []model.Seller
		quotas  map[string]model.QuotaStatus
		qerrs   map[string]error
		err     error
	}
	triageSellerMsg struct {
		seller    string
		decisions []model.DecisionRecord
		convs     []store.Counterpart
		rels      map[string]model.Relation
		handles   map[string]string
		err       error
	}
	triageAuditMsg struct {
		entries []model.AuditEntry
		err     error
	}
	triageChatMsg struct {
		seller, creator string
		msgs            []model.ChatMessage
		err             error
	}
	triageGrantedMsg struct {
		seller  string
		credits int
		q       model.QuotaStatus
		err     error
	}
	// triageOpenMsg opens a seller on the seller screens.
	triageOpenMsg struct{ seller string }
)

func triageSellersCmd(st *store.Store, now time.Time) tea.Cmd {
	return func() tea.Msg {
		ss, err := st.Sellers()
		if err != nil {
			return triageSellersMsg{err: err}
		}
		m := triageSellersMsg{sellers: ss, quotas: map[string]model.QuotaStatus{}, qerrs: map[string]error{}}
		for _, s := range ss {
			q, err := st.Quota(s.ID, now)
			if err != nil {
				m.qerrs[s.ID] = err
				continue
			}
			m.quotas[s.ID] = q
		}
		return m
	}
}

func triageSellerCmd(st *store.Store, seller string) tea.Cmd {
	return func() tea.Msg {
		m := triageSellerMsg{seller: seller, handles: map[string]string{}}
		var err error
		if m.decisions, err = st.Decisions(seller, triageDecisionLimit); err != nil {
			m.err = err
			return m
		}
		if m.rels, err = st.Relations(seller); err != nil {
			m.err = err
			return m
		}
		if m.convs, err = st.Conversations(seller); err != nil {
			m.err = err
			return m
		}
		need := func(id string) {
			if _, ok := m.handles[id]; ok {
				return
			}
			if c, err := st.Creator(id); err == nil {
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
	}
}

func triageAuditCmd(st *store.Store) tea.Cmd {
	return func() tea.Msg {
		es, err := st.Audit(triageAuditLimit)
		return triageAuditMsg{es, err}
	}
}

func triageChatCmd(st *store.Store, seller, creator string) tea.Cmd {
	return func() tea.Msg {
		ms, err := st.Messages(seller, creator, 200)
		return triageChatMsg{seller, creator, ms, err}
	}
}

func grantCmd(st *store.Store, seller string, credits int, reason, actor string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		q, err := st.Grant(seller, credits, reason, actor, now)
		return triageGrantedMsg{seller, credits, q, err}
	}
}

// NewTriage builds the agent's triage for one session: every seller with
// tier and quota, one seller's decision log, conversations, blocks and
// grants, granting credits, and the audit log. Agents only read and grant:
// there is no invite or message action here.
func NewTriage(opts Options, agent string) (tea.Model, error) {
	if agent == "" {
		return nil, errors.New("triage: no agent")
	}
	s, err := newRoleSession(opts, agent)
	if err != nil {
		return nil, err
	}
	return newTriageFrame(s, "agent:"+agent), nil
}

// newTriageFrame is the triage on a session; actor names the grants' author.
func newTriageFrame(s *roleSession, actor string) *frame {
	d := &triageData{quotas: map[string]model.QuotaStatus{}, qerrs: map[string]error{}, handles: map[string]string{}}
	sellers := newTriageSellersPane(s, d)
	convs := newTriageConvsPane(s, d)
	f := newFrame(s, "Triage", triageTabs, []pane{
		sellers, newTriageDecisionsPane(s, d), convs, newTriageBlocksPane(s, d), newTriageGrantsPane(s, d), newTriageAuditPane(s, d),
	})
	f.globalKeys = append(f.globalKeys, s.RK.Grant)
	f.init = func() []tea.Cmd {
		return []tea.Cmd{triageSellersCmd(s.Store, s.Now()), triageAuditCmd(s.Store)}
	}
	f.onMsg = func(msg tea.Msg) tea.Cmd {
		switch msg := msg.(type) {
		case triageSellersMsg:
			if msg.err != nil {
				d.err = msg.err
				return nil
			}
			d.sellers, d.quotas, d.qerrs, d.loaded, d.err = msg.sellers, msg.quotas, msg.qerrs, true, nil
		case triageSellerMsg:
			if msg.seller != d.sel {
				return nil
			}
			d.detailErr = msg.err
			if msg.err == nil {
				d.decisions, d.convs, d.rels, d.handles = msg.decisions, msg.convs, msg.rels, msg.handles
			}
		case triageAuditMsg:
			d.audit, d.auditErr = msg.entries, msg.err
		case triageOpenMsg:
			if d.sel != msg.seller {
				d.sel = msg.seller
				d.decisions, d.convs, d.rels = nil, nil, nil
				convs.chat = ""
			}
			f.active = triDecisions
			return triageSellerCmd(s.Store, msg.seller)
		case triageGrantedMsg:
			if msg.err != nil {
				return nil // the form shows it
			}
			left := "unlimited"
			if msg.q.Remaining != nil {
				left = model.Thousands(int64(*msg.q.Remaining))
			}
			f.status = statusMsg{text: fmt.Sprintf("Granted %d credit%s to %s: %s left this week, %d granted.",
				msg.credits, plural(msg.credits), d.sellerName(msg.seller), left, msg.q.Granted)}
			return tea.Batch(triageSellersCmd(s.Store, s.Now()), triageAuditCmd(s.Store))
		}
		return nil
	}
	f.changes = func(cs []store.Change) tea.Cmd {
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
			cmds = append(cmds, triageSellersCmd(s.Store, s.Now()))
		}
		if detail && d.sel != "" {
			cmds = append(cmds, triageSellerCmd(s.Store, d.sel))
			if convs.chat != "" {
				cmds = append(cmds, triageChatCmd(s.Store, d.sel, convs.chat))
			}
		}
		if audit {
			cmds = append(cmds, triageAuditCmd(s.Store))
		}
		return tea.Batch(cmds...)
	}
	f.global = func(msg tea.KeyMsg) (tea.Cmd, bool) {
		if !key.Matches(msg, s.RK.Grant) {
			return nil, false
		}
		target := d.sel
		if f.active == triSellers || f.active == triAudit {
			target = sellers.current()
		}
		if target == "" {
			return statusCmd("Pick a seller first: move to one on the Sellers screen.", true), true
		}
		return openGrantForm(s, target, d.sellerName(target), actor), true
	}
	f.header = func() string { return safe(actor[strings.IndexByte(actor, ':')+1:]) }
	f.summary = func() string { return triageSummary(s, d) }
	return f
}

func triageSummary(s *roleSession, d *triageData) string {
	st := s.Styles
	if d.err != nil {
		return st.Bad.S(safeFit(errText(d.err), s.Width))
	}
	if !d.loaded {
		return st.Muted.S("loading…")
	}
	parts := []string{st.Text.S(fmt.Sprintf("%d sellers", len(d.sellers)))}
	if d.sel == "" {
		parts = append(parts, st.Muted.S("no seller open (enter on one)"))
	} else {
		parts = append(parts, st.Title.S(safeFit(d.sellerName(d.sel), 36)))
		if q, ok := d.quotas[d.sel]; ok {
			parts = append(parts, st.Text.S(q.Tier+" "+quotaUsed(&q)+" · left "+quotaLeft(&q)))
		}
		refused := 0
		for _, x := range d.decisions {
			if !x.Allowed {
				refused++
			}
		}
		parts = append(parts, countOf(refused, "refusal", "refusals", st.Bad, st.Muted))
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

// RunTriage runs the agent's triage in the local terminal.
func RunTriage(opts Options, agent string) error {
	return runFrame(NewTriage(localOpts(opts), agent))
}
