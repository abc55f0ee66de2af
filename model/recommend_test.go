package model

import (
	"slices"
	"strings"
	"testing"
)

func TestRecommend(t *testing.T) {
	seller := Seller{ID: "s1", Categories: []string{"Beauty", "home"}}
	base := []RecCandidate{
		{ID: "a", Level: 3, Followers: 5000, Categories: []string{"beauty"}, ActiveDays30: 20},
		{ID: "b", Level: 3, Followers: 5000, Categories: []string{"beauty", "home"}, ActiveDays30: 20},
		{ID: "c", Level: 8, Followers: 5000, Categories: []string{"games"}, ActiveDays30: 30},
		{ID: "d", Level: 5, Followers: 50_000, Categories: []string{"beauty"}, ActiveDays30: 10},
		{ID: "e", Level: 6, Followers: 100, Categories: []string{"beauty"}, Connected: true},
		{ID: "f", Level: 6, Followers: 100, Categories: []string{"beauty"}, Blocked: true},
		{ID: "g", Level: 3, Followers: 5000, Categories: []string{"beauty"}, ActiveDays30: 20, Falling: true},
		{ID: "h", Level: 3, Followers: 5000, Categories: []string{"beauty"}, ActiveDays30: 20},
	}
	for _, tc := range []struct {
		name   string
		seller Seller
		cap    int64
		n      int
		want   []string
	}{
		{"overlap first, cap, exclusions, id ties", seller, 20_000, 0, []string{"b", "a", "h", "g"}},
		{"no cap lets the big creator in", seller, Unlimited, 0, []string{"b", "d", "a", "h", "g"}},
		{"top n", seller, Unlimited, 2, []string{"b", "d"}},
		{"seller without categories ranks on level", Seller{ID: "s2"}, Unlimited, 3, []string{"c", "d", "a"}},
		{"nothing to rank", seller, 10, 0, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Recommend(tc.seller, tc.cap, base, tc.n)
			ids := []string{}
			for _, r := range got {
				ids = append(ids, r.ID)
				if len(r.Reasons) == 0 {
					t.Errorf("%s has no reasons", r.ID)
				}
			}
			if !slices.Equal(ids, tc.want) {
				t.Fatalf("got %v, want %v", ids, tc.want)
			}
		})
	}
}

func TestRecommendReasons(t *testing.T) {
	got := Recommend(Seller{Categories: []string{"home"}}, 20_000, []RecCandidate{
		{ID: "x", Level: 4, Followers: 10, Categories: []string{"home"}, ActiveDays30: 22, GMV30: 1234_00, Falling: true},
	}, 1)
	if len(got) != 1 {
		t.Fatal(got)
	}
	r := strings.Join(got[0].Reasons, "; ")
	for _, w := range []string{"shares home", "level L4", "active 22 of 30 days", "GMV $1,234", "20,000-follower cap", "falling"} {
		if !strings.Contains(r, w) {
			t.Errorf("reasons %q lack %q", r, w)
		}
	}
}
