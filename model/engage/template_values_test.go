package engage

import (
	"testing"
	"time"

	"outreach/model/offer"
)

func TestTemplateFormatters(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	tests := []struct{ got, want string }{
		{FormatPercent(25), "25%"},
		{FormatPercent(12.5), "12.5%"},
		{FormatPercent(7.25), "7.25%"},
		{FormatPercent(80), "80%"},
		{FormatUSD(123456789), "$1,234,567.89"},
		{FormatUSD(5), "$0.05"},
		{FormatUSD(-1050), "-$10.50"},
		{FormatDay(utc(2026, 6, 30, 22, 30), paris), "1 July 2026"},
		{FormatLastDay(time.Date(2026, 7, 1, 0, 0, 0, 0, paris), paris), "30 June 2026"},
		{FormatRank(1, 40), "1st of 40"},
		{FormatRank(2, 40), "2nd of 40"},
		{FormatRank(3, 40), "3rd of 40"},
		{FormatRank(4, 40), "4th of 40"},
		{FormatRank(11, 40), "11th of 40"},
		{FormatRank(12, 40), "12th of 40"},
		{FormatRank(13, 40), "13th of 40"},
		{FormatRank(21, 40), "21st of 40"},
		{FormatRank(112, 400), "112th of 400"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	// Every formatter fits its variable's bound at the extremes.
	checks := []struct {
		v TemplateVar
		s string
	}{
		{VarGMVLastMonth, FormatUSD(offer.MaxContestThreshold * 10)},
		{VarBoostRate, FormatPercent(12.34)},
		{VarBoostUntil, FormatDay(utc(2199, 9, 30, 12, 0), time.UTC)},
		{VarContestRank, FormatRank(49_999, 50_000)},
	}
	for _, c := range checks {
		if n := len([]rune(c.s)); n > c.v.MaxRunes() {
			t.Errorf("%s value %q is %d runes, bound %d", c.v, c.s, n, c.v.MaxRunes())
		}
	}
}
