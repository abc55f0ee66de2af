package backend

import (
	"time"

	"outreach/model"
)

// Directory reads creator profiles: sellers, agents and admins.
type Directory struct{ b *Backend }

// Creator is one creator's whole record.
func (d *Directory) Creator(id string) (model.Creator, error) { return d.b.st.Creator(id) }

// Count is the number of creators in the store.
func (d *Directory) Count() int { return d.b.cat.count() }

// Catalog is the shared search catalog.
func (d *Directory) Catalog() *Catalog { return d.b.cat }

// Agent is a support agent's handle: read every seller, grant credits and
// read the audit log. Grants are audited under the agent's name.
type Agent struct {
	b        *Backend
	now      func() time.Time
	actor    string
	writeErr error // set when the principal may not write (a fixed instant)
}

// Now is the instant this handle evaluates at.
func (a *Agent) Now() time.Time { return a.now() }

// Sellers lists every seller.
func (a *Agent) Sellers() ([]model.Seller, error) { return a.b.st.Sellers() }

// Seller is the read-only handle to one seller.
func (a *Agent) Seller(id string) *SellerView {
	return &SellerView{b: a.b, id: id, now: a.now, actor: a.actor}
}

// Grant gives a seller extra credits for the current week, audited.
func (a *Agent) Grant(seller string, credits int, reason string) (model.QuotaStatus, error) {
	if a.writeErr != nil {
		return model.QuotaStatus{}, a.writeErr
	}
	return a.b.st.Grant(seller, credits, reason, a.actor, a.now())
}

// Audit is the audit log, newest first, at most limit (0: all).
func (a *Agent) Audit(limit int) ([]model.AuditEntry, error) { return a.b.st.Audit(limit) }
