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
	"outreach/catalog"
	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	programui "outreach/ui/program"
	"outreach/ui/seller/collab"
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
	// Program reads the seller's affiliate program (nil: the screen says
	// it cannot be read).
	Program programui.Source
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
	opts.ReadOnly = opts.ReadOnly || p.IsReadOnly() // the frame says so; the handle refuses writes
	dir, err := p.Directory()
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	return NewWith(ctx, Deps{Seller: h, Directory: dir, Catalog: dir.Catalog(), Policy: b.Policy(), Feed: b,
		Program: programSource{h}}, opts)
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
	collab   *collab.Pane
	messages *messagesPane
	invites  *invitesPane
	blocks   *blocksPane
	program  *programui.Pane

	loading    bool
	total      int
	progress   progressMsg     // the first load's progress
	catChanges <-chan struct{} // newer catalog versions, for the session's lifetime
	fatal      error
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
	named := shell.NamedBindings(&a.keys)
	for n, b := range shell.NamedBindings(&a.keys.Program) {
		named[n] = b
	}
	if err := s.ApplyKeys("seller", named); err != nil {
		return nil, err
	}
	a.find = find.New(s, a, deps.Directory, &a.keys.KeyMap)
	a.saved = &savedPane{a: a}
	a.collab = collab.New(a.collabEnv())
	a.messages = newMessagesPane(a)
	a.invites = &invitesPane{a: a}
	a.blocks = &blocksPane{a: a}
	a.program = programui.New(s, deps.Program, a, &a.keys.Program)
	a.root = shell.NewRoot(s, a, shell.Frame{
		Name:  deps.Seller.ID(),
		Tabs:  tabNames,
		Panes: []shell.Pane{a.find, a.saved, a.collab, a.messages, a.invites, a.blocks, a.program},
	}, deps.Feed)
	a.subscribeCatalog() // under the root's context, which Close ends
	return a.root, nil
}

// Init loads the seller's state and the catalog.
func (a *app) Init() tea.Cmd {
	var progress tea.Cmd
	if a.cat.Current() == nil {
		progress = a.progressCmd()
	}
	return tea.Batch(shell.To(a, a.countCmd()), a.waitCatalog(), progress, a.waitCatalogChange(), a.quotaCmd(), a.relsCmd())
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
	case catalogChangedMsg:
		return tea.Batch(a.catalogChanged(), a.waitCatalogChange())
	case progressMsg:
		if !a.loading || a.fatal != nil {
			return nil
		}
		a.progress = msg
		return a.progressCmd()
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

// AfterSend reloads what a send changes: the gauge and the relations, and
// the invitations. The feed reports the same; reloading here keeps the
// gauge right even for a session that is not subscribed.
func (a *app) AfterSend() tea.Cmd {
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
		cmds = append(cmds, a.find.Changed(mine), a.messages.changed(mine), a.invites.changed(mine), a.program.Changed(mine))
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
		return a.loadingView()
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
	if b, ok := a.root.Overlay().(*collab.Batch); ok {
		if c, ok := b.PreviewCost(); ok {
			cost = c // only while the preview waits for a yes: once sent, the gauge counts it
		}
	}
	return quotaGauge(a.s.Styles, a.d.quota, a.s.Width, cost, len(a.d.marks))
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

// The app is the Target Collaboration form's and the batch's host too.

// collabEnv is what the form and the batch are built from.
func (a *app) collabEnv() collab.Env {
	return collab.Env{S: a.s, Keys: &a.keys.Keys, ClearMarks: &a.keys.ClearMarks, Host: a, Seller: a.h}
}

// Marks are the creators marked for a batch, in marking order.
func (a *app) Marks() []string { return a.d.marks }

// Who names a creator: "@handle", or the id when unknown.
func (a *app) Who(id string) string { return a.d.who(id) }

// Relations are the seller's relations with creators.
func (a *app) Relations() map[string]model.Relation { return a.d.rels }

// Recommended are the creators of the latest ranking, best first.
func (a *app) Recommended() []string {
	var ids []string
	for _, r := range a.d.recs {
		ids = append(ids, r.ID)
	}
	return ids
}

// Location is the seller's time zone.
func (a *app) Location() *time.Location { return a.d.seller.Location() }

// QuotaStatus is the seller's quota as last read.
func (a *app) QuotaStatus() model.QuotaStatus { return a.d.quota }

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
		return collab.OpenBatch(a.collabEnv(), model.Invite, batch, nil)
	case key.Matches(msg, k.Message):
		return collab.OpenBatch(a.collabEnv(), model.Message, batch, nil)
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

// Export asks where to write what Find's query matches.
func (a *app) Export(snap *backend.Snapshot, q catalog.Query, asc bool, total int) tea.Cmd {
	return a.exportFinder(snap, q, asc, total)
}

// openDetail switches to Find and opens a creator's detail; esc from it
// comes back to the screen from, where it was opened.
func (a *app) openDetail(id string, from int) tea.Cmd {
	return tea.Sequence(shell.SwitchTab(tabFind), a.find.OpenCmd(id, shell.SwitchTab(from)))
}
