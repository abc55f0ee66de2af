package seller

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/catalog"
	"outreach/model"
)

var (
	benchFirst = []string{"ava", "ben", "cara", "dan", "eve", "finn", "gia", "hal", "ivy", "jon", "kim", "leo", "mara", "nico", "olga", "pia", "quin", "rosa", "sam", "tara"}
	benchLast  = []string{"stone", "ortiz", "lee", "park", "marsh", "kahale", "romano", "brooks", "chen", "silva", "ngo", "grant"}
	benchCats  = []string{"beauty", "home", "fashion", "games", "fitness", "kitchen", "tech", "pets", "travel", "books"}
)

// demoCatalog is a deterministic catalog of n creators, like the demo's.
func demoCatalog(n int) *backend.Snapshot {
	rows := make([]catalog.Row, n)
	byID := make(map[string]int32, n)
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	for i := range rows {
		f, l := benchFirst[next()%uint64(len(benchFirst))], benchLast[next()%uint64(len(benchLast))]
		id := fmt.Sprintf("d%07d", i)
		rows[i] = catalog.Row{
			ID: id, Handle: fmt.Sprintf("%s.%s%d", f, l, i%997), Name: f + " " + l,
			Followers: int64(next() % 2_000_000), Level: model.Level(next() % 9), Falling: next()%17 == 0,
			Type: model.CreatorType(next() % 2), Categories: []string{benchCats[next()%uint64(len(benchCats))]},
			GMV30: model.Cents(next() % 10_000_000), ActiveDays30: int(next() % 31),
		}
		byID[id] = int32(i)
	}
	_ = byID
	return &backend.Snapshot{Index: catalog.New(rows)}
}

// benchModel is the root model on the fixture store with a demo-sized catalog.
func benchModel(b *testing.B, n, w, h int) *syncDriver {
	d := newSyncModel(b, fixtureStore(b), w, h)
	d.run(d.app().setCatalog(catalogMsg{snap: demoCatalog(n)}))
	return d
}

func benchView(b *testing.B, w, h int) {
	d := benchModel(b, 100_000, w, h)
	d.key("j", "j", "space") // a cursor and a mark, like real use
	b.ReportAllocs()
	for b.Loop() {
		_ = d.M.View()
	}
}

// BenchmarkView_80x24 is one full frame of the Find screen at 80x24 over a
// 100k-creator catalog.
func BenchmarkView_80x24(b *testing.B) { benchView(b, 80, 24) }

// BenchmarkView_200x60 is the same at 200x60.
func BenchmarkView_200x60(b *testing.B) { benchView(b, 200, 60) }

// benchKeystroke measures one key press in the search box to the new
// results on screen: the key, a new generation, the search off the event
// loop (run here synchronously), the result message and the frame.
func benchKeystroke(b *testing.B, n int) {
	d := benchModel(b, n, 120, 40)
	d.key("/")
	typed := []tea.KeyMsg{}
	for _, r := range "mara" {
		typed = append(typed, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	for range 4 {
		typed = append(typed, tea.KeyMsg{Type: tea.KeyBackspace})
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_, cmd := d.M.Update(typed[i%len(typed)])
		d.run(cmd)
		_ = d.M.View()
		i++
	}
	if d.app().find.Searching() {
		b.Fatal("a search did not come back")
	}
}

func BenchmarkKeystrokeToResults_100k(b *testing.B) { benchKeystroke(b, 100_000) }
func BenchmarkKeystrokeToResults_1M(b *testing.B)   { benchKeystroke(b, 1_000_000) }
