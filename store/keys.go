package store

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"outreach/model"

	"outreach/store/engine"
	gossh "golang.org/x/crypto/ssh"
)

// Roles an SSH key can carry (SPEC "Accounts, roles and SSH").
const (
	RoleSeller  = "seller"
	RoleCreator = "creator"
	RoleAgent   = "agent"
	RoleAdmin   = "admin"
)

// Roles lists every role, in the order help text shows them.
var Roles = []string{RoleSeller, RoleCreator, RoleAgent, RoleAdmin}

// ErrDuplicateKey means a key with the same fingerprint is already registered.
var ErrDuplicateKey = errors.New("the key is already registered")

// maxKeyComment bounds a key's comment.
const maxKeyComment = 200

// Key is one SSH public key and the account it logs in as. The identity
// of an SSH session is the key it authenticated with, never the user name.
type Key struct {
	// Fingerprint is ssh.FingerprintSHA256 of the key ("SHA256:...").
	Fingerprint string `json:"fingerprint"`
	// Role is seller, creator, agent or admin.
	Role string `json:"role"`
	// Account is the seller or creator id for those roles; empty otherwise.
	Account string `json:"account,omitempty"`
	// Comment is the key's comment from its authorized_keys line.
	Comment string `json:"comment,omitempty"`
	// Added is when the key was registered.
	Added time.Time `json:"added"`
	// PublicKey is the key as an authorized_keys line.
	PublicKey string `json:"public_key"`
	// AddedBy names who registered it, for the audit log ("" = the local operator).
	AddedBy string `json:"added_by,omitempty"`
}

// validate checks the role, the account's presence and that the public key
// matches the fingerprint.
func (k *Key) validate() error {
	switch k.Role {
	case RoleSeller, RoleCreator:
		if k.Account == "" {
			return fmt.Errorf("a %s key needs an account (--account ID): %w", k.Role, model.ErrInvalid)
		}
	case RoleAgent, RoleAdmin:
		if k.Account != "" {
			return fmt.Errorf("an %s key has no account: %w", k.Role, model.ErrInvalid)
		}
	default:
		return fmt.Errorf("role %q: want one of %s: %w", model.Clip(model.SafeLine(k.Role), 20), strings.Join(Roles, ", "), model.ErrInvalid)
	}
	if !strings.HasPrefix(k.Fingerprint, "SHA256:") {
		return fmt.Errorf("fingerprint %q: want SHA256:...: %w", model.Clip(model.SafeLine(k.Fingerprint), 60), model.ErrInvalid)
	}
	if k.PublicKey != "" {
		pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(k.PublicKey))
		if err != nil {
			return fmt.Errorf("public key: %v: %w", err, model.ErrInvalid)
		}
		if fp := gossh.FingerprintSHA256(pk); fp != k.Fingerprint {
			return fmt.Errorf("public key fingerprint %s does not match %s: %w", fp, k.Fingerprint, model.ErrInvalid)
		}
	}
	c, err := model.LimitLine("comment", k.Comment, maxKeyComment)
	if err != nil {
		return err
	}
	k.Comment = c
	return nil
}

// AddKey registers an SSH key for a role and account. A seller or creator
// key must name an existing seller or creator; a fingerprint already
// registered is refused with ErrDuplicateKey. The addition is audited.
func (s *Store) AddKey(k Key) error {
	if err := k.validate(); err != nil {
		return err
	}
	if k.Added.IsZero() {
		k.Added = s.clock()
	}
	if err := model.CheckInstant(k.Added); err != nil {
		return fmt.Errorf("added: %w", err)
	}
	actor := k.AddedBy
	if actor == "" {
		actor = "operator"
	}
	return s.update(func(w *wtx) error {
		if old, err := w.Get(bKeys, []byte(k.Fingerprint)); err != nil {
			return err
		} else if old != nil {
			return fmt.Errorf("key %s: %w", k.Fingerprint, ErrDuplicateKey)
		}
		switch k.Role {
		case RoleSeller:
			if _, err := mustSeller(w, k.Account); err != nil {
				return err
			}
		case RoleCreator:
			if _, err := mustCreator(w, k.Account); err != nil {
				return err
			}
		}
		if err := putJSON(w, bKeys, []byte(k.Fingerprint), &k); err != nil {
			return err
		}
		w.ch.add(ChangedAudit, "", "")
		who := k.Role
		if k.Account != "" {
			who += ":" + k.Account
		}
		return audit(w, model.AuditEntry{At: k.Added, Actor: actor, Action: "key-add", SellerID: sellerOf(&k),
			Detail: fmt.Sprintf("added SSH key %s for %s", k.Fingerprint, who)})
	})
}

func sellerOf(k *Key) string {
	if k.Role == RoleSeller {
		return k.Account
	}
	return ""
}

// ListKeys returns every registered key, by role, account and fingerprint.
func (s *Store) ListKeys() ([]Key, error) {
	var out []Key
	err := s.view(func(tx engine.Tx) error {
		return tx.Scan(bKeys, engine.Range{}, func(k, v []byte) error {
			var key Key
			if err := decodeJSON(v, &key); err != nil {
				return fmt.Errorf("key %q: %w", model.Clip(model.SafeLine(string(k)), 60), err)
			}
			out = append(out, key)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Role != b.Role {
			return a.Role < b.Role
		}
		if a.Account != b.Account {
			return a.Account < b.Account
		}
		return a.Fingerprint < b.Fingerprint
	})
	return out, err
}

// KeyByFingerprint looks a key up by its SHA256 fingerprint.
func (s *Store) KeyByFingerprint(fp string) (Key, bool, error) {
	var out Key
	var ok bool
	err := s.view(func(tx engine.Tx) error {
		var err error
		ok, err = getJSON(tx, bKeys, []byte(fp), &out)
		return err
	})
	return out, ok, err
}

// RemoveKey unregisters a key as the local operator; model.ErrNotFound
// when no key has that fingerprint.
func (s *Store) RemoveKey(fp string) error {
	return s.RemoveKeyAs(fp, "", s.clock())
}

// RemoveKeyAs unregisters a key, naming actor ("" = the local operator) in
// the audit log.
func (s *Store) RemoveKeyAs(fp, actor string, now time.Time) error {
	if err := validNow(now); err != nil {
		return err
	}
	if actor == "" {
		actor = "operator"
	}
	return s.update(func(w *wtx) error {
		var k Key
		ok, err := getJSON(w, bKeys, []byte(fp), &k)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("key %q: %w", model.Clip(model.SafeLine(fp), 60), model.ErrNotFound)
		}
		if err := w.Delete(bKeys, []byte(fp)); err != nil {
			return err
		}
		w.ch.add(ChangedAudit, "", "")
		return audit(w, model.AuditEntry{At: now, Actor: actor, Action: "key-remove", SellerID: sellerOf(&k),
			Detail: fmt.Sprintf("removed SSH key %s of %s:%s", k.Fingerprint, k.Role, k.Account)})
	})
}
