package components

import (
	"fmt"
	"strings"

	"outreach/ui/shell"
)

// WriteBlockedYou writes the list of who blocked the viewer: a title with
// the count, then one row (drawn by row, indented) per id, at most room of
// them and a count of the rest.
func WriteBlockedYou(b *strings.Builder, st *shell.Styles, title string, them []string, room int, row func(id string) string) {
	b.WriteString("\n\n" + st.Title.S(fmt.Sprintf("%s (%d)", title, len(them))))
	if len(them) == 0 {
		b.WriteString("\n" + st.Muted.S("  nobody"))
	}
	for i, id := range them {
		if i == room {
			b.WriteString("\n" + st.Muted.S(fmt.Sprintf("  … and %d more", len(them)-room)))
			break
		}
		b.WriteString("\n  " + row(id))
	}
}
