package components

import (
	"slices"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"

	"outreach/ui/shell"
)

// TestChatHelp: writing shows send and back, a conversation its keys, the
// list its own, in short and full help alike.
func TestChatHelp(t *testing.T) {
	k := shell.DefaultKeyMap()
	chat, list := []key.Binding{k.Open}, []key.Binding{k.Up, k.Down}
	for _, tc := range []struct {
		name    string
		with    string
		writing bool
		want    []key.Binding
	}{
		{"the list", "", false, list},
		{"a conversation", "c1", false, chat},
		{"writing a reply", "c1", true, []key.Binding{k.Send, k.Back}},
		{"a focused input without a conversation is the list", "", true, list},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Chat{With: tc.with, Input: textinput.New()}
			if tc.writing {
				c.Input.Focus()
			}
			help := func(bs []key.Binding) []string {
				var out []string
				for _, b := range bs {
					out = append(out, b.Help().Desc)
				}
				return out
			}
			want := help(tc.want)
			if got := help(c.HelpKeys(&k, chat, list)); !slices.Equal(got, want) {
				t.Fatalf("short help %q, want %q", got, want)
			}
			groups := c.HelpGroups(&k, [][]key.Binding{chat}, [][]key.Binding{list})
			if len(groups) != 1 || !slices.Equal(help(groups[0]), want) {
				t.Fatalf("full help %v, want one group %q", groups, want)
			}
		})
	}
}
