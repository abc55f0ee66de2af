// Package campaigns is the Program screen's Campaigns and Offers views:
// each a model of its own (list, form, preview, results; boosts, codes,
// contests, surveys) that the Program pane holds while it is open, hands
// keys, sizes and answers to, and draws in its place.
package campaigns

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// Env is what a view takes from the pane that holds it.
type Env struct {
	S    *shell.Session
	Keys Keys
	// Owner is the pane the views' answers are addressed to (shell.To); it
	// hands them back to the view's Update.
	Owner any
	// Handle names a creator: its @handle where the pane knows it, else its id.
	Handle func(id string) string
}

// Keys are the views' own bindings (the Program screen's, as the session
// maps them).
type Keys struct {
	NewCampaign, PreviewCampaign, StartCampaign, PauseCampaign, CancelCampaign key.Binding
	AddBoost                                                                   key.Binding
}

// Source is what the Campaigns view reads and writes of the seller's
// campaigns (the seller's backend handle, through the console's adapter).
// Every call runs off the event loop.
type Source interface {
	Templates() ([]store.TemplateInfo, error)
	Campaigns() ([]store.CampaignInfo, error)
	Campaign(name string) (store.CampaignDetail, error)
	PreviewCampaign(name string) (store.CampaignPreview, error)
	CreateCampaign(sp store.CampaignSpec) (store.CampaignInfo, error)
	StartCampaign(name string) (store.CampaignInfo, store.RunReport, error)
	PauseCampaign(name string) (store.CampaignInfo, error)
	CancelCampaign(name string) (store.CampaignInfo, error)
}

// mode is what the Campaigns view shows.
type mode int

const (
	modeList mode = iota
	modeForm
	modePreview
	modeResults
)

// View is the Campaigns view: the list, the create form, a campaign's
// preview and its results. Its Update may be called on a nil *View: an
// answer that comes after the view closed is taken and dropped.
type View struct {
	env  Env
	src  Source
	w, h int

	mode   mode
	list   []store.CampaignInfo
	tpls   []store.TemplateInfo
	loaded bool
	loads  components.Reloads
	err    error
	nav    components.ListNav

	form *components.FieldForm

	name    string // the campaign of the preview or the results
	preview *store.CampaignPreview
	detail  *store.CampaignDetail
	subErr  error
	subNav  components.ListNav
}

// New is the Campaigns view over src, showing the list.
func New(env Env, src Source) *View { return &View{env: env, src: src} }

// Results of the Campaigns view's loads and writes.
type (
	listMsg struct {
		list []store.CampaignInfo
		tpls []store.TemplateInfo
		err  error
	}
	previewMsg struct {
		name string
		p    store.CampaignPreview
		err  error
	}
	detailMsg struct {
		name string
		d    store.CampaignDetail
		err  error
	}
	createdMsg struct {
		info store.CampaignInfo
		err  error
	}
	actedMsg struct {
		what string
		name string
		info store.CampaignInfo
		rep  *store.RunReport
		err  error
	}
)

func listCmd(cs Source) tea.Cmd {
	return func() tea.Msg {
		l, err := cs.Campaigns()
		if err != nil {
			return listMsg{err: err}
		}
		t, err := cs.Templates()
		return listMsg{list: l, tpls: t, err: err}
	}
}

func previewCmd(cs Source, name string) tea.Cmd {
	return func() tea.Msg {
		p, err := cs.PreviewCampaign(name)
		return previewMsg{name, p, err}
	}
}

func detailCmd(cs Source, name string) tea.Cmd {
	return func() tea.Msg {
		d, err := cs.Campaign(name)
		return detailMsg{name, d, err}
	}
}

// to addresses a load or write to the pane that holds the view.
func (c *View) to(cmd tea.Cmd) tea.Cmd { return shell.To(c.env.Owner, cmd) }

// Open shows the list and loads it.
func (c *View) Open() tea.Cmd {
	c.mode = modeList
	return c.Reload()
}

