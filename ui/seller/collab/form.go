package collab

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// Form fields, in focus order.
const (
	cfName = iota
	cfProducts
	cfSample
	cfEnd
	cfMessage
	cfEmail
	numCollabFields
)

var collabLabels = [numCollabFields]string{"Name", "Products", "Free sample", "End date", "Message", "Contact email"}

// Pane is Target Collaboration: the invitation's form, the creators it
// goes to (marked in Find or Saved, or added here from saved or
// recommended), validation per field, then the batch preview and confirm.
type Pane struct {
	env  Env
	w, h int

	inputs  [numCollabFields]textinput.Model
	sample  bool
	focus   int
	editing bool
	errs    map[int]string // every wrong field's sentences, a line each
	pick    int            // the picked creator under the cursor
}

// New is the Target Collaboration pane of a session.
func New(env Env) *Pane {
	s := env.S
	p := &Pane{env: env, errs: map[int]string{}}
	p.inputs[cfName] = components.NewInput(s, "", "e.g. Spring launch", model.MaxCollabNameRunes)
	p.inputs[cfProducts] = components.NewInput(s, "", "product:commission%, e.g. sku-1:15, sku-2:12.5", 2000)
	p.inputs[cfEnd] = components.NewInput(s, "", "YYYY-MM-DD", 10)
	p.inputs[cfMessage] = components.NewInput(s, "", "up to 500 characters", model.MaxCollabMessage)
	p.inputs[cfEmail] = components.NewInput(s, "", "you@example.com", 254)
	return p
}

// Init loads nothing: the form reads the session's marks as it draws.
func (p *Pane) Init() tea.Cmd { return nil }

// Capturing reports that a field is being edited and takes every key.
func (p *Pane) Capturing() bool { return p.editing }

// SetSize sizes the pane.
func (p *Pane) SetSize(w, h int) {
	p.w, p.h = w, h
	for i := range p.inputs {
		p.inputs[i].Width = max(w-20, 10)
	}
}

// ShortHelp is the keys of the form or of the picked creators.
func (p *Pane) ShortHelp() []key.Binding {
	k, sk := p.env.S.Keys, p.env.Keys
	if p.editing {
		return []key.Binding{sk.FieldNext, sk.FieldPrev, sk.Submit, k.Back}
	}
	return []key.Binding{sk.EditForm, sk.Submit, sk.AddSaved, sk.AddRecommended, sk.RemovePick, *p.env.ClearMarks}
}

// FullHelp is every key of the form or of the picked creators.
func (p *Pane) FullHelp() [][]key.Binding {
	k, sk := p.env.S.Keys, p.env.Keys
	if p.editing {
		return [][]key.Binding{{sk.FieldNext, sk.FieldPrev, sk.Toggle, sk.Submit, k.Back}}
	}
	return [][]key.Binding{{sk.EditForm, sk.Submit}, {sk.AddSaved, sk.AddRecommended, k.Up, k.Down, sk.RemovePick, *p.env.ClearMarks}}
}

func (p *Pane) setFocus(i int) {
	p.inputs[p.focus].Blur()
	p.focus = (i + numCollabFields) % numCollabFields
	if p.focus != cfSample {
		p.inputs[p.focus].Focus()
	}
}

