package program

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHbar(t *testing.T) {
	for _, tc := range []struct {
		frac float64
		w    int
		want string
	}{
		{0, 10, ""},
		{-1, 10, ""},
		{1, 4, "████"},
		{2, 4, "████"}, // clamped
		{0.5, 4, "██"},
		{0.5, 3, "█▌"},
		{0.0001, 10, "▏"}, // above zero shows
		{0.125, 1, "▏"},
		{1, 0, ""},
	} {
		got := hbar(tc.frac, tc.w)
		if got != tc.want {
			t.Errorf("hbar(%v, %d) = %q, want %q", tc.frac, tc.w, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n != hbarWidth(tc.frac, tc.w) || n > max(tc.w, 0) {
			t.Errorf("hbar(%v, %d) is %d cells, hbarWidth says %d", tc.frac, tc.w, n, hbarWidth(tc.frac, tc.w))
		}
	}
}

func TestColumns(t *testing.T) {
	for _, tc := range []struct {
		name      string
		vals      []int64
		h, w, gap int
		top       int64
		want      []string
	}{
		{"scaled to the largest", []int64{0, 4, 8}, 2, 1, 0, 0, []string{"  █", " ██"}},
		{"eighths", []int64{1, 2, 16}, 1, 1, 0, 0, []string{"▁▁█"}},
		{"a small value shows", []int64{1, 1000}, 1, 1, 0, 0, []string{"▁█"}},
		{"wide columns and gaps", []int64{2, 1}, 1, 2, 1, 0, []string{"██ ▄▄ "}},
		{"all zero", []int64{0, 0}, 2, 1, 0, 0, []string{"  ", "  "}},
		{"clamped to top", []int64{10, 5}, 1, 1, 0, 5, []string{"██"}},
		{"no height", []int64{1}, 0, 1, 0, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := columns(tc.vals, tc.h, tc.w, tc.gap, tc.top)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	if s := spark([]int64{0, 8}); s != " █" {
		t.Errorf("spark = %q", s)
	}
}

// BenchmarkTrendChart_26w is the detail's chart: 26 weeks, 6 rows, 2
// cells a week (compare with ntcharts' sparkline of the same size).
func BenchmarkTrendChart_26w(b *testing.B) {
	vals := make([]int64, 26)
	for i := range vals {
		vals[i] = int64((i*37)%11) * 100
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = columns(vals, 6, 2, 0, 0)
	}
}
