package model

import (
	"errors"
	"testing"
	"time"
)

func TestRelationBookkeeping(t *testing.T) {
	at := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	base := Relation{MsgWeek: 1, MsgCount: 2, Messages: 3, CreatorUnread: 1, SellerUnread: 2}
	blockedBy := func(creator bool) Relation {
		r := base
		r.BlockedByCreator, r.BlockedBySeller = creator, !creator
		return r
	}
	cases := []struct {
		name string
		do   func(Relation) (Relation, error)
		in   Relation
		want Relation
		err  error
	}{
		{"message delivered", func(r Relation) (Relation, error) { return r.Delivered(Message, at), nil }, base,
			Relation{MsgWeek: 1, MsgCount: 2, Messages: 4, LastAt: at.UnixMilli(), LastFromSeller: true, CreatorUnread: 2, SellerUnread: 2}, nil},
		{"invite delivered", func(r Relation) (Relation, error) { return r.Delivered(Invite, at), nil }, base,
			Relation{MsgWeek: 1, MsgCount: 2, Messages: 3, Invites: 1, CreatorUnread: 2, SellerUnread: 2}, nil},
		{"reply connects", func(r Relation) (Relation, error) { return r.Replied(at) }, base,
			Relation{Connected: true, MsgWeek: 1, Messages: 4, LastAt: at.UnixMilli(), SellerUnread: 3}, nil},
		{"reply refused by own block", func(r Relation) (Relation, error) { return r.Replied(at) }, blockedBy(true), blockedBy(true), ErrBlocked},
		{"reply refused by seller block", func(r Relation) (Relation, error) { return r.Replied(at) }, blockedBy(false), blockedBy(false), ErrBlocked},
		{"showcase connects", func(r Relation) (Relation, error) { return r.Showcased(), nil }, base,
			Relation{Connected: true, MsgWeek: 1, Messages: 3, CreatorUnread: 1, SellerUnread: 2}, nil},
		{"creator blocks", func(r Relation) (Relation, error) { return r.Blocked(ByCreator, true), nil }, base, blockedBy(true), nil},
		{"seller lifts only its own block", func(r Relation) (Relation, error) { return r.Blocked(BySeller, false), nil }, blockedBy(true), blockedBy(true), nil},
		{"seller reads", func(r Relation) (Relation, error) { return r.Read(BySeller), nil }, base,
			Relation{MsgWeek: 1, MsgCount: 2, Messages: 3, CreatorUnread: 1}, nil},
		{"creator reads", func(r Relation) (Relation, error) { return r.Read(ByCreator), nil }, base,
			Relation{MsgWeek: 1, MsgCount: 2, Messages: 3, SellerUnread: 2}, nil},
	}
	for _, c := range cases {
		got, err := c.do(c.in)
		if !errors.Is(err, c.err) || (c.err == nil && got != c.want) {
			t.Errorf("%s: %+v %v, want %+v %v", c.name, got, err, c.want, c.err)
		}
	}
}

func TestInvitationAnswers(t *testing.T) {
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	pending := Invitation{ID: 7, State: Pending, Collab: &Collab{EndDate: now.Add(time.Hour)}}
	ended := Invitation{ID: 8, State: Pending, Collab: &Collab{EndDate: now}}
	cases := []struct {
		name    string
		inv     Invitation
		rel     Relation
		accept  bool
		state   InviteState
		connect bool
		err     error
	}{
		{"accept connects", pending, Relation{CreatorUnread: 1}, true, Accepted, true, nil},
		{"decline", pending, Relation{CreatorUnread: 1}, false, Declined, false, nil},
		{"accept while blocked", pending, Relation{BlockedBySeller: true}, true, Pending, false, ErrBlocked},
		{"decline while blocked", pending, Relation{BlockedByCreator: true}, false, Declined, false, nil},
		{"expired", ended, Relation{}, true, Pending, false, ErrInvalid},
		{"already accepted", Invitation{ID: 9, State: Accepted}, Relation{}, false, Accepted, false, ErrInvalid},
	}
	for _, c := range cases {
		inv, rel, err := c.inv.Answered(c.rel, c.accept, now)
		if !errors.Is(err, c.err) || inv.State != c.state || rel.Connected != c.connect {
			t.Errorf("%s: %s connected %v %v; want %s %v %v", c.name, inv.State, rel.Connected, err, c.state, c.connect, c.err)
		}
		if err == nil && (rel.CreatorUnread != max(0, c.rel.CreatorUnread-1) || !inv.Updated.Equal(now)) {
			t.Errorf("%s: unread %d updated %s", c.name, rel.CreatorUnread, inv.Updated)
		}
	}
	if st := ended.StateAt(now); st != Expired {
		t.Errorf("ended collaboration: %s", st)
	}
	if inv, err := pending.Canceled(now); err != nil || inv.State != Canceled {
		t.Errorf("cancel: %s %v", inv.State, err)
	}
	if _, err := ended.Canceled(now); !errors.Is(err, ErrInvalid) {
		t.Errorf("cancel expired: %v", err)
	}
}

// Send returns the decision and the effects without changing its inputs;
// a refusal has no effects.
func TestSendEffects(t *testing.T) {
	p := DefaultPolicy()
	ws, _, _ := checkWeek()
	q := Quota{Week: p.EvaluateWeek(ws, time.UTC, 50_00)}
	s := Subject{SellerKnown: true, CreatorKnown: true, SellerID: "s", CreatorID: "c", Handle: "h", Followers: 10}
	d, eff, ok := p.Send(q, s, Message, checkNow)
	if !ok || !d.Allowed || d.Charged != 1 {
		t.Fatalf("send: %+v %v", d, ok)
	}
	if q.Week.WeeklyUsed != 0 || s.Rel != (Relation{}) {
		t.Fatal("Send changed its inputs")
	}
	if eff.Quota.Week.WeeklyUsed != 1 || eff.Rel.CountedWeek != ws.Unix() || eff.Rel.MsgCount != 1 ||
		eff.Rel.Messages != 1 || eff.Rel.LastAt != checkNow.UnixMilli() || eff.Rel.CreatorUnread != 1 {
		t.Fatalf("effects %+v", eff)
	}
	s.Rel.BlockedByCreator = true
	if d, eff, ok := p.Send(q, s, Message, checkNow); ok || d.Allowed || eff != (Effects{}) {
		t.Fatalf("refusal has effects: %+v %+v", d, eff)
	}
}
