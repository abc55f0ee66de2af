package backend

import (
	"outreach/model/engage"
	"outreach/store"
)

// Templates are the seller's templates: the starter library and its own.
func (v *SellerView) Templates() ([]store.TemplateInfo, error) { return v.b.st.Templates(v.id) }

// Template is one of the seller's templates.
func (v *SellerView) Template(name string) (store.TemplateInfo, error) {
	return v.b.st.Template(v.id, name)
}

// Campaigns are the seller's campaigns with their counts per outcome.
func (v *SellerView) Campaigns() ([]store.CampaignInfo, error) { return v.b.st.Campaigns(v.id) }

// Campaign is one campaign with every recipient's result.
func (v *SellerView) Campaign(name string) (store.CampaignDetail, error) {
	return v.b.st.Campaign(v.id, name)
}

// PreviewCampaign is what the campaign's next run would do now, per
// recipient with its message, and what it would cost. It writes nothing.
func (v *SellerView) PreviewCampaign(name string) (store.CampaignPreview, error) {
	return v.b.st.PreviewCampaign(v.id, name, v.now())
}

// AddTemplate checks and saves a template (replace: over one of the same name).
func (s *Seller) AddTemplate(t *engage.Template, replace bool) (store.TemplateInfo, error) {
	if s.ro != nil {
		return store.TemplateInfo{}, refuse("add a template", s.ro)
	}
	return s.b.st.AddTemplate(s.id, t, replace, s.now())
}

// RemoveTemplate removes a template (a starter one is hidden).
func (s *Seller) RemoveTemplate(name string) error {
	if s.ro != nil {
		return refuse("remove a template", s.ro)
	}
	return s.b.st.RemoveTemplate(s.id, name, s.now())
}

// CreateCampaign saves a draft campaign.
func (s *Seller) CreateCampaign(sp store.CampaignSpec) (store.CampaignInfo, error) {
	if s.ro != nil {
		return store.CampaignInfo{}, refuse("create a campaign", s.ro)
	}
	return s.b.st.CreateCampaign(s.id, sp, s.now())
}

// StartCampaign starts a draft campaign or resumes a paused one, and
// carries out at once what is due of it (the first run, when it has come).
func (s *Seller) StartCampaign(name string) (store.CampaignInfo, store.RunReport, error) {
	if s.ro != nil {
		return store.CampaignInfo{}, store.RunReport{}, refuse("start a campaign", s.ro)
	}
	info, err := s.b.st.StartCampaign(s.id, name, s.now())
	if err != nil {
		return info, store.RunReport{}, err
	}
	rep, err := s.b.st.RunCampaign(s.id, name, s.now())
	return info, rep, err
}

// PauseCampaign holds a scheduled or running campaign.
func (s *Seller) PauseCampaign(name string) (store.CampaignInfo, error) {
	if s.ro != nil {
		return store.CampaignInfo{}, refuse("pause a campaign", s.ro)
	}
	return s.b.st.PauseCampaign(s.id, name, s.now())
}

// CancelCampaign stops a campaign for good.
func (s *Seller) CancelCampaign(name string) (store.CampaignInfo, error) {
	if s.ro != nil {
		return store.CampaignInfo{}, refuse("cancel a campaign", s.ro)
	}
	return s.b.st.CancelCampaign(s.id, name, s.now())
}

// RunDueCampaigns carries out every seller's due campaigns at the handle's
// instant (`campaign run-due`).
func (a *Admin) RunDueCampaigns() ([]store.RunReport, error) {
	if a.ro != nil {
		return nil, refuse("run campaigns", a.ro)
	}
	return a.b.st.RunDue(a.now())
}

// RunDueCampaigns carries out every seller's due campaigns at the backend
// clock: the server calls it while it serves (see Housekeep).
func (b *Backend) RunDueCampaigns() ([]store.RunReport, error) { return b.st.RunDue(b.now()) }

// CampaignMetrics are what followed the campaign's messages as of the
// handle's instant: reply and action rates, lapsed affiliates revived,
// code uses (SPEC "Program metrics"). It writes nothing.
func (v *SellerView) CampaignMetrics(name string) (engage.CampaignMetrics, error) {
	return v.b.st.CampaignMetrics(v.id, name, v.now())
}