// SetSize sizes the view.
func (c *View) SetSize(w, h int) {
	c.w, c.h = w, h
	c.nav.SetHeight(max(h-3, 1))
	c.subNav.SetHeight(max((h-4)/2, 1))
}

// Capturing reports that the create form takes every key.
func (c *View) Capturing() bool { return c.mode == modeForm }

// Reload reads the list again, and the campaign shown.
func (c *View) Reload() tea.Cmd {
	if c == nil {
		return nil
	}
	var cmds []tea.Cmd
	if c.loads.Start() {
		cmds = append(cmds, c.to(listCmd(c.src)))
	}
	switch c.mode {
	case modeResults:
		cmds = append(cmds, c.to(detailCmd(c.src, c.name)))
	case modePreview:
		cmds = append(cmds, c.to(previewCmd(c.src, c.name)))
	}
	return tea.Batch(cmds...)
}

// Changed reloads when the seller's campaigns changed.
func (c *View) Changed(cs []store.Change) tea.Cmd {
	if c == nil {
		return nil
	}
	for _, ch := range cs {
		if ch == store.Resync || ch.Kind == store.ChangedCampaigns {
			return c.Reload()
		}
	}
	return nil
}

// Update takes the view's answers; ok false: not one of them.
func (c *View) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listMsg:
		if c == nil {
			return nil, true
		}
		var again tea.Cmd
		if c.loads.Done() {
			again = c.Reload()
		}
		c.err = msg.err
		if msg.err == nil {
			c.list, c.tpls, c.loaded = msg.list, msg.tpls, true
			c.nav.SetLen(len(c.list))
		}
		return again, true
	case previewMsg:
		if c != nil && c.mode == modePreview && c.name == msg.name {
			c.subErr = msg.err
			if msg.err == nil {
				c.preview = &msg.p
				c.subNav.SetLen(len(msg.p.Recipients))
			}
		}
		return nil, true
	case detailMsg:
		if c != nil && c.mode == modeResults && c.name == msg.name {
			c.subErr = msg.err
			if msg.err == nil {
				c.detail = &msg.d
				c.subNav.SetLen(len(msg.d.Results))
			}
		}
		return nil, true
	case createdMsg:
		if c == nil || c.form == nil {
			return nil, true
		}
		c.form.Busy = false
		if msg.err != nil {
			return c.form.Fail(msg.err, fieldOfErr(msg.err)), true
		}
		c.form = nil
		return tea.Batch(c.showPreview(msg.info.Name), c.Reload(),
			shell.StatusCmd(fmt.Sprintf("Draft %q saved: check the preview, then s starts it.", model.SafeLine(msg.info.Name)), false)), true
	case actedMsg:
		if msg.err != nil {
			return shell.StatusCmd(shell.ErrText(msg.err), true), true
		}
		status := fmt.Sprintf("Campaign %q %s: %s.", model.SafeLine(msg.name), msg.what, msg.info.State)
		var cmd tea.Cmd
		if msg.rep != nil && c != nil {
			status = fmt.Sprintf("Campaign %q started: %d sent, %d refused, %d waiting.", model.SafeLine(msg.name),
				msg.rep.Counts.Sent, msg.rep.Counts.Refused, msg.rep.Counts.Waiting)
			cmd = c.showResults(msg.name)
		}
		return tea.Batch(cmd, c.Reload(), shell.StatusCmd(status, false)), true
	}
	return nil, false
}

func (c *View) showPreview(name string) tea.Cmd {
	c.mode, c.name, c.preview, c.subErr = modePreview, name, nil, nil
	c.subNav = components.ListNav{}
	c.SetSize(c.w, c.h)
	return c.to(previewCmd(c.src, name))
}

func (c *View) showResults(name string) tea.Cmd {
	c.mode, c.name, c.detail, c.subErr = modeResults, name, nil, nil
	c.subNav = components.ListNav{}
	c.SetSize(c.w, c.h)
	return c.to(detailCmd(c.src, name))
}

// selected is the campaign under the cursor, "" for none.
func (c *View) selected() string {
	if c.nav.Cursor < len(c.list) {
		return c.list[c.nav.Cursor].Name
	}
	return ""
}