// Update takes the keys: ctrl+s checks the form and opens the batch.
func (p *Pane) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k, sk := &p.env.S.Keys, p.env.Keys
	if key.Matches(km, sk.Submit) {
		return p.submit()
	}
	if !p.editing {
		switch {
		case key.Matches(km, sk.EditForm):
			p.editing = true
			p.setFocus(p.focus)
		case key.Matches(km, sk.AddSaved):
			return p.add(p.savedIDs(), "saved")
		case key.Matches(km, sk.AddRecommended):
			return p.add(p.env.Host.Recommended(), "recommended")
		case key.Matches(km, *p.env.ClearMarks):
			p.env.Host.ClearMarks()
		case key.Matches(km, k.Up):
			p.pick--
			p.clampPick()
		case key.Matches(km, k.Down):
			p.pick++
			p.clampPick()
		case key.Matches(km, sk.RemovePick):
			if p.pick < len(p.env.Host.Marks()) {
				id := p.env.Host.Marks()[p.pick]
				p.env.Host.ToggleMark(id)
				p.clampPick()
				return shell.StatusCmd(fmt.Sprintf("Removed %s (%d picked).", p.env.Host.Who(id), len(p.env.Host.Marks())), false)
			}
		}
		return nil
	}
	switch {
	case key.Matches(km, k.Back):
		p.editing = false
		p.inputs[p.focus].Blur()
		return nil
	case key.Matches(km, sk.FieldNext, sk.FieldEnter):
		p.setFocus(p.focus + 1)
		return nil
	case key.Matches(km, sk.FieldPrev):
		p.setFocus(p.focus - 1)
		return nil
	case p.focus == cfSample:
		switch {
		case key.Matches(km, sk.SampleYes):
			p.sample = true
		case key.Matches(km, sk.SampleNo):
			p.sample = false
		case key.Matches(km, sk.Toggle):
			p.sample = !p.sample
		}
		return nil
	}
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(km)
	delete(p.errs, p.focus)
	return cmd
}

func (p *Pane) savedIDs() []string {
	var ids []string
	for id, r := range p.env.Host.Relations() {
		if r.Saved && !r.BlockedBySeller && !r.BlockedByCreator {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return strings.Compare(p.env.Host.Who(a), p.env.Host.Who(b)) })
	return ids
}

// add marks creators for the collaboration, up to its limit, and says
// when the limit left some out.
func (p *Pane) add(ids []string, from string) tea.Cmd {
	n, left := 0, 0
	for _, id := range ids {
		if p.env.Host.Marked(id) {
			continue
		}
		if len(p.env.Host.Marks()) >= model.MaxCollabCreators {
			left++
			continue
		}
		p.env.Host.ToggleMark(id)
		n++
	}
	p.clampPick()
	text := fmt.Sprintf("Added %d %s creator%s (%d picked).", n, from, shell.Plural(n), len(p.env.Host.Marks()))
	if left > 0 {
		text = fmt.Sprintf("Added %d %s creator%s: the limit of %d creators is reached, %d left out.", n, from, shell.Plural(n),
			model.MaxCollabCreators, left)
	}
	return shell.StatusCmd(text, left > 0)
}

// clampPick keeps the cursor over the picked creators.
func (p *Pane) clampPick() { p.pick = min(max(p.pick, 0), max(len(p.env.Host.Marks())-1, 0)) }

// collab reads the form; errs holds every field that is wrong, each with
// its sentences (one line each), so the form shows them all at once.
func (p *Pane) collab() (*model.Collab, map[int]string) {
	errs := map[int]string{}
	add := func(f int, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if e, ok := errs[f]; ok {
			errs[f] = e + "\n" + msg
		} else {
			errs[f] = msg
		}
	}
	c := &model.Collab{
		Name:       p.inputs[cfName].Value(),
		FreeSample: p.sample,
		Message:    p.inputs[cfMessage].Value(),
		Email:      strings.TrimSpace(p.inputs[cfEmail].Value()),
	}
	if name, err := model.LimitLine("name", c.Name, model.MaxCollabNameRunes); err != nil {
		add(cfName, "Name is %d characters, at most %d", utf8.RuneCountInString(c.Name), model.MaxCollabNameRunes)
	} else if strings.TrimSpace(name) == "" {
		add(cfName, "Name is empty: give the collaboration a name")
	}
	p.products(c, add)
	loc := p.env.Host.Location()
	switch v := strings.TrimSpace(p.inputs[cfEnd].Value()); {
	case v == "":
		add(cfEnd, "End date is empty: write YYYY-MM-DD")
	default:
		day, err := time.ParseInLocation(model.DayLayout, v, loc)
		if err != nil {
			add(cfEnd, "End date %q is not a date: write YYYY-MM-DD", model.Clip(v, 12))
			break
		}
		c.EndDate = day.AddDate(0, 0, 1).Add(-time.Second) // the end of that local day
		if !c.EndDate.After(p.env.Seller.Now()) {
			add(cfEnd, "End date %s is not in the future", day.Format(model.DayLayout))
		}
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(c.Message)); n > model.MaxCollabMessage {
		add(cfMessage, "Message is %d characters, at most %d", n, model.MaxCollabMessage)
	}
	if c.Email == "" {
		add(cfEmail, "Contact email is empty: write an address like name@example.com")
	} else if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || len(c.Email) > 254 {
		add(cfEmail, "Contact email %q is not an address like name@example.com", model.Clip(c.Email, 40))
	}
	if len(errs) == 0 { // the model has the last word
		if err := c.Validate(p.env.Seller.Now()); err != nil {
			errs[fieldOf(err)] = shell.ErrText(err)
		}
	}
	return c, errs
}

