package backend

import (
	"time"

	"outreach/model"
	"outreach/store"
)

// SellerView reads one seller's account: its quota, decisions,
// conversations, invitations and relations. Agents get it for any seller.
type SellerView struct {
	b     *Backend
	id    string
	now   func() time.Time
	actor string
}

// ID is the seller's id.
func (v *SellerView) ID() string { return v.id }

// Now is the instant this handle evaluates at.
func (v *SellerView) Now() time.Time { return v.now() }

// Seller is the seller's profile.
func (v *SellerView) Seller() (model.Seller, error) { return v.b.st.Seller(v.id) }

// Quota is the quota status now. It never changes the store.
func (v *SellerView) Quota() (model.QuotaStatus, error) { return v.b.st.Quota(v.id, v.now()) }

// Decisions are the newest decisions first, at most limit (0: all).
func (v *SellerView) Decisions(limit int) ([]model.DecisionRecord, error) {
	return v.b.st.Decisions(v.id, limit)
}

// Preview runs creators through the checker without charging: the
// decisions and the total cost.
func (v *SellerView) Preview(creators []string, kind model.ActionKind) ([]model.Decision, int, error) {
	return v.b.st.DryRun(v.id, creators, kind, v.now())
}

// Relation is the relation with one creator.
func (v *SellerView) Relation(creator string) (model.Relation, error) {
	return v.b.st.Relation(v.id, creator)
}

// Relations are every relation of the seller, by creator id.
func (v *SellerView) Relations() (map[string]model.Relation, error) { return v.b.st.Relations(v.id) }

// Conversations are the creators the seller has messages with.
func (v *SellerView) Conversations() ([]store.Counterpart, error) { return v.b.st.Conversations(v.id) }

// Messages are the newest messages with a creator, at most limit.
func (v *SellerView) Messages(creator string, limit int) ([]model.ChatMessage, error) {
	return v.b.st.Messages(v.id, creator, limit)
}

// Invites are the seller's invitations, newest first, at most limit.
func (v *SellerView) Invites(limit int) ([]model.Invitation, error) {
	return v.b.st.InvitesOfSeller(v.id, v.now(), limit)
}

// Seller acts as one seller: everything SellerView reads, and outreach,
// blocks, saves and invitations. It has no way to act for a creator.
type Seller struct {
	*SellerView
	ro error // set for a read-only principal: every write refuses with it
}

// request fills the parts of a request that the handle owns.
func (s *Seller) request(kind model.ActionKind, creator, text, key string, collab *model.Collab) store.Request {
	return store.Request{Kind: kind, Seller: s.id, Creator: creator, Text: text, Key: key, Collab: collab,
		Actor: s.actor, Now: s.now()}
}

// Invite sends an invitation (or a Target Collaboration when collab is set)
// through the checker.
func (s *Seller) Invite(creator, note, key string, collab *model.Collab) (store.Outcome, error) {
	if s.ro != nil {
		return store.Outcome{}, refuse("invite", s.ro)
	}
	return s.b.st.Outreach(s.request(model.Invite, creator, note, key, collab))
}

// Message sends a message through the checker.
func (s *Seller) Message(creator, text, key string) (store.Outcome, error) {
	if s.ro != nil {
		return store.Outcome{}, refuse("message", s.ro)
	}
	return s.b.st.Outreach(s.request(model.Message, creator, text, key, nil))
}

// Outreach is one item of a batch.
type Outreach struct {
	Creator, Text, Key string
	Collab             *model.Collab
}

// SendBatch decides a batch of invitations or messages, each on its own.
func (s *Seller) SendBatch(kind model.ActionKind, items []Outreach) ([]store.Outcome, error) {
	if s.ro != nil {
		return nil, refuse("send", s.ro)
	}
	rs := make([]store.Request, len(items))
	for i, it := range items {
		rs[i] = s.request(kind, it.Creator, it.Text, it.Key, it.Collab)
	}
	return s.b.st.OutreachBatch(rs)
}

// Block blocks a creator as this seller.
func (s *Seller) Block(creator string) error {
	if s.ro != nil {
		return refuse("block", s.ro)
	}
	return s.b.st.SetBlocked(s.id, creator, store.BySeller, true)
}

// Unblock lifts this seller's own block of a creator.
func (s *Seller) Unblock(creator string) error {
	if s.ro != nil {
		return refuse("unblock", s.ro)
	}
	return s.b.st.SetBlocked(s.id, creator, store.BySeller, false)
}

// Save bookmarks a creator (on) or forgets it.
func (s *Seller) Save(creator string, on bool) error {
	if s.ro != nil {
		return refuse("save", s.ro)
	}
	return s.b.st.SetSaved(s.id, creator, on)
}

// MarkRead marks the conversation with a creator read on the seller's side.
// A read-only handle changes nothing and says nothing: reading a
// conversation is what read-only sessions are for.
func (s *Seller) MarkRead(creator string) error {
	if s.ro != nil {
		return nil
	}
	return s.b.st.MarkRead(s.id, creator, store.BySeller)
}

// CancelInvite cancels a pending invitation.
func (s *Seller) CancelInvite(id uint64) error {
	if s.ro != nil {
		return refuse("cancel the invitation", s.ro)
	}
	return s.b.st.CancelInvite(s.id, id, s.now())
}
