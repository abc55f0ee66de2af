package engage

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"outreach/model"
	"outreach/model/program"
)

func TestParseTemplate(t *testing.T) {
	tests := []struct {
		name, text string
		seg        program.SegmentName
		kind       program.InactiveKind
		wantErr    string // substring; empty for success
		wantVar    string // the unknown variable a TemplateError names
		wantVars   []TemplateVar
	}{
		{name: "plain", text: "Hello there", wantVars: nil},
		{name: "one var", text: "Hi {{name}}!", wantVars: []TemplateVar{VarName}},
		{name: "spaces inside", text: "Hi {{ name }} @{{handle}}", wantVars: []TemplateVar{VarName, VarHandle}},
		{name: "repeat counts once", text: "{{name}} {{name}} {{code}}", wantVars: []TemplateVar{VarName, VarCode}},
		{name: "every variable", text: "{{name}}{{handle}}{{level}}{{segment}}{{seller}}{{gmv_last_month}}{{orders_last_month}}{{conversions_last_campaign}}{{top_product}}{{commission}}{{boost_rate}}{{boost_until}}{{code}}{{code_discount}}{{contest_goal}}{{contest_rank}}{{days_inactive}}",
			wantVars: TemplateVars()},
		{name: "single braces are text", text: "a {b} c { d }", wantVars: nil},
		{name: "unknown", text: "Hi {{nmae}}", wantErr: "unknown variable {{nmae}}", wantVar: "nmae"},
		{name: "unknown with case", text: "Hi {{Name}}", wantErr: "line 1 column 4: unknown variable {{Name}}", wantVar: "Name"},
		{name: "unknown on line 2", text: "Hi\n  {{gmv}}", wantErr: "line 2 column 3: unknown variable {{gmv}}", wantVar: "gmv"},
		{name: "unclosed", text: "Hi {{name", wantErr: `"{{" without its "}}"`},
		{name: "stray close", text: "Hi name}}", wantErr: `"}}" without its "{{"`},
		{name: "close before open", text: "}} {{name}}", wantErr: `column 1: "}}" without`},
		{name: "empty var", text: "Hi {{ }}", wantErr: "empty variable"},
		{name: "nested", text: "Hi {{ {{name}} }}", wantErr: `"{{" inside a variable`},
		{name: "empty text", text: "  \n ", wantErr: "text is empty"},
		{name: "too long", text: strings.Repeat("x", 501), wantErr: "501 characters, at most 500"},
		{name: "exactly 500", text: strings.Repeat("é", 500)},
		{name: "segment", text: "x", seg: program.SegmentPower},
		{name: "bad segment", text: "x", seg: "vip", wantErr: `segment "vip"`},
		{name: "kind needs inactive", text: "x", seg: program.SegmentPower, kind: program.KindNew, wantErr: "needs the inactive segment"},
		{name: "kind", text: "x", seg: program.SegmentInactive, kind: program.KindLapsed},
		{name: "bad kind", text: "x", seg: program.SegmentInactive, kind: program.InactiveKind(9), wantErr: `kind ""`},
		{name: "", text: "x", wantErr: "template name is empty"},
		{name: strings.Repeat("n", 61), text: "x", wantErr: "template name is 61 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.wantErr, func(t *testing.T) {
			tp, err := ParseTemplate(tt.name, tt.text, tt.seg, tt.kind)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid) {
					t.Fatalf("err = %v, want one containing %q wrapping ErrInvalid", err, tt.wantErr)
				}
				if tt.wantVar != "" {
					var te *TemplateError
					if !errors.As(err, &te) || te.Var != tt.wantVar || te.Template != tt.name {
						t.Fatalf("err = %#v, want a TemplateError naming %q in %q", err, tt.wantVar, tt.name)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			got := tp.Vars()
			if len(got) != len(tt.wantVars) {
				t.Fatalf("vars = %v, want %v", got, tt.wantVars)
			}
			for i := range got {
				if got[i] != tt.wantVars[i] {
					t.Fatalf("vars = %v, want %v", got, tt.wantVars)
				}
			}
		})
	}
}

func TestParseTemplateMakesTextSafe(t *testing.T) {
	tp, err := ParseTemplate("x", "Hi \x1b[31m{{name}}\x1b[0m\u202e!\t", "", program.KindNone)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Text != "Hi {{name}}!" {
		t.Fatalf("text = %q", tp.Text)
	}
}

func TestTemplateVarNamesRoundTrip(t *testing.T) {
	if len(TemplateVars()) != 17 {
		t.Fatalf("%d variables, the SPEC lists 17", len(TemplateVars()))
	}
	for _, v := range TemplateVars() {
		got, ok := ParseTemplateVar(v.String())
		if !ok || got != v {
			t.Errorf("%s does not round-trip", v)
		}
		if v.MaxRunes() < 3 {
			t.Errorf("%s max %d", v, v.MaxRunes())
		}
	}
}

