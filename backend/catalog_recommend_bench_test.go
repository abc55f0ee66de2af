package backend

import (
	"context"
	"testing"

	"outreach/catalog"
	"outreach/model"
)

// BenchmarkRecommend_1M ranks 1,000,000 creators for a seller's
// "Recommended creators" (top 50, 200 related creators excluded):
//   - reference: today's path, model.Recommend over every row (a full sort
//     per login, in chunks as the seller pane does);
//   - cold: the shared ranking made afresh (first login after a change);
//   - warm: the shared ranking reused (every other login).
func BenchmarkRecommend_1M(b *testing.B) {
	ix := catalog.New(recRows(1_000_000, 9))
	seller := model.Seller{ID: "s1", Categories: []string{"beauty", "home"}}
	const n, fcap = 50, 100_000
	related := map[string]bool{}
	for i := range 200 {
		related[ix.Row(i*997).ID] = true
	}
	exclude := func(id string) bool { return related[id] }
	ctx := context.Background()
	b.Run("reference=model.Recommend", func(b *testing.B) {
		for b.Loop() {
			const chunk = 1 << 15
			var best []model.RecCandidate
			buf := make([]model.RecCandidate, 0, chunk)
			flush := func() {
				won := map[string]bool{}
				for _, r := range model.Recommend(seller, fcap, buf, n) {
					won[r.ID] = true
				}
				for _, c := range buf {
					if won[c.ID] {
						best = append(best, c)
					}
				}
				buf = buf[:0]
			}
			for i := range ix.Len() {
				r := ix.Row(i)
				if r.Followers > fcap || related[r.ID] {
					continue
				}
				buf = append(buf, recCandidate(r))
				if len(buf) == chunk {
					flush()
				}
			}
			flush()
			if got := model.Recommend(seller, fcap, best, n); len(got) != n {
				b.Fatal(len(got))
			}
		}
	})
	b.Run("cold", func(b *testing.B) {
		v := uint64(0)
		for b.Loop() {
			v++
			c := snapshotCatalog(ix, v)
			if got, err := c.Recommend(ctx, seller, fcap, exclude, n); err != nil || len(got) != n {
				b.Fatal(len(got), err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		c := snapshotCatalog(ix, 1)
		c.Recommend(ctx, seller, fcap, exclude, n)
		for b.Loop() {
			if got, err := c.Recommend(ctx, seller, fcap, exclude, n); err != nil || len(got) != n {
				b.Fatal(len(got), err)
			}
		}
	})
}
