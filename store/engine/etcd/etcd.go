// Package etcd is the cluster storage engine: the store's buckets live as
// key prefixes in an etcd cluster, so that several frontends share one
// truth.
//
// An update is an optimistic transaction. Its function runs over a
// transaction that reads at one snapshot revision, remembers what it read
// and buffers what it writes; the commit is one etcd Txn whose If compares
// every key read with the revision it was read at (and every range scanned
// with the snapshot), and whose Then holds the writes. When another
// frontend committed to anything read in between, the Txn fails and the
// function runs again from scratch on a fresh snapshot (engine.Engine
// allows that). So updates are serializable: each one behaves as if it ran
// alone at the instant of its commit.
//
// Key layout under the prefix (default "outreach/"):
//
//	b/<bucket>              the bucket exists
//	k/<bucket>\x00<key>     one record
//	d/<bucket>              bumped by every delete in the bucket (see Scan)
//	n/<slot>                a frontend's sequence slot, held by a lease
//	s, s/<bucket>           the sequence base and floors set by a migration
package etcd

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"outreach/store/engine"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	grpcbackoff "google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Errors of the cluster engine, for errors.Is.
var (
	// ErrUnavailable means the cluster could not be reached (no member
	// answers, or the members this frontend reaches have no leader).
	// Nothing was changed; outreach is refused until the cluster is back.
	ErrUnavailable = errors.New("the store cluster (etcd) cannot be reached; nothing was changed: outreach is refused until it is back")
	// ErrUnknownOutcome means the cluster stopped answering while a commit
	// was on its way: it may or may not have been recorded. It wraps
	// ErrUnavailable. Repeating the action with the same idempotency key is
	// safe: it is charged at most once.
	ErrUnknownOutcome = fmt.Errorf("the store cluster stopped answering during the commit, so it may or may not be recorded; repeat it with the same idempotency key (--key) to be sure: %w", ErrUnavailable)
	// ErrTooLarge means one transaction is bigger than the cluster accepts
	// (etcd's --max-txn-ops and --max-request-bytes). Nothing was written.
	ErrTooLarge = errors.New("this change is larger than the etcd cluster accepts in one transaction (raise etcd's --max-txn-ops and --max-request-bytes, or split the input); nothing was written")
	// ErrContention means an update kept conflicting with others and gave up.
	ErrContention = errors.New("the store is too busy: the change kept conflicting with others; nothing was written, try again")
	// ErrTooManySequences means one frontend asked for more than 65,536
	// sequence numbers at one snapshot revision.
	ErrTooManySequences = errors.New("too many new records at once for one frontend; split the batch")
)

// Options configure Open.
type Options struct {
	// Endpoints are the members' client URLs (http://host:port or host:port).
	Endpoints []string
	// Prefix is prepended to every key; "" means "outreach/".
	Prefix string
	// Timeout bounds every call to the cluster; 0 means five seconds.
	Timeout time.Duration
	// ReadOnly refuses updates.
	ReadOnly bool
	// NewGroup makes the state shared by one commit attempt; nil for none.
	NewGroup func() engine.Group
	// MaxAttempts bounds how often a conflicting update is run; 0 means 2,000.
	MaxAttempts int
}

// DB is an open connection to the cluster. It implements engine.Engine.
type DB struct {
	cli      *clientv3.Client
	p        string
	timeout  time.Duration
	readOnly bool
	newGroup func() engine.Group
	attempts int
	seq      sequencer
	own      ownRevs
	cache    cache
	known    sync.Map // bucket name -> struct{}: buckets seen to exist
	closed   atomic.Bool
	ctx      context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	// commits and conflicts count successful Txns and retried attempts.
	commits, conflicts atomic.Int64
}

var _ engine.Engine = (*DB)(nil)

// ParseURL reads an etcd://host:port,host:port address into endpoints.
func ParseURL(u string) ([]string, error) {
	rest, ok := strings.CutPrefix(u, "etcd://")
	if !ok {
		return nil, fmt.Errorf("store address %q: want etcd://host:port[,host:port...]", u)
	}
	rest, _, _ = strings.Cut(rest, "/")
	var eps []string
	for _, h := range strings.Split(rest, ",") {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		if !strings.Contains(h, ":") {
			h += ":2379"
		}
		eps = append(eps, "http://"+h)
	}
	if len(eps) == 0 {
		return nil, fmt.Errorf("store address %q: no host: want etcd://host:port[,host:port...]", u)
	}
	return eps, nil
}

