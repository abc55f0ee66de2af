package seller

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"outreach/backend"
	"outreach/catalog"
	"outreach/model"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// The program benchmarks run the console in a real tea.Program, as a
// terminal would see it: keys are sent to the program, and a key's
// latency is the time until the program writes the frame that shows its
// results (the match count of the new query, not "searching…"). Each run
// is a fresh console (a fresh searcher: nothing remembered from the last
// run) over the same catalog, typing "/" then m, a, r, i, a and five
// backspaces, each key at a random moment of the frame tick, once the
// console is at rest (its start ranks the recommendations over the whole
// catalog). The reference beside it is a minimal model over the same
// index and searcher that draws its rows with fmt only.

// typedKeys are the measured keys and the query after each.
var typedKeys = func() (keys []tea.KeyMsg, queries []string) {
	q := ""
	for _, r := range "maria" {
		q += string(r)
		keys, queries = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}), append(queries, q)
	}
	for range 5 {
		q = q[:len(q)-1]
		keys, queries = append(keys, tea.KeyMsg{Type: tea.KeyBackspace}), append(queries, q)
	}
	return keys, queries
}

// catalogs are the generated catalogs, made once per size per run.
var catalogs sync.Map // int -> func() *backend.Snapshot

func benchCatalog(n int) *backend.Snapshot {
	f, _ := catalogs.LoadOrStore(n, sync.OnceValue(func() *backend.Snapshot { return demoCatalog(n) }))
	return f.(func() *backend.Snapshot)()
}

// fixedCatalog is a shared catalog that has loaded snap and never changes.
type fixedCatalog struct{ snap *backend.Snapshot }

func (c fixedCatalog) Current() *backend.Snapshot                      { return c.snap }
func (c fixedCatalog) Wait(context.Context) (*backend.Snapshot, error) { return c.snap, nil }
func (c fixedCatalog) Progress() (int, int)                            { return 1, 1 }
func (c fixedCatalog) Changes() (<-chan struct{}, func())              { return make(chan struct{}), func() {} }

// Recommend answers at once: the shared catalog ranks once per snapshot for
// every session, so a warm console does not rank while keys arrive.
func (c fixedCatalog) Recommend(context.Context, model.Seller, int64, func(string) bool, int) ([]model.Recommendation, error) {
	return nil, nil
}

// frameWriter is the program's terminal: it counts what is written and
// tells when a frame shows the count a waiter asked for.
type frameWriter struct {
	mu    sync.Mutex
	want  []byte // "12,345 of 100,000": the results line's count; nil: not waiting
	found chan frameSeen
	total int
}

type frameSeen struct {
	at    time.Time
	bytes int
}

var trailingCodes = regexp.MustCompile(`(?:\x1b\[[0-9;]*[mXC])+$`)

// shows reports that frame p holds the count want, standing alone (after
// a blank, written or skipped, colour codes aside), so not "searching…
// 12,345 of …".
func shows(p, want []byte) bool {
	for off := 0; ; {
		i := bytes.Index(p[off:], want)
		if i < 0 {
			return false
		}
		i += off
		before := p[max(i-64, 0):i]
		pre := trailingCodes.ReplaceAll(before, nil)
		skipped := bytes.Contains(before[len(pre):], []byte("C")) // a run of blanks skipped
		if (skipped || bytes.HasSuffix(pre, []byte(" "))) && !bytes.HasSuffix(pre, []byte("searching… ")) {
			return true
		}
		off = i + 1
	}
}

func (w *frameWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.total += len(p)
	if w.want != nil && shows(p, w.want) {
		w.want = nil
		w.found <- frameSeen{time.Now(), len(p)}
	}
	return len(p), nil
}

// expect arms the writer for the count of total of n.
func (w *frameWriter) expect(total, n int) {
	w.mu.Lock()
	w.want = []byte(model.Thousands(int64(total)) + " of " + model.Thousands(int64(n)))
	w.mu.Unlock()
}

