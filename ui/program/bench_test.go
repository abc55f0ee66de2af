package program

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/model/engage"
	"outreach/ui/shell"
	"outreach/ui/uitest"
)

// benchProgram is the screen at 120x40 with the table of n affiliates
// already read (the load itself is the store's: its figure is in store's
// benchmarks).
func benchProgram(b *testing.B, n int) (*uitest.Driver, *Pane, *fakeSource) {
	src := newFakeSource(n)
	r, p := newRoot(b, src, &fakeHost{})
	return uitest.NewDriver(b, r, 120, 40), p, src
}

// BenchmarkProgramFirstFrame_50k is the screen's first frame once the
// table of 50,000 affiliates arrives: taking the rows (handle ranks, the
// sums the views draw, the sort by GMV) and drawing the overview.
func BenchmarkProgramFirstFrame_50k(b *testing.B) {
	d, p, src := benchProgram(b, 50_000)
	tab, _ := src.Table(28)
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		p.gen = 0
		msg := shell.Addressed{To: p, Msg: tableMsg{l: prepare(tab, src.run, engage.ByGMV, false)}}
		d.M.Update(msg)
		_ = d.M.View()
	}
}

// BenchmarkProgramFirstFrameOnLoop_50k is the part of the first frame
// that runs on the event loop: the prepared table taken and the overview
// drawn (prepare runs with the load, off the loop).
func BenchmarkProgramFirstFrameOnLoop_50k(b *testing.B) {
	d, p, src := benchProgram(b, 50_000)
	tab, _ := src.Table(28)
	msg := shell.Addressed{To: p, Msg: tableMsg{l: prepare(tab, src.run, engage.ByGMV, false)}}
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		p.gen = 0
		d.M.Update(msg)
		_ = d.M.View()
	}
}

// BenchmarkProgramTableFrame_50k is one frame of the affiliate table at
// 50,000 affiliates: only the visible rows are laid out.
func BenchmarkProgramTableFrame_50k(b *testing.B) {
	d, _, _ := benchProgram(b, 50_000)
	d.Key("v", "down")
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		_ = d.M.View()
	}
}

// BenchmarkProgramResort_50k is a re-sort of the table at 50,000
// affiliates, from the key press to the frame drawn: the o key cycles the
// sort column through every metric.
func BenchmarkProgramResort_50k(b *testing.B) {
	d, _, _ := benchProgram(b, 50_000)
	d.Key("v")
	o := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'o'}}
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		_, cmd := d.M.Update(o)
		d.Run(cmd)
		_ = d.M.View()
	}
}

// BenchmarkProgramSearchKey_50k is one key typed in the handle search at
// 50,000 affiliates, fuzzy over every handle, to the frame drawn.
func BenchmarkProgramSearchKey_50k(b *testing.B) {
	d, _, _ := benchProgram(b, 50_000)
	d.Key("v", "/")
	keys := []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune{'a'}}, {Type: tea.KeyRunes, Runes: []rune{'v'}},
		{Type: tea.KeyBackspace}, {Type: tea.KeyBackspace}}
	b.ReportAllocs()
	reportCPU(b)
	i := 0
	for b.Loop() {
		_, cmd := d.M.Update(keys[i%len(keys)])
		d.Run(cmd)
		_ = d.M.View()
		i++
	}
}

// BenchmarkProgramFilter_50k is a filter change (segment) at 50,000
// affiliates to the frame drawn.
func BenchmarkProgramFilter_50k(b *testing.B) {
	d, _, _ := benchProgram(b, 50_000)
	d.Key("v")
	f := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'f'}}
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		_, cmd := d.M.Update(f)
		d.Run(cmd)
		_ = d.M.View()
	}
}

// BenchmarkProgramPrepare_50k is what a new load costs off the event
// loop once the rows are read: handle ranks, the sums, the first order.
func BenchmarkProgramPrepare_50k(b *testing.B) {
	src := newFakeSource(50_000)
	tab, _ := src.Table(28)
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		_ = prepare(tab, src.run, engage.ByGMV, false)
	}
}
