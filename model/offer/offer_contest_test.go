package offer

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"outreach/model"
)

func TestNewContest(t *testing.T) {
	now := utc(2026, 6, 1, 0, 0)
	from, to := utc(2026, 6, 1, 0, 0), utc(2026, 7, 1, 0, 0)
	tests := []struct {
		name      string
		cname     string
		metric    ContestMetric
		threshold int64
		from, to  time.Time
		prize     string
		wantErr   string
	}{
		{"ok", "June race", ContestGMV, 100_000, from, to, "A year of product", ""},
		{"orders", "June race", ContestOrders, 50, from, to, "$200 fee", ""},
		{"no threshold", "June race", ContestGMV, 0, from, to, "x", "needs a threshold"},
		{"negative threshold", "June race", ContestOrders, -3, from, to, "x", "threshold -3"},
		{"bad metric", "June race", "clicks", 5, from, to, "x", `metric "clicks"`},
		{"window backwards", "June race", ContestGMV, 5, to, from, "x", "not after its start"},
		{"over", "June race", ContestGMV, 5, utc(2026, 5, 1, 0, 0), utc(2026, 5, 31, 0, 0), "x", "has passed"},
		{"no prize", "June race", ContestGMV, 5, from, to, "  ", "prize is empty"},
		{"long prize", "June race", ContestGMV, 5, from, to, strings.Repeat("p", 201), "201 characters"},
		{"no name", "", ContestGMV, 5, from, to, "x", "name is empty"},
	}
	for _, tt := range tests {
		_, err := NewContest(tt.cname, tt.metric, tt.threshold, tt.from, tt.to, tt.prize, false, now)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid)) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
	c, err := NewContest("x", ContestGMV, 1, from, to, "A \x1b[31mred\x1b[0m bike", false, now)
	if err != nil || c.Prize != "A red bike" {
		t.Errorf("prize not made safe: %+v %v", c, err)
	}
}

// Expected values computed outside Go, as the doc says anyone can:
// printf '42\nann\nbob\ncat\n' | sha256sum, first 16 hex digits mod 3, etc.
func TestDrawWinnerRepeatable(t *testing.T) {
	tests := []struct {
		seed uint64
		ids  []string
		want string
	}{
		{42, []string{"ann", "bob", "cat"}, "bob"},
		{42, []string{"cat", "ann", "bob", "ann"}, "bob"}, // order and duplicates don't matter
		{7, []string{"ann", "bob", "cat"}, "cat"},
		{0, []string{"eve", "dan", "cat", "bob", "ann"}, "dan"},
		{18446744073709551615, []string{"ann", "bob", "cat", "dan", "eve"}, "eve"},
		{99, []string{"solo"}, "solo"},
	}
	for _, tt := range tests {
		got, ok := DrawWinner(tt.seed, tt.ids)
		if !ok || got != tt.want {
			t.Errorf("seed %d over %v: %q, want %q", tt.seed, tt.ids, got, tt.want)
		}
	}
	if _, ok := DrawWinner(1, nil); ok {
		t.Error("a draw among nobody")
	}
}

func TestContestWinnerAndLeaderboard(t *testing.T) {
	start, end := utc(2026, 6, 1, 0, 0), utc(2026, 7, 1, 0, 0)
	day := func(d int) time.Time { return utc(2026, 6, d, 23, 59) }
	entries := []ContestEntry{
		{"ann", day(2), 40}, {"bob", day(2), 60}, {"cat", day(3), 100}, // cat crosses on day 3
		{"ann", day(3), 50},                                        // ann 90
		{"bob", day(4), 40},                                        // bob crosses on day 4
		{"ann", day(5), 10},                                        // ann crosses on day 5
		{"dan", day(1), 500},                                       // flagged
		{"eve", utc(2026, 5, 31, 23, 0), 1000}, {"eve", end, 1000}, // outside the window
		{"fay", day(6), 0}, // nothing
	}
	flagged := func(id string) bool { return id == "dan" }
	mk := func(draw bool) *Contest {
		c, err := NewContest("june", ContestOrders, 100, start, end, "bike", draw, start)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := mk(false).Winner(entries, flagged, 5)
	if first.Winner != "cat" || first.Drawn || !first.ReachedAt.Equal(day(3)) {
		t.Errorf("first to the threshold: %+v", first)
	}
	// Unsorted input is put in time order first.
	rev := append([]ContestEntry(nil), entries...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if got := mk(false).Winner(rev, flagged, 5); got.Winner != "cat" {
		t.Errorf("unsorted input: %+v", got)
	}
	// Without the flag filter, dan (500 on day 1) would win.
	if got := mk(false).Winner(entries, nil, 5); got.Winner != "dan" {
		t.Errorf("unfiltered: %+v", got)
	}
	// A tie on the same day is drawn among the tied, with the seed.
	tied := []ContestEntry{{"zed", day(2), 100}, {"amy", day(2), 120}, {"bo", day(3), 200}}
	tr := mk(false).Winner(tied, nil, 42)
	want, _ := DrawWinner(42, []string{"amy", "zed"})
	if tr.Winner != want || !tr.Drawn || strings.Join(tr.Qualifiers, ",") != "amy,zed" {
		t.Errorf("tie: %+v, want %s", tr, want)
	}
	// A draw contest draws among all who reached the threshold.
	dr := mk(true).Winner(entries, flagged, 42)
	want, _ = DrawWinner(42, []string{"ann", "bob", "cat"})
	if dr.Winner != want || !dr.Drawn || strings.Join(dr.Qualifiers, ",") != "ann,bob,cat" || dr.Seed != 42 {
		t.Errorf("draw: %+v, want %s", dr, want)
	}
	if again := mk(true).Winner(rev, flagged, 42); again.Winner != dr.Winner {
		t.Errorf("draw not repeatable: %s then %s", dr.Winner, again.Winner)
	}
	// Nobody there yet.
	if none := mk(true).Winner(entries[:2], flagged, 1); none.Winner != "" || none.Drawn {
		t.Errorf("no qualifier: %+v", none)
	}

	lb := mk(false).Leaderboard(append(entries, ContestEntry{"gus", day(6), 100}), flagged)
	var got []string
	for _, r := range lb {
		got = append(got, fmt.Sprintf("%d:%s:%d:%v", r.Rank, r.Creator, r.Total, r.Qualified))
	}
	// bob, ann, cat and gus have 100; cat got there first, then bob, ann, gus.
	wantLB := "1:cat:100:true 1:bob:100:true 1:ann:100:true 1:gus:100:true"
	if strings.Join(got, " ") != wantLB {
		t.Errorf("leaderboard %v\nwant        %s", got, wantLB)
	}
	lb2 := mk(false).Leaderboard([]ContestEntry{{"a", day(1), 5}, {"b", day(1), 9}, {"c", day(2), 5}, {"d", day(3), 1}}, nil)
	got = got[:0]
	for _, r := range lb2 {
		got = append(got, fmt.Sprintf("%d:%s", r.Rank, r.Creator))
	}
	if strings.Join(got, " ") != "1:b 2:a 2:c 4:d" {
		t.Errorf("ranks with ties: %v", got)
	}
}
