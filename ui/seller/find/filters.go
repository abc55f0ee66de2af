package find

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/catalog"
	"outreach/model"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// Filter bar fields, in focus order.
const (
	fLevels = iota
	fFolMin
	fFolMax
	fCategory
	fType
	fGMVMin
	fGMVMax
	fActive
	numFilterFields
)

// filterBar is the Find screen's filter form: levels toggled with 0-8,
// follower and GMV ranges, category and type cycled with ←/→, active days.
type filterBar struct {
	s      *shell.Session
	k      *KeyMap
	open   bool
	focus  int
	levels uint16
	cats   []string
	cat    int // 0 = any, else cats[cat-1]
	typ    int // 0 any, 1 affiliate, 2 link-share
	inputs map[int]*textinput.Model
}

func newFilterBar(s *shell.Session, k *KeyMap) *filterBar {
	fb := &filterBar{s: s, k: k, inputs: map[int]*textinput.Model{}}
	for _, f := range []int{fFolMin, fFolMax, fGMVMin, fGMVMax, fActive} {
		ti := components.NewInput(s, "", "any", 12)
		ti.Width = 8
		if f == fActive {
			ti.CharLimit = 2
			ti.Width = 3
		}
		fb.inputs[f] = &ti
	}
	return fb
}

func (fb *filterBar) setCategories(cs []string) { fb.cats = cs }

func (fb *filterBar) keys() []key.Binding {
	k := fb.k
	return []key.Binding{k.FilterNext, k.FilterPrev, k.FilterLevel, k.FilterLeft, k.FilterDone}
}

func (fb *filterBar) height() int { return 3 }

func (fb *filterBar) setFocus(i int) {
	for _, in := range fb.inputs {
		in.Blur()
	}
	fb.focus = (i + numFilterFields) % numFilterFields
	if in := fb.inputs[fb.focus]; in != nil {
		in.Focus()
	}
}

// key handles a key with the bar open and reports whether the filter changed.
func (fb *filterBar) key(msg tea.KeyMsg) bool {
	k := fb.k
	in := fb.inputs[fb.focus]
	switch {
	case key.Matches(msg, k.FilterDone):
		fb.open = false
		fb.setFocus(fLevels)
		for _, in := range fb.inputs {
			in.Blur()
		}
		return false
	case key.Matches(msg, k.FilterNext):
		fb.setFocus(fb.focus + 1)
		return false
	case key.Matches(msg, k.FilterPrev):
		fb.setFocus(fb.focus - 1)
		return false
	case in == nil && key.Matches(msg, k.FilterLevel):
		l := msg.Runes[0] - '0'
		fb.levels ^= 1 << l
		return true
	case fb.focus == fCategory && key.Matches(msg, k.FilterLeft, k.FilterRight):
		n := len(fb.cats) + 1
		if key.Matches(msg, k.FilterLeft) {
			fb.cat = (fb.cat + n - 1) % n
		} else {
			fb.cat = (fb.cat + 1) % n
		}
		return true
	case fb.focus == fType && key.Matches(msg, k.FilterLeft, k.FilterRight):
		if key.Matches(msg, k.FilterLeft) {
			fb.typ = (fb.typ + 2) % 3
		} else {
			fb.typ = (fb.typ + 1) % 3
		}
		return true
	}
	if in != nil {
		old := in.Value()
		*in, _ = in.Update(msg)
		return in.Value() != old
	}
	return false
}

func (fb *filterBar) amount(f int) (float64, bool) { return shell.ParseAmount(fb.inputs[f].Value()) }

// filter is the catalog filter the bar describes; fields that do not parse
// are ignored (and shown in red).
func (fb *filterBar) filter() catalog.Filter {
	var f catalog.Filter
	f.Levels = fb.levels
	if v, ok := fb.amount(fFolMin); ok {
		f.MinFollowers = int64(v)
	}
	if v, ok := fb.amount(fFolMax); ok {
		f.MaxFollowers = int64(v)
	}
	if v, ok := fb.amount(fGMVMin); ok {
		f.MinGMV = model.Cents(v * 100)
	}
	if v, ok := fb.amount(fGMVMax); ok {
		f.MaxGMV = model.Cents(v * 100)
	}
	if v, ok := fb.amount(fActive); ok {
		f.MinActiveDays = int(min(v, 30))
	}
	if fb.cat > 0 && fb.cat <= len(fb.cats) {
		f.Category = fb.cats[fb.cat-1]
	}
	if fb.typ > 0 {
		t := model.Affiliate
		if fb.typ == 2 {
			t = model.LinkShare
		}
		f.Type = &t
	}
	return f
}

