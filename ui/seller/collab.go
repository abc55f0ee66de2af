package seller

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
	errs    map[int]string
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
	return []key.Binding{k.Open, sk.Submit, sk.AddSaved, sk.AddRecommended, sk.ClearMarks}
}

func (p *collabPane) FullHelp() [][]key.Binding {
	k, sk := p.a.s.Keys, p.a.keys
	if p.editing {
		return [][]key.Binding{{sk.FieldNext, sk.FieldPrev, sk.Toggle, sk.Submit, k.Back}}
	}
	return [][]key.Binding{{sk.EditForm, sk.Submit}, {sk.AddSaved, sk.AddRecommended, sk.ClearMarks}}
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
	return ids
}

// add marks creators for the collaboration, up to its limit.
func (p *collabPane) add(ids []string, from string) tea.Cmd {
	n := 0
	for _, id := range ids {
		if len(p.a.d.marks) >= model.MaxCollabCreators {
			break
		}
		if !p.a.d.marked[id] {
			p.a.d.toggleMark(id)
			n++
		}
	}
	text := fmt.Sprintf("Added %d %s creator%s (%d picked).", n, from, shell.Plural(n), len(p.a.d.marks))
	return shell.StatusCmd(text, false)
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
	loc := p.a.d.seller.Location()
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
		if err := c.Validate(p.a.h.Now()); err != nil {
			errs[fieldOf(err)] = shell.ErrText(err)
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
				return shell.StatusCmd(e, true)
			}
		}
	}
	if n := len(p.a.d.marks); n < 1 || n > model.MaxCollabCreators {
		return shell.StatusCmd(shell.ErrText(errNoCreators), true)
	}
	p.editing = false
	p.inputs[p.focus].Blur()
	return p.a.openBatch(model.Invite, p.a.d.marks, c)
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
			lines = append(lines, strings.Repeat(" ", 16)+st.Bad.S(shell.SafeFit(e, p.w-16)))
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
	var names []string
	for _, id := range p.a.d.marks {
		names = append(names, shell.Safe(p.a.d.who(id)))
	}
	for _, l := range shell.SafeWrap(strings.Join(names, "  "), p.w-2) {
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
