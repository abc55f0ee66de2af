package engage

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"outreach/model"
)

// MaxSendKeyLen is the SPEC's bound on an idempotency key.
const MaxSendKeyLen = 128

// Key part bounds: a part longer than this, or not plain, is hashed.
const (
	keyCampaignMax  = 40
	keyRecipientMax = 64
)

// SendKey is the idempotency key of one send: campaign/run/step/recipient,
// so a run repeated after a crash sends nothing twice. It is printable
// ASCII and at most 128 bytes for any input: a campaign id longer than 40
// bytes or a recipient id longer than 64, or one with a character outside
// A-Z a-z 0-9 . _ -, is replaced by "~" and the first 16 hex digits of its
// SHA-256 ("~" never appears in a plain part, so the two forms can't meet).
// With run and step as uint32 the worst case is 40+64+10+10+3 = 127 bytes.
func SendKey(campaign string, run, step uint32, recipient string) string {
	b := make([]byte, 0, MaxSendKeyLen)
	b = appendKeyPart(b, campaign, keyCampaignMax)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(run), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(step), 10)
	b = append(b, '/')
	b = appendKeyPart(b, recipient, keyRecipientMax)
	return string(b)
}

func appendKeyPart(b []byte, s string, max int) []byte {
	plain := s != "" && len(s) <= max
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
	}
	if plain {
		return append(b, s...)
	}
	sum := sha256.Sum256([]byte(s))
	b = append(b, '~')
	return hex.AppendEncode(b, sum[:8])
}

// PlanEntry is one recipient's planned outcome in a run.
type PlanEntry struct {
	Creator string       `json:"creator"`
	Outcome Outcome      `json:"outcome"`
	Reason  model.Reason `json:"reason"`
	Message string       `json:"message"` // the checker's sentence
	Charged int          `json:"charged"`
	At      time.Time    `json:"at"` // now for a send, the reset for a waiting one
}

// Plan is what a run will do, per recipient and in total: the preview the
// seller sees before anything is sent, and the list a run carries out.
type Plan struct {
	Entries   []PlanEntry `json:"recipients"`
	Send      int         `json:"send"`
	Waiting   int         `json:"waiting"`
	Refused   int         `json:"refused"`
	Cost      int         `json:"cost"`                // credits the sends charge
	WaitUntil time.Time   `json:"wait_until,omitzero"` // the next week's start, when anything waits
}

// PlanRun plans a run at now for recipients, given the checker's dry-run
// decision for each (Policy.DryRun, in the same order) and the overflow
// choice: an allowed decision is sent now; a quota-exhausted one waits for
// the next week's reset in loc (NextWeekStart) with OverflowWait, or is
// refused with OverflowSkip; every other refusal (a block, the message cap)
// is refused with the checker's reason.
func PlanRun(recipients []string, ds []model.Decision, overflow Overflow, now time.Time, loc *time.Location) (Plan, error) {
	if len(recipients) != len(ds) {
		return Plan{}, fmt.Errorf("plan: %d recipients but %d decisions: %w", len(recipients), len(ds), model.ErrInvalid)
	}
	if overflow != OverflowWait && overflow != OverflowSkip {
		return Plan{}, fmt.Errorf("plan: overflow %q: want wait or skip: %w", overflow, model.ErrInvalid)
	}
	p := Plan{Entries: make([]PlanEntry, len(recipients))}
	var reset time.Time
	for i, id := range recipients {
		d := &ds[i]
		e := PlanEntry{Creator: id, Reason: d.Reason, Message: d.Message, Charged: d.Charged, At: now}
		switch {
		case d.Allowed:
			e.Outcome = OutcomeSent
			p.Send++
			p.Cost += d.Charged
		case d.Reason == model.ReasonQuotaExhausted && overflow == OverflowWait:
			if reset.IsZero() {
				reset = model.NextWeekStart(now, loc)
			}
			e.Outcome, e.At = OutcomeWaiting, reset
			p.Waiting++
		default:
			e.Outcome = OutcomeRefused
			p.Refused++
		}
		p.Entries[i] = e
	}
	p.WaitUntil = reset
	return p, nil
}
