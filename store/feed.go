package store

import "sync"

// ChangeKind says what kind of thing changed.
type ChangeKind uint8

// Kinds of change.
const (
	ChangedQuota ChangeKind = iota
	ChangedRelation
	ChangedMessages
	ChangedInvites
	ChangedCreator
	ChangedSeller
	ChangedAudit
	ChangedKeys
)

// Change names what a committed write touched. Creator is empty for a
// seller-wide change; Seller is empty for a creator-wide one.
type Change struct {
	Kind    ChangeKind
	Seller  string
	Creator string
}

// Feed tells subscribers (console panes, SSH sessions) what changed, after
// the commit. A slow subscriber misses changes rather than slowing writers:
// when its buffer is full it is marked stale and receives a Resync change as
// soon as there is room again.
type Feed struct {
	mu   sync.Mutex
	subs map[*sub]struct{}
}

type sub struct {
	ch    chan Change
	stale bool
}

// Resync is delivered after a subscriber missed changes: reload everything.
var Resync = Change{Kind: 255}

func newFeed() *Feed { return &Feed{subs: map[*sub]struct{}{}} }

// Subscribe returns a channel of changes and a function that ends the subscription.
// On a cluster, the first subscription starts following the changes other
// frontends commit.
func (s *Store) Subscribe() (<-chan Change, func()) {
	s.follow()
	return s.feed.subscribe(256)
}

func (f *Feed) subscribe(buf int) (<-chan Change, func()) {
	x := &sub{ch: make(chan Change, buf)}
	f.mu.Lock()
	f.subs[x] = struct{}{}
	f.mu.Unlock()
	var once sync.Once
	return x.ch, func() {
		once.Do(func() {
			f.mu.Lock()
			if _, ok := f.subs[x]; ok {
				delete(f.subs, x)
				close(x.ch)
			}
			f.mu.Unlock()
		})
	}
}

func (f *Feed) publish(cs []Change) {
	if len(cs) == 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for x := range f.subs {
		if x.stale {
			select {
			case x.ch <- Resync:
				x.stale = false
			default:
				continue
			}
		}
		for _, c := range cs {
			select {
			case x.ch <- c:
			default:
				x.stale = true
			}
		}
	}
}

func (f *Feed) closeAll() {
	f.mu.Lock()
	for x := range f.subs {
		close(x.ch)
		delete(f.subs, x)
	}
	f.mu.Unlock()
}

// changes collects what a write touched, published after its commit.
type changes []Change

func (c *changes) add(kind ChangeKind, seller, creator string) {
	*c = append(*c, Change{Kind: kind, Seller: seller, Creator: creator})
}
