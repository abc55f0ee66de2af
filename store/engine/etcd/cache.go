package etcd

import (
	"sync"
	"sync/atomic"
)

// cacheSize bounds the records a frontend remembers.
const cacheSize = 200_000

// cache is what this frontend last read, wrote or heard from the watch,
// with each record's mod revision: an update's first attempt reads from it
// instead of asking the cluster, and its commit compares the revisions as
// for any read, so a record another frontend changed since is a conflict
// and the next attempt reads it from the cluster. It is used only while
// the frontend follows the watch (a server does, for its feed), which
// keeps it current; views never use it.
type cache struct {
	on atomic.Bool
	mu sync.Mutex
	m  map[string]entry
}

// entry is one cached record: its value (ok false: absent), its mod
// revision and the revision it was known at.
type entry struct {
	v       string
	ok      bool
	mod, at int64
}

func (c *cache) get(k string) (entry, bool) {
	if !c.on.Load() {
		return entry{}, false
	}
	c.mu.Lock()
	e, ok := c.m[k]
	c.mu.Unlock()
	return e, ok
}

// put remembers k, unless a newer state of it is known.
func (c *cache) put(k string, v []byte, mod, at int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok && old.at > at {
		return
	}
	if len(c.m) >= cacheSize {
		n := 0
		for x := range c.m { // evict an arbitrary tenth
			delete(c.m, x)
			if n++; n >= cacheSize/10 {
				break
			}
		}
	}
	c.m[k] = entry{v: string(v), ok: v != nil, mod: mod, at: at}
}

func (c *cache) drop(k string) {
	c.mu.Lock()
	delete(c.m, k)
	c.mu.Unlock()
}

func (c *cache) clear() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}
