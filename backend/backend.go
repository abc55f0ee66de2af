// Package backend is the one way into the store for every door: the console
// screens, the operations CLI and SSH exec. It is built once per process with
// the store, the clock, the policy, the shared catalog and the change feed,
// and hands out role-typed handles from an identity. A handle's methods take
// parsed, typed values and never a role, a side or an account to act for:
// what a handle can do is what its role may do, so no door decides a
// permission by reading its own arguments.
package backend

import (
	"errors"
	"fmt"
	"time"

	"outreach/model"
	"outreach/store"
)

// Role is what an identity may do (SPEC "Accounts, roles and SSH").
type Role string

// Roles.
const (
	RoleSeller  Role = store.RoleSeller
	RoleCreator Role = store.RoleCreator
	RoleAgent   Role = store.RoleAgent
	RoleAdmin   Role = store.RoleAdmin
)

// Identity is who acts: a role, the seller or creator account for those
// roles, and a name for audit lines (an agent's or admin's key comment).
type Identity struct {
	Role    Role
	Account string
	Name    string
	// ReadOnly: the identity may read what its role reads and change
	// nothing (an SSH key added with --read-only).
	ReadOnly bool
}

// Actor is how the identity is named in the decision and audit logs.
func (id Identity) Actor() string {
	if id.Role == "" {
		return ""
	}
	n := id.Account
	if n == "" {
		n = id.Name
	}
	return string(id.Role) + ":" + n
}

