package model

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Seller is a seller account.
type Seller struct {
	ID         string
	Name       string
	TZ         string // IANA zone; "" is UTC
	Categories []string
	Created    time.Time
	// HadGMV is set once any GMV is recorded; a seller without it receives
	// the Starter Pack the first time a quota is evaluated.
	HadGMV      bool
	PackGranted bool
	PackLeft    int
}

// Validate checks a seller's fields and makes its text safe.
func (s *Seller) Validate() error {
	if err := ValidID("seller id", s.ID); err != nil {
		return err
	}
	var err error
	if s.Name, err = LimitLine("name", s.Name, MaxNameRunes); err != nil {
		return err
	}
	if s.Name == "" {
		s.Name = s.ID
	}
	if _, err := LoadZone(s.TZ); err != nil {
		return err
	}
	s.Categories, err = CleanCategories(s.Categories)
	return err
}

// Location is the seller's zone; an unknown zone (validated on the way in)
// falls back to UTC.
func (s *Seller) Location() *time.Location {
	loc, err := LoadZone(s.TZ)
	if err != nil {
		return time.UTC
	}
	return loc
}

// MaxMessageRunes bounds a chat message.
const MaxMessageRunes = 2000

// ChatMessage is one message of a seller-creator conversation.
type ChatMessage struct {
	Seq        uint64
	SellerID   string
	CreatorID  string
	FromSeller bool
	Text       string
	At         time.Time
	Invite     uint64 // the invitation it came with, if any
}

// InviteState is the life of an invitation.
type InviteState uint8

// Invitation states.
const (
	Pending InviteState = iota
	Accepted
	Declined
	Expired
	Canceled
)

// String is the state's name.
func (s InviteState) String() string {
	return [...]string{"pending", "accepted", "declined", "expired", "canceled"}[s%5]
}

// Product is one product of a Target Collaboration with its commission.
type Product struct {
	ID         string  `json:"id"`
	Commission float64 `json:"commission"` // percent, 1..80
}

// Collab is the Target Collaboration an invitation offers.
type Collab struct {
	Name       string    `json:"name"`
	Products   []Product `json:"products"`
	FreeSample bool      `json:"free_sample"`
	EndDate    time.Time `json:"end_date"`
	Message    string    `json:"message"`
	Email      string    `json:"email"`
}

// Collab field limits.
const (
	MaxCollabProducts    = 100
	MaxCollabMessage     = 500
	MaxCollabCreators    = 50
	MinCommission        = 1.0
	MaxCommission        = 80.0
	MaxCollabNameRunes   = 100
	MaxInviteMessageRune = 500
)

// Validate checks a Target Collaboration as of now; the error names the field.
func (c *Collab) Validate(now time.Time) error {
	var err error
	if c.Name, err = LimitLine("name", c.Name, MaxCollabNameRunes); err != nil {
		return err
	}
	if c.Name == "" {
		return fmt.Errorf("name is empty: %w", ErrInvalid)
	}
	if len(c.Products) < 1 || len(c.Products) > MaxCollabProducts {
		return fmt.Errorf("products: %d given, want 1 to %d: %w", len(c.Products), MaxCollabProducts, ErrInvalid)
	}
	seen := map[string]bool{}
	for i := range c.Products {
		p := &c.Products[i]
		if err := ValidID(fmt.Sprintf("products[%d].id", i+1), p.ID); err != nil {
			return err
		}
		if seen[p.ID] {
			return fmt.Errorf("products: %q appears twice: %w", p.ID, ErrInvalid)
		}
		seen[p.ID] = true
		if !(p.Commission >= MinCommission && p.Commission <= MaxCommission) {
			return fmt.Errorf("products[%d].commission %.4g%%: want %g%% to %g%%: %w", i+1, p.Commission, MinCommission, MaxCommission, ErrInvalid)
		}
	}
	if !c.EndDate.After(now) {
		return fmt.Errorf("end date %s: must be in the future: %w", c.EndDate.Format(DayLayout), ErrInvalid)
	}
	if c.Message, err = LimitText("message", c.Message, MaxCollabMessage); err != nil {
		return err
	}
	c.Email = strings.TrimSpace(c.Email)
	if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || len(c.Email) > 254 {
		return fmt.Errorf("contact email %q: want an address like name@example.com: %w", Clip(SafeLine(c.Email), 60), ErrInvalid)
	}
	return nil
}

// Invitation is an invitation from a seller to a creator.
type Invitation struct {
	ID        uint64
	SellerID  string
	CreatorID string
	State     InviteState
	Collab    *Collab // nil for a plain invitation from the CLI
	Message   string
	At        time.Time
	Updated   time.Time
}

// DecisionRecord is one entry of a seller's decision log, allowed and refused alike.
type DecisionRecord struct {
	Seq       uint64    `json:"seq"`
	At        time.Time `json:"at"`
	SellerID  string    `json:"seller"`
	CreatorID string    `json:"creator"`
	Kind      string    `json:"kind"`
	Allowed   bool      `json:"allowed"`
	Reason    Reason    `json:"reason"`
	Message   string    `json:"message"`
	Charged   int       `json:"charged"`
	Credit    string    `json:"credit,omitempty"`
	Key       string    `json:"key,omitempty"`
	Actor     string    `json:"actor,omitempty"`
	DryRun    bool      `json:"-"`
}

// AuditEntry is one audited agent or admin action.
type AuditEntry struct {
	Seq      uint64    `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Action   string    `json:"action"`
	SellerID string    `json:"seller,omitempty"`
	Detail   string    `json:"detail"`
	Reason   string    `json:"reason,omitempty"`
}

// MaxReasonRunes bounds the reason of a grant or note.
const MaxReasonRunes = 500

// StateAt is the invitation's state as of now: a pending invitation whose
// collaboration has ended is expired.
func (inv *Invitation) StateAt(now time.Time) InviteState {
	if inv.State == Pending && inv.Collab != nil && !inv.Collab.EndDate.After(now) {
		return Expired
	}
	return inv.State
}

// Answered is the invitation and the relation after the creator accepts
// (which connects them; refused while either side blocks) or declines it at
// now. Only a pending invitation can be answered.
func (inv Invitation) Answered(r Relation, accept bool, now time.Time) (Invitation, Relation, error) {
	if st := inv.StateAt(now); st != Pending {
		return inv, r, fmt.Errorf("invitation %d is %s, not pending: %w", inv.ID, st, ErrInvalid)
	}
	if accept {
		if err := r.CreatorMayAct(); err != nil {
			return inv, r, err
		}
		inv.State = Accepted
		r.Connect()
	} else {
		inv.State = Declined
	}
	inv.Updated = now
	r.CreatorUnread = max(0, r.CreatorUnread-1)
	return inv, r, nil
}

// Canceled is the invitation after the seller withdraws it at now; only a
// pending invitation can be withdrawn.
func (inv Invitation) Canceled(now time.Time) (Invitation, error) {
	if st := inv.StateAt(now); st != Pending {
		return inv, fmt.Errorf("invitation %d is %s, not pending: %w", inv.ID, st, ErrInvalid)
	}
	inv.State, inv.Updated = Canceled, now
	return inv, nil
}