// products reads the products field ("sku-1:15, sku-2:12.5") into c,
// reporting every wrong product by its number.
func (p *Pane) products(c *model.Collab, add func(int, string, ...any)) {
	seen := map[string]int{}
	n := 0
	for _, part := range strings.Split(p.inputs[cfProducts].Value(), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n++
		id, rate, ok := strings.Cut(part, ":")
		id = strings.TrimSpace(id)
		if !ok {
			add(cfProducts, "Product %d %q: write id:commission, e.g. sku-1:15", n, model.Clip(part, 20))
			continue
		}
		if err := model.ValidID("id", id); err != nil {
			add(cfProducts, "Product %d: the id %q may hold only letters, digits, '.', '_' and '-'", n, model.Clip(id, 20))
			continue
		}
		if first, dup := seen[id]; dup {
			add(cfProducts, "Product %d: %s is already product %d", n, id, first)
			continue
		}
		seen[id] = n
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rate), "%"), 64)
		switch {
		case err != nil:
			add(cfProducts, "Product %d: commission %q is not a number", n, model.Clip(strings.TrimSpace(rate), 10))
			continue
		case f > model.MaxCommission:
			add(cfProducts, "Product %d: commission %s%% is above the %s%% maximum", n, pct(f), pct(model.MaxCommission))
		case f < model.MinCommission:
			add(cfProducts, "Product %d: commission %s%% is below the %s%% minimum", n, pct(f), pct(model.MinCommission))
		}
		c.Products = append(c.Products, model.Product{ID: id, Commission: f})
	}
	switch {
	case n == 0:
		add(cfProducts, "Products is empty: write id:commission, e.g. sku-1:15")
	case n > model.MaxCollabProducts:
		add(cfProducts, "%d products, at most %d", n, model.MaxCollabProducts)
	}
}

