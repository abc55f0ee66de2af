package engage

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"outreach/model"
	"outreach/model/program"
)

// Template limits. A rendered message obeys MaxRenderedRunes (the SPEC's
// message limit); the template text itself is held to the same bound when
// saved, since its literal text alone must fit.
const (
	MaxRenderedRunes     = 500
	MaxTemplateRunes     = 500
	MaxTemplateNameRunes = 60
)

// TemplateVar is one of the variables a template may hold as {{name}}.
type TemplateVar uint8

// The SPEC's template variables, in its order.
const (
	VarName TemplateVar = iota
	VarHandle
	VarLevel
	VarSegment
	VarSeller
	VarGMVLastMonth
	VarOrdersLastMonth
	VarConversionsLastCampaign
	VarTopProduct
	VarCommission
	VarBoostRate
	VarBoostUntil
	VarCode
	VarCodeDiscount
	VarContestGoal
	VarContestRank
	VarDaysInactive
	numTemplateVars
)

// String is the variable's name as written between the braces.
func (v TemplateVar) String() string {
	switch v {
	case VarName:
		return "name"
	case VarHandle:
		return "handle"
	case VarLevel:
		return "level"
	case VarSegment:
		return "segment"
	case VarSeller:
		return "seller"
	case VarGMVLastMonth:
		return "gmv_last_month"
	case VarOrdersLastMonth:
		return "orders_last_month"
	case VarConversionsLastCampaign:
		return "conversions_last_campaign"
	case VarTopProduct:
		return "top_product"
	case VarCommission:
		return "commission"
	case VarBoostRate:
		return "boost_rate"
	case VarBoostUntil:
		return "boost_until"
	case VarCode:
		return "code"
	case VarCodeDiscount:
		return "code_discount"
	case VarContestGoal:
		return "contest_goal"
	case VarContestRank:
		return "contest_rank"
	case VarDaysInactive:
		return "days_inactive"
	}
	return fmt.Sprintf("var(%d)", uint8(v))
}

// MaxRunes is the longest value the variable renders: a longer value is
// clipped with an ellipsis, so the worst case of a template is known when it
// is saved. Names and products follow the creator-name bound; figures, dates,
// ranks and rates are short.
func (v TemplateVar) MaxRunes() int {
	switch v {
	case VarName, VarSeller, VarTopProduct:
		return model.MaxNameRunes
	case VarCode:
		return program.MaxCodeLen
	case VarHandle:
		return 25 // '@' and 24
	}
	return 24
}

// TemplateVars lists every variable, in the SPEC's order.
func TemplateVars() []TemplateVar {
	vs := make([]TemplateVar, numTemplateVars)
	for i := range vs {
		vs[i] = TemplateVar(i)
	}
	return vs
}

// ParseTemplateVar reads a variable name.
func ParseTemplateVar(name string) (TemplateVar, bool) {
	for v := range numTemplateVars {
		if v.String() == name {
			return v, true
		}
	}
	return 0, false
}

// TemplateValues are one recipient's values, indexed by variable. An empty
// value is missing: rendering a template that uses it is an error, so that
// nobody receives "your code  gives % off".
type TemplateValues [numTemplateVars]string

// Set stores a value for v and returns the values, for chaining in tests
// and literals.
func (tv *TemplateValues) Set(v TemplateVar, value string) *TemplateValues {
	tv[v] = value
	return tv
}

// Template is a saved message template: checked when saved, rendered per
// recipient.
type Template struct {
	Name string `json:"name"`
	// Segment is the segment the template belongs to; empty for all.
	Segment program.SegmentName `json:"segment,omitempty"`
	// Kind narrows an inactive-segment template to one kind (a welcome
	// series for new affiliates); empty for the whole segment.
	Kind program.InactiveKind `json:"kind,omitempty"`
	Text string               `json:"text"`

	parts []tplPart
}

// tplPart is literal text, or a variable when isVar.
type tplPart struct {
	text  string
	v     TemplateVar
	isVar bool
}

// TemplateError is a template refused when saved; it names the template and,
// for a variable, the variable, with the line and column where it starts.
type TemplateError struct {
	Template string
	Line     int
	Col      int
	Var      string // the unknown variable, if that is the fault
	Msg      string
}

// Error is a sentence naming the template, the place and the fault.
func (e *TemplateError) Error() string {
	return fmt.Sprintf("template %q line %d column %d: %s", e.Template, e.Line, e.Col, e.Msg)
}

// Unwrap makes a TemplateError bad input.
func (e *TemplateError) Unwrap() error { return model.ErrInvalid }

// ParseTemplate checks and compiles a template as it is saved: the name
// (1..60 runes, one line), the segment and kind, the text (made safe, at
// most 500 runes, not blank) and every {{variable}} in it. Spaces inside the
// braces are allowed ({{ name }}); single braces are plain text; "{{" without
// its "}}", "}}" without its "{{", an empty or nested variable and an unknown
// name are errors naming the place.
func ParseTemplate(name, text string, seg program.SegmentName, kind program.InactiveKind) (*Template, error) {
	n, err := model.LimitLine("template name", name, MaxTemplateNameRunes)
	if err != nil {
		return nil, err
	}
	if n == "" {
		return nil, fmt.Errorf("template name is empty: %w", model.ErrInvalid)
	}
	if seg != "" {
		if _, err := program.ParseSegmentName(string(seg)); err != nil {
			return nil, fmt.Errorf("template %q: %w", n, err)
		}
	}
	if kind != program.KindNone {
		if _, err := program.ParseInactiveKind(kind.String()); err != nil {
			return nil, fmt.Errorf("template %q: %w", n, err)
		}
		if seg != program.SegmentInactive {
			return nil, fmt.Errorf("template %q: a kind (%s) needs the inactive segment: %w", n, kind, model.ErrInvalid)
		}
	}
	t, err := model.LimitText(fmt.Sprintf("template %q text", n), text, MaxTemplateRunes)
	if err != nil {
		return nil, err
	}
	if t == "" {
		return nil, fmt.Errorf("template %q text is empty: %w", n, model.ErrInvalid)
	}
	parts, err := parseParts(n, t)
	if err != nil {
		return nil, err
	}
	return &Template{Name: n, Segment: seg, Kind: kind, Text: t, parts: parts}, nil
}