func (w *frameWriter) wait(tb testing.TB) frameSeen {
	select {
	case f := <-w.found:
		return f
	case <-time.After(time.Minute): // only so a broken console cannot hang the run
		w.mu.Lock()
		defer w.mu.Unlock()
		tb.Fatalf("no frame showed %q", w.want)
		return frameSeen{}
	}
}

// trueColor renders in 24-bit colour on a dark background, as a modern
// terminal does.
func trueColor() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	return r
}

// expectedTotals is the match count of each query after each key.
func expectedTotals(ix *catalog.Index, queries []string) []int {
	s := catalog.NewSearcher(ix)
	out := make([]int, len(queries))
	for i, q := range queries {
		res, err := s.Run(s.Next(), catalog.Query{Text: q, Limit: firstPage})
		if err != nil {
			panic(err)
		}
		out[i] = res.Total
	}
	return out
}

const firstPage = 1000 // as find's first page

// keyStats gathers key latencies and results-frame sizes over the runs.
type keyStats struct {
	lat   []time.Duration
	bytes []int
}

func (k *keyStats) report(b *testing.B) {
	slices.Sort(k.lat)
	slices.Sort(k.bytes)
	at := func(p int) int { return min(max((p*len(k.lat)+99)/100-1, 0), len(k.lat)-1) }
	b.ReportMetric(float64(k.lat[at(50)].Microseconds())/1000, "key-p50-ms")
	b.ReportMetric(float64(k.lat[at(95)].Microseconds())/1000, "key-p95-ms")
	b.ReportMetric(float64(k.bytes[at(50)]), "frame-B-p50")
	b.ReportMetric(float64(k.bytes[len(k.bytes)-1]), "frame-B-max")
}

// runProgram runs m in a program on w at 200x60, types the keys after the
// first frame with results, and records each key's latency; m's program
// ends when the run does.
func runProgram(b *testing.B, m tea.Model, w *frameWriter, n int, totals []int, st *keyStats, idle <-chan struct{}, pre ...tea.KeyMsg) {
	phase := rand.New(rand.NewPCG(uint64(len(st.lat)), 12))
	opts := append(shell.ProgramOptions(), tea.WithInput(nil), tea.WithOutput(w), tea.WithAltScreen(), tea.WithoutSignalHandler())
	p := tea.NewProgram(m, opts...)
	done := make(chan error, 1)
	w.expect(n, n)
	go func() { _, err := p.Run(); done <- err }()
	p.Send(tea.WindowSizeMsg{Width: 200, Height: 60})
	w.wait(b)
	if idle != nil {
		<-idle
	}
	for _, k := range pre {
		p.Send(k)
	}
	keys, _ := typedKeys()
	for i, k := range keys {
		// A person's key comes at any moment of the renderer's frame
		// tick, not just after a frame: wait a uniform 0-50 ms (a whole
		// number of ticks at 60 and at 120 frames a second) first.
		time.Sleep(time.Duration(phase.Int64N(int64(50 * time.Millisecond))))
		w.expect(totals[i], n)
		t := time.Now()
		p.Send(k)
		f := w.wait(b)
		st.lat = append(st.lat, f.at.Sub(t))
		st.bytes = append(st.bytes, f.bytes)
	}
	p.Quit()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}

// settled is the console, telling when the work of its start (the
// ranking of the recommendations over the whole catalog) is done, so the
// keys are measured in a console at rest. It looks on the event loop.
type settled struct {
	*shell.Root
	idle chan struct{}
}

func (m *settled) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := m.Root.Update(msg)
	if m.idle != nil && appOf(m.Root).saved.ranked {
		close(m.idle)
		m.idle = nil
	}
	return m, cmd
}

