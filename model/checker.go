package model

import (
	"fmt"
	"time"
)

// ActionKind is the kind of outreach action.
type ActionKind uint8

const (
	// Invite is an invitation to a Target Collaboration.
	Invite ActionKind = iota
	// Message is a chat message.
	Message
)

// String is the action's name in logs and JSON.
func (k ActionKind) String() string {
	if k == Message {
		return "message"
	}
	return "invite"
}

// Reason is a decision's reason code, as named in the SPEC.
type Reason string

// The checker's reason codes, in rule order, and the one for idempotency.
const (
	ReasonUnknownSeller    Reason = "unknown-seller"
	ReasonUnknownCreator   Reason = "unknown-creator"
	ReasonBlockedByCreator Reason = "blocked-by-creator"
	ReasonBlockedBySeller  Reason = "blocked-by-seller"
	ReasonConnected        Reason = "connected"
	ReasonMessageCap       Reason = "message-cap"
	ReasonFollowerCap      Reason = "follower-cap"
	ReasonCounted          Reason = "counted-this-week"
	ReasonNewConnection    Reason = "new-connection"
	ReasonGranted          Reason = "granted"
	ReasonStarterPack      Reason = "starter-pack"
	ReasonQuotaExhausted   Reason = "quota-exhausted"
	ReasonIdemConflict     Reason = "idempotency-conflict"
)

// Subject is what the checker needs of one (seller, creator) pair.
type Subject struct {
	SellerKnown  bool
	CreatorKnown bool
	SellerID     string
	CreatorID    string
	Handle       string // for sentences; safe text
	Followers    int64
	Rel          Relation
}

// Decision is the checker's answer for one action.
type Decision struct {
	Allowed bool        `json:"allowed"`
	Reason  Reason      `json:"reason"`
	Message string      `json:"message"`
	Charged int         `json:"charged"`
	Credit  string      `json:"credit,omitempty"` // weekly, granted or starter-pack when charged
	Quota   QuotaStatus `json:"quota"`
}

// Check decides one outreach action of kind from s.SellerID to s.CreatorID,
// applying the SPEC's rules in order, and applies the decision's effect on
// the quota to q and s.Rel: the charge, the week's count, the
// unanswered-message count. A refused action changes nothing. The rules
// depend on the week, not on the instant: q.Week must be the week of the
// action.
func (p *Policy) Check(q *Quota, s *Subject, kind ActionKind) Decision {
	d := p.decide(q, s, kind)
	if d.Allowed {
		ws := q.Week.Start.Unix()
		if d.Charged == 1 {
			s.Rel.CountedWeek = ws
		}
		if kind == Message && !s.Rel.Connected {
			if s.Rel.MsgWeek != ws {
				s.Rel.MsgWeek, s.Rel.MsgCount = ws, 0
			}
			s.Rel.MsgCount++
		}
	}
	d.Quota = q.Status()
	return d
}

