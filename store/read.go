package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"outreach/model"

	bolt "go.etcd.io/bbolt"
)

// Seller returns one seller.
func (s *Store) Seller(id string) (model.Seller, error) {
	var out model.Seller
	err := s.db.View(func(tx *bolt.Tx) error {
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
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bSellers).ForEach(func(k, v []byte) error {
			var sl model.Seller
			if err := json.Unmarshal(v, &sl); err != nil {
				return fmt.Errorf("seller %q: %w", k, errCorrupt)
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
	err := s.db.View(func(tx *bolt.Tx) error {
		c, err := mustCreator(tx, id)
		if err == nil {
			out = *c
		}
		return err
	})
	return out, err
}

// CreatorCount is the number of creators.
func (s *Store) CreatorCount() int {
	n := 0
	s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bCreators).Stats().KeyN
		return nil
	})
	return n
}

// ForEachCreator calls fn for every creator in id order, in one read
// transaction; fn must not keep c (it is reused).
func (s *Store) ForEachCreator(fn func(c *model.Creator) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		var c model.Creator
		return tx.Bucket(bCreators).ForEach(func(k, v []byte) error {
			if err := decodeCreator(v, &c); err != nil {
				return fmt.Errorf("creator %q: %w", k, err)
			}
			return fn(&c)
		})
	})
}

// Relation returns the relation between a seller and a creator (the zero
// relation when they never met).
func (s *Store) Relation(seller, creator string) (model.Relation, error) {
	var r model.Relation
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		r, err = getRel(tx, seller, creator)
		return err
	})
	return r, err
}

// Relations returns every relation of a seller, by creator id.
func (s *Store) Relations(seller string) (map[string]model.Relation, error) {
	out := map[string]model.Relation{}
	err := s.db.View(func(tx *bolt.Tx) error {
		p := prefix(seller)
		c := tx.Bucket(bRels).Cursor()
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			var r model.Relation
			if err := decodeRel(v, &r); err != nil {
				return err
			}
			out[string(k[len(p):])] = r
		}
		return nil
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
	err := s.db.View(func(tx *bolt.Tx) error {
		suffix := append([]byte{0}, creator...)
		return tx.Bucket(bRels).ForEach(func(k, v []byte) error {
			if !bytes.HasSuffix(k, suffix) {
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
	err := s.db.View(func(tx *bolt.Tx) error {
		return latestFirst(tx.Bucket(bMsgs), prefix(seller, creator), limit, func(_, v []byte) error {
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
	var out []model.Invitation
	err := s.db.View(func(tx *bolt.Tx) error {
		p := prefix(seller)
		return latestFirst(tx.Bucket(bInvBySl), p, limit, func(k, _ []byte) error {
			var inv model.Invitation
			if _, err := getJSON(tx.Bucket(bInvites), k[len(p):], &inv); err != nil {
				return err
			}
			inv.State = inviteState(&inv, now)
			out = append(out, inv)
			return nil
		})
	})
	return out, err
}

// InvitesOfCreator returns the invitations a creator received, newest first.
func (s *Store) InvitesOfCreator(creator string, now time.Time) ([]model.Invitation, error) {
	var out []model.Invitation
	err := s.db.View(func(tx *bolt.Tx) error {
		p := prefix(creator)
		c := tx.Bucket(bInvByCr).Cursor()
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
			var inv model.Invitation
			if _, err := getJSON(tx.Bucket(bInvites), k[len(p):], &inv); err != nil {
				return err
			}
			inv.State = inviteState(&inv, now)
			out = append(out, inv)
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, err
}

// Decisions returns a seller's decision log, newest first, at most limit (0 = all).
func (s *Store) Decisions(seller string, limit int) ([]model.DecisionRecord, error) {
	var out []model.DecisionRecord
	err := s.db.View(func(tx *bolt.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		return latestFirst(tx.Bucket(bDecisions), prefix(seller), limit, func(_, v []byte) error {
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

// latestFirst calls fn for the keys under prefix p whose last 8 bytes are a
// big-endian sequence, newest first, at most limit of them (0 = all).
func latestFirst(b *bolt.Bucket, p []byte, limit int, fn func(k, v []byte) error) error {
	c := b.Cursor()
	k, _ := c.Seek(append(append([]byte{}, p...), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
	var v []byte
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for n := 0; k != nil && bytes.HasPrefix(k, p) && (limit == 0 || n < limit); k, v = c.Prev() {
		if err := fn(k, v); err != nil {
			return err
		}
		n++
	}
	return nil
}

// Audit returns the audit log, newest first, at most limit (0 = all).
func (s *Store) Audit(limit int) ([]model.AuditEntry, error) {
	var out []model.AuditEntry
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bAudit).Cursor()
		for k, v := c.Last(); k != nil && (limit == 0 || len(out) < limit); k, v = c.Prev() {
			var e model.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("audit: %w", errCorrupt)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// Backup writes a consistent copy of the store to w while it stays in use.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
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
	err := s.db.View(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bMeta).Get([]byte("x:" + name)))
		return nil
	})
	return v, err
}

// SetMeta writes a free-form store attribute.
func (s *Store) SetMeta(name, value string) error {
	return s.w.do(func(tx *bolt.Tx, _ *changes) error {
		return tx.Bucket(bMeta).Put([]byte("x:"+name), []byte(value))
	})
}