func parseParts(name, s string) ([]tplPart, error) {
	var parts []tplPart
	pos := func(i int) (line, col int) {
		line = 1 + strings.Count(s[:i], "\n")
		col = 1 + utf8.RuneCountInString(s[strings.LastIndexByte(s[:i], '\n')+1:i])
		return
	}
	fail := func(i int, v, format string, a ...any) error {
		l, c := pos(i)
		return &TemplateError{Template: name, Line: l, Col: c, Var: v, Msg: fmt.Sprintf(format, a...)}
	}
	lit := 0 // start of the pending literal
	for i := 0; i < len(s); {
		open := strings.Index(s[i:], "{{")
		close := strings.Index(s[i:], "}}")
		if close >= 0 && (open < 0 || close < open) {
			return nil, fail(i+close, "", `"}}" without its "{{"`)
		}
		if open < 0 {
			break
		}
		start := i + open
		end := strings.Index(s[start+2:], "}}")
		if end < 0 {
			return nil, fail(start, "", `"{{" without its "}}"`)
		}
		inner := s[start+2 : start+2+end]
		if strings.Contains(inner, "{{") {
			return nil, fail(start, "", `"{{" inside a variable`)
		}
		vname := strings.TrimSpace(inner)
		if vname == "" {
			return nil, fail(start, "", "empty variable {{}}")
		}
		v, ok := ParseTemplateVar(vname)
		if !ok {
			return nil, fail(start, vname, "unknown variable {{%s}}; known: %s", model.Clip(model.SafeLine(vname), 40), varList())
		}
		if start > lit {
			parts = append(parts, tplPart{text: s[lit:start]})
		}
		parts = append(parts, tplPart{v: v, isVar: true})
		i = start + 2 + end + 2
		lit = i
	}
	if lit < len(s) {
		parts = append(parts, tplPart{text: s[lit:]})
	}
	return parts, nil
}

func varList() string {
	names := make([]string, 0, numTemplateVars)
	for _, v := range TemplateVars() {
		names = append(names, v.String())
	}
	return strings.Join(names, ", ")
}

// Vars lists the variables the template uses, each once, in first use order.
func (t *Template) Vars() []TemplateVar {
	var seen [numTemplateVars]bool
	var out []TemplateVar
	for _, p := range t.parts {
		if p.isVar && !seen[p.v] {
			seen[p.v] = true
			out = append(out, p.v)
		}
	}
	return out
}

// WorstCaseRunes is the length of the longest message the template can
// render: its literal text plus each variable at its MaxRunes.
func (t *Template) WorstCaseRunes() int {
	n := 0
	for _, p := range t.parts {
		if p.isVar {
			n += p.v.MaxRunes()
		} else {
			n += utf8.RuneCountInString(p.text)
		}
	}
	return n
}

// RenderError is a message that could not be rendered for one recipient.
type RenderError struct {
	Template  string
	Recipient string
	Msg       string
}

// Error is a sentence naming the template and the recipient.
func (e *RenderError) Error() string {
	return fmt.Sprintf("template %q for %s: %s", e.Template, e.Recipient, e.Msg)
}

// Unwrap makes a RenderError bad input.
func (e *RenderError) Unwrap() error { return model.ErrInvalid }

// Render fills the template for one recipient (named in errors, e.g.
// "@lena"). Each value is made safe as a single line and clipped to its
// variable's MaxRunes; a missing value, or a result over the 500-rune message
// limit, is a *RenderError naming the recipient. The template's own text was
// made safe when it was parsed, so the result is safe text.
func (t *Template) Render(recipient string, vals *TemplateValues) (string, error) {
	if t.parts == nil && t.Text != "" {
		return "", &RenderError{Template: t.Name, Recipient: model.SafeLine(recipient), Msg: "the template was not parsed; load it with ParseTemplate"}
	}
	var b strings.Builder
	b.Grow(len(t.Text) + 64)
	runes := 0
	for _, p := range t.parts {
		s := p.text
		if p.isVar {
			s = vals[p.v]
			if !model.IsSafe(s) || strings.IndexByte(s, '\n') >= 0 {
				s = model.SafeLine(s)
			}
			if s == "" {
				return "", &RenderError{Template: t.Name, Recipient: model.Clip(model.SafeLine(recipient), 64), Msg: fmt.Sprintf("no value for {{%s}}", p.v)}
			}
			s = model.Clip(s, p.v.MaxRunes())
		}
		runes += utf8.RuneCountInString(s)
		b.WriteString(s)
	}
	if runes > MaxRenderedRunes {
		return "", &RenderError{Template: t.Name, Recipient: model.Clip(model.SafeLine(recipient), 64),
			Msg: fmt.Sprintf("the message is %d characters, at most %d", runes, MaxRenderedRunes)}
	}
	return b.String(), nil
}

// Fits reports whether the template is for a recipient in segment seg of
// kind kind: a template for all fits everyone, a segment template fits its
// segment, a kind template only its kind.
func (t *Template) Fits(seg program.SegmentName, kind program.InactiveKind) bool {
	if t.Segment == "" {
		return true
	}
	if t.Segment != seg {
		return false
	}
	return t.Kind == program.KindNone || t.Kind == kind
}
