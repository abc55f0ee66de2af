// Package seller is the seller console: Find, Saved and recommended,
// Target Collaboration, Messages, Invitations and Blocks, in the shell's
// frame with the quota gauge. It reaches the store only through the
// seller's backend handle, seen through the small interfaces below.
package seller

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/seller/find"
	"outreach/ui/shell"
)

// Handle is what the console needs of the seller's backend handle
// (*backend.Seller).
type Handle interface {
	ID() string
	Now() time.Time
	Seller() (model.Seller, error)
	Quota() (model.QuotaStatus, error)
	Relation(creator string) (model.Relation, error)
	Relations() (map[string]model.Relation, error)
	Messages(creator string, limit int) ([]model.ChatMessage, error)
	Invites(limit int) ([]model.Invitation, error)
	Preview(creators []string, kind model.ActionKind) ([]model.Decision, int, error)
	Message(creator, text, key string) (store.Outcome, error)
	SendBatch(kind model.ActionKind, items []backend.Outreach) ([]store.Outcome, error)
	Block(creator string) error
	Unblock(creator string) error
	Save(creator string, on bool) error
	MarkRead(creator string) error
	CancelInvite(id uint64) error
}

// Directory reads creator profiles (*backend.Directory).
type Directory interface {
	find.Directory
	Count() int
}

// Deps are what a console session is built from: the seller's handle, the
// directory, the shared catalog, the policy and the change feed (nil: none).
type Deps struct {
	Seller    Handle
	Directory Directory
	Catalog   Catalog
	Policy    *model.Policy
	Feed      shell.Feed
}

// New builds the console for one session of principal p: the seller is
// opts.Account, else p's own account, else (an operator or admin) the first
// seller in the store. The session's background work ends with ctx.
func New(ctx context.Context, b *backend.Backend, p *backend.Principal, opts shell.Options) (*shell.Root, error) {
	id, err := sellerOf(p, opts.Account)
	if err != nil {
		return nil, err
	}
	h, err := p.Seller(id)
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	dir, err := p.Directory()
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	return NewWith(ctx, Deps{Seller: h, Directory: dir, Catalog: dir.Catalog(), Policy: b.Policy(), Feed: b}, opts)
}

// Run runs the console in the local terminal until the user quits or ctx ends.
func Run(ctx context.Context, b *backend.Backend, p *backend.Principal, opts shell.Options) error {
	r, err := New(ctx, b, p, shell.LocalOptions(opts))
	if err != nil {
		return err
	}
	return shell.Run(ctx, r)
}

// sellerOf is the seller the console acts as.
func sellerOf(p *backend.Principal, account string) (string, error) {
	if account != "" {
		return account, nil
	}
	if id := p.Identity(); id.Role == backend.RoleSeller {
		return id.Account, nil
	}
	a, err := p.Admin()
	if err != nil {
		return "", fmt.Errorf("console: %w", err)
	}
	ss, err := a.Sellers()
	if err != nil {
		return "", fmt.Errorf("console: %w", err)
	}
	if len(ss) == 0 {
		return "", errors.New("console: the store has no sellers; add one with: outreach seller add ID --name NAME")
	}
	return ss[0].ID, nil
}

// app is the console's shared state and loads; the root routes to it.
type app struct {
	s    *shell.Session
	h    Handle
	dir  Directory
	cat  Catalog
	d    *data
	keys KeyMap
	root *shell.Root

	find     *find.Pane
	saved    *savedPane
	collab   *collabPane
	messages *messagesPane
	invites  *invitesPane
	blocks   *blocksPane

	loading bool
	total   int
	fatal   error
}

