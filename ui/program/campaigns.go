package program

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// CampaignSource is what the Campaigns view reads and writes of the
// seller's campaigns (the seller's backend handle, through the console's
// adapter). A Source that is also a CampaignSource gets the view; every
// call runs off the event loop.
type CampaignSource interface {
	Templates() ([]store.TemplateInfo, error)
	Campaigns() ([]store.CampaignInfo, error)
	Campaign(name string) (store.CampaignDetail, error)
	PreviewCampaign(name string) (store.CampaignPreview, error)
	CreateCampaign(sp store.CampaignSpec) (store.CampaignInfo, error)
	StartCampaign(name string) (store.CampaignInfo, store.RunReport, error)
	PauseCampaign(name string) (store.CampaignInfo, error)
	CancelCampaign(name string) (store.CampaignInfo, error)
}

// campMode is what the Campaigns view shows.
type campMode int

const (
	campList campMode = iota
	campForm
	campPreview
	campResults
)

// campaigns is the Campaigns view's state: the list, the create form, a
// campaign's preview and its results.
type campaigns struct {
	mode    campMode
	list    []store.CampaignInfo
	tpls    []store.TemplateInfo
	loaded  bool
	loading bool
	stale   bool
	err     error
	nav     components.ListNav

	form *campaignForm

	name    string // the campaign of the preview or the results
	preview *store.CampaignPreview
	detail  *store.CampaignDetail
	subErr  error
	subNav  components.ListNav
}

// The create form's fields, in focus order.
const (
	fName = iota
	fTemplate
	fAudience
	fWhen
	fAt
	fOverflow
	numFields
)

var fieldLabels = [numFields]string{"Name", "Template", "Audience", "When", "At (UTC)", "Overflow"}

// audienceChoice is an audience the form offers.
type audienceChoice struct {
	label string
	aud   engage.Audience
}

var audienceChoices = []audienceChoice{
	{"Inactive (every kind)", engage.Audience{Segments: []mprogram.SegmentName{mprogram.SegmentInactive}}},
	{"Inactive: lapsed", engage.Audience{Kinds: []mprogram.InactiveKind{mprogram.KindLapsed}}},
	{"Inactive: never activated", engage.Audience{Kinds: []mprogram.InactiveKind{mprogram.KindNeverActivated}}},
	{"Inactive: new", engage.Audience{Kinds: []mprogram.InactiveKind{mprogram.KindNew}}},
	{"Casual", engage.Audience{Segments: []mprogram.SegmentName{mprogram.SegmentCasual}}},
	{"Growth", engage.Audience{Segments: []mprogram.SegmentName{mprogram.SegmentGrowth}}},
	{"Power", engage.Audience{Segments: []mprogram.SegmentName{mprogram.SegmentPower}}},
}

// whenChoice is a schedule the form offers.
type whenChoice struct {
	label  string
	repeat engage.Repeat
	at     bool // the At field is read
}

var whenChoices = []whenChoice{
	{"now", engage.Once, false},
	{"at a time", engage.Once, true},
	{"every week", engage.Weekly, true},
	{"every 2 weeks", engage.Biweekly, true},
	{"every month", engage.Monthly, true},
}

var overflowChoices = []engage.Overflow{engage.OverflowWait, engage.OverflowSkip}

// campaignForm is the create form: two text inputs and four choices cycled
// with left and right; every error at once under its field.
type campaignForm struct {
	focus                    int
	name, at                 textinput.Model
	tpl, aud, when, overflow int
	errs                     map[int]string
	general                  string
	busy                     bool
}

const atLayout = "2006-01-02 15:04"

func newCampForm(s *shell.Session) *campaignForm {
	f := &campaignForm{name: components.NewInput(s, "", "campaign name", 40), at: components.NewInput(s, "", "YYYY-MM-DD HH:MM", 20),
		errs: map[int]string{}}
	f.name.Focus()
	return f
}

func (f *campaignForm) setFocus(i int) {
	f.focus = (i + numFields) % numFields
	f.name.Blur()
	f.at.Blur()
	switch f.focus {
	case fName:
		f.name.Focus()
	case fAt:
		f.at.Focus()
	}
}

