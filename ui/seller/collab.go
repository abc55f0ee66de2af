package seller

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

// collabPane is Target Collaboration: the invitation's form, the creators
// it goes to (marked in Find or Saved, or added here from saved or
// recommended), validation per field, then the batch preview and confirm.
type collabPane struct {
	a    *app
	w, h int

	inputs  [numCollabFields]textinput.Model
	sample  bool
	focus   int
	editing bool
	errs    map[int]string // every wrong field's sentences, a line each
	pick    int            // the picked creator under the cursor
}

func newCollabPane(a *app) *collabPane {
	s := a.s
	p := &collabPane{a: a, errs: map[int]string{}}
	p.inputs[cfName] = components.NewInput(s, "", "e.g. Spring launch", model.MaxCollabNameRunes)
	p.inputs[cfProducts] = components.NewInput(s, "", "product:commission%, e.g. sku-1:15, sku-2:12.5", 2000)
	p.inputs[cfEnd] = components.NewInput(s, "", "YYYY-MM-DD", 10)
	p.inputs[cfMessage] = components.NewInput(s, "", "up to 500 characters", model.MaxCollabMessage)
	p.inputs[cfEmail] = components.NewInput(s, "", "you@example.com", 254)
	return p
}

func (p *collabPane) Init() tea.Cmd   { return nil }
func (p *collabPane) Capturing() bool { return p.editing }
func (p *collabPane) SetSize(w, h int) {
	p.w, p.h = w, h
	for i := range p.inputs {
		p.inputs[i].Width = max(w-20, 10)
	}
}

func (p *collabPane) ShortHelp() []key.Binding {
	k, sk := p.a.s.Keys, p.a.keys
	if p.editing {
		return []key.Binding{sk.FieldNext, sk.FieldPrev, sk.Submit, k.Back}
	}
	return []key.Binding{sk.EditForm, sk.Submit, sk.AddSaved, sk.AddRecommended, sk.RemovePick, sk.ClearMarks}
}

func (p *collabPane) FullHelp() [][]key.Binding {
	k, sk := p.a.s.Keys, p.a.keys
	if p.editing {
		return [][]key.Binding{{sk.FieldNext, sk.FieldPrev, sk.Toggle, sk.Submit, k.Back}}
	}
	return [][]key.Binding{{sk.EditForm, sk.Submit}, {sk.AddSaved, sk.AddRecommended, k.Up, k.Down, sk.RemovePick, sk.ClearMarks}}
}

func (p *collabPane) setFocus(i int) {
	p.inputs[p.focus].Blur()
	p.focus = (i + numCollabFields) % numCollabFields
	if p.focus != cfSample {
		p.inputs[p.focus].Focus()
	}
}

func (p *collabPane) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k, sk := &p.a.s.Keys, &p.a.keys
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
			var ids []string
			for _, r := range p.a.d.recs {
				ids = append(ids, r.ID)
			}
			return p.add(ids, "recommended")
		case key.Matches(km, sk.ClearMarks):
			p.a.d.clearMarks()
		case key.Matches(km, k.Up):
			p.pick--
			p.clampPick()
		case key.Matches(km, k.Down):
			p.pick++
			p.clampPick()
		case key.Matches(km, sk.RemovePick):
			if p.pick < len(p.a.d.marks) {
				id := p.a.d.marks[p.pick]
				p.a.d.toggleMark(id)
				p.clampPick()
				return shell.StatusCmd(fmt.Sprintf("Removed %s (%d picked).", p.a.d.who(id), len(p.a.d.marks)), false)
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

func (p *collabPane) savedIDs() []string {
	var ids []string
	for id, r := range p.a.d.rels {
		if r.Saved && !r.BlockedBySeller && !r.BlockedByCreator {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return strings.Compare(p.a.d.who(a), p.a.d.who(b)) })
	return ids
}

// add marks creators for the collaboration, up to its limit, and says
// when the limit left some out.
func (p *collabPane) add(ids []string, from string) tea.Cmd {
	n, left := 0, 0
	for _, id := range ids {
		if p.a.d.marked[id] {
			continue
		}
		if len(p.a.d.marks) >= model.MaxCollabCreators {
			left++
			continue
		}
		p.a.d.toggleMark(id)
		n++
	}
	p.clampPick()
	text := fmt.Sprintf("Added %d %s creator%s (%d picked).", n, from, shell.Plural(n), len(p.a.d.marks))
	if left > 0 {
		text = fmt.Sprintf("Added %d %s creator%s: the limit of %d creators is reached, %d left out.", n, from, shell.Plural(n),
			model.MaxCollabCreators, left)
	}
	return shell.StatusCmd(text, left > 0)
}

// clampPick keeps the cursor over the picked creators.
func (p *collabPane) clampPick() { p.pick = min(max(p.pick, 0), max(len(p.a.d.marks)-1, 0)) }

// collab reads the form; errs holds every field that is wrong, each with
// its sentences (one line each), so the form shows them all at once.
func (p *collabPane) collab() (*model.Collab, map[int]string) {
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
	loc := p.a.d.seller.Location()
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
		if !c.EndDate.After(p.a.h.Now()) {
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
		if err := c.Validate(p.a.h.Now()); err != nil {
			errs[fieldOf(err)] = shell.ErrText(err)
		}
	}
	return c, errs
}

// products reads the products field ("sku-1:15, sku-2:12.5") into c,
// reporting every wrong product by its number.
func (p *collabPane) products(c *model.Collab, add func(int, string, ...any)) {
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

func (p *collabPane) submit() tea.Cmd {
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
	if n := len(p.a.d.marks); n < 1 || n > model.MaxCollabCreators {
		return shell.StatusCmd(shell.ErrText(errNoCreators), true)
	}
	p.editing = false
	p.inputs[p.focus].Blur()
	// The form is right: no error of an earlier try stays on the screen.
	return tea.Batch(shell.StatusCmd("", false), p.a.openBatch(model.Invite, p.a.d.marks, c))
}

func (p *collabPane) View() string {
	st := p.a.s.Styles
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
			val = "no"
			if p.sample {
				val = "yes"
			}
			val = "[" + val + "]" + st.Muted.S(" space toggles")
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
	n := len(p.a.d.marks)
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
func (p *collabPane) pickedLines(room int) []string {
	st := p.a.s.Styles
	var rows [][]string
	var row []string
	cur, curRow := 0, 0
	for i, id := range p.a.d.marks {
		name := shell.SafeFit(p.a.d.who(id), 26)
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
