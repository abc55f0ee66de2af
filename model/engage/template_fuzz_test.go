package engage

import (
	"testing"
	"unicode/utf8"

	"outreach/model"
	"outreach/model/program"
)

// Whatever a seller types, saving either refuses it or gives a template
// whose every rendering is safe text within the message limit or an error.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{"Hi {{name}}", "{{", "}}", "{{ {{name}} }}", "a {b} {{code}}{{code_discount}}", "\x1b[31m{{seller}}\u202e", "{{name}}\n{{ handle }}"} {
		f.Add(s, "Lena\x1b[2J")
	}
	f.Fuzz(func(t *testing.T, text, value string) {
		tp, err := ParseTemplate("f", text, "", program.KindNone)
		if err != nil {
			return
		}
		var v TemplateValues
		for _, tv := range TemplateVars() {
			v[tv] = value
		}
		out, err := tp.Render("@f", &v)
		if err != nil {
			return
		}
		if !model.IsSafe(out) || utf8.RuneCountInString(out) > MaxRenderedRunes {
			t.Fatalf("rendered %q", out)
		}
	})
}