// pct writes a commission rate without trailing zeros: 15, 12.5.
func pct(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// fieldOf maps model.Collab.Validate's field-named error to the form field.
func fieldOf(err error) int {
	s := err.Error()
	for _, f := range []struct {
		prefix string
		field  int
	}{{"name", cfName}, {"products", cfProducts}, {"end date", cfEnd}, {"message", cfMessage}, {"contact email", cfEmail}} {
		if strings.HasPrefix(s, f.prefix) {
			return f.field
		}
	}
	return cfName
}

var errNoCreators = errors.New("pick 1 to 50 creators: mark them with space in Find or Saved, or press S / R here")

func (p *Pane) submit() tea.Cmd {
	c, errs := p.collab()
	p.errs = errs
	if len(errs) > 0 {
		for f := range numCollabFields {
			if _, ok := errs[f]; ok {
				p.editing = true // straight to the first wrong field
				p.setFocus(f)
				n := len(errs)
				return shell.StatusCmd(fmt.Sprintf("%d field%s to fix: see under each field.", n, shell.Plural(n)), true)
			}
		}
	}
	if n := len(p.env.Host.Marks()); n < 1 || n > model.MaxCollabCreators {
		return shell.StatusCmd(shell.ErrText(errNoCreators), true)
	}
	p.editing = false
	p.inputs[p.focus].Blur()
	// The form is right: no error of an earlier try stays on the screen.
	return tea.Batch(shell.StatusCmd("", false), OpenBatch(p.env, model.Invite, p.env.Host.Marks(), c))
}

// View draws the form, each field with its errors, and the picked creators.
func (p *Pane) View() string {
	st := p.env.S.Styles
	lines := []string{st.Title.S("Target Collaboration") + st.Muted.S("  an invitation with products, commission and an end date")}
	lines = append(lines, "")
	for f := range numCollabFields {
		label := shell.Pad(collabLabels[f], 14)
		if p.editing && p.focus == f {
			label = st.Selected.S(label)
		} else {
			label = st.Muted.S(label)
		}
		var val string
		switch {
		case f == cfSample:
			val = "[" + yesNo(p.sample) + "]" + st.Muted.S(" space toggles")
		case p.editing && p.focus == f:
			val = p.inputs[f].View()
		default:
			v := p.inputs[f].Value()
			if v == "" {
				val = st.Muted.S(p.inputs[f].Placeholder)
			} else {
				val = st.Input.S(shell.SafeFit(v, p.w-18))
			}
		}
		lines = append(lines, label+"  "+val)
		if e, ok := p.errs[f]; ok {
			for _, l := range strings.Split(e, "\n") {
				for _, wl := range shell.SafeWrap(l, max(p.w-16, 10)) {
					lines = append(lines, strings.Repeat(" ", 16)+st.Bad.S(wl))
				}
			}
		}
	}
	lines = append(lines, "")
	n := len(p.env.Host.Marks())
	cp := st.Text
	if n < 1 || n > model.MaxCollabCreators {
		cp = st.Warn
	}
	lines = append(lines, st.Title.S("Creators ")+cp.S(fmt.Sprintf("%d of at most %d picked", n, model.MaxCollabCreators))+
		st.Muted.S(" · space marks in Find/Saved · S adds saved · R adds recommended"))
	lines = append(lines, p.pickedLines(p.h-1-len(lines))...)
	if p.editing {
		lines = append(lines, st.Muted.S("tab/↓ next field · ctrl+s preview & send · esc stop editing"))
	} else {
		lines = append(lines, st.Muted.S("enter edits the form · ctrl+s previews what it costs, then asks to confirm"))
	}
	return strings.Join(lines, "\n")
}

// pickedLines are the picked creators, as many to a line as fit, the one
// under the cursor in brackets (visible without colour) when the form is
// not being edited; at most room lines, the cursor's among them.
func (p *Pane) pickedLines(room int) []string {
	st := p.env.S.Styles
	var rows [][]string
	var row []string
	cur, curRow := 0, 0
	for i, id := range p.env.Host.Marks() {
		name := shell.SafeFit(p.env.Host.Who(id), 26)
		cell := " " + name + " "
		if !p.editing && i == p.pick {
			cell = "[" + name + "]"
			curRow = len(rows)
		}
		if cur+shell.Width(cell)+1 > p.w-2 && len(row) > 0 {
			rows, row, cur = append(rows, row), nil, 0
			if !p.editing && i == p.pick {
				curRow = len(rows)
			}
		}
		if !p.editing && i == p.pick {
			cell = st.Selected.S(cell)
		} else {
			cell = st.Handle.S(cell)
		}
		row = append(row, cell)
		cur += shell.Width(name) + 3
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	room = max(room, 1)
	first := 0
	if len(rows) > room {
		first = min(max(curRow-room+2, 0), len(rows)-room+1)
	}
	var out []string
	for i := first; i < len(rows); i++ {
		if len(out) == room-1 && i < len(rows)-1 {
			out = append(out, st.Muted.S(fmt.Sprintf("  … %d more lines", len(rows)-i)))
			break
		}
		out = append(out, " "+strings.Join(rows[i], " "))
	}
	return out
}