// summary is the active filters in one line.
func (fb *filterBar) summary() string {
	f := fb.filter()
	var parts []string
	if f.Levels != 0 {
		var ls []string
		for l := model.Level(0); l <= model.MaxLevel; l++ {
			if f.Levels&(1<<l) != 0 {
				ls = append(ls, l.String())
			}
		}
		parts = append(parts, "levels "+strings.Join(ls, ","))
	}
	if f.MinFollowers > 0 || f.MaxFollowers > 0 {
		parts = append(parts, "followers "+rangeText(f.MinFollowers, f.MaxFollowers, shell.Short))
	}
	if f.Category != "" {
		parts = append(parts, "category "+shell.Safe(f.Category))
	}
	if f.Type != nil {
		parts = append(parts, "type "+f.Type.String())
	}
	if f.MinGMV > 0 || f.MaxGMV > 0 {
		parts = append(parts, "GMV "+rangeText(int64(f.MinGMV), int64(f.MaxGMV), func(c int64) string { return shell.Dollars(model.Cents(c)) }))
	}
	if f.MinActiveDays > 0 {
		parts = append(parts, fmt.Sprintf("active ≥%dd", f.MinActiveDays))
	}
	if len(parts) == 0 {
		return "no filters (f to filter)"
	}
	return strings.Join(parts, " · ")
}

func rangeText(lo, hi int64, f func(int64) string) string {
	switch {
	case hi == 0:
		return "≥" + f(lo)
	case lo == 0:
		return "≤" + f(hi)
	}
	return f(lo) + "–" + f(hi)
}

// view draws the bar's three lines.
func (fb *filterBar) view(w int) string {
	st := fb.s.Styles
	label := func(field int, s string) string {
		if fb.focus == field {
			return st.Selected.S(s)
		}
		return st.Muted.S(s)
	}
	field := func(f int) string {
		in := fb.inputs[f]
		if _, ok := shell.ParseAmount(in.Value()); !ok {
			return st.Bad.S("[" + shell.Pad(in.Value(), in.Width) + "]")
		}
		if in.Focused() {
			return "[" + in.View() + "]"
		}
		v := in.Value()
		if v == "" {
			return st.Muted.S("[" + shell.Pad("any", in.Width) + "]")
		}
		return "[" + st.Input.S(shell.Pad(v, in.Width)) + "]"
	}
	var l1 strings.Builder
	l1.WriteString(label(fLevels, "Levels"))
	for l := range 9 {
		s := fmt.Sprintf(" L%d", l)
		if fb.levels&(1<<l) != 0 {
			l1.WriteString(st.Good.S(s + "✓"))
		} else {
			l1.WriteString(st.Muted.S(s + " "))
		}
	}
	if fb.focus == fLevels {
		l1.WriteString(st.Muted.S("  0-8 toggle"))
	}
	cat := "any"
	if fb.cat > 0 && fb.cat <= len(fb.cats) {
		cat = shell.SafeFit(fb.cats[fb.cat-1], 20)
	}
	typ := [...]string{"any", "affiliate", "link-share"}[fb.typ]
	l2 := label(fFolMin, "Followers min") + " " + field(fFolMin) + " " + label(fFolMax, "max") + " " + field(fFolMax) +
		"  " + label(fGMVMin, "GMV min") + " " + field(fGMVMin) + " " + label(fGMVMax, "max") + " " + field(fGMVMax)
	l3 := label(fCategory, "Category") + " ‹" + st.Input.S(cat) + "›  " + label(fType, "Type") + " ‹" + st.Input.S(typ) + "›  " +
		label(fActive, "Active days ≥") + " " + field(fActive)
	return l1.String() + "\n" + l2 + "\n" + l3
}
