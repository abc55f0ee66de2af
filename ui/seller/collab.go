package console

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
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
	s    *Session
	d    *data
	w, h int

	inputs  [numCollabFields]textinput.Model
	sample  bool
	focus   int
	editing bool
	errs    map[int]string
}

func newCollabPane(s *Session, d *data) *collabPane {
	p := &collabPane{s: s, d: d, errs: map[int]string{}}
	p.inputs[cfName] = newInput(s, "", "e.g. Spring launch", model.MaxCollabNameRunes)
	p.inputs[cfProducts] = newInput(s, "", "product:commission%, e.g. sku-1:15, sku-2:12.5", 2000)
	p.inputs[cfEnd] = newInput(s, "", "YYYY-MM-DD", 10)
	p.inputs[cfMessage] = newInput(s, "", "up to 500 characters", model.MaxCollabMessage)
	p.inputs[cfEmail] = newInput(s, "", "you@example.com", 254)
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
	k := p.s.Keys
	if p.editing {
		return []key.Binding{k.FieldNext, k.FieldPrev, k.Submit, k.Back}
	}
	return []key.Binding{k.Open, k.Submit, k.AddSaved, k.AddRecommended, k.ClearMarks}
}

func (p *collabPane) FullHelp() [][]key.Binding {
	k := p.s.Keys
	edit := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit the form"))
	if p.editing {
		return [][]key.Binding{{k.FieldNext, k.FieldPrev, k.Toggle, k.Submit, k.Back}}
	}
	return [][]key.Binding{{edit, k.Submit}, {k.AddSaved, k.AddRecommended, k.ClearMarks}}
}

func (p *collabPane) setFocus(i int) {
	p.inputs[p.focus].Blur()
	p.focus = (i + numCollabFields) % numCollabFields
	if p.focus != cfSample {
		p.inputs[p.focus].Focus()
	}
}

func (p *collabPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	k := &p.s.Keys
	if key.Matches(km, k.Submit) {
		return p, p.submit()
	}
	if !p.editing {
		switch {
		case key.Matches(km, k.Open):
			p.editing = true
			p.setFocus(p.focus)
		case key.Matches(km, k.AddSaved):
			return p, p.add(p.savedIDs(), "saved")
		case key.Matches(km, k.AddRecommended):
			var ids []string
			for _, r := range p.d.recs {
				ids = append(ids, r.ID)
			}
			return p, p.add(ids, "recommended")
		case key.Matches(km, k.ClearMarks):
			p.d.clearMarks()
		}
		return p, nil
	}
	switch {
	case key.Matches(km, k.Back):
		p.editing = false
		p.inputs[p.focus].Blur()
		return p, nil
	case key.Matches(km, k.FieldNext), km.Type == tea.KeyEnter:
		p.setFocus(p.focus + 1)
		return p, nil
	case key.Matches(km, k.FieldPrev):
		p.setFocus(p.focus - 1)
		return p, nil
	case p.focus == cfSample:
		if key.Matches(km, k.Toggle) || km.String() == "y" || km.String() == "n" {
			p.sample = km.String() == "y" || km.String() != "n" && !p.sample
		}
		return p, nil
	}
	var cmd tea.Cmd
	p.inputs[p.focus], cmd = p.inputs[p.focus].Update(km)
	delete(p.errs, p.focus)
	return p, cmd
}

func (p *collabPane) savedIDs() []string {
	var ids []string
	for id, r := range p.d.rels {
		if r.Saved && !r.BlockedBySeller && !r.BlockedByCreator {
			ids = append(ids, id)
		}
	}
	return ids
}

// add marks creators for the collaboration, up to its limit.
func (p *collabPane) add(ids []string, from string) tea.Cmd {
	n := 0
	for _, id := range ids {
		if len(p.d.marks) >= model.MaxCollabCreators {
			break
		}
		if !p.d.marked[id] {
			p.d.toggleMark(id)
			n++
		}
	}
	text := fmt.Sprintf("Added %d %s creator%s (%d picked).", n, from, plural(n), len(p.d.marks))
	return func() tea.Msg { return statusMsg{text: text} }
}

