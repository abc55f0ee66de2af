package program

import (
	"fmt"
	"strings"
	"time"

	"outreach/model"
)

// JoinEvent is what made a creator an affiliate of a seller.
type JoinEvent uint8

// Join events (SPEC "Affiliates and their performance"): an accepted
// invitation or a showcased product. JoinPerformance is for performance that
// arrives for a creator with neither on record (an open collaboration seen
// only in the seller's data); the store decides whether to accept it.
const (
	JoinNone JoinEvent = iota
	JoinInvitation
	JoinShowcase
	JoinPerformance
)

// String is the event's name in JSON and on screen.
func (e JoinEvent) String() string {
	switch e {
	case JoinInvitation:
		return "invitation"
	case JoinShowcase:
		return "showcase"
	case JoinPerformance:
		return "performance"
	}
	return ""
}

// Attribution is the set of ways an affiliate's orders were attributed.
type Attribution uint8

// Attribution kinds: a Target Collaboration, an open collaboration, one of
// the seller's codes.
const (
	AttrCollab Attribution = 1 << iota
	AttrOpen
	AttrCode
)

// String lists the kinds, comma-separated: "collaboration,code".
func (a Attribution) String() string {
	var parts []string
	for _, k := range [...]struct {
		bit  Attribution
		name string
	}{{AttrCollab, "collaboration"}, {AttrOpen, "open"}, {AttrCode, "code"}} {
		if a&k.bit != 0 {
			parts = append(parts, k.name)
		}
	}
	return strings.Join(parts, ",")
}

// Has reports whether every kind of k is in a.
func (a Attribution) Has(k Attribution) bool { return a&k == k && k != 0 }

// ProgramAffiliate is a creator in a seller's program (an "affiliate" of the
// SPEC; the name Affiliate is the creator type).
type ProgramAffiliate struct {
	SellerID  string
	CreatorID string
	Joined    time.Time // the first qualifying event
	JoinedDay Day       // Joined as a day of the seller's zone
	Via       JoinEvent
	Attribution
}

// Join records a qualifying event at `at` (day is at in the seller's zone):
// the affiliate joined at the first such event, so an earlier event moves
// the join back and a later one only adds its attribution. A Target
// Collaboration invitation attributes to collaboration; any other invitation
// or a showcase to open collaboration. It reports whether a changed.
func (a *ProgramAffiliate) Join(ev JoinEvent, collab bool, at time.Time, day Day) (bool, error) {
	if ev == JoinNone || ev > JoinPerformance {
		return false, fmt.Errorf("join event %d: %w", ev, model.ErrInvalid)
	}
	if err := model.CheckInstant(at); err != nil {
		return false, err
	}
	if !day.Valid() {
		return false, fmt.Errorf("join day %s: %w", day, model.ErrInvalid)
	}
	before := *a
	if a.Via == JoinNone || at.Before(a.Joined) {
		a.Joined, a.JoinedDay, a.Via = at, day, ev
	}
	switch {
	case ev == JoinInvitation && collab:
		a.Attribution |= AttrCollab
	case ev != JoinPerformance:
		a.Attribution |= AttrOpen
	}
	return *a != before, nil
}

// NoteDay adds the attribution a performance day shows: a code.
func (a *ProgramAffiliate) NoteDay(d *PerfDay) bool {
	if d.Code != "" && d.Orders > 0 && a.Attribution&AttrCode == 0 {
		a.Attribution |= AttrCode
		return true
	}
	return false
}