// act runs a write on a campaign off the event loop.
func (c *View) act(name, what string) tea.Cmd {
	cs := c.src
	if name == "" {
		return nil
	}
	return c.to(func() tea.Msg {
		switch what {
		case "started":
			info, rep, err := cs.StartCampaign(name)
			return actedMsg{what: what, name: name, info: info, rep: &rep, err: err}
		case "paused":
			info, err := cs.PauseCampaign(name)
			return actedMsg{what: what, name: name, info: info, err: err}
		default:
			info, err := cs.CancelCampaign(name)
			return actedMsg{what: what, name: name, info: info, err: err}
		}
	})
}

// Key takes a key of the view; closed: back on the list closes it.
func (c *View) Key(msg tea.KeyMsg) (cmd tea.Cmd, closed bool) {
	k, ck := &c.env.S.Keys, &c.env.Keys
	switch c.mode {
	case modeForm:
		return c.formKey(msg), false
	case modePreview, modeResults:
		if c.subNav.Key(k, msg) {
			return nil, false
		}
		switch {
		case key.Matches(msg, k.Back):
			c.mode = modeList
		case key.Matches(msg, ck.StartCampaign):
			if c.mode == modePreview && c.preview != nil && c.preview.Send == 0 && c.preview.Waiting == 0 {
				// The preview is what the seller looked at: starting now would
				// send nothing (the reasons are in the list).
				return shell.StatusCmd(fmt.Sprintf("Nothing to send: all %d recipients are refused; the reasons are in the list above.", c.preview.Refused), true), false
			}
			return c.act(c.name, "started"), false
		case key.Matches(msg, ck.PauseCampaign):
			return c.act(c.name, "paused"), false
		case key.Matches(msg, ck.CancelCampaign):
			return c.act(c.name, "canceled"), false
		case key.Matches(msg, ck.PreviewCampaign):
			return c.showPreview(c.name), false
		}
		return nil, false
	}
	if c.nav.Key(k, msg) {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Back):
		return nil, true
	case key.Matches(msg, ck.NewCampaign):
		c.mode = modeForm
		c.form = newForm(c.env.S)
	case key.Matches(msg, k.Open):
		if n := c.selected(); n != "" {
			return c.showResults(n), false
		}
	case key.Matches(msg, ck.PreviewCampaign):
		if n := c.selected(); n != "" {
			return c.showPreview(n), false
		}
	case key.Matches(msg, ck.StartCampaign):
		return c.act(c.selected(), "started"), false
	case key.Matches(msg, ck.PauseCampaign):
		return c.act(c.selected(), "paused"), false
	case key.Matches(msg, ck.CancelCampaign):
		return c.act(c.selected(), "canceled"), false
	}
	return nil, false
}

// formKey takes the keys of the create form.
func (c *View) formKey(msg tea.KeyMsg) tea.Cmd {
	f := c.form
	action, cmd := f.Key(&c.env.S.Keys, msg, c.choices)
	switch action {
	case components.FormCancel:
		c.form, c.mode = nil, modeList
		return shell.StatusCmd("No campaign created.", false)
	case components.FormSubmit:
		sp, errs := spec(f, c.tpls)
		cs := c.src
		return f.Submit(errs, "The campaign is not saved: see the errors under the fields.", c.to(func() tea.Msg {
			info, err := cs.CreateCampaign(sp)
			return createdMsg{info, err}
		}))
	}
	return cmd
}

// Help is the keys of the view.
func (c *View) Help() []key.Binding {
	k, ck := c.env.S.Keys, c.env.Keys
	switch c.mode {
	case modeForm:
		return []key.Binding{k.FormSubmit, k.FormNext, k.Back}
	case modePreview, modeResults:
		return []key.Binding{ck.StartCampaign, ck.PauseCampaign, ck.CancelCampaign, ck.PreviewCampaign, k.Back}
	}
	return []key.Binding{ck.NewCampaign, k.Open, ck.PreviewCampaign, ck.StartCampaign, ck.PauseCampaign, ck.CancelCampaign, k.Back}
}
