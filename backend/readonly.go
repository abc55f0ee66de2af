package backend

import (
	"errors"
	"fmt"
)

// ErrReadOnly is the refusal of every write of a read-only principal
// (--read-only, or an SSH key added with --read-only). It wraps
// model.ErrForbidden, so doors treat it like any other refusal by role.
var ErrReadOnly = fmt.Errorf("this session is read-only: nothing can be sent or changed: %w", ErrForbidden)

// ReadOnly is this principal in read-only mode: it hands out the same
// handles, every read works, and every write (send, invite, block, save,
// grant, keys, imports) refuses with ErrReadOnly. Marking a conversation
// read is skipped silently: reading is what the mode is for.
func (p *Principal) ReadOnly() *Principal {
	q := *p
	q.readOnly = true
	q.id.ReadOnly = true
	return &q
}

// IsReadOnly reports whether this principal changes nothing.
func (p *Principal) IsReadOnly() bool { return p.readOnly }

// IsReadOnly reports whether err is the refusal of a read-only principal.
func IsReadOnly(err error) bool { return errors.Is(err, ErrReadOnly) }

func (p *Principal) roErr() error {
	if p.readOnly {
		return ErrReadOnly
	}
	return nil
}

// refuse names the write a read-only handle refused.
func refuse(what string, ro error) error { return fmt.Errorf("cannot %s: %w", what, ro) }