// NewWith builds the console from its dependencies (tests pass fakes).
func NewWith(ctx context.Context, deps Deps, opts shell.Options) (*shell.Root, error) {
	s, err := shell.NewSession(ctx, opts)
	if err != nil {
		return nil, err
	}
	sl, err := deps.Seller.Seller()
	if err != nil {
		return nil, fmt.Errorf("console: %w", err) // the store names the seller
	}
	a := &app{s: s, h: deps.Seller, dir: deps.Directory, cat: deps.Catalog, d: newData(deps.Policy), keys: DefaultKeyMap(),
		loading: true, total: -1}
	a.d.seller = sl
	a.find = find.New(s, a, deps.Directory, &a.keys.KeyMap)
	a.saved = &savedPane{a: a}
	a.collab = newCollabPane(a)
	a.messages = newMessagesPane(a)
	a.invites = &invitesPane{a: a}
	a.blocks = &blocksPane{a: a}
	a.root = shell.NewRoot(s, a, shell.Frame{
		Name:  deps.Seller.ID(),
		Tabs:  tabNames,
		Panes: []shell.Pane{a.find, a.saved, a.collab, a.messages, a.invites, a.blocks},
	}, deps.Feed)
	return a.root, nil
}

// Init loads the seller's state and the catalog.
func (a *app) Init() tea.Cmd {
	return tea.Batch(shell.To(a, a.countCmd()), a.waitCatalog(), a.quotaCmd(), a.relsCmd())
}

// Result messages the app asked for.
type (
	countMsg  struct{ n int }
	sellerMsg struct {
		seller model.Seller
		err    error
	}
	quotaMsg struct {
		q   model.QuotaStatus
		err error
	}
	relsMsg struct {
		rels map[string]model.Relation
		err  error
	}
	relMsg struct {
		id  string
		rel model.Relation
		err error
	}
	// doneMsg reports a finished write: a sentence and the creators whose
	// relation should be reloaded.
	doneMsg struct {
		text string
		err  bool
		ids  []string
	}
)

// Update takes the answers to the app's loads.
func (a *app) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case countMsg:
		a.total = msg.n
	case catalogMsg:
		return a.setCatalog(msg)
	case sellerMsg:
		if msg.err == nil {
			a.d.seller = msg.seller
			a.saved.refresh()
		}
	case quotaMsg:
		if msg.err != nil {
			return shell.StatusCmd(shell.ErrText(msg.err), true)
		}
		a.d.quota, a.d.quotaOK = msg.q, true
	case relsMsg:
		if msg.err != nil {
			return shell.StatusCmd(shell.ErrText(msg.err), true)
		}
		a.d.rels = msg.rels
		return a.relsChanged(true)
	case relMsg:
		if msg.err == nil {
			a.d.rels[msg.id] = msg.rel
			return a.relsChanged(false)
		}
	case doneMsg:
		cmds := []tea.Cmd{shell.StatusCmd(msg.text, msg.err)}
		for _, id := range msg.ids {
			cmds = append(cmds, a.relCmd(id))
		}
		return tea.Batch(cmds...)
	}
	return nil
}

// relsChanged tells the panes that list relations to rebuild their lists;
// all is a full reload, which may re-rank the recommendations.
func (a *app) relsChanged(all bool) tea.Cmd {
	a.messages.refresh()
	a.blocks.refresh()
	a.saved.refresh()
	if all {
		return a.saved.rankIfIdle()
	}
	return nil
}

// afterSend reloads what a send changes: the gauge and the relations, and
// the invitations. The feed reports the same; reloading here keeps the
// gauge right even for a session that is not subscribed.
func (a *app) afterSend() tea.Cmd {
	return tea.Batch(a.quotaCmd(), a.relsCmd(), a.invites.reload())
}

