package program

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"outreach/model/engage"
	mprogram "outreach/model/program"
	"outreach/store"
	"outreach/ui/uitest"
)

// campFake is a program with campaigns that answer as told.
type campFake struct {
	*fakeSource
	preview store.CampaignPreview
	created []store.CampaignSpec
	err     error
}

func (f *campFake) Templates() ([]store.TemplateInfo, error) {
	return []store.TemplateInfo{{Template: &engage.Template{Name: "winback"}, Starter: true}}, nil
}
func (f *campFake) Campaigns() ([]store.CampaignInfo, error) { return nil, nil }
func (f *campFake) Campaign(string) (store.CampaignDetail, error) {
	return store.CampaignDetail{}, nil
}
func (f *campFake) PreviewCampaign(string) (store.CampaignPreview, error) { return f.preview, nil }
func (f *campFake) CreateCampaign(sp store.CampaignSpec) (store.CampaignInfo, error) {
	if f.err != nil {
		return store.CampaignInfo{}, f.err
	}
	f.created = append(f.created, sp)
	return store.CampaignInfo{Campaign: engage.Campaign{Name: sp.Name, State: engage.CampaignDraft}}, nil
}
func (f *campFake) StartCampaign(string) (store.CampaignInfo, store.RunReport, error) {
	return store.CampaignInfo{}, store.RunReport{}, nil
}
func (f *campFake) PauseCampaign(string) (store.CampaignInfo, error) {
	return store.CampaignInfo{}, nil
}
func (f *campFake) CancelCampaign(string) (store.CampaignInfo, error) {
	return store.CampaignInfo{}, nil
}

// press is d.Key that also knows left and right.
func press(d *uitest.Driver, keys ...string) {
	for _, k := range keys {
		switch k {
		case "right", "left":
			t := tea.KeyRight
			if k == "left" {
				t = tea.KeyLeft
			}
			_, cmd := d.M.Update(tea.KeyMsg{Type: t})
			d.Run(cmd)
		default:
			d.Key(k)
		}
	}
}

func typeKeys(s string) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
	}
	return out
}

// TestCampaignForm: what the form sends for each choice, and the error of
// each field in its place.
func TestCampaignForm(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		keys    []string
		storeEr error
		want    *store.CampaignSpec // nil: nothing created
		errs    []string            // each shown on screen
	}{
		{"inactive now", typeKeys("W"), nil,
			&store.CampaignSpec{Name: "W", Template: "winback", Audience: engage.Audience{Segments: []mprogram.SegmentName{mprogram.SegmentInactive}}, Overflow: engage.OverflowWait}, nil},
		{"lapsed weekly skip", append(typeKeys("W"), "tab", "tab", "right", "tab", "right", "right", "tab", "2", "0", "2", "6", "-", "1", "2", "-", "0", "1", " ", "0", "9", ":", "3", "0", "tab", "right"), nil,
			&store.CampaignSpec{Name: "W", Template: "winback", Audience: engage.Audience{Kinds: []mprogram.InactiveKind{mprogram.KindLapsed}}, Repeat: engage.Weekly, At: at, Overflow: engage.OverflowSkip}, nil},
		{"no name", nil, nil, nil, []string{"Give the campaign a name."}},
		{"bad time", append(typeKeys("W"), "tab", "tab", "tab", "right", "tab", "x"), nil, nil, []string{"Write the time as YYYY-MM-DD HH:MM."}},
		{"store: name taken", typeKeys("W"), fmt.Errorf("campaign %q: %w", "W", store.ErrCampaignExists), nil, []string{"already has a campaign of that name"}},
		{"store: empty audience", typeKeys("W"), errors.New("campaign \"W\": the audience selects nobody"), nil, []string{"Campaign \"W\": the audience selects nobody"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &campFake{fakeSource: newFakeSource(5), err: tc.storeEr}
			r, _ := newRoot(t, src, &fakeHost{})
			d := uitest.NewDriver(t, r, 100, 30)
			d.Key("c", "n")
			press(d, tc.keys...)
			d.Key("ctrl+s")
			switch {
			case tc.want == nil && len(src.created) > 0:
				t.Fatalf("created %+v", src.created)
			case tc.want != nil && (len(src.created) != 1 || fmt.Sprint(src.created[0]) != fmt.Sprint(*tc.want)):
				t.Fatalf("created %+v, want %+v", src.created, *tc.want)
			}
			v := r.View()
			for _, e := range tc.errs {
				if !strings.Contains(v, e) {
					t.Errorf("lacks %q:\n%s", e, v)
				}
			}
		})
	}
}

// TestPreviewSaysWhenTheWaitingGo: recipients the quota cannot pay this
// week are counted, and the preview says when they go.
func TestPreviewSaysWhenTheWaitingGo(t *testing.T) {
	reset := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	src := &campFake{fakeSource: newFakeSource(5), preview: store.CampaignPreview{Name: "W", State: engage.CampaignDraft, Send: 1, Waiting: 2, Cost: 1, WaitUntil: reset,
		Recipients: []store.PreviewEntry{{PlanEntry: engage.PlanEntry{Creator: "c1", Outcome: engage.OutcomeSent, Charged: 1}, Handle: "ava", Text: "Hi \x1b[31mAva"},
			{PlanEntry: engage.PlanEntry{Creator: "c2", Outcome: engage.OutcomeWaiting}, Handle: "ben"}}}}
	r, _ := newRoot(t, src, &fakeHost{})
	d := uitest.NewDriver(t, r, 100, 30)
	d.Key("c", "n", "W", "ctrl+s")
	v := r.View()
	for _, want := range []string{"send 1 · waiting 2 · refused 0 · cost 1 credits", "2 wait for this week's quota: they go at the reset, 2026-11-22 00:00 UTC", "@ben"} {
		if !strings.Contains(v, want) {
			t.Errorf("lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "\x1b[31m") {
		t.Errorf("the message's escape reached the screen")
	}
}