func (p *Policy) decide(q *Quota, s *Subject, kind ActionKind) Decision {
	who := "@" + s.Handle
	if s.Handle == "" {
		who = "creator " + s.CreatorID
	}
	reset := func() string { return q.Week.End.Format("Mon 2 Jan 15:04 MST") } // only refusals need it
	switch {
	case !s.SellerKnown:
		return refuse(ReasonUnknownSeller, "There is no seller %q.", Clip(SafeLine(s.SellerID), 64))
	case !s.CreatorKnown:
		return refuse(ReasonUnknownCreator, "There is no creator %q.", Clip(SafeLine(s.CreatorID), 64))
	case s.Rel.BlockedByCreator:
		return refuse(ReasonBlockedByCreator, "%s has blocked you; you can't contact them.", who)
	case s.Rel.BlockedBySeller:
		return refuse(ReasonBlockedBySeller, "You blocked %s; unblock them before reaching out.", who)
	case s.Rel.Connected:
		return allow(ReasonConnected, "", 0, "%s is connected with you: no credit needed.", who)
	case kind == Message && s.Rel.MessagesThisWeek(q.Week.Start) >= p.MessageCap:
		return refuse(ReasonMessageCap, "You have sent %s %d messages this week without a reply; wait for an answer or for the reset on %s.", who, p.MessageCap, reset())
	case kind == Invite && q.Week.FollowerCap != Unlimited && s.Followers > q.Week.FollowerCap:
		return refuse(ReasonFollowerCap, "%s has %s followers, above the %s invitation cap of %s; grow your GMV to reach a higher tier.", who, Thousands(s.Followers), q.Week.Tier, Thousands(q.Week.FollowerCap))
	case s.Rel.CountedIn(q.Week.Start):
		return allow(ReasonCounted, "", 0, "%s is already counted this week: no extra credit.", who)
	case q.Week.Limit == Unlimited:
		q.Week.WeeklyUsed++
		return allow(ReasonNewConnection, "weekly", 1, "New creator this week: 1 credit from your unlimited %s quota.", q.Week.Tier)
	case q.WeeklyLeft() > 0:
		q.Week.WeeklyUsed++
		return allow(ReasonNewConnection, "weekly", 1, "New creator this week: 1 weekly credit used, %d of %d left.", q.WeeklyLeft(), q.Week.Limit)
	case q.GrantedLeft() > 0:
		q.Week.GrantedUsed++
		return allow(ReasonGranted, "granted", 1, "Weekly limit reached: 1 support-granted credit used, %d left this week.", q.GrantedLeft())
	case q.PackLeft > 0:
		q.PackLeft--
		q.Week.PackUsed++
		return allow(ReasonStarterPack, "starter-pack", 1, "Weekly limit reached: 1 Starter Pack credit used, %d left.", q.PackLeft)
	}
	return refuse(ReasonQuotaExhausted, "You have reached this week's limit of %d new creators (%s); it resets on %s.", q.Week.Limit, q.Week.Tier, reset())
}

func refuse(r Reason, format string, a ...any) Decision {
	return Decision{Reason: r, Message: fmt.Sprintf(format, a...)}
}

func allow(r Reason, credit string, charged int, format string, a ...any) Decision {
	return Decision{Allowed: true, Reason: r, Credit: credit, Charged: charged, Message: fmt.Sprintf(format, a...)}
}

// Effects is what an allowed outreach action changes, for the store to
// apply in the same transaction: the seller's quota after the charge and the
// relation after the delivery. A message or an invitation is also recorded.
type Effects struct {
	Quota Quota
	Rel   Relation
}

// Send decides one outreach action of kind at now and returns the decision
// with, when it is allowed, the effects to apply (ok true); a refusal has
// none. q and s are not changed. q.Week must be the week containing now.
func (p *Policy) Send(q Quota, s Subject, kind ActionKind, now time.Time) (d Decision, eff Effects, ok bool) {
	d = p.Check(&q, &s, kind)
	if !d.Allowed {
		return d, Effects{}, false
	}
	return d, Effects{Quota: q, Rel: s.Rel.Delivered(kind, now)}, true
}

// DryRun decides a batch without charging anything: each subject is checked
// in order against a copy of q, so later ones see the credits earlier ones
// would spend. q and subjects are left as they were.
func (p *Policy) DryRun(q Quota, subjects []Subject, kind ActionKind) (ds []Decision, cost int) {
	ds = make([]Decision, len(subjects))
	rels := make(map[string]Relation, len(subjects))
	for i := range subjects {
		s := subjects[i] // a copy: the caller's relation is not touched
		if r, ok := rels[s.CreatorID]; ok {
			s.Rel = r // the same creator twice: the second sees the first's effect
		}
		ds[i] = p.Check(&q, &s, kind)
		rels[s.CreatorID] = s.Rel
		cost += ds[i].Charged
	}
	return ds, cost
}

// Thousands formats n with comma separators: 1234567 -> "1,234,567".
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
