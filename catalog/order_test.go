package catalog

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The radix orders are exactly the comparison sorts they replace: by
// handle then row, and by key descending then handle rank.
func TestOrdersMatchComparisonSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	prefixes := []string{"", "maria.lopez", "ab", "ab\x00", "zz", "ü", "abcdefgh", "abcdefghabcdefgh"}
	for _, n := range []int{0, 1, 5, 63, 64, 65, 1000, 20000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rows := make([]Row, n)
			for i := range rows {
				h := prefixes[r.IntN(len(prefixes))]
				for range r.IntN(4) {
					h += string(rune("ab\x00.9é"[r.IntN(6)]))
				}
				rows[i] = Row{Handle: h, Followers: r.Int64N(5) - 2 + int64(r.IntN(3))*1_000_000_000_000}
				if r.IntN(3) == 0 {
					rows[i].Followers = -rows[i].Followers
				}
			}
			hr, hrank := sortHandles(rows)
			want := make([]int32, n)
			for i := range want {
				want[i] = int32(i)
			}
			slices.SortFunc(want, func(a, b int32) int {
				if c := strings.Compare(rows[a].Handle, rows[b].Handle); c != 0 {
					return c
				}
				return cmp.Compare(a, b)
			})
			if !slices.Equal(hr, want) {
				t.Fatalf("handle order\n got %v\nwant %v", hr, want)
			}
			for pos, i := range hr {
				if hrank[i] != int32(pos) {
					t.Fatalf("handle rank of %d = %d, want %d", i, hrank[i], pos)
				}
			}
			perm, rank := descendingOrder(n, func(i int) int64 { return rows[i].Followers }, hr)
			wantP := slices.Clone(want)
			slices.SortFunc(wantP, func(a, b int32) int {
				if c := cmp.Compare(rows[b].Followers, rows[a].Followers); c != 0 {
					return c
				}
				return cmp.Compare(hrank[a], hrank[b])
			})
			if !slices.Equal(perm, wantP) {
				t.Fatalf("followers order\n got %v\nwant %v", perm, wantP)
			}
			for pos, i := range perm {
				if rank[i] != int32(pos) {
					t.Fatalf("rank of %d = %d, want %d", i, rank[i], pos)
				}
			}
		})
	}
}
