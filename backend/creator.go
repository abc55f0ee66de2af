package backend

import (
	"time"

	"outreach/model"
	"outreach/store"
)

// CreatorView reads one creator's inbox.
type CreatorView struct {
	b   *Backend
	id  string
	now func() time.Time
}

// ID is the creator's id.
func (v *CreatorView) ID() string { return v.id }

// Now is the instant this handle evaluates at.
func (v *CreatorView) Now() time.Time { return v.now() }

// Profile is the creator's own record.
func (v *CreatorView) Profile() (model.Creator, error) { return v.b.st.Creator(v.id) }

// Sellers are the sellers the creator has a relation with.
func (v *CreatorView) Sellers() ([]store.Counterpart, error) { return v.b.st.CreatorRelations(v.id) }

// Seller is a seller's profile, for the inbox's names.
func (v *CreatorView) Seller(id string) (model.Seller, error) { return v.b.st.Seller(id) }

// Messages are the newest messages with a seller, at most limit.
func (v *CreatorView) Messages(seller string, limit int) ([]model.ChatMessage, error) {
	return v.b.st.Messages(seller, v.id, limit)
}

// Invites are the invitations the creator received.
func (v *CreatorView) Invites() ([]model.Invitation, error) {
	return v.b.st.InvitesOfCreator(v.id, v.now())
}

// Creator acts as one creator: replies, showcases, invitations and blocks.
// It has no way to act for a seller.
type Creator struct {
	b   *Backend
	id  string
	now func() time.Time
	ro  error // set for a read-only principal: every write refuses with it
}

// View is the creator's read-only handle.
func (c *Creator) View() *CreatorView { return &CreatorView{b: c.b, id: c.id, now: c.now} }

// Reply answers a seller; it connects the two.
func (c *Creator) Reply(seller, text string) (uint64, error) {
	if c.ro != nil {
		return 0, refuse("reply", c.ro)
	}
	return c.b.st.Reply(c.id, seller, text, c.now())
}

// Showcase features one of the seller's products; it connects the two.
func (c *Creator) Showcase(seller string) error {
	if c.ro != nil {
		return refuse("showcase", c.ro)
	}
	return c.b.st.ShowcaseAt(c.id, seller, c.now())
}

// Respond accepts or declines an invitation addressed to this creator.
func (c *Creator) Respond(invite uint64, accept bool) (model.Invitation, error) {
	if c.ro != nil {
		return model.Invitation{}, refuse("answer the invitation", c.ro)
	}
	return c.b.st.RespondInvite(c.id, invite, accept, c.now())
}

// Block blocks a seller as this creator.
func (c *Creator) Block(seller string) error {
	if c.ro != nil {
		return refuse("block", c.ro)
	}
	return c.b.st.SetBlocked(seller, c.id, store.ByCreator, true)
}

// Unblock lifts this creator's own block of a seller.
func (c *Creator) Unblock(seller string) error {
	if c.ro != nil {
		return refuse("unblock", c.ro)
	}
	return c.b.st.SetBlocked(seller, c.id, store.ByCreator, false)
}

// MarkRead marks the conversation with a seller read on the creator's side.
// A read-only handle changes nothing and says nothing.
func (c *Creator) MarkRead(seller string) error {
	if c.ro != nil {
		return nil
	}
	return c.b.st.MarkRead(seller, c.id, store.ByCreator)
}
