package engage

import (
	"fmt"
	"time"

	"outreach/model"
)

// CampaignState is where a campaign is in its life.
type CampaignState string

// The SPEC's campaign states.
const (
	CampaignDraft     CampaignState = "draft"     // being written; nothing goes out
	CampaignScheduled CampaignState = "scheduled" // waiting for its next run
	CampaignRunning   CampaignState = "running"   // a run is sending
	CampaignPaused    CampaignState = "paused"    // held by the seller; resumable
	CampaignDone      CampaignState = "done"      // every run sent; final
	CampaignCanceled  CampaignState = "canceled"  // stopped for good by the seller; final
)

// ParseCampaignState reads a state name.
func ParseCampaignState(s string) (CampaignState, error) {
	switch st := CampaignState(s); st {
	case CampaignDraft, CampaignScheduled, CampaignRunning, CampaignPaused, CampaignDone, CampaignCanceled:
		return st, nil
	}
	return "", fmt.Errorf("campaign state %q: want draft, scheduled, running, paused, done or canceled: %w", model.Clip(model.SafeLine(s), 40), model.ErrInvalid)
}

// Final reports whether nothing can follow the state.
func (s CampaignState) Final() bool { return s == CampaignDone || s == CampaignCanceled }

// TransitionError is a state change a campaign may not make; its message
// is a sentence for the seller.
type TransitionError struct {
	Campaign string
	From, To CampaignState
	Msg      string
}

// Error is the sentence.
func (e *TransitionError) Error() string { return e.Msg }

// Unwrap makes an illegal transition bad input.
func (e *TransitionError) Unwrap() error { return model.ErrInvalid }

// CampaignTransition checks that a campaign may go from one state to
// another, or says why not. The allowed moves:
//
//	draft     -> scheduled (start with a later or repeating schedule), running (start now), canceled
//	scheduled -> running (a run falls due), paused, canceled
//	running   -> scheduled (a run ended and another is to come), done (the last run ended), paused, canceled
//	paused    -> scheduled (resume), running (resume with a run due), canceled
//	done, canceled: nothing
func CampaignTransition(name string, from, to CampaignState) error {
	ok := false
	switch from {
	case CampaignDraft:
		ok = to == CampaignScheduled || to == CampaignRunning || to == CampaignCanceled
	case CampaignScheduled:
		ok = to == CampaignRunning || to == CampaignPaused || to == CampaignCanceled
	case CampaignRunning:
		ok = to == CampaignScheduled || to == CampaignDone || to == CampaignPaused || to == CampaignCanceled
	case CampaignPaused:
		ok = to == CampaignScheduled || to == CampaignRunning || to == CampaignCanceled
	}
	if ok {
		return nil
	}
	n := model.Clip(model.SafeLine(name), 60)
	var msg string
	switch {
	case from == to:
		msg = fmt.Sprintf("Campaign %q is already %s.", n, from)
	case from == CampaignDone:
		msg = fmt.Sprintf("Campaign %q is done; create a new campaign to send again.", n)
	case from == CampaignCanceled:
		msg = fmt.Sprintf("Campaign %q was canceled; create a new campaign to send again.", n)
	case to == CampaignPaused:
		msg = fmt.Sprintf("Campaign %q is %s; only a scheduled or running campaign can be paused.", n, from)
	case to == CampaignDone:
		msg = fmt.Sprintf("Campaign %q is %s; only a running campaign can finish.", n, from)
	case to == CampaignDraft:
		msg = fmt.Sprintf("Campaign %q is %s; a campaign can't go back to draft, pause or cancel it instead.", n, from)
	default:
		msg = fmt.Sprintf("Campaign %q can't go from %s to %s.", n, from, to)
	}
	return &TransitionError{Campaign: n, From: from, To: to, Msg: msg}
}

// Overflow is what happens to sends this week's quota can't pay.
type Overflow string

// The overflow policies.
const (
	OverflowWait Overflow = "wait" // they wait for the next week's reset
	OverflowSkip Overflow = "skip" // they are skipped (refused, quota-exhausted)
)

// ParseOverflow reads --overflow; empty is wait.
func ParseOverflow(s string) (Overflow, error) {
	switch s {
	case "", string(OverflowWait):
		return OverflowWait, nil
	case string(OverflowSkip):
		return OverflowSkip, nil
	}
	return "", fmt.Errorf("overflow %q: want wait or skip: %w", model.Clip(model.SafeLine(s), 40), model.ErrInvalid)
}

// Outcome is what happened to one recipient of a campaign run.
type Outcome string

// The SPEC's per-recipient outcomes.
const (
	OutcomeSent    Outcome = "sent"
	OutcomeRefused Outcome = "refused" // with the checker's reason
	OutcomeWaiting Outcome = "waiting" // for the next week's quota
	OutcomeLeft    Outcome = "left"    // left a sequence on a reply or sale
)

// Campaign limits.
const (
	MaxCampaignNameRunes = 60
)

// ValidCampaignName checks a campaign name as saved: one line, 1..60 runes,
// made safe.
func ValidCampaignName(name string) (string, error) {
	n, err := model.LimitLine("campaign name", name, MaxCampaignNameRunes)
	if err != nil {
		return "", err
	}
	if n == "" {
		return "", fmt.Errorf("campaign name is empty: %w", model.ErrInvalid)
	}
	return n, nil
}

// RecipientResult is one recipient's outcome in a run, as the campaign's
// results and its JSON show it.
type RecipientResult struct {
	Creator string       `json:"creator"`
	Step    int          `json:"step"`
	Outcome Outcome      `json:"outcome"`
	Reason  model.Reason `json:"reason,omitempty"`
	Message string       `json:"message,omitempty"` // the checker's sentence
	Charged int          `json:"charged"`
	At      time.Time    `json:"at,omitzero"` // when sent, or when a waiting one goes
	Key     string       `json:"key"`
}
