package backend

import (
	"outreach/model/engage"
	"outreach/store"
)

// Milestones (SPEC "Campaigns"): the seller's triggers, and the drafts
// that wait for its approval. Detection runs in housekeeping (see
// Housekeep) and after the writes that move an affiliate's facts
// (CheckMilestones).

// Milestones are the seller's milestone rules.
func (v *SellerView) Milestones() ([]engage.MilestoneRule, error) { return v.b.st.Milestones(v.id) }

// Drafts are the milestone messages waiting for the seller's approval.
func (v *SellerView) Drafts() ([]store.MilestoneDraft, error) { return v.b.st.Drafts(v.id) }

// SetMilestone adds or replaces the rule for a trigger.
func (s *Seller) SetMilestone(r engage.MilestoneRule) ([]engage.MilestoneRule, error) {
	if s.ro != nil {
		return nil, refuse("set a milestone", s.ro)
	}
	return s.b.st.SetMilestone(s.id, r, s.now())
}

// RemoveMilestone removes the rule for a trigger.
func (s *Seller) RemoveMilestone(r engage.MilestoneRule) ([]engage.MilestoneRule, error) {
	if s.ro != nil {
		return nil, refuse("remove a milestone", s.ro)
	}
	return s.b.st.RemoveMilestone(s.id, r)
}

// CheckMilestones runs the milestone pass for this seller now: what its
// affiliates crossed since the last pass is sent or drafted, once.
func (s *Seller) CheckMilestones() ([]store.MilestoneSent, error) {
	if s.ro != nil {
		return nil, refuse("check milestones", s.ro)
	}
	return s.b.st.CheckSellerMilestones(s.id, s.now())
}

// ApproveDraft sends a draft through the checker and removes it.
func (s *Seller) ApproveDraft(id string) (store.MilestoneSent, error) {
	if s.ro != nil {
		return store.MilestoneSent{}, refuse("approve a draft", s.ro)
	}
	res, _, err := s.b.st.ApproveDraft(s.id, id, s.actor, s.now())
	return res, err
}

// DiscardDraft removes a draft without sending it.
func (s *Seller) DiscardDraft(id string) error {
	if s.ro != nil {
		return refuse("discard a draft", s.ro)
	}
	return s.b.st.DiscardDraft(s.id, id)
}
