package engage

import (
	"fmt"
	"time"

	"outreach/model"
)

// Campaign is a seller's campaign as saved: what it sends (one template, or
// a sequence of templates), to whom, when, and what happens when the week's
// quota runs out. Results per run and recipient are kept beside it as
// RecipientResult records.
type Campaign struct {
	ID       string        `json:"id"`
	Seller   string        `json:"seller"`
	Name     string        `json:"name"`
	State    CampaignState `json:"state"`
	Template string        `json:"template,omitempty"` // one template ...
	Sequence *Sequence     `json:"sequence,omitempty"` // ... or a sequence
	Audience Audience      `json:"audience"`
	Schedule *Schedule     `json:"schedule"`
	Overflow Overflow      `json:"overflow"`
	Created  time.Time     `json:"created"`
	LastRun  time.Time     `json:"last_run,omitzero"` // instant of the last run carried out
	Runs     int           `json:"runs"`              // runs carried out
}

// Validate checks a campaign as it is created or edited: its name, exactly
// one of a template and a sequence (the sequence valid), the audience (not
// empty), a schedule, the overflow choice. It makes the name safe and
// normalises the audience in place; an empty overflow is wait, an empty
// state is draft. The error names the campaign.
func (c *Campaign) Validate() error {
	n, err := ValidCampaignName(c.Name)
	if err != nil {
		return err
	}
	c.Name = n
	if c.State == "" {
		c.State = CampaignDraft
	}
	if _, err := ParseCampaignState(string(c.State)); err != nil {
		return fmt.Errorf("campaign %q: %w", n, err)
	}
	switch {
	case c.Template == "" && c.Sequence == nil:
		return fmt.Errorf("campaign %q: no template and no sequence: %w", n, model.ErrInvalid)
	case c.Template != "" && c.Sequence != nil:
		return fmt.Errorf("campaign %q: a template or a sequence, not both: %w", n, model.ErrInvalid)
	case c.Sequence != nil:
		if err := c.Sequence.Validate(); err != nil {
			return fmt.Errorf("campaign %q: %w", n, err)
		}
	}
	if err := c.Audience.Validate(); err != nil {
		return fmt.Errorf("campaign %q: %w", n, err)
	}
	if c.Schedule == nil {
		return fmt.Errorf("campaign %q: no schedule: %w", n, model.ErrInvalid)
	}
	if c.Overflow, err = ParseOverflow(string(c.Overflow)); err != nil {
		return fmt.Errorf("campaign %q: %w", n, err)
	}
	return nil
}

// DueRuns lists the runs of the campaign due at now (see Schedule.Due):
// none unless it is scheduled or running.
func (c *Campaign) DueRuns(now time.Time) (runs []Run, missed int) {
	if c.State != CampaignScheduled && c.State != CampaignRunning || c.Schedule == nil {
		return nil, 0
	}
	return c.Schedule.Due(c.LastRun, now)
}

// AfterRun is the state once a run has been carried out at at: scheduled
// when another run is to come, done otherwise.
func (c *Campaign) AfterRun(at time.Time) CampaignState {
	if c.Schedule != nil && !c.Schedule.Next(at).IsZero() {
		return CampaignScheduled
	}
	return CampaignDone
}