// Changes turns feed changes for this seller into reloads.
func (a *app) Changes(cs []store.Change) tea.Cmd {
	id := a.h.ID()
	var cmds []tea.Cmd
	quota, all, creators := false, false, false
	rels := map[string]bool{}
	var mine []store.Change
	for _, c := range cs {
		if c == store.Resync {
			all, quota, creators = true, true, true
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
			cmds = append(cmds, a.sellerCmd())
			quota = true
		case store.ChangedCreator:
			creators = true
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
		cmds = append(cmds, a.quotaCmd())
	}
	if all || len(rels) > 64 { // one scan beats many point reads
		cmds = append(cmds, a.relsCmd())
	} else {
		for c := range rels {
			cmds = append(cmds, a.relCmd(c))
		}
	}
	if creators {
		cmds = append(cmds, a.catalogChanged())
	}
	if len(mine) > 0 {
		cmds = append(cmds, a.find.Changed(mine), a.messages.changed(mine), a.invites.changed(mine))
	}
	return tea.Batch(cmds...)
}

// Gate is the loading screen until the catalog is ready, or a fatal error.
func (a *app) Gate() []string {
	st := a.s.Styles
	if a.fatal != nil {
		return []string{st.Bad.S(shell.SafeFit(shell.ErrText(a.fatal), a.s.Width-2)), st.Muted.S("press q to quit")}
	}
	if a.loading {
		n := "the"
		if a.total >= 0 {
			n = model.Thousands(int64(a.total))
		}
		return []string{st.Title.S("outreach"), "loading " + n + " creators…"}
	}
	return nil
}

// Header is the seller's name.
func (a *app) Header() string { return shell.Safe(a.d.seller.Name) }

// Summary is the quota gauge; with a batch preview open it shows what the
// batch will cost.
func (a *app) Summary() string {
	if !a.d.quotaOK {
		return a.s.Styles.Muted.S("quota: loading…")
	}
	cost := -1
	if b, ok := a.root.Overlay().(*batchModel); ok && b.previewed {
		cost = b.cost
	}
	return components.QuotaGauge(a.s.Styles, a.d.quota, a.s.Width, cost, len(a.d.marks))
}

// The app is Find's host: the relations, the quota, the marks and the
// actions on a creator.

// Relation is the seller's relation with a creator.
func (a *app) Relation(id string) model.Relation { return a.d.rel(id) }

// Quota is the seller's quota, and whether it has loaded.
func (a *app) Quota() (model.QuotaStatus, bool) { return a.d.quota, a.d.quotaOK }

// Policy is the quota policy.
func (a *app) Policy() *model.Policy { return a.d.policy }

// Marked reports a creator marked for a batch.
func (a *app) Marked(id string) bool { return a.d.marked[id] }

// ToggleMark marks or unmarks a creator for a batch.
func (a *app) ToggleMark(id string) { a.d.toggleMark(id) }

// ClearMarks unmarks every creator.
func (a *app) ClearMarks() { a.d.clearMarks() }

// Act handles the keys that act on one creator (or on the marked batch):
// invite, message, save, block. Shared by every pane listing creators.
func (a *app) Act(msg tea.KeyMsg, id string) tea.Cmd {
	k, d := &a.keys, a.d
	batch := d.marks
	if len(batch) == 0 {
		batch = []string{id}
	}
	switch {
	case key.Matches(msg, k.Invite):
		return a.openBatch(model.Invite, batch, nil)
	case key.Matches(msg, k.Message):
		return a.openBatch(model.Message, batch, nil)
	case key.Matches(msg, k.Save):
		return a.setSavedCmd(id, d.who(id), !d.rel(id).Saved)
	case key.Matches(msg, k.Block):
		who := d.who(id)
		if d.rel(id).BlockedBySeller {
			return components.OpenConfirm(a.s, "Unblock "+who+"?", a.setBlockedCmd(id, who, false))
		}
		return components.OpenConfirm(a.s, "Block "+who+"? They will get nothing more from you.", a.setBlockedCmd(id, who, true))
	}
	return nil
}

// openDetail switches to Find and opens a creator's detail.
func (a *app) openDetail(id string) tea.Cmd {
	return tea.Sequence(shell.SwitchTab(tabFind), a.find.OpenCmd(id))
}