// benchProgram measures the console in a program over n creators.
func benchProgram(b *testing.B, n int) {
	snap := benchCatalog(n)
	_, queries := typedKeys()
	totals := expectedTotals(snap.Index, queries)
	st := fixtureStore(b)
	be := uitest.Backend(b, st)
	pr := be.As(backend.Identity{Role: backend.RoleSeller, Account: "s1"})
	h, err := pr.Seller("s1")
	if err != nil {
		b.Fatal(err)
	}
	dir, err := pr.Directory()
	if err != nil {
		b.Fatal(err)
	}
	var ks keyStats
	b.ReportAllocs()
	for b.Loop() {
		root, err := NewWith(context.Background(), Deps{Seller: h, Directory: dir, Catalog: fixedCatalog{snap}, Policy: be.Policy()},
			shell.Options{Renderer: trueColor()})
		if err != nil {
			b.Fatal(err)
		}
		w := &frameWriter{found: make(chan frameSeen, 1)}
		m := &settled{Root: root, idle: make(chan struct{})}
		runProgram(b, m, w, n, totals, &ks, m.idle, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'/'}})
		root.Close()
	}
	ks.report(b)
}

// BenchmarkProgramKeyToFrame_100k is the console's key-to-results-frame
// latency in a real program over 100,000 creators at 200x60, truecolour.
func BenchmarkProgramKeyToFrame_100k(b *testing.B) { benchProgram(b, 100_000) }

// BenchmarkProgramKeyToFrame_1M is the same over 1,000,000 creators.
func BenchmarkProgramKeyToFrame_1M(b *testing.B) { benchProgram(b, 1_000_000) }

// plainModel is the reference: a search line and the visible rows drawn
// with fmt, over the same index and a searcher of its own, the search off
// the event loop as the console's.
type plainModel struct {
	s     *catalog.Searcher
	ix    *catalog.Index
	q     string
	gen   uint64
	res   catalog.Result
	w, h  int
	state string
}

type plainResult struct {
	res catalog.Result
	err error
}

func (m *plainModel) search() tea.Cmd {
	m.gen = m.s.Next()
	s, gen, q := m.s, m.gen, catalog.Query{Text: m.q, Limit: firstPage}
	return func() tea.Msg { r, err := s.Run(gen, q); return plainResult{r, err} }
}

func (m *plainModel) Init() tea.Cmd { return m.search() }

func (m *plainModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case plainResult:
		if msg.err == nil && msg.res.Gen == m.gen {
			m.res, m.state = msg.res, ""
		}
	case tea.KeyMsg:
		switch msg.Type {
		case tea.KeyBackspace:
			if m.q != "" {
				m.q = m.q[:len(m.q)-1]
			}
		case tea.KeyRunes:
			m.q += string(msg.Runes)
		}
		m.state = "searching… "
		return m, m.search()
	}
	return m, nil
}

func (m *plainModel) View() string {
	var b strings.Builder
	fmt.Fprintf(&b, "/ %-40s %s%s of %s\n", m.q, m.state, model.Thousands(int64(m.res.Total)), model.Thousands(int64(m.ix.Len())))
	for i, hit := range m.res.Hits {
		if i >= m.h-2 {
			break
		}
		r := m.ix.Row(int(hit))
		fmt.Fprintf(&b, "  @%-24s %-40s %-4s %9d %-4s %7d\n", r.Handle, r.Name, r.Level, r.Followers, "aff", r.GMV30/100)
	}
	return b.String()
}

// benchPlain measures the reference model over n creators.
func benchPlain(b *testing.B, n int) {
	snap := benchCatalog(n)
	_, queries := typedKeys()
	totals := expectedTotals(snap.Index, queries)
	var ks keyStats
	b.ReportAllocs()
	for b.Loop() {
		m := &plainModel{s: catalog.NewSearcher(snap.Index), ix: snap.Index}
		w := &frameWriter{found: make(chan frameSeen, 1)}
		runProgram(b, m, w, n, totals, &ks, nil)
	}
	ks.report(b)
}

// BenchmarkProgramKeyToFramePlain_100k is the reference beside
// BenchmarkProgramKeyToFrame_100k.
func BenchmarkProgramKeyToFramePlain_100k(b *testing.B) { benchPlain(b, 100_000) }

// BenchmarkProgramKeyToFramePlain_1M is the reference beside
// BenchmarkProgramKeyToFrame_1M.
func BenchmarkProgramKeyToFramePlain_1M(b *testing.B) { benchPlain(b, 1_000_000) }