// collab reads the form; errs says which fields are wrong and why.
func (p *collabPane) collab() (*model.Collab, map[int]string) {
	errs := map[int]string{}
	c := &model.Collab{
		Name:       p.inputs[cfName].Value(),
		FreeSample: p.sample,
		Message:    p.inputs[cfMessage].Value(),
		Email:      p.inputs[cfEmail].Value(),
	}
	for i, part := range strings.Split(p.inputs[cfProducts].Value(), ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, rate, ok := strings.Cut(part, ":")
		if !ok {
			errs[cfProducts] = fmt.Sprintf("product %d %q: write id:commission, e.g. sku-1:15", i+1, model.Clip(part, 20))
			break
		}
		f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rate), "%"), 64)
		if err != nil {
			errs[cfProducts] = fmt.Sprintf("product %d: commission %q is not a number", i+1, model.Clip(rate, 10))
			break
		}
		c.Products = append(c.Products, model.Product{ID: strings.TrimSpace(id), Commission: f})
	}
	loc := p.d.seller.Location()
	if v := strings.TrimSpace(p.inputs[cfEnd].Value()); v != "" {
		day, err := time.ParseInLocation(model.DayLayout, v, loc)
		if err != nil {
			errs[cfEnd] = "end date: write YYYY-MM-DD"
		} else {
			c.EndDate = day.AddDate(0, 0, 1).Add(-time.Second) // the end of that local day
		}
	} else {
		errs[cfEnd] = "end date is empty"
	}
	if len(errs) == 0 {
		if err := c.Validate(p.s.Now()); err != nil {
			errs[fieldOf(err)] = errText(err)
		}
	}
	return c, errs
}

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
			if e, ok := errs[f]; ok {
				p.editing = true // straight to the first wrong field
				p.setFocus(f)
				return func() tea.Msg { return statusMsg{text: e, err: true} }
			}
		}
	}
	if n := len(p.d.marks); n < 1 || n > model.MaxCollabCreators {
		return func() tea.Msg { return errStatus(errNoCreators) }
	}
	p.editing = false
	p.inputs[p.focus].Blur()
	return openBatch(p.s, p.d, model.Invite, p.d.marks, c)
}

func (p *collabPane) View() string {
	st := p.s.Styles
	lines := []string{st.Title.S("Target Collaboration") + st.Muted.S("  an invitation with products, commission and an end date")}
	lines = append(lines, "")
	for f := range numCollabFields {
		label := pad(collabLabels[f], 14)
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
				val = st.Input.S(safeFit(v, p.w-18))
			}
		}
		lines = append(lines, label+"  "+val)
		if e, ok := p.errs[f]; ok {
			lines = append(lines, strings.Repeat(" ", 16)+st.Bad.S(safeFit(e, p.w-16)))
		}
	}
	lines = append(lines, "")
	n := len(p.d.marks)
	cp := st.Text
	if n < 1 || n > model.MaxCollabCreators {
		cp = st.Warn
	}
	lines = append(lines, st.Title.S("Creators ")+cp.S(fmt.Sprintf("%d of at most %d picked", n, model.MaxCollabCreators))+
		st.Muted.S(" · space marks in Find/Saved · S adds saved · R adds recommended"))
	var names []string
	for _, id := range p.d.marks {
		names = append(names, safe(p.d.who(id)))
	}
	for _, l := range safeWrap(strings.Join(names, "  "), p.w-2) {
		if len(lines) >= p.h-1 {
			lines = append(lines, st.Muted.S("  …"))
			break
		}
		lines = append(lines, "  "+st.Handle.S(l))
	}
	if p.editing {
		lines = append(lines, st.Muted.S("tab/↓ next field · ctrl+s preview & send · esc stop editing"))
	} else {
		lines = append(lines, st.Muted.S("enter edits the form · ctrl+s previews what it costs, then asks to confirm"))
	}
	return strings.Join(lines, "\n")
}