// spec checks the form and builds the campaign; the errors are per field.
func (f *campaignForm) spec(tpls []store.TemplateInfo) (store.CampaignSpec, map[int]string) {
	errs := map[int]string{}
	sp := store.CampaignSpec{Name: strings.TrimSpace(f.name.Value()), Overflow: overflowChoices[f.overflow]}
	if sp.Name == "" {
		errs[fName] = "Give the campaign a name."
	}
	if len(tpls) == 0 {
		errs[fTemplate] = "There is no template to send."
	} else {
		sp.Template = tpls[f.tpl%len(tpls)].Name
	}
	sp.Audience = audienceChoices[f.aud].aud
	sp.Audience.Segments = append([]mprogram.SegmentName(nil), sp.Audience.Segments...)
	sp.Audience.Kinds = append([]mprogram.InactiveKind(nil), sp.Audience.Kinds...)
	w := whenChoices[f.when]
	sp.Repeat = w.repeat
	if w.at {
		t, err := time.Parse(atLayout, strings.TrimSpace(f.at.Value()))
		if err != nil {
			errs[fAt] = "Write the time as YYYY-MM-DD HH:MM."
		} else {
			sp.At = t
		}
	}
	return sp, errs
}

// fieldOfErr puts a store error under the field it is about.
func fieldOfErr(err error) int {
	msg := strings.ToLower(err.Error())
	switch {
	case errors.Is(err, store.ErrCampaignExists), strings.Contains(msg, "campaign name"):
		return fName
	case strings.Contains(msg, "audience"):
		return fAudience
	case strings.Contains(msg, "template"):
		return fTemplate
	case strings.Contains(msg, "schedule"), strings.Contains(msg, "past"):
		return fAt
	case strings.Contains(msg, "overflow"):
		return fOverflow
	}
	return -1
}

// Results of the Campaigns view's loads and writes.
type (
	campListMsg struct {
		list []store.CampaignInfo
		tpls []store.TemplateInfo
		err  error
	}
	campPreviewMsg struct {
		name string
		p    store.CampaignPreview
		err  error
	}
	campDetailMsg struct {
		name string
		d    store.CampaignDetail
		err  error
	}
	campCreatedMsg struct {
		info store.CampaignInfo
		err  error
	}
	campActedMsg struct {
		what string
		name string
		info store.CampaignInfo
		rep  *store.RunReport
		err  error
	}
)

func campListCmd(cs CampaignSource) tea.Cmd {
	return func() tea.Msg {
		l, err := cs.Campaigns()
		if err != nil {
			return campListMsg{err: err}
		}
		t, err := cs.Templates()
		return campListMsg{list: l, tpls: t, err: err}
	}
}

func campPreviewCmd(cs CampaignSource, name string) tea.Cmd {
	return func() tea.Msg {
		p, err := cs.PreviewCampaign(name)
		return campPreviewMsg{name, p, err}
	}
}

func campDetailCmd(cs CampaignSource, name string) tea.Cmd {
	return func() tea.Msg {
		d, err := cs.Campaign(name)
		return campDetailMsg{name, d, err}
	}
}

// campaignSource is the pane's source as a CampaignSource, nil when it is not one.
func (p *Pane) campaignSource() CampaignSource {
	cs, _ := p.src.(CampaignSource)
	return cs
}

// openCampaigns shows the Campaigns view and loads the list.
func (p *Pane) openCampaigns() tea.Cmd {
	if p.campaignSource() == nil {
		return shell.StatusCmd("Campaigns cannot be read in this session.", true)
	}
	if p.camp == nil {
		p.camp = &campaigns{}
	}
	p.camp.mode = campList
	p.sizeCampaigns()
	return p.reloadCampaigns()
}

func (p *Pane) sizeCampaigns() {
	if p.camp == nil {
		return
	}
	p.camp.nav.SetHeight(max(p.h-3, 1))
	p.camp.subNav.SetHeight(max((p.h-4)/2, 1))
}

// reloadCampaigns reads the list again, and the campaign shown.
func (p *Pane) reloadCampaigns() tea.Cmd {
	c, cs := p.camp, p.campaignSource()
	if c == nil || cs == nil {
		return nil
	}
	var cmds []tea.Cmd
	if c.loading {
		c.stale = true
	} else {
		c.loading = true
		cmds = append(cmds, shell.To(p, campListCmd(cs)))
	}
	switch c.mode {
	case campResults:
		cmds = append(cmds, shell.To(p, campDetailCmd(cs, c.name)))
	case campPreview:
		cmds = append(cmds, shell.To(p, campPreviewCmd(cs, c.name)))
	}
	return tea.Batch(cmds...)
}

