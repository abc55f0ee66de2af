package etcd

import (
	"context"
	"strings"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
)

// Record is one record another frontend committed: its bucket, key and
// value (nil when it was deleted).
type Record struct {
	Bucket     string
	Key, Value []byte
}

// Follow calls fn with the records other frontends commit, from now on, in
// commit order (one call per batch the watch delivers), until
// stop is closed or the engine is closed. After a reconnect it resumes
// from the last revision it delivered; when the cluster compacted past it
// (so changes were missed), it calls resync and goes on from the present.
// Changes this frontend committed are not delivered (the store publishes
// them itself); one may rarely be delivered twice.
func (d *DB) Follow(stop <-chan struct{}, fn func([]Record), resync func()) {
	d.own.mu.Lock()
	d.own.on = true
	d.own.mu.Unlock()
	d.cache.on.Store(true) // the watch keeps it current
	ctx, cancel := context.WithCancel(d.ctx)
	go func() {
		select {
		case <-stop:
		case <-ctx.Done():
		}
		cancel()
	}()
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		defer cancel()
		d.follow(ctx, fn, resync)
	}()
}

// Revision is the cluster's current revision.
func (d *DB) Revision() (int64, error) {
	ctx, cancel := d.call()
	defer cancel()
	r, err := d.cli.Get(ctx, d.p+"b/", clientv3.WithCountOnly())
	if err != nil {
		return 0, mapErr(err, false)
	}
	return r.Header.Revision, nil
}

func (d *DB) follow(ctx context.Context, fn func([]Record), resync func()) {
	var rev int64 // the last revision delivered
	for rev == 0 {
		r, err := d.Revision()
		if err == nil {
			rev = r
			break
		}
		if !sleepCtx(ctx, 200*time.Millisecond) {
			return
		}
	}
	kp := d.p + "k/"
	for ctx.Err() == nil {
		wctx, wcancel := context.WithCancel(clientv3.WithRequireLeader(ctx))
		wch := d.cli.Watch(wctx, kp, clientv3.WithPrefix(), clientv3.WithRev(rev+1))
		for resp := range wch {
			if resp.CompactRevision != 0 {
				d.cache.clear() // changes were missed
				resync()
				if r, err := d.Revision(); err == nil {
					rev = r
				} else {
					rev = resp.CompactRevision
				}
				break
			}
			if resp.Canceled || resp.Err() != nil {
				break
			}
			var cur int64
			var skip bool
			var batch []Record
			for _, ev := range resp.Events {
				if ev.Type == clientv3.EventTypePut {
					d.cache.put(string(ev.Kv.Key), nonNil(ev.Kv.Value), ev.Kv.ModRevision, ev.Kv.ModRevision)
				} else {
					d.cache.put(string(ev.Kv.Key), nil, 0, ev.Kv.ModRevision)
				}
				if mr := ev.Kv.ModRevision; mr != cur {
					cur, skip = mr, d.own.take(mr)
				}
				if skip {
					continue
				}
				b, k, ok := strings.Cut(string(ev.Kv.Key[len(kp):]), "\x00")
				if !ok {
					continue
				}
				var v []byte
				if ev.Type == clientv3.EventTypePut {
					v = ev.Kv.Value
					if v == nil {
						v = []byte{}
					}
				}
				batch = append(batch, Record{Bucket: b, Key: []byte(k), Value: v})
			}
			if len(batch) > 0 {
				fn(batch)
			}
			if cur > rev {
				rev = cur
			}
		}
		wcancel()
		if !sleepCtx(ctx, 100*time.Millisecond) {
			return
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

func nonNil(v []byte) []byte {
	if v == nil {
		return []byte{}
	}
	return v
}
