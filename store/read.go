package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"outreach/model"

	"outreach/store/engine"
)

// Seller returns one seller.
func (s *Store) Seller(id string) (model.Seller, error) {
	var out model.Seller
	err := s.view(func(tx engine.Tx) error {
		sl, err := mustSeller(tx, id)
		if err == nil {
			out = *sl
		}
		return err
	})
	return out, err
}

// Sellers returns every seller, by id.
func (s *Store) Sellers() ([]model.Seller, error) {
	var out []model.Seller
	err := s.view(func(tx engine.Tx) error {
		return tx.Scan(bSellers, engine.Range{}, func(k, v []byte) error {
			var sl model.Seller
			if err := decodeJSON(v, &sl); err != nil {
				return fmt.Errorf("seller %q: %w", model.Clip(model.SafeLine(string(k)), 64), err)
			}
			out = append(out, sl)
			return nil
		})
	})
	return out, err
}

// Creator returns one creator.
func (s *Store) Creator(id string) (model.Creator, error) {
	var out model.Creator
	err := s.view(func(tx engine.Tx) error {
		c, err := mustCreator(tx, id)
		if err == nil {
			out = *c
		}
		return err
	})
	return out, err
}

// CreatorCount is the number of creators (0 when the store cannot be read).
func (s *Store) CreatorCount() int {
	n := 0
	s.view(func(tx engine.Tx) (err error) {
		n, err = tx.Count(bCreators)
		return err
	})
	return n
}

// ForEachCreator calls fn for every creator in id order, in one read
// transaction; fn must not keep c (it is reused).
func (s *Store) ForEachCreator(fn func(c *model.Creator) error) error {
	var callerPanic any
	err := s.view(func(tx engine.Tx) error {
		var c model.Creator
		return tx.Scan(bCreators, engine.Range{}, func(k, v []byte) error {
			if err := decodeCreator(v, &c); err != nil {
				return fmt.Errorf("creator %q: %w", model.Clip(model.SafeLine(string(k)), 64), err)
			}
			return callCaller(fn, &c, &callerPanic)
		})
	})
	if callerPanic != nil {
		panic(callerPanic) // the caller's own bug, not damage: raise it outside the transaction
	}
	return err
}

// ForEachCreatorSummary calls fn with the catalog's fields of every
// creator, in id order, in one read transaction. It reads only the start of
// each record, so it is several times faster than ForEachCreator; s and its
// slices are valid only during the call (copy what you keep).
func (s *Store) ForEachCreatorSummary(fn func(s *CreatorSummary) error) error {
	_, _, err := s.ForEachCreatorSummaryStamped(fn)
	return err
}

func callSummary(fn func(s *CreatorSummary) error, s *CreatorSummary, p *any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			*p, err = r, errCallerPanicked
		}
	}()
	return fn(s)
}

// errCallerPanicked ends a scan whose callback panicked.
var errCallerPanicked = errors.New("the callback panicked")

// callCaller runs the caller's callback, keeping a panic of its own apart
// from the engine's (which means damage).
func callCaller(fn func(c *model.Creator) error, c *model.Creator, p *any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			*p, err = r, errCallerPanicked
		}
	}()
	return fn(c)
}

// Relation returns the relation between a seller and a creator (the zero
// relation when they never met).
func (s *Store) Relation(seller, creator string) (model.Relation, error) {
	var r model.Relation
	err := s.view(func(tx engine.Tx) (err error) {
		r, err = getRel(tx, seller, creator)
		return err
	})
	return r, err
}

// Relations returns every relation of a seller, by creator id.
func (s *Store) Relations(seller string) (map[string]model.Relation, error) {
	out := map[string]model.Relation{}
	err := s.view(func(tx engine.Tx) error {
		p := prefix(seller)
		return tx.Scan(bRels, engine.Range{Prefix: p}, func(k, v []byte) error {
			var r model.Relation
			if err := decodeRel(v, &r); err != nil {
				return err
			}
			out[string(k[len(p):])] = r
			return nil
		})
	})
	return out, err
}

// Counterpart is one side of a relation seen from the other: a creator from
// a seller's view or a seller from a creator's.
type Counterpart struct {
	ID  string
	Rel model.Relation
}