// campaignsChanged reloads when the seller's campaigns changed.
func (p *Pane) campaignsChanged(cs []store.Change) tea.Cmd {
	if p.camp == nil {
		return nil
	}
	for _, c := range cs {
		if c == store.Resync || c.Kind == store.ChangedCampaigns {
			return p.reloadCampaigns()
		}
	}
	return nil
}

// campUpdate takes the Campaigns view's answers; ok false: not one of them.
func (p *Pane) campUpdate(msg tea.Msg) (tea.Cmd, bool) {
	c := p.camp
	switch msg := msg.(type) {
	case campListMsg:
		if c == nil {
			return nil, true
		}
		c.loading = false
		var again tea.Cmd
		if c.stale {
			c.stale = false
			again = p.reloadCampaigns()
		}
		c.err = msg.err
		if msg.err == nil {
			c.list, c.tpls, c.loaded = msg.list, msg.tpls, true
			c.nav.SetLen(len(c.list))
		}
		return again, true
	case campPreviewMsg:
		if c != nil && c.mode == campPreview && c.name == msg.name {
			c.subErr = msg.err
			if msg.err == nil {
				c.preview = &msg.p
				c.subNav.SetLen(len(msg.p.Recipients))
			}
		}
		return nil, true
	case campDetailMsg:
		if c != nil && c.mode == campResults && c.name == msg.name {
			c.subErr = msg.err
			if msg.err == nil {
				c.detail = &msg.d
				c.subNav.SetLen(len(msg.d.Results))
			}
		}
		return nil, true
	case campCreatedMsg:
		if c == nil || c.form == nil {
			return nil, true
		}
		c.form.busy = false
		if msg.err != nil {
			f := fieldOfErr(msg.err)
			if f < 0 {
				c.form.general = shell.ErrText(msg.err)
			} else {
				c.form.errs[f] = shell.ErrText(msg.err)
			}
			return shell.StatusCmd(shell.ErrText(msg.err), true), true
		}
		c.form = nil
		return tea.Batch(p.showPreview(msg.info.Name), p.reloadCampaigns(),
			shell.StatusCmd(fmt.Sprintf("Draft %q saved: check the preview, then s starts it.", model.SafeLine(msg.info.Name)), false)), true
	case campActedMsg:
		if msg.err != nil {
			return shell.StatusCmd(shell.ErrText(msg.err), true), true
		}
		status := fmt.Sprintf("Campaign %q %s: %s.", model.SafeLine(msg.name), msg.what, msg.info.State)
		var cmd tea.Cmd
		if msg.rep != nil && c != nil {
			status = fmt.Sprintf("Campaign %q started: %d sent, %d refused, %d waiting.", model.SafeLine(msg.name),
				msg.rep.Counts.Sent, msg.rep.Counts.Refused, msg.rep.Counts.Waiting)
			cmd = p.showResults(msg.name)
		}
		return tea.Batch(cmd, p.reloadCampaigns(), shell.StatusCmd(status, false)), true
	}
	return nil, false
}

func (p *Pane) showPreview(name string) tea.Cmd {
	c := p.camp
	c.mode, c.name, c.preview, c.subErr = campPreview, name, nil, nil
	c.subNav = components.ListNav{}
	p.sizeCampaigns()
	return shell.To(p, campPreviewCmd(p.campaignSource(), name))
}

func (p *Pane) showResults(name string) tea.Cmd {
	c := p.camp
	c.mode, c.name, c.detail, c.subErr = campResults, name, nil, nil
	c.subNav = components.ListNav{}
	p.sizeCampaigns()
	return shell.To(p, campDetailCmd(p.campaignSource(), name))
}

// selectedCampaign is the campaign under the cursor, "" for none.
func (c *campaigns) selected() string {
	if c.nav.Cursor < len(c.list) {
		return c.list[c.nav.Cursor].Name
	}
	return ""
}

// act runs a write on a campaign off the event loop.
func (p *Pane) act(name, what string) tea.Cmd {
	cs := p.campaignSource()
	if name == "" || cs == nil {
		return nil
	}
	return shell.To(p, func() tea.Msg {
		switch what {
		case "started":
			info, rep, err := cs.StartCampaign(name)
			return campActedMsg{what: what, name: name, info: info, rep: &rep, err: err}
		case "paused":
			info, err := cs.PauseCampaign(name)
			return campActedMsg{what: what, name: name, info: info, err: err}
		default:
			info, err := cs.CancelCampaign(name)
			return campActedMsg{what: what, name: name, info: info, err: err}
		}
	})
}