func TestRender(t *testing.T) {
	full := func() *TemplateValues {
		var v TemplateValues
		v.Set(VarName, "Lena").Set(VarHandle, "@lena").Set(VarSeller, "Acme").Set(VarCode, "ACME-LENA15").Set(VarCodeDiscount, "15%")
		return &v
	}
	tests := []struct {
		name    string
		text    string
		vals    func() *TemplateValues
		want    string
		wantErr string
	}{
		{"simple", "Hi {{name}} from {{seller}}", full, "Hi Lena from Acme", ""},
		{"no vars", "Hello", full, "Hello", ""},
		{"repeat", "{{code}} / {{code}}", full, "ACME-LENA15 / ACME-LENA15", ""},
		{"missing value", "Your code {{code}} gives {{boost_rate}}", full, "", "template \"t\" for @lena: no value for {{boost_rate}}"},
		{"escape in value removed", "Hi {{name}}", func() *TemplateValues {
			v := full()
			v.Set(VarName, "Le\x1b]0;pwned\x07na\u202e")
			return v
		}, "Hi Lena", ""},
		{"newline in value flattened", "Hi {{name}}!", func() *TemplateValues { v := full(); v.Set(VarName, "Le\nna"); return v }, "Hi Le na!", ""},
		{"only control chars is missing", "Hi {{name}}", func() *TemplateValues { v := full(); v.Set(VarName, "\x1b[2J"); return v }, "", "no value for {{name}}"},
		{"long value clipped", "{{level}}", func() *TemplateValues { v := full(); v.Set(VarLevel, strings.Repeat("L", 30)); return v },
			strings.Repeat("L", 23) + "…", ""},
		{"over the limit", strings.Repeat("a", 450) + "{{name}}", func() *TemplateValues { v := full(); v.Set(VarName, strings.Repeat("b", 51)); return v },
			"", "for @lena: the message is 501 characters, at most 500"},
		{"exactly the limit", strings.Repeat("a", 450) + "{{name}}", func() *TemplateValues { v := full(); v.Set(VarName, strings.Repeat("ß", 50)); return v },
			strings.Repeat("a", 450) + strings.Repeat("ß", 50), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, err := ParseTemplate("t", tt.text, "", program.KindNone)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tp.Render("@lena", tt.vals())
			if tt.wantErr != "" {
				var re *RenderError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &re) || !errors.Is(err, model.ErrInvalid) {
					t.Fatalf("err = %v, want a RenderError containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
			if !model.IsSafe(got) {
				t.Fatalf("%q is not safe", got)
			}
		})
	}
}

func TestRenderUnparsedTemplate(t *testing.T) {
	tp := &Template{Name: "raw", Text: "Hi {{name}}"}
	if _, err := tp.Render("@x", &TemplateValues{}); err == nil {
		t.Fatal("an unparsed template rendered")
	}
}

func TestTemplateFits(t *testing.T) {
	all, _ := ParseTemplate("a", "x", "", program.KindNone)
	pow, _ := ParseTemplate("p", "x", program.SegmentPower, program.KindNone)
	inact, _ := ParseTemplate("i", "x", program.SegmentInactive, program.KindNone)
	newT, _ := ParseTemplate("n", "x", program.SegmentInactive, program.KindNew)
	tests := []struct {
		tp   *Template
		seg  program.SegmentName
		kind program.InactiveKind
		want bool
	}{
		{all, program.SegmentCasual, program.KindNone, true},
		{pow, program.SegmentPower, program.KindNone, true},
		{pow, program.SegmentGrowth, program.KindNone, false},
		{inact, program.SegmentInactive, program.KindLapsed, true},
		{newT, program.SegmentInactive, program.KindNew, true},
		{newT, program.SegmentInactive, program.KindLapsed, false},
		{newT, program.SegmentPower, program.KindNone, false},
	}
	for _, tt := range tests {
		if got := tt.tp.Fits(tt.seg, tt.kind); got != tt.want {
			t.Errorf("%s fits %s/%s = %v, want %v", tt.tp.Name, tt.seg, tt.kind, got, tt.want)
		}
	}
}

// longValues fills every variable at its longest, with wide runes.
func longValues() *TemplateValues {
	var v TemplateValues
	for _, tv := range TemplateVars() {
		v[tv] = strings.Repeat("Ж", tv.MaxRunes()+10)
	}
	return &v
}

func TestStarterLibrary(t *testing.T) {
	lib := StarterTemplates()
	bySeg := map[string]int{}
	names := map[string]bool{}
	for _, tp := range lib {
		if names[tp.Name] {
			t.Errorf("%s twice", tp.Name)
		}
		names[tp.Name] = true
		bySeg[string(tp.Segment)+"/"+tp.Kind.String()]++
		// Reparsing what a store would save gives the same template.
		again, err := ParseTemplate(tp.Name, tp.Text, tp.Segment, tp.Kind)
		if err != nil || again.Text != tp.Text {
			t.Errorf("%s: reparse %v", tp.Name, err)
		}
		if w := tp.WorstCaseRunes(); w > MaxRenderedRunes {
			t.Errorf("%s: worst case %d runes", tp.Name, w)
		}
		msg, err := tp.Render("@someone", longValues())
		if err != nil {
			t.Errorf("%s with long values: %v", tp.Name, err)
			continue
		}
		if n := utf8.RuneCountInString(msg); n > MaxRenderedRunes || !model.IsSafe(msg) {
			t.Errorf("%s: %d runes, safe %v", tp.Name, n, model.IsSafe(msg))
		}
		if len(tp.Vars()) == 0 {
			t.Errorf("%s is not personal: no variable", tp.Name)
		}
	}
	for key, min := range map[string]int{"power/": 2, "growth/": 2, "casual/": 2, "inactive/new": 5, "inactive/": 3} {
		if bySeg[key] < min {
			t.Errorf("%s: %d templates, want at least %d", key, bySeg[key], min)
		}
	}
	ws := WelcomeSeries()
	if err := ws.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, st := range ws.Steps {
		if !names[st.Template] {
			t.Errorf("welcome series names %s, not in the library", st.Template)
		}
	}
}

func TestTemplateError(t *testing.T) {
	_, err := ParseTemplate("promo", "a\nb {{bogus}}", "", program.KindNone)
	var te *TemplateError
	if !errors.As(err, &te) || te.Line != 2 || te.Col != 3 || te.Var != "bogus" {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(err.Error(), "known: name, handle") {
		t.Fatalf("error does not list the known variables: %v", err)
	}
}
