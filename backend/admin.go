package backend

import (
	"io"
	"time"

	"outreach/model"
	"outreach/store"
)

// Admin is the operations handle: accounts, keys, imports, GMV, levels and
// backups. The local operator of the CLI is an admin.
type Admin struct {
	b     *Backend
	now   func() time.Time
	actor string
	local bool
	ro    error // set for a read-only principal: every write refuses with it
}

// Now is the instant this handle evaluates at.
func (a *Admin) Now() time.Time { return a.now() }

// Actor names the admin for the audit log ("" for the local operator).
func (a *Admin) Actor() string { return a.actor }

// Local reports whether this is the local operator holding the store file.
func (a *Admin) Local() bool { return a.local }

// PutSeller creates or updates a seller.
func (a *Admin) PutSeller(s model.Seller) (created bool, err error) {
	if a.ro != nil {
		return false, refuse("change a seller", a.ro)
	}
	return a.b.st.PutSeller(s, a.now())
}

// Sellers lists every seller.
func (a *Admin) Sellers() ([]model.Seller, error) { return a.b.st.Sellers() }

// AddGMV adds to a seller's GMV for a local day; it returns the day's total.
func (a *Admin) AddGMV(seller, day string, amount model.Cents) (model.Cents, error) {
	if a.ro != nil {
		return 0, refuse("add GMV", a.ro)
	}
	return a.b.st.AddGMV(seller, day, amount)
}

// PutCreator creates or updates a creator.
func (a *Admin) PutCreator(c model.Creator) (created bool, err error) {
	if a.ro != nil {
		return false, refuse("change a creator", a.ro)
	}
	return a.b.st.PutCreator(c, a.now())
}

// ImportCreators writes a parsed import, all or nothing.
func (a *Admin) ImportCreators(cs []model.Creator) (store.ImportStats, error) {
	if a.ro != nil {
		return store.ImportStats{}, refuse("import", a.ro)
	}
	return a.b.st.ImportCreators(cs, a.now())
}

// ImportCreatorsFrom writes a streamed import, all or nothing (see
// store.ImportCreatorsFrom).
func (a *Admin) ImportCreatorsFrom(src store.CreatorSource) (store.ImportStats, error) {
	if a.ro != nil {
		return store.ImportStats{}, refuse("import", a.ro)
	}
	return a.b.st.ImportCreatorsFrom(src, a.now())
}

// RecomputeLevels recomputes every creator's level for a month ("2026-10").
func (a *Admin) RecomputeLevels(month string) (store.LevelStats, error) {
	if a.ro != nil {
		return store.LevelStats{}, refuse("recompute levels", a.ro)
	}
	return a.b.st.RecomputeLevels(month, a.now())
}

// Keys lists the registered SSH keys.
func (a *Admin) Keys() ([]store.Key, error) { return a.b.st.ListKeys() }

// AddKey registers an SSH key, audited.
func (a *Admin) AddKey(k store.Key) error {
	if a.ro != nil {
		return refuse("add a key", a.ro)
	}
	k.AddedBy = a.actor
	if k.Added.IsZero() {
		k.Added = a.now()
	}
	return a.b.st.AddKey(k)
}

// RemoveKey removes an SSH key, audited.
func (a *Admin) RemoveKey(fingerprint string) error {
	if a.ro != nil {
		return refuse("remove a key", a.ro)
	}
	return a.b.st.RemoveKeyAs(fingerprint, a.actor, a.now())
}

// Backup writes a consistent copy of the store to w while it stays in use.
func (a *Admin) Backup(w io.Writer) (int64, error) { return a.b.st.Backup(w) }

// BackupFile writes a consistent copy of the store to a new file.
func (a *Admin) BackupFile(path string) (int64, error) { return a.b.st.BackupFile(path) }

// Audit is the audit log, newest first, at most limit (0: all).
func (a *Admin) Audit(limit int) ([]model.AuditEntry, error) { return a.b.st.Audit(limit) }

// Agent is the admin's support handle.
func (a *Admin) Agent() *Agent { return &Agent{b: a.b, now: a.now, actor: a.actor, writeErr: a.ro} }
