package model

import (
	"fmt"
	"time"
)

// Relation is everything between one seller and one creator.
type Relation struct {
	Connected        bool
	BlockedBySeller  bool
	BlockedByCreator bool
	Saved            bool
	// CountedWeek is the start (Unix seconds) of the latest week in which the
	// creator was charged as a new connection attempt; 0 if never.
	CountedWeek int64
	// MsgWeek and MsgCount count the seller's messages in the week starting
	// MsgWeek (Unix seconds) since the creator last replied.
	MsgWeek  int64
	MsgCount int
	// Conversation summary, for the message list.
	Messages       int   // messages in the conversation, both ways
	LastAt         int64 // Unix milliseconds of the latest message
	LastFromSeller bool
	SellerUnread   int // creator messages the seller has not opened
	CreatorUnread  int // seller messages and invitations the creator has not opened
	Invites        int // invitations sent, all states
}

// CountedIn reports whether the creator was charged in the week starting at ws.
func (r *Relation) CountedIn(ws time.Time) bool { return r.CountedWeek == ws.Unix() }

// MessagesThisWeek is the number of unanswered seller messages in the week starting at ws.
func (r *Relation) MessagesThisWeek(ws time.Time) int {
	if r.MsgWeek != ws.Unix() {
		return 0
	}
	return r.MsgCount
}

// Connect marks the creator as connected (for good) and clears the unanswered count.
func (r *Relation) Connect() {
	r.Connected = true
	r.MsgCount = 0
}

// Unreplied reports whether the latest message in the conversation is the seller's.
func (r *Relation) Unreplied() bool { return r.Messages > 0 && r.LastFromSeller }

// Side says who acts on a relation: the seller or the creator.
type Side uint8

// Sides of a relationship.
const (
	BySeller Side = iota
	ByCreator
)

// CreatorMayAct refuses a creator's reply or acceptance while either side
// blocks, with an error wrapping ErrBlocked.
func (r *Relation) CreatorMayAct() error {
	if r.BlockedByCreator {
		return fmt.Errorf("you blocked this seller; unblock them first: %w", ErrBlocked)
	}
	if r.BlockedBySeller {
		return fmt.Errorf("this seller has blocked you: %w", ErrBlocked)
	}
	return nil
}

// Delivered is r after an allowed seller action of kind at now: a message
// adds to the conversation, an invitation to the count; either is unread by
// the creator.
func (r Relation) Delivered(kind ActionKind, now time.Time) Relation {
	switch kind {
	case Message:
		r.Messages++
		r.LastAt = now.UnixMilli()
		r.LastFromSeller = true
	case Invite:
		r.Invites++
	}
	r.CreatorUnread++
	return r
}

// Replied is r after the creator wrote to the seller at now, which connects
// them; refused while either side blocks.
func (r Relation) Replied(now time.Time) (Relation, error) {
	if err := r.CreatorMayAct(); err != nil {
		return r, err
	}
	r.Connect()
	r.Messages++
	r.LastAt = now.UnixMilli()
	r.LastFromSeller = false
	r.SellerUnread++
	r.CreatorUnread = 0
	return r, nil
}

// Showcased is r after the creator featured one of the seller's products,
// which connects them.
func (r Relation) Showcased() Relation {
	r.Connect()
	return r
}

// Blocked is r after side blocks (on) or unblocks; each side lifts only its
// own block.
func (r Relation) Blocked(side Side, on bool) Relation {
	if side == ByCreator {
		r.BlockedByCreator = on
	} else {
		r.BlockedBySeller = on
	}
	return r
}

// Read is r after side opened the conversation.
func (r Relation) Read(side Side) Relation {
	if side == BySeller {
		r.SellerUnread = 0
	} else {
		r.CreatorUnread = 0
	}
	return r
}