// campKey takes the keys of the Campaigns view.
func (p *Pane) campKey(msg tea.KeyMsg) tea.Cmd {
	c, k, pk := p.camp, &p.s.Keys, p.keys
	switch c.mode {
	case campForm:
		return p.formKey(msg)
	case campPreview, campResults:
		if c.subNav.Key(k, msg) {
			return nil
		}
		switch {
		case key.Matches(msg, k.Back):
			c.mode = campList
		case key.Matches(msg, pk.StartCampaign):
			if c.mode == campPreview && c.preview != nil && c.preview.Send == 0 && c.preview.Waiting == 0 {
				// The preview is what the seller looked at: starting now would
				// send nothing (the reasons are in the list).
				return shell.StatusCmd(fmt.Sprintf("Nothing to send: all %d recipients are refused; the reasons are in the list above.", c.preview.Refused), true)
			}
			return p.act(c.name, "started")
		case key.Matches(msg, pk.PauseCampaign):
			return p.act(c.name, "paused")
		case key.Matches(msg, pk.CancelCampaign):
			return p.act(c.name, "canceled")
		case key.Matches(msg, pk.PreviewCampaign):
			return p.showPreview(c.name)
		}
		return nil
	}
	if c.nav.Key(k, msg) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		p.camp = nil
	case key.Matches(msg, pk.NewCampaign):
		c.mode = campForm
		c.form = newCampForm(p.s)
	case key.Matches(msg, k.Open):
		if n := c.selected(); n != "" {
			return p.showResults(n)
		}
	case key.Matches(msg, pk.PreviewCampaign):
		if n := c.selected(); n != "" {
			return p.showPreview(n)
		}
	case key.Matches(msg, pk.StartCampaign):
		return p.act(c.selected(), "started")
	case key.Matches(msg, pk.PauseCampaign):
		return p.act(c.selected(), "paused")
	case key.Matches(msg, pk.CancelCampaign):
		return p.act(c.selected(), "canceled")
	}
	return nil
}

// formKey takes the keys of the create form.
func (p *Pane) formKey(msg tea.KeyMsg) tea.Cmd {
	c, k := p.camp, &p.s.Keys
	f := c.form
	switch {
	case key.Matches(msg, k.Back):
		c.form, c.mode = nil, campList
		return shell.StatusCmd("No campaign created.", false)
	case key.Matches(msg, k.FormSubmit):
		if f.busy {
			return nil
		}
		sp, errs := f.spec(c.tpls)
		f.errs, f.general = errs, ""
		if len(errs) > 0 {
			return shell.StatusCmd("The campaign is not saved: see the errors under the fields.", true)
		}
		f.busy = true
		cs := p.campaignSource()
		return shell.To(p, func() tea.Msg {
			info, err := cs.CreateCampaign(sp)
			return campCreatedMsg{info, err}
		})
	case key.Matches(msg, k.FormNext), key.Matches(msg, k.Send):
		f.setFocus(f.focus + 1)
		return nil
	case key.Matches(msg, k.FormPrev):
		f.setFocus(f.focus - 1)
		return nil
	}
	step := 0
	switch msg.String() {
	case "right", " ":
		step = 1
	case "left":
		step = -1
	}
	cycle := func(i, n int) int {
		if n == 0 {
			return 0
		}
		return ((i+step)%n + n) % n
	}
	var cmd tea.Cmd
	switch f.focus {
	case fName:
		f.name, cmd = f.name.Update(msg)
	case fAt:
		f.at, cmd = f.at.Update(msg)
	case fTemplate:
		f.tpl = cycle(f.tpl, len(c.tpls))
	case fAudience:
		f.aud = cycle(f.aud, len(audienceChoices))
	case fWhen:
		f.when = cycle(f.when, len(whenChoices))
	case fOverflow:
		f.overflow = cycle(f.overflow, len(overflowChoices))
	}
	return cmd
}

// campHelp is the keys of the Campaigns view.
func (p *Pane) campHelp() []key.Binding {
	k, pk := p.s.Keys, p.keys
	switch p.camp.mode {
	case campForm:
		return []key.Binding{k.FormSubmit, k.FormNext, k.Back}
	case campPreview, campResults:
		return []key.Binding{pk.StartCampaign, pk.PauseCampaign, pk.CancelCampaign, pk.PreviewCampaign, k.Back}
	}
	return []key.Binding{pk.NewCampaign, k.Open, pk.PreviewCampaign, pk.StartCampaign, pk.PauseCampaign, pk.CancelCampaign, k.Back}
}

