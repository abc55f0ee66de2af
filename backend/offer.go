package backend

import (
	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store"
)

// Boosts are the seller's commission boosts as of now.
func (v *SellerView) Boosts() ([]store.BoostInfo, error) { return v.b.st.Boosts(v.id, v.now()) }

// Codes are the seller's exclusive codes as of now.
func (v *SellerView) Codes() ([]store.CodeInfo, error) { return v.b.st.Codes(v.id, v.now()) }

// Contests are the seller's contests with their live leaderboards.
func (v *SellerView) Contests() ([]store.ContestInfo, error) { return v.b.st.Contests(v.id, v.now()) }

// Leaderboard is one contest with its leaderboard.
func (v *SellerView) Leaderboard(name string) (store.ContestInfo, error) {
	return v.b.st.Leaderboard(v.id, name, v.now())
}

// Surveys are the counts per answer of the seller's why-inactive surveys.
func (v *SellerView) Surveys() (store.SurveyResults, error) { return v.b.st.Surveys(v.id) }

// Kits are the seller's kits per segment.
func (v *SellerView) Kits() ([]offer.Kit, error) { return v.b.st.Kits(v.id) }

// AddBoost records a commission boost and announces it to each affiliate
// it covers (flagged ones left out) through the checker.
func (s *Seller) AddBoost(sp store.BoostSpec) (store.BoostInfo, error) {
	if s.ro != nil {
		return store.BoostInfo{}, refuse("add a boost", s.ro)
	}
	return s.b.st.AddBoost(s.id, sp, s.actor, s.now())
}

// AddCode records an exclusive code for one affiliate.
func (s *Seller) AddCode(sp store.CodeSpec) (offer.Code, error) {
	if s.ro != nil {
		return offer.Code{}, refuse("add a code", s.ro)
	}
	return s.b.st.AddCode(s.id, sp, s.now())
}

// AddContest records a contest.
func (s *Seller) AddContest(sp store.ContestSpec) (store.ContestInfo, error) {
	if s.ro != nil {
		return store.ContestInfo{}, refuse("add a contest", s.ro)
	}
	return s.b.st.AddContest(s.id, sp, s.now())
}

// DrawContest decides an ended contest with its recorded seed.
func (s *Seller) DrawContest(name string) (store.ContestInfo, error) {
	if s.ro != nil {
		return store.ContestInfo{}, refuse("draw a contest", s.ro)
	}
	return s.b.st.DrawContest(s.id, name, s.now())
}

// SendSurvey sends the why-inactive survey through the checker.
func (s *Seller) SendSurvey(sp store.SurveySpec) (store.SurveySent, error) {
	if s.ro != nil {
		return store.SurveySent{}, refuse("send a survey", s.ro)
	}
	return s.b.st.SendSurvey(s.id, sp, s.actor, s.now())
}

// AddKitItem adds an item to the seller's kit for a segment ("" for all).
func (s *Seller) AddKitItem(seg program.SegmentName, it offer.KitItem) (offer.Kit, error) {
	if s.ro != nil {
		return offer.Kit{}, refuse("add a kit item", s.ro)
	}
	return s.b.st.AddKitItem(s.id, seg, it, s.now())
}

// Offers are the boosts, codes, contests and surveys of every seller the
// creator is an affiliate of, as the creator's inbox shows them.
func (v *CreatorView) Offers() (store.CreatorOffers, error) { return v.b.st.OffersOf(v.id, v.now()) }