// Open connects to the cluster. It does not wait for it: the first
// transaction says whether it answers (ErrUnavailable when it does not).
func Open(opts Options) (*DB, error) {
	if len(opts.Endpoints) == 0 {
		return nil, errors.New("etcd: no endpoints")
	}
	if opts.Prefix == "" {
		opts.Prefix = "outreach/"
	}
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.MaxAttempts == 0 {
		opts.MaxAttempts = 2000
	}
	cli, err := clientv3.New(clientv3.Config{
		Endpoints:            opts.Endpoints,
		DialTimeout:          opts.Timeout,
		DialKeepAliveTime:    2 * time.Second,
		DialKeepAliveTimeout: 2 * time.Second,
		Logger:               zap.NewNop(),
		MaxCallSendMsgSize:   64 << 20,
		// Reconnect to a member that comes back within a second, not
		// after gRPC's default backoff of up to two minutes.
		DialOptions: []grpc.DialOption{grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           grpcbackoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: time.Second},
			MinConnectTimeout: time.Second,
		})},
	})
	if err != nil {
		return nil, fmt.Errorf("etcd %s: %w", strings.Join(opts.Endpoints, ","), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &DB{cli: cli, p: opts.Prefix, timeout: opts.Timeout, readOnly: opts.ReadOnly, newGroup: opts.NewGroup,
		attempts: opts.MaxAttempts, ctx: ctx, cancel: cancel}
	d.seq.d = d
	d.own.m = map[int64]struct{}{}
	d.cache.m = map[string]entry{}
	return d, nil
}

// MaxWrites is how many records a job that works in batches should write
// per transaction, inside etcd's default of 128 operations.
func (d *DB) MaxWrites() int { return maxBatchOps - 8 }

// Client is the etcd client (for tools and tests).
func (d *DB) Client() *clientv3.Client { return d.cli }

// ReadOnly reports whether updates are refused.
func (d *DB) ReadOnly() bool { return d.readOnly }

// Stats reports how many transactions committed and how many attempts
// conflicted and ran again.
func (d *DB) Stats() (commits, conflicts int64) { return d.commits.Load(), d.conflicts.Load() }

// Close releases the frontend's sequence slot and the connection.
func (d *DB) Close() error {
	if d.closed.Swap(true) {
		return nil
	}
	d.seq.close()
	d.cancel()
	d.wg.Wait()
	return d.cli.Close()
}

func (d *DB) bucketKey(b string) string { return d.p + "b/" + b }
func (d *DB) dataPrefix(b string) string {
	return d.p + "k/" + b + "\x00"
}
func (d *DB) delKey(b string) string { return d.p + "d/" + b }

// call is a context for one call to the cluster.
func (d *DB) call() (context.Context, context.CancelFunc) {
	return context.WithTimeout(d.ctx, d.timeout)
}

// View runs fn at one snapshot revision of the cluster (a linearizable
// read: it sees every update acknowledged before it started, on any
// frontend).
func (d *DB) View(fn func(engine.Tx) error) error {
	if d.closed.Load() {
		return engine.ErrClosed
	}
	t := &tx{d: d}
	return fn(t)
}

// Update runs fn as an optimistic transaction, again on a conflict, and
// returns once the cluster has committed it (or refused it).
func (d *DB) Update(fn func(engine.Tx) error) error {
	if d.readOnly {
		return engine.ErrReadOnly
	}
	if d.closed.Load() {
		return engine.ErrClosed
	}
	for attempt := 0; attempt < d.attempts; attempt++ {
		t := &tx{d: d, write: true, serializable: attempt == 0,
			reads: map[string]int64{}, buf: map[string]*string{}}
		if d.newGroup != nil {
			t.group = d.newGroup()
		}
		err := fn(t)
		if err == nil && t.group != nil {
			err = t.group.Flush(t)
		}
		if err != nil {
			// An error decided on a snapshot from a member that may be
			// behind (a record "not found") is only final when the
			// snapshot was current.
			ok, verr := t.validate()
			if verr != nil {
				return verr
			}
			if ok {
				return err
			}
			d.conflicts.Add(1)
			continue
		}
		ok, err := t.commit()
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		d.conflicts.Add(1)
		if attempt > 2 {
			backoff(attempt)
		}
	}
	return ErrContention
}

// backoff sleeps a little, more after more conflicts, with jitter so that
// the frontends that collided do not collide again.
func backoff(attempt int) {
	maxWait := time.Duration(1<<min(attempt, 6)) * 100 * time.Microsecond
	time.Sleep(time.Duration(uint64(time.Now().UnixNano()) % uint64(maxWait)))
}

// ownRevs remembers the revisions this frontend committed, so that the
// watch does not publish its own changes a second time.
type ownRevs struct {
	mu sync.Mutex
	on bool
	m  map[int64]struct{}
}

func (o *ownRevs) add(rev int64) {
	o.mu.Lock()
	if o.on {
		if len(o.m) > 100_000 {
			clear(o.m) // the watch fell far behind: duplicates are harmless
		}
		o.m[rev] = struct{}{}
	}
	o.mu.Unlock()
}

func (o *ownRevs) take(rev int64) bool {
	o.mu.Lock()
	_, ok := o.m[rev]
	delete(o.m, rev)
	o.mu.Unlock()
	return ok
}

// mapErr turns the client's errors into the engine's: a cluster out of
// reach becomes ErrUnavailable, a transaction too large ErrTooLarge.
func mapErr(err error, committing bool) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, rpctypes.ErrTooManyOps), errors.Is(err, rpctypes.ErrRequestTooLarge):
		return fmt.Errorf("%w (%v)", ErrTooLarge, err)
	case errors.Is(err, rpctypes.ErrCompacted):
		return fmt.Errorf("etcd: %w", err)
	}
	unavailable := errors.Is(err, context.DeadlineExceeded) || errors.Is(err, rpctypes.ErrNoLeader) ||
		errors.Is(err, rpctypes.ErrLeaderChanged) || errors.Is(err, rpctypes.ErrTimeout) ||
		errors.Is(err, rpctypes.ErrTimeoutDueToLeaderFail) || errors.Is(err, rpctypes.ErrTimeoutDueToConnectionLost) ||
		errors.Is(err, rpctypes.ErrNotCapable) || errors.Is(err, rpctypes.ErrStopped)
	if s, ok := status.FromError(err); ok {
		switch s.Code() {
		case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.Aborted:
			unavailable = true
		}
	}
	if errors.Is(err, context.Canceled) {
		return engine.ErrClosed
	}
	if unavailable {
		if committing {
			return fmt.Errorf("%w (%v)", ErrUnknownOutcome, err)
		}
		return fmt.Errorf("%w (%v)", ErrUnavailable, err)
	}
	return fmt.Errorf("etcd: %w", err)
}