// campView draws the Campaigns view.
func (p *Pane) campView() string {
	c, st := p.camp, p.s.Styles
	var out []string
	switch c.mode {
	case campForm:
		out = p.formLines()
	case campPreview:
		out = p.previewLines()
	case campResults:
		out = p.resultsLines()
	default:
		out = append(out, st.Title.S("Campaigns")+st.Muted.S(shell.Fit(" · n new · enter results · p preview · s start · z pause · x cancel · esc back", p.w-9)))
		switch {
		case !c.loaded && c.err != nil:
			out = append(out, st.Bad.S("  "+shell.SafeFit(shell.ErrText(c.err), p.w-2)))
		case !c.loaded:
			out = append(out, st.Muted.S("  loading the campaigns…"))
		case len(c.list) == 0:
			out = append(out, st.Muted.S(shell.Fit("  No campaigns yet: n writes one.", p.w)))
		default:
			hdr := fmt.Sprintf("%-22s %-9s %5s %7s %7s %5s %7s  %s", "name", "state", "sent", "refused", "waiting", "left", "charged", "audience")
			out = append(out, st.Muted.S(shell.Fit("  "+hdr, p.w)))
			lo, hi := c.nav.Visible()
			for i := lo; i < hi; i++ {
				ci := &c.list[i]
				line := fmt.Sprintf("%-22s %-9s %5d %7d %7d %5d %7d  %s", shell.Pad(shell.SafeFit(ci.Name, 22), 22), ci.State,
					ci.Counts.Sent, ci.Counts.Refused, ci.Counts.Waiting, ci.Counts.Left, ci.Counts.Charged, audienceText(&ci.Campaign.Audience))
				line = shell.Fit(line, p.w-2)
				out = append(out, shell.ListLine(st, i == c.nav.Cursor, line, st.Text.S(line), p.w))
			}
		}
	}
	lines := out
	if len(lines) > p.h {
		lines = lines[:p.h]
	}
	return strings.Join(lines, "\n")
}

// formLines is the create form, each field with its error under it.
func (p *Pane) formLines() []string {
	c, st := p.camp, p.s.Styles
	f := c.form
	out := []string{st.Title.S("New campaign") + st.Muted.S(shell.Fit(" · tab next field · ←/→ choose · ctrl+s save as draft · esc cancel", p.w-12))}
	tplName := "(none)"
	if len(c.tpls) > 0 {
		t := c.tpls[f.tpl%len(c.tpls)]
		tplName = t.Name
		if t.Starter {
			tplName += " (starter)"
		}
	}
	when := whenChoices[f.when]
	for i := range numFields {
		var val string
		switch i {
		case fName:
			val = f.name.View()
		case fAt:
			if !when.at {
				val = st.Muted.S("(not used: the campaign starts when you start it)")
			} else {
				val = f.at.View()
			}
		case fTemplate:
			val = "‹ " + shell.SafeFit(tplName, p.w-20) + " ›"
		case fAudience:
			val = "‹ " + audienceChoices[f.aud].label + " ›"
		case fWhen:
			val = "‹ " + when.label + " ›"
		case fOverflow:
			val = "‹ " + string(overflowChoices[f.overflow]) + " ›"
		}
		mark := "  "
		if i == f.focus {
			mark = "> "
		}
		out = append(out, mark+st.Text.S(shell.Pad(fieldLabels[i], 10))+" "+val)
		if e, ok := f.errs[i]; ok {
			for _, l := range shell.SafeWrap(e, max(p.w-13, 10)) {
				out = append(out, "             "+st.Bad.S(l))
			}
		}
	}
	if f.general != "" {
		for _, l := range shell.SafeWrap(f.general, max(p.w-2, 10)) {
			out = append(out, "  "+st.Bad.S(l))
		}
	}
	if f.busy {
		out = append(out, st.Muted.S("  saving…"))
	}
	return out
}