// Options configure a Backend.
type Options struct {
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Backend is the process-wide way in. It is safe for concurrent use by every
// session.
type Backend struct {
	st  *store.Store
	now func() time.Time
	cat *Catalog
}

// New builds the backend over an open store. The catalog is loaded lazily,
// the first time a door asks for it, and kept current from the change feed
// until Close.
func New(st *store.Store, opts Options) *Backend {
	b := &Backend{st: st, now: opts.Now}
	if b.now == nil {
		b.now = time.Now
	}
	b.cat = newCatalog(st)
	return b
}

// Close stops the catalog's background work. It does not close the store:
// whoever opened the store closes it.
func (b *Backend) Close() { b.cat.close() }

// Policy is the quota and level policy in force.
func (b *Backend) Policy() *model.Policy { return b.st.Policy() }

// Now is the backend clock.
func (b *Backend) Now() time.Time { return b.now() }

// Catalog is the process's one shared creator catalog.
func (b *Backend) Catalog() *Catalog { return b.cat }

// Subscribe follows the change feed; cancel ends the subscription.
func (b *Backend) Subscribe() (<-chan store.Change, func()) { return b.st.Subscribe() }

// ErrForbidden is returned when an identity asks for a handle its role does
// not grant. It wraps model.ErrForbidden.
var ErrForbidden = model.ErrForbidden

// KeyIdentity resolves an SSH key's fingerprint to an identity.
func (b *Backend) KeyIdentity(fingerprint string) (Identity, bool, error) {
	k, ok, err := b.st.KeyByFingerprint(fingerprint)
	if err != nil || !ok {
		return Identity{}, ok, err
	}
	return Identity{Role: Role(k.Role), Account: k.Account, Name: k.Comment, ReadOnly: k.ReadOnly}, true, nil
}

// Operator is the local operator of the CLI: the person who holds the store
// file, with an admin's rights.
func (b *Backend) Operator() *Principal {
	return &Principal{b: b, id: Identity{Role: RoleAdmin}, local: true}
}

// As is the door's principal for an authenticated identity.
func (b *Backend) As(id Identity) *Principal {
	return &Principal{b: b, id: id, readOnly: id.ReadOnly}
}

// Principal is an identity's access to the backend. It hands out the
// handles the identity's role grants and refuses every other.
type Principal struct {
	b     *Backend
	id    Identity
	local bool
	at    time.Time // a fixed instant (--now); zero: the clock
	// readOnly: every write handle refuses its writes with ErrReadOnly.
	readOnly bool
}

// Identity is who this principal is.
func (p *Principal) Identity() Identity { return p.id }

// At returns the principal evaluating at a fixed instant. Reads at any
// instant are for everyone; a write at a fixed instant is for admins only,
// which the write handles enforce.
func (p *Principal) At(t time.Time) (*Principal, error) {
	if err := model.CheckInstant(t); err != nil {
		return nil, err
	}
	q := *p
	q.at = t
	return &q, nil
}

func (p *Principal) clock() func() time.Time {
	if !p.at.IsZero() {
		at := p.at
		return func() time.Time { return at }
	}
	return p.b.now
}

func (p *Principal) forbid(format string, a ...any) error {
	return fmt.Errorf("a %s key %s: %w", p.id.Role, fmt.Sprintf(format, a...), ErrForbidden)
}

// writable refuses a change at a fixed instant for anyone but an admin.
func (p *Principal) writable() error {
	if !p.at.IsZero() && p.id.Role != RoleAdmin {
		return fmt.Errorf("--now with a change is for admins: %w", ErrForbidden)
	}
	return nil
}

func (p *Principal) is(r Role) bool { return p.id.Role == r }

// Seller is the handle to act as seller id: the seller's own key, or an admin.
func (p *Principal) Seller(id string) (*Seller, error) {
	if !p.is(RoleAdmin) && !(p.is(RoleSeller) && p.id.Account == id) {
		return nil, p.forbidOwn(RoleSeller, id)
	}
	if err := p.writable(); err != nil {
		return nil, err
	}
	return &Seller{SellerView: p.sellerView(id), ro: p.roErr()}, nil
}

// SellerView is the read-only handle to seller id: the seller's own key,
// an agent or an admin.
func (p *Principal) SellerView(id string) (*SellerView, error) {
	if !p.is(RoleAdmin) && !p.is(RoleAgent) && !(p.is(RoleSeller) && p.id.Account == id) {
		return nil, p.forbidOwn(RoleSeller, id)
	}
	return p.sellerView(id), nil
}

func (p *Principal) sellerView(id string) *SellerView {
	return &SellerView{b: p.b, id: id, now: p.clock(), actor: p.id.Actor()}
}

// Creator is the handle to act as creator id: the creator's own key, or an admin.
func (p *Principal) Creator(id string) (*Creator, error) {
	if !p.is(RoleAdmin) && !(p.is(RoleCreator) && p.id.Account == id) {
		return nil, p.forbidOwn(RoleCreator, id)
	}
	if err := p.writable(); err != nil {
		return nil, err
	}
	return &Creator{b: p.b, id: id, now: p.clock(), ro: p.roErr()}, nil
}

// CreatorView is the read-only handle to creator id's inbox: the creator's
// own key or an admin.
func (p *Principal) CreatorView(id string) (*CreatorView, error) {
	if !p.is(RoleAdmin) && !(p.is(RoleCreator) && p.id.Account == id) {
		return nil, p.forbidOwn(RoleCreator, id)
	}
	return &CreatorView{b: p.b, id: id, now: p.clock()}, nil
}

// Directory is the read-only handle to creator profiles and the catalog:
// sellers, agents and admins.
func (p *Principal) Directory() (*Directory, error) {
	if !p.is(RoleAdmin) && !p.is(RoleAgent) && !p.is(RoleSeller) {
		return nil, p.forbid("may not read creator profiles")
	}
	return &Directory{b: p.b}, nil
}

// Agent is the support handle: agents and admins. Its writes are audited
// under the principal's name.
func (p *Principal) Agent() (*Agent, error) {
	if !p.is(RoleAdmin) && !p.is(RoleAgent) {
		return nil, p.forbid("may not use support commands")
	}
	werr := p.writable()
	if werr == nil {
		werr = p.roErr()
	}
	return &Agent{b: p.b, now: p.clock(), actor: p.id.Actor(), writeErr: werr}, nil
}

// Admin is the operations handle: admins and the local operator.
func (p *Principal) Admin() (*Admin, error) {
	if !p.is(RoleAdmin) {
		return nil, p.forbid("may not use admin commands")
	}
	return &Admin{b: p.b, now: p.clock(), actor: p.id.Actor(), local: p.local, ro: p.roErr()}, nil
}

func (p *Principal) forbidOwn(r Role, id string) error {
	if p.is(r) {
		return p.forbid("acts only as %s %s", r, model.Clip(model.SafeLine(p.id.Account), 64))
	}
	return p.forbid("may not act as a %s", r)
}

// IsForbidden reports whether err is a refusal by role.
func IsForbidden(err error) bool { return errors.Is(err, ErrForbidden) }
