package catalog

import (
	"context"
	"sync"
)

// Searcher hands out generation numbers so the UI can drop stale results:
// each keystroke takes a new generation with Next, which cancels the search
// still running for the previous one, and runs its query with Run. A result
// whose Gen is not Current() is stale.
type Searcher struct {
	ix *Index

	mu     sync.Mutex
	gen    uint64
	ctx    context.Context
	cancel context.CancelFunc
}

// NewSearcher is a Searcher over ix, at generation 0.
func NewSearcher(ix *Index) *Searcher {
	ctx, cancel := context.WithCancel(context.Background())
	return &Searcher{ix: ix, ctx: ctx, cancel: cancel}
}

// Index is the index the searcher runs queries on.
func (s *Searcher) Index() *Index { return s.ix }

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
	s.mu.Lock()
	cur, ctx := s.gen, s.ctx
	s.mu.Unlock()
	if gen != cur {
		return Result{Gen: gen}, context.Canceled
	}
	res, err := s.ix.Search(ctx, q)
	res.Gen = gen
	if err == nil && s.Current() != gen {
		err = context.Canceled
	}
	return res, err
}

// Stale reports whether a result of generation gen has been superseded.
func (s *Searcher) Stale(gen uint64) bool { return gen != s.Current() }
