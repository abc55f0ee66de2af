package cli

import (
	"strings"
	"testing"
)

// campaign show and kpi carry the campaign metrics in their JSON.
func TestCampaignMetricsCommands(t *testing.T) {
	db := programSetup(t)
	tests := []struct {
		name string
		args []string
		code int
		has  []string
	}{
		{"start", []string{"campaign", "start", "s1", "existing"}, 0, nil},
		{"show", []string{"campaign", "show", "s1", "existing", "--json"}, 0, []string{`"metrics":{`, `"messages":1`, `"reply_rate":0`, `"code_uses":0`}},
		{"show text", []string{"campaign", "show", "s1", "existing"}, 0, []string{"replied 0/1"}},
		{"show unknown", []string{"campaign", "show", "s1", "nope", "--json"}, 2, nil},
		{"kpi", []string{"kpi", "s1", "--json"}, 0, []string{`"campaign_messages":1`, `"reply_rate":0`, `"action_rate":0`, `"revived":0`, `"boost_uplift":null`, `"code_uses":0`}},
	}
	for _, tt := range tests {
		o, e, code := run(t, db, tt.args...)
		if code != tt.code {
			t.Errorf("%s: exit %d, want %d: %s", tt.name, code, tt.code, e)
		}
		for _, h := range tt.has {
			if !strings.Contains(o, h) {
				t.Errorf("%s: %q lacks %s", tt.name, o, h)
			}
		}
	}
}
