package seller

import (
	tea "github.com/charmbracelet/bubbletea"

	"outreach/backend"
	"outreach/model/program"
	"outreach/store"
	programui "outreach/ui/program"
	"outreach/ui/program/campaigns"
	"outreach/ui/shell"
)

// programHandle is what the Program screen reads of the seller's backend
// handle (*backend.Seller).
type programHandle interface {
	Window(p backend.Period) (program.Window, error)
	Affiliates(q store.ProgramQuery) (store.ProgramTable, error)
	SegmentEvaluations(limit int) ([]store.SegmentEvaluation, error)
	SegmentHistory(creator string) ([]store.SegmentStep, error)
	Flags(open bool) ([]store.AffiliateFlags, error)
	campaigns.Source
	campaigns.OfferSource
}

var _ programHandle = (*backend.Seller)(nil)

// programSource is the Program screen's source over the seller's handle:
// the one place that turns the backend's answers into the screen's.
type programSource struct{ h programHandle }

// Table is every affiliate's row over the last days days, with trends.
func (s programSource) Table(days int) (programui.Table, error) {
	w, err := s.h.Window(backend.LastDays(days))
	if err != nil {
		return programui.Table{}, err
	}
	t, err := s.h.Affiliates(store.ProgramQuery{Period: w, Trend: true})
	if err != nil {
		return programui.Table{}, err
	}
	return programui.Table{Today: t.Today, Period: t.Period, Rows: t.Rows}, nil
}

// Evaluation is the latest evaluation's counts (its results left out).
func (s programSource) Evaluation() (*program.SegmentRun, error) {
	evs, err := s.h.SegmentEvaluations(1)
	if err != nil || len(evs) == 0 {
		return nil, err
	}
	run := evs[0].SegmentRun
	run.Results = nil
	return &run, nil
}

// History is one affiliate's segment at every kept evaluation.
func (s programSource) History(creator string) ([]programui.Step, error) {
	steps, err := s.h.SegmentHistory(creator)
	if err != nil {
		return nil, err
	}
	out := make([]programui.Step, len(steps))
	for i, st := range steps {
		out[i] = programui.Step{AsOf: st.AsOf, Monthly: st.Monthly, SegmentResult: st.SegmentResult}
	}
	return out, nil
}

// Flags are one affiliate's flags, open and cleared.
func (s programSource) Flags(creator string) ([]program.FlagState, error) {
	fl, err := s.h.Flags(false)
	if err != nil {
		return nil, err
	}
	for _, f := range fl {
		if f.Creator == creator {
			return f.Flags, nil
		}
	}
	return nil, nil
}

// Templates are the seller's templates, the starter library included.
func (s programSource) Templates() ([]store.TemplateInfo, error) { return s.h.Templates() }

// Campaigns are the seller's campaigns with their counts.
func (s programSource) Campaigns() ([]store.CampaignInfo, error) { return s.h.Campaigns() }

// Campaign is one campaign with every recipient's result.
func (s programSource) Campaign(name string) (store.CampaignDetail, error) { return s.h.Campaign(name) }

// PreviewCampaign is what the campaign's next run would do and cost.
func (s programSource) PreviewCampaign(name string) (store.CampaignPreview, error) {
	return s.h.PreviewCampaign(name)
}

// CreateCampaign saves a draft campaign.
func (s programSource) CreateCampaign(sp store.CampaignSpec) (store.CampaignInfo, error) {
	return s.h.CreateCampaign(sp)
}

// StartCampaign starts or resumes a campaign and runs what is due of it.
func (s programSource) StartCampaign(name string) (store.CampaignInfo, store.RunReport, error) {
	return s.h.StartCampaign(name)
}

// PauseCampaign holds a campaign.
func (s programSource) PauseCampaign(name string) (store.CampaignInfo, error) {
	return s.h.PauseCampaign(name)
}

// CancelCampaign stops a campaign for good.
func (s programSource) CancelCampaign(name string) (store.CampaignInfo, error) {
	return s.h.CancelCampaign(name)
}

// Boosts are the seller's commission boosts.
func (s programSource) Boosts() ([]store.BoostInfo, error) { return s.h.Boosts() }

// Codes are the seller's exclusive codes.
func (s programSource) Codes() ([]store.CodeInfo, error) { return s.h.Codes() }

// Contests are the seller's contests with their leaderboards.
func (s programSource) Contests() ([]store.ContestInfo, error) { return s.h.Contests() }

// Surveys are the counts per answer of the why-inactive surveys.
func (s programSource) Surveys() (store.SurveyResults, error) { return s.h.Surveys() }

// AddBoost records a commission boost and announces it.
func (s programSource) AddBoost(sp store.BoostSpec) (store.BoostInfo, error) { return s.h.AddBoost(sp) }

var (
	_ campaigns.Source      = programSource{}
	_ campaigns.OfferSource = programSource{}
)

// The app is the Program screen's host.

// OpenChat shows the conversation with a creator in Messages.
func (a *app) OpenChat(creator string) tea.Cmd {
	return tea.Sequence(shell.SwitchTab(tabMessages), shell.Reply(a.messages, openChatMsg{creator}))
}

// OpenCreator shows a creator's profile in Find; esc comes back to Program.
func (a *app) OpenCreator(creator string) tea.Cmd { return a.openDetail(creator, tabProgram) }
