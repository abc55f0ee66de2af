package program

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"outreach/model"
)

func TestProgramPolicyDefaults(t *testing.T) {
	p := DefaultPolicy()
	s, f := p.Segments, p.Flags
	if s.WindowDays != 90 || s.Power.TopPercent != 10_00 || s.Growth.TopPercent != 20_00 || s.NewDays != 30 || s.DormantDays != 60 {
		t.Errorf("segments %+v", s)
	}
	if f.RefundRate.Above != 30_00 || f.RefundRate.MinOrders != 10 || f.OrderSpike.Times100 != 10_00 || f.OrderSpike.MinOrders != 20 ||
		f.OrderSpike.MedianDays != 28 || f.Conversion.Above != 50_00 || f.Conversion.MinClicks != 50 || f.SelfPurchase.Off || f.CodeWindow.Off {
		t.Errorf("flags %+v", f)
	}
	// A policy file without "program" keeps the defaults.
	got, err := model.LoadPolicy(strings.NewReader(`{"message_cap": 7}`))
	if err != nil || got.Program != nil {
		t.Fatalf("LoadPolicy without program: %v, %q", err, got.Program)
	}
	if prog, err := LoadPolicy(got.Program); err != nil || prog != DefaultPolicy() {
		t.Errorf("LoadPolicy(nil) = %+v, %v; want the defaults", prog, err)
	}
}

func TestProgramPolicyOverrides(t *testing.T) {
	in := `{"program": {
		"segments": {"window_days": 60, "new_days": 14, "dormant_days": 45,
			"power": {"min_gmv": 5000}, "growth": {"top_percent": 12.5}},
		"flags": {"window_days": 28,
			"refund_rate": {"above_percent": 25, "min_orders": 5},
			"order_spike": {"multiple": 7.5, "min_orders": 30, "median_days": 14},
			"conversion": {"enabled": false},
			"self_purchase": {"enabled": false},
			"code_window": {"enabled": true}}}}`
	p, err := model.LoadPolicy(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	prog, err := LoadPolicy(p.Program)
	if err != nil {
		t.Fatal(err)
	}
	s, f := prog.Segments, prog.Flags
	if s.WindowDays != 60 || s.NewDays != 14 || s.DormantDays != 45 || !s.Power.Absolute() || s.Power.MinGMV != 5000_00 || s.Growth.TopPercent != 12_50 {
		t.Errorf("segments %+v", s)
	}
	if f.WindowDays != 28 || f.RefundRate.Above != 25_00 || f.RefundRate.MinOrders != 5 || f.OrderSpike.Times100 != 750 ||
		f.OrderSpike.MinOrders != 30 || f.OrderSpike.MedianDays != 14 || !f.Conversion.Off || f.Conversion.MinClicks != 50 ||
		!f.SelfPurchase.Off || f.CodeWindow.Off {
		t.Errorf("flags %+v", f)
	}
}

func TestProgramPolicyErrors(t *testing.T) {
	tests := []struct {
		in, field string
	}{
		{`{"segments": {"power": {"top_percent": 0}}}`, "program.segments.power.top_percent"},
		{`{"segments": {"power": {"top_percent": 100.5}}}`, "program.segments.power.top_percent"},
		{`{"segments": {"power": {"top_percent": -1}}}`, "program.segments.power.top_percent"},
		{`{"segments": {"power": {"top_percent": 10.125}}}`, "program.segments.power.top_percent"},
		{`{"segments": {"power": {"top_percent": "10"}}}`, "program.segments.power.top_percent"},
		{`{"segments": {"power": {"top_percent": 10, "min_gmv": 5}}}`, "program.segments.power"},
		{`{"segments": {"power": {}}}`, "program.segments.power"},
		{`{"segments": {"power": {"min_gmv": 0}}}`, "program.segments.power.min_gmv"},
		{`{"segments": {"power": {"min_gmv": 1.005}}}`, "program.segments.power.min_gmv"},
		{`{"segments": {"growth": {"top_percent": 95}}}`, "program.segments.growth.top_percent"},
		{`{"segments": {"power": {"min_gmv": 100}, "growth": {"min_gmv": 100}}}`, "program.segments.growth.min_gmv"},
		{`{"segments": {"window_days": 6}}`, "program.segments.window_days"},
		{`{"segments": {"new_days": 0}}`, "program.segments.new_days"},
		{`{"segments": {"dormant_days": 4000}}`, "program.segments.dormant_days"},
		{`{"segments": {"vip": {}}}`, "program"},
		{`{"flags": {"refund_rate": {"above_percent": 101}}}`, "program.flags.refund_rate.above_percent"},
		{`{"flags": {"refund_rate": {"min_orders": -1}}}`, "program.flags.refund_rate.min_orders"},
		{`{"flags": {"order_spike": {"multiple": 0.5}}}`, "program.flags.order_spike.multiple"},
		{`{"flags": {"order_spike": {"median_days": 0}}}`, "program.flags.order_spike.median_days"},
		{`{"flags": {"conversion": {"above_percent": 100}}}`, "program.flags.conversion.above_percent"},
		{`{"flags": {"conversion": {"min_clicks": 1.5}}}`, "program.flags.conversion.min_clicks"},
		{`{"flags": {"self_purchase": {"enabled": "yes"}}}`, "program.flags.self_purchase.enabled"},
		{`{"flags": {"window_days": 0}}`, "program.flags.window_days"},
		{`[1]`, "program"},
	}
	for _, tc := range tests {
		p, err := model.LoadPolicy(strings.NewReader(`{"program": ` + tc.in + `}`))
		if err != nil {
			t.Errorf("%s: LoadPolicy: %v; the program object is the program's to judge", tc.in, err)
			continue
		}
		_, err = LoadPolicy(p.Program)
		var pe *model.PolicyError
		if !errors.As(err, &pe) || !errors.Is(err, model.ErrInvalid) {
			t.Errorf("%s: %v, want a *PolicyError", tc.in, err)
			continue
		}
		if pe.Field != tc.field || !strings.HasPrefix(err.Error(), "policy: "+tc.field+": ") {
			t.Errorf("%s: %v, want field %s", tc.in, err, tc.field)
		}
	}
}

// A "program" that is not an object is named as such, not by a Go type.
func TestProgramPolicyNotAnObject(t *testing.T) {
	for _, raw := range []string{`"x"`, `[1]`, `7`} {
		_, err := LoadPolicy(json.RawMessage(raw))
		if err == nil || !strings.Contains(err.Error(), "program: want an object") || strings.Contains(err.Error(), "programFile") {
			t.Errorf("LoadPolicy(%s) = %v, want \"program: want an object\"", raw, err)
		}
	}
}
