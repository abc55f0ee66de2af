// Package bolt is the embedded storage engine: one bbolt file, with a
// group-commit writer so that concurrent updates share one fsync. A damaged
// file never panics the process: the file is checked before bbolt maps it,
// and a panic or a memory fault inside bbolt becomes an error wrapping
// engine.ErrDamaged.
package bolt

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	"outreach/store/engine"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Options configure Open.
type Options struct {
	// Timeout bounds the wait for a file another process holds; 0 means one second.
	Timeout time.Duration
	// NoSync turns fsync off. Only for throwaway stores (tests, demo generation).
	NoSync bool
	// ReadOnly opens the file for reading (shared lock); a missing file is
	// an error wrapping fs.ErrNotExist.
	ReadOnly bool
	// NewGroup makes the state shared by the updates of one commit attempt
	// (see engine.Group); nil for none.
	NewGroup func() engine.Group
	// InitialMmapSize is the address space mapped at open, in bytes: a file
	// that grows within it is never re-mapped (a re-map in a large write
	// copies every record the transaction holds). It costs address space,
	// not memory; on Windows the file itself is grown to it, so leave it 0
	// there. 0 maps the file as it is.
	InitialMmapSize int
}

// DB is an open bbolt file. It implements engine.Engine.
type DB struct {
	db       *bolt.DB
	path     string
	readOnly bool
	w        *writer
	// broken is set after a panic inside a write transaction: bbolt's
	// in-memory state can no longer be trusted, so every later update is
	// refused with it.
	broken atomic.Pointer[error]
}

var _ engine.Engine = (*DB)(nil)

// Open opens the file at path, creating it when it does not exist (unless
// opts.ReadOnly). An existing file is checked first: a zero-length,
// truncated or otherwise unreadable file is refused with an error wrapping
// engine.ErrDamaged that names it, and is never initialised or written.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	fi, err := os.Stat(path)
	existed := err == nil
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("open %s: is a directory, not a store file", path)
	case err == nil:
		if err := precheck(path, fi.Size()); err != nil {
			return nil, err
		}
	case errors.Is(err, fs.ErrNotExist) && opts.ReadOnly:
		return nil, fmt.Errorf("open %s: %w", path, err)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	var file *os.File
	bo := &bolt.Options{
		Timeout: opts.Timeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly,
		FreelistType: bolt.FreelistMapType, InitialMmapSize: opts.InitialMmapSize,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			file = f
			return f, err
		},
	}
	if existed {
		bo.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
			// The file existed when checked: never create (nor initialise) it now.
			f, err := os.OpenFile(name, flag&^os.O_CREATE, perm)
			file = f
			return f, err
		}
	}
	var db *bolt.DB
	perr := guard(func() (err error) {
		db, err = bolt.Open(path, 0o600, bo)
		return err
	})
	if perr != nil {
		if p, ok := perr.(*panicError); ok {
			if file != nil {
				file.Close() // bbolt did not return its handle: release the lock
			}
			return nil, damaged(path, p)
		}
		switch {
		case errors.Is(perr, bolterrors.ErrTimeout):
			return nil, fmt.Errorf("open %s: %w", path, engine.ErrInUse)
		case errors.Is(perr, bolterrors.ErrInvalid), errors.Is(perr, bolterrors.ErrChecksum), errors.Is(perr, bolterrors.ErrVersionMismatch):
			return nil, damaged(path, perr)
		}
		if existed {
			// Anything else bbolt says about an existing file is about its content.
			return nil, damaged(path, perr)
		}
		return nil, fmt.Errorf("open %s: %w", path, perr)
	}
	d := &DB{db: db, path: path, readOnly: opts.ReadOnly}
	d.w = newWriter(d, opts.NewGroup)
	return d, nil
}

// Path is the file.
func (d *DB) Path() string { return d.path }

// ReadOnly reports whether the file was opened for reading.
func (d *DB) ReadOnly() bool { return d.readOnly }

// Stats reports how many group commits the writer made and how many
// updates they carried.
func (d *DB) Stats() (commits, updates int64) { return d.w.commits.Load(), d.w.ops.Load() }

// View runs fn in a read transaction. A panic or memory fault while reading
// (a damaged page) ends the transaction with an error wrapping ErrDamaged.
func (d *DB) View(fn func(engine.Tx) error) error {
	var btx *bolt.Tx
	err := guard(func() error {
		var err error
		if btx, err = d.db.Begin(false); err != nil {
			return err
		}
		t := tx{tx: btx}
		err = fn(&t)
		rerr := btx.Rollback()
		btx = nil
		if err == nil {
			err = rerr
		}
		return err
	})
	if p, ok := err.(*panicError); ok {
		if btx != nil {
			guard(btx.Rollback)
		}
		return damaged(d.path, p)
	}
	if errors.Is(err, bolterrors.ErrDatabaseNotOpen) {
		return engine.ErrClosed
	}
	return err
}

// Update queues fn for the group-commit writer and waits for its commit.
// fn may run more than once (see engine.Engine).
func (d *DB) Update(fn func(engine.Tx) error) error {
	if d.readOnly {
		return engine.ErrReadOnly
	}
	if p := d.broken.Load(); p != nil {
		return *p
	}
	return d.w.do(fn)
}

// Backup writes a consistent copy of the file to w.
func (d *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := d.View(func(t engine.Tx) (err error) {
		n, err = t.(*tx).tx.WriteTo(w)
		return err
	})
	return n, err
}

// Close waits for queued updates and closes the file.
func (d *DB) Close() error {
	d.w.close()
	err := guard(d.db.Close)
	if p, ok := err.(*panicError); ok {
		return damaged(d.path, p)
	}
	return err
}

// panicError is a recovered panic (or memory fault) inside bbolt.
type panicError struct{ v any }

func (p *panicError) Error() string { return fmt.Sprint(p.v) }

// guard runs fn with memory faults turned into panics (a page beyond the
// end of a truncated file), and returns a panic as a *panicError.
func guard(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{r}
		}
	}()
	return fn()
}

// damaged is the error for a damaged file: it names the file, says what
// went wrong and wraps engine.ErrDamaged.
func damaged(path string, cause error) error {
	return fmt.Errorf("%s: %w (%v)", path, engine.ErrDamaged, cause)
}
