package catalog

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Searcher is one finder's way to search: it hands out generation numbers
// so the UI can drop stale results, and it remembers its last queries to
// answer the next ones faster.
//
// Each keystroke takes a new generation with Next, which cancels the search
// still running for the previous one, and runs its query with Run. A result
// whose Gen is not Current() is stale.
//
// What it remembers: the rows each recent text matched (a bitmap per
// query; none for a lone letter or digit without a filter, which the index
// answers from a list and which narrows nothing). A text that contains an earlier one as a subsequence ("mar" after
// "ma") can only match rows the earlier one matched, so it scans those
// instead of the whole index; when the earlier text is a prefix of it, the
// match test of each row resumes where the earlier match ended, and the
// earlier best rows, scored first, let the scan skip rows that cannot
// beat them from its start. The same text again (a backspace, more rows
// for the same query) reuses its rows or its hits. Results are the same
// as Index.Search's.
type Searcher struct {
	mu     sync.Mutex
	ix     *Index
	gen    uint64
	ctx    context.Context
	cancel context.CancelFunc
	memo   []*memo // most recent first
}

// memoSize is how many queries a Searcher remembers; each holds a bitmap
// of a bit per row (125 KB at a million rows).
const memoSize = 8

// memoEnds is how many of the newest queries a Searcher remembers with
// where each row's match ends (a byte per row, 1 MB at a million rows).
const memoEnds = 2

// memoHits is the longest hit list a Searcher keeps for a query.
const memoHits = 4096

// memo is one remembered text query.
type memo struct {
	ix     *Index
	text   string
	pat    string
	filter Filter
	ms     *matchSet
	total  int
	sort   Sort
	limit  int
	hits   []int32 // nil when longer than memoHits
}

// NewSearcher is a Searcher over ix, at generation 0.
func NewSearcher(ix *Index) *Searcher {
	ctx, cancel := context.WithCancel(context.Background())
	return &Searcher{ix: ix, ctx: ctx, cancel: cancel}
}

// Index is the index the searcher runs queries on.
func (s *Searcher) Index() *Index {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ix
}

// SetIndex makes later searches run on ix (a newer snapshot of the
// catalog) and forgets what the searcher remembered of the old one. A
// search already running finishes on the old index: its Result.Index says
// so.
func (s *Searcher) SetIndex(ix *Index) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ix != ix {
		s.ix, s.memo = ix, nil
	}
}

// Next starts a new generation and returns it, cancelling the context of
// every search running under an earlier one.
func (s *Searcher) Next() uint64 {
	ctx, cancel := context.WithCancel(context.Background())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cancel()
	s.gen++
	s.ctx, s.cancel = ctx, cancel
	return s.gen
}

// Current is the latest generation.
func (s *Searcher) Current() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

// Run runs q tagged with gen. It returns context.Canceled (with Result.Gen
// still set to gen) when gen is not, or stops being before the search ends,
// the current generation; it may run on any goroutine.
func (s *Searcher) Run(gen uint64, q Query) (Result, error) {
	start := time.Now()
	s.mu.Lock()
	cur, ctx, ix := s.gen, s.ctx, s.ix
	var (
		cand   *matchSet
		cached *Result
		text   = queryText(q.Text)
		pat    string
	)
	if gen == cur && text != "" {
		pat = foldPattern(text)
		cand, cached = s.recall(ix, text, pat, q)
	}
	s.mu.Unlock()
	if gen != cur {
		return Result{Gen: gen}, context.Canceled
	}
	var (
		res Result
		ms  *matchSet
		err error
	)
	if cached != nil {
		res = *cached
	} else {
		res, ms, err = ix.search(ctx, q, cand, text != "")
	}
	res.Gen = gen
	res.Took = time.Since(start)
	if err != nil {
		return res, err
	}
	if ms != nil {
		s.remember(&memo{ix: ix, text: text, pat: pat, filter: cloneFilter(q.Filter), ms: ms,
			total: res.Total, sort: q.Sort, limit: max(q.Limit, 0), hits: res.Hits})
	}
	if s.Current() != gen {
		err = context.Canceled
	}
	return res, err
}

// recall looks for what the searcher remembers of q: its result, when the
// same query ran with at least as many hits; else the smallest remembered
// set of rows that holds every match of q.
func (s *Searcher) recall(ix *Index, text, pat string, q Query) (*matchSet, *Result) {
	var (
		best  *memo
		limit = max(q.Limit, 0)
	)
	for _, m := range s.memo {
		if m.ix != ix || !sameFilter(m.filter, q.Filter) {
			continue
		}
		if m.text == text {
			if m.hits != nil && m.sort == q.Sort && (m.limit == 0 || limit > 0 && limit <= m.limit) {
				hits := m.hits
				if limit > 0 && len(hits) > limit {
					hits = hits[:limit]
				}
				return nil, &Result{Hits: slices.Clone(hits), Total: m.total, Index: ix}
			}
			best = m
			break
		}
		if subseq(pat, m.pat) && (best == nil || m.total < best.total) {
			best = m
		}
	}
	if best == nil {
		return nil, nil
	}
	if best.hits == nil {
		return best.ms, nil
	}
	ms := *best.ms
	ms.top = best.hits
	return &ms, nil
}

// remember records m as the most recent query, forgetting the oldest.
func (s *Searcher) remember(m *memo) {
	if len(m.hits) > memoHits {
		m.hits = nil
	} else {
		m.hits = slices.Clone(m.hits)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ix != m.ix {
		return
	}
	s.memo = slices.DeleteFunc(s.memo, func(o *memo) bool {
		return o.text == m.text && sameFilter(o.filter, m.filter)
	})
	s.memo = slices.Insert(s.memo, 0, m)
	if len(s.memo) > memoSize {
		s.memo = s.memo[:memoSize]
	}
	// Only the newest keep where their matches end (a byte per row).
	for _, o := range s.memo[min(memoEnds, len(s.memo)):] {
		if o.ms.pat != "" {
			o.ms = &matchSet{base: o.ms.base, extra: o.ms.extra}
		}
	}
}

// Stale reports whether a result of generation gen has been superseded.
func (s *Searcher) Stale(gen uint64) bool { return gen != s.Current() }

func cloneFilter(f Filter) Filter {
	if f.Type != nil {
		t := *f.Type
		f.Type = &t
	}
	return f
}

func sameFilter(a, b Filter) bool {
	if (a.Type == nil) != (b.Type == nil) || a.Type != nil && *a.Type != *b.Type {
		return false
	}
	a.Type, b.Type = nil, nil
	return a == b
}
