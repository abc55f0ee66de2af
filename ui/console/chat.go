package console

import (
	"strings"
	"time"

	"outreach/model"
)

// chatLines renders a conversation for a w-cell pane, oldest first: a time
// stamp in loc, who wrote it (sellerName or creatorName, already safe; the
// seller's side in the title style), and the text wrapped under itself.
func chatLines(st *Styles, msgs []model.ChatMessage, loc *time.Location, w int, sellerName, creatorName string) []string {
	var body []string
	for _, m := range msgs {
		who, wp := creatorName, st.Handle
		if m.FromSeller {
			who, wp = sellerName, st.Title
		}
		stamp := m.At.In(loc).Format("2 Jan 15:04")
		who = fit(who, 26)
		indent := width(stamp) + 1 + width(who) + 2
		for i, l := range safeWrap(m.Text, max(w-indent, 10)) {
			if i == 0 {
				body = append(body, st.Muted.S(stamp)+" "+wp.S(who)+": "+st.Text.S(l))
			} else {
				body = append(body, strings.Repeat(" ", indent)+st.Text.S(l))
			}
		}
	}
	return body
}
