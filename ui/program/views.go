package program

import (
	tea "github.com/charmbracelet/bubbletea"

	"outreach/ui/program/campaigns"
	"outreach/ui/shell"
)

// viewEnv is what the Campaigns and Offers views take from the pane.
func (p *Pane) viewEnv() campaigns.Env {
	pk := p.keys
	return campaigns.Env{S: p.s, Owner: p, Handle: p.handleOf, Keys: campaigns.Keys{
		NewCampaign: pk.NewCampaign, PreviewCampaign: pk.PreviewCampaign, StartCampaign: pk.StartCampaign,
		PauseCampaign: pk.PauseCampaign, CancelCampaign: pk.CancelCampaign, AddBoost: pk.AddBoost,
	}}
}

// openCampaigns shows the Campaigns view (when the source has campaigns)
// and loads the list.
func (p *Pane) openCampaigns() tea.Cmd {
	cs, _ := p.src.(campaigns.Source)
	if cs == nil {
		return shell.StatusCmd("Campaigns cannot be read in this session.", true)
	}
	p.camp = campaigns.New(p.viewEnv(), cs)
	p.camp.SetSize(p.w, p.h)
	return p.camp.Open()
}

// openOffers shows the Offers view (when the source has offers) and loads it.
func (p *Pane) openOffers() tea.Cmd {
	os, _ := p.src.(campaigns.OfferSource)
	if os == nil {
		return shell.StatusCmd("Offers cannot be read in this session.", true)
	}
	p.off = campaigns.NewOffers(p.viewEnv(), os)
	p.off.SetSize(p.w, p.h)
	return p.off.Reload()
}

// handleOf is a creator's handle from the loaded affiliate table, the id
// when the table does not hold it.
func (p *Pane) handleOf(id string) string {
	if p.loaded != nil {
		if i, ok := p.set.find(id); ok {
			return "@" + p.set.rows[i].Handle
		}
	}
	return id
}