// CreatorRelations returns every seller a creator has a relation with.
// Relations are keyed by seller first, so this scans them all; creators
// have few sellers and the inbox reads it on open.
func (s *Store) CreatorRelations(creator string) ([]Counterpart, error) {
	var out []Counterpart
	err := s.view(func(tx engine.Tx) error {
		suffix := string(append([]byte{0}, creator...))
		return tx.Scan(bRels, engine.Range{}, func(k, v []byte) error {
			if len(k) < len(suffix) || string(k[len(k)-len(suffix):]) != suffix {
				return nil
			}
			var r model.Relation
			if err := decodeRel(v, &r); err != nil {
				return err
			}
			out = append(out, Counterpart{ID: string(k[:len(k)-len(suffix)]), Rel: r})
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Rel.LastAt > out[j].Rel.LastAt })
	return out, err
}

// Conversations returns a seller's conversations, the latest first.
func (s *Store) Conversations(seller string) ([]Counterpart, error) {
	rels, err := s.Relations(seller)
	if err != nil {
		return nil, err
	}
	var out []Counterpart
	for id, r := range rels {
		if r.Messages > 0 {
			out = append(out, Counterpart{ID: id, Rel: r})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rel.LastAt != out[j].Rel.LastAt {
			return out[i].Rel.LastAt > out[j].Rel.LastAt
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Messages returns a conversation, oldest first, at most limit of the
// latest (0 = all).
func (s *Store) Messages(seller, creator string, limit int) ([]model.ChatMessage, error) {
	var out []model.ChatMessage
	err := s.view(func(tx engine.Tx) error {
		return latestFirst(tx, bMsgs, prefix(seller, creator), limit, func(_, v []byte) error {
			var m model.ChatMessage
			if err := decodeMessage(v, &m); err != nil {
				return err
			}
			out = append(out, m)
			return nil
		})
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// InvitesOfSeller returns a seller's invitations, newest first, with their
// state as of now, at most limit (0 = all).
func (s *Store) InvitesOfSeller(seller string, now time.Time, limit int) ([]model.Invitation, error) {
	if err := validNow(now); err != nil {
		return nil, err
	}
	var out []model.Invitation
	err := s.view(func(tx engine.Tx) error {
		p := prefix(seller)
		var ids [][]byte
		err := latestFirst(tx, bInvBySl, p, limit, func(k, _ []byte) error {
			ids = append(ids, append([]byte{}, k[len(p):]...))
			return nil
		})
		if err != nil {
			return err
		}
		out, err = invitations(tx, ids, now)
		return err
	})
	return out, err
}

// invitations loads the invitations with ids (big-endian), in that order,
// with their state as of now.
func invitations(tx engine.Tx, ids [][]byte, now time.Time) ([]model.Invitation, error) {
	out := make([]model.Invitation, 0, len(ids))
	for _, id := range ids {
		var inv model.Invitation
		if _, err := getJSON(tx, bInvites, id, &inv); err != nil {
			return nil, err
		}
		inv.State = inv.StateAt(now)
		out = append(out, inv)
	}
	return out, nil
}

// InvitesOfCreator returns the invitations a creator received, newest first.
func (s *Store) InvitesOfCreator(creator string, now time.Time) ([]model.Invitation, error) {
	if err := validNow(now); err != nil {
		return nil, err
	}
	var out []model.Invitation
	err := s.view(func(tx engine.Tx) error {
		p := prefix(creator)
		var ids [][]byte
		err := tx.Scan(bInvByCr, engine.Range{Prefix: p}, func(k, _ []byte) error {
			ids = append(ids, append([]byte{}, k[len(p):]...))
			return nil
		})
		if err != nil {
			return err
		}
		out, err = invitations(tx, ids, now)
		return err
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, err
}

// Decisions returns a seller's decision log, newest first, at most limit (0 = all).
func (s *Store) Decisions(seller string, limit int) ([]model.DecisionRecord, error) {
	var out []model.DecisionRecord
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		return latestFirst(tx, bDecisions, prefix(seller), limit, func(_, v []byte) error {
			var d model.DecisionRecord
			if err := decodeDecision(v, &d); err != nil {
				return err
			}
			out = append(out, d)
			return nil
		})
	})
	return out, err
}

// latestFirst calls fn for the keys of bucket under prefix p, newest
// first (their last 8 bytes are a big-endian sequence), at most limit of
// them (0 = all).
func latestFirst(tx engine.Tx, bucket string, p []byte, limit int, fn func(k, v []byte) error) error {
	return tx.Scan(bucket, engine.Range{Prefix: p, Reverse: true, Limit: limit}, fn)
}

// Audit returns the audit log, newest first, at most limit (0 = all).
func (s *Store) Audit(limit int) ([]model.AuditEntry, error) {
	var out []model.AuditEntry
	err := s.view(func(tx engine.Tx) error {
		return tx.Scan(bAudit, engine.Range{Reverse: true, Limit: limit}, func(_, v []byte) error {
			var e model.AuditEntry
			if err := decodeJSON(v, &e); err != nil {
				return fmt.Errorf("audit: %w", err)
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// Backup writes a consistent copy of the store to w while it stays in use.
func (s *Store) Backup(w io.Writer) (int64, error) {
	n, err := s.eng.Backup(w)
	return n, s.named(err)
}

// BackupFile writes a backup to path, atomically: a partial file never
// takes the name. An existing file is not overwritten.
func (s *Store) BackupFile(path string) (int64, error) {
	if _, err := os.Stat(path); err == nil {
		return 0, fmt.Errorf("backup %s: the file exists; choose a new name: %w", path, model.ErrInvalid)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".outreach-backup-*")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := s.Backup(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	return n, nil
}

// Meta reads a free-form store attribute (such as how a demo store was made).
func (s *Store) Meta(name string) (string, error) {
	var v string
	err := s.view(func(tx engine.Tx) error {
		raw, err := tx.Get(bMeta, []byte("x:"+name))
		v = string(raw)
		return err
	})
	return v, err
}

// SetMeta writes a free-form store attribute.
func (s *Store) SetMeta(name, value string) error {
	return s.update(func(w *wtx) error {
		return w.Put(bMeta, []byte("x:"+name), []byte(value))
	})
}
