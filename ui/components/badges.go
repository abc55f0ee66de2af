package components

import (
	"strings"
	"time"

	"outreach/model"
	"outreach/ui/shell"
)

// MarkText is the two-cell gutter of a list row: the cursor (visible
// without colour too) and the batch mark.
func MarkText(cursor, marked bool) string {
	switch {
	case cursor && marked:
		return ">●"
	case cursor:
		return "> "
	case marked:
		return " ●"
	}
	return "  "
}

// Badge kinds, which pick the paint.
const (
	badgeGood = iota
	badgeWarn
	badgeBad
	badgeSaved
)

type badge struct {
	text string
	kind int
}

// badges are a seller's relation with a creator in words: blocked,
// connected, counted (this week, when week is known), saved.
func badges(r *model.Relation, week time.Time) []badge {
	var out []badge
	switch {
	case r.BlockedBySeller:
		out = append(out, badge{"blocked", badgeBad})
	case r.BlockedByCreator:
		out = append(out, badge{"blocked-you", badgeBad})
	}
	if r.Connected {
		out = append(out, badge{"connected", badgeGood})
	} else if !week.IsZero() && r.CountedIn(week) {
		out = append(out, badge{"counted", badgeWarn})
	}
	if r.Saved {
		out = append(out, badge{"saved", badgeSaved})
	}
	return out
}

// BadgeText is the relation's badges as plain text; week is the start of
// the quota week (zero while the quota loads: no "counted").
func BadgeText(r *model.Relation, week time.Time) string {
	var bs []string
	for _, b := range badges(r, week) {
		bs = append(bs, b.text)
	}
	return strings.Join(bs, " ")
}

// BadgeView is the relation's badges, painted.
func BadgeView(st *shell.Styles, r *model.Relation, week time.Time) string {
	var b strings.Builder
	for i, x := range badges(r, week) {
		if i > 0 {
			b.WriteByte(' ')
		}
		p := [...]shell.Paint{st.Good, st.Warn, st.Bad, st.Saved}[x.kind]
		b.WriteString(p.S(x.text))
	}
	return b.String()
}