// previewLines is what the campaign's next run would do: each recipient's
// outcome, the message of the selected one and the total cost.
func (p *Pane) previewLines() []string {
	c, st := p.camp, p.s.Styles
	out := []string{st.Title.S("Preview: ") + st.Text.S(shell.SafeFit(c.name, p.w-30)) + st.Muted.S(" · s start · esc back")}
	switch {
	case c.subErr != nil:
		return append(out, st.Bad.S("  "+shell.SafeFit(shell.ErrText(c.subErr), p.w-2)))
	case c.preview == nil:
		return append(out, st.Muted.S("  previewing…"))
	}
	pv := c.preview
	sum := fmt.Sprintf("  %s · send %d · waiting %d · refused %d · cost %d credits", pv.State, pv.Send, pv.Waiting, pv.Refused, pv.Cost)
	out = append(out, st.Title.S(shell.Fit(sum, p.w)))
	if pv.Waiting > 0 && !pv.WaitUntil.IsZero() {
		out = append(out, st.Muted.S(shell.Fit(fmt.Sprintf("  %d wait for this week's quota: they go at the reset, %s UTC", pv.Waiting, pv.WaitUntil.UTC().Format(atLayout)), p.w)))
	}
	lo, hi := c.subNav.Visible()
	for i := lo; i < hi; i++ {
		e := &pv.Recipients[i]
		line := fmt.Sprintf("%-24s %-8s %3d  %s", shell.Pad(shell.SafeFit("@"+e.Handle, 24), 24), e.Outcome, e.Charged, model.SafeLine(e.Message))
		line = shell.Fit(line, p.w-2)
		out = append(out, shell.ListLine(st, i == c.subNav.Cursor, line, st.Text.S(line), p.w))
	}
	if c.subNav.Cursor < len(pv.Recipients) {
		e := &pv.Recipients[c.subNav.Cursor]
		out = append(out, "", st.Muted.S(shell.Fit("  Message to @"+model.SafeLine(e.Handle)+":", p.w)))
		for _, l := range shell.SafeWrap(e.Text, max(p.w-4, 10)) {
			out = append(out, "    "+st.Text.S(l))
		}
	}
	return out
}

// resultsLines is the campaign's results per recipient, as they come in.
func (p *Pane) resultsLines() []string {
	c, st := p.camp, p.s.Styles
	out := []string{st.Title.S("Results: ") + st.Text.S(shell.SafeFit(c.name, p.w-40)) + st.Muted.S(" · p preview · z pause · x cancel · esc back")}
	switch {
	case c.subErr != nil:
		return append(out, st.Bad.S("  "+shell.SafeFit(shell.ErrText(c.subErr), p.w-2)))
	case c.detail == nil:
		return append(out, st.Muted.S("  loading the results…"))
	}
	d := c.detail
	n := d.Counts
	out = append(out, st.Title.S(shell.Fit(fmt.Sprintf("  %s · runs %d · sent %d · refused %d · waiting %d · left %d · charged %d",
		d.State, d.Runs, n.Sent, n.Refused, n.Waiting, n.Left, n.Charged), p.w)))
	if !d.Due.IsZero() && !d.State.Final() {
		out = append(out, st.Muted.S(shell.Fit(fmt.Sprintf("  next run %s UTC", d.Due.UTC().Format(atLayout)), p.w)))
	}
	if n.Waiting > 0 && !d.WaitUntil.IsZero() {
		out = append(out, st.Muted.S(shell.Fit(fmt.Sprintf("  the waiting ones go at the reset, %s UTC", d.WaitUntil.UTC().Format(atLayout)), p.w)))
	}
	if len(d.Results) == 0 {
		return append(out, st.Muted.S(shell.Fit("  Nothing sent yet.", p.w)))
	}
	lo, hi := c.subNav.Visible()
	for i := lo; i < hi; i++ {
		r := &d.Results[i]
		at := ""
		if !r.At.IsZero() {
			at = r.At.UTC().Format(atLayout)
		}
		line := fmt.Sprintf("%-20s run %-2d step %-2d %-8s %-16s %s", shell.Pad(shell.SafeFit(p.handleOf(r.Creator), 20), 20), r.Run+1, r.Step+1, r.Outcome, at, model.SafeLine(r.Message))
		line = shell.Fit(line, p.w-2)
		out = append(out, shell.ListLine(st, i == c.subNav.Cursor, line, st.Text.S(line), p.w))
	}
	return out
}

// handleOf is a creator's handle from the loaded affiliate table, the id
// when the table does not hold it.
func (p *Pane) handleOf(id string) string {
	if p.loaded != nil {
		if i, ok := p.set.find(id); ok {
			return "@" + p.set.rows[i].Handle
		}
	}
	return id
}

// audienceText names an audience: its segments and inactive kinds.
func audienceText(a *engage.Audience) string {
	var parts []string
	for _, s := range a.Segments {
		parts = append(parts, string(s))
	}
	for _, k := range a.Kinds {
		parts = append(parts, "inactive: "+k.String())
	}
	if len(a.Creators) > 0 {
		parts = append(parts, fmt.Sprintf("%d creators", len(a.Creators)))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}
