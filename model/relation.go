package model

import "time"

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
