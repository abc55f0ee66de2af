package program

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"outreach/model"
)

func TestFlagRefundRate(t *testing.T) {
	p := DefaultPolicy().Flags
	w := p.Window(DayFromDate(2025, 6, 1))
	tests := []struct {
		orders, refunded int64
		want             bool
	}{
		{10, 3, false},   // exactly 30%: not over
		{10, 4, true},    // 40%
		{9, 9, false},    // 100% but fewer than 10 orders
		{100, 30, false}, // 30.00%
		{100, 31, true},  // 31%
		{1000, 301, true},
		{1000, 300, false},
		{0, 0, false},
		{10, 10, true},
	}
	for _, tc := range tests {
		tot := PerfTotals{PerfSums: PerfSums{Orders: tc.orders, RefundedOrders: tc.refunded}, LastSale: w.To - 2}
		f, got := p.CheckRefundRate(&tot, w)
		if got != tc.want {
			t.Errorf("%d of %d refunded: flagged %v, want %v", tc.refunded, tc.orders, got, tc.want)
			continue
		}
		if got && (f.Rule != FlagRefundRate || f.Day != w.To-2 || !strings.Contains(f.Message, "of "+itoa(tc.orders)+" orders refunded") || !strings.Contains(f.Message, "over 30%")) {
			t.Errorf("flag %+v", f)
		}
	}
	p.RefundRate.Off = true
	if _, got := p.CheckRefundRate(&PerfTotals{PerfSums: PerfSums{Orders: 10, RefundedOrders: 10}}, w); got {
		t.Error("rule off but flagged")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestFlagConversion(t *testing.T) {
	p := DefaultPolicy().Flags
	w := p.Window(DayFromDate(2025, 6, 1))
	tests := []struct {
		clicks, orders int64
		want           bool
	}{
		{50, 25, false}, // exactly 50%
		{50, 26, true},  // 52%
		{49, 49, false}, // fewer than 50 clicks
		{100, 51, true},
		{100, 50, false},
		{1000, 501, true},
		{50, 0, false},
	}
	for _, tc := range tests {
		tot := PerfTotals{PerfSums: PerfSums{Orders: tc.orders, Clicks: tc.clicks}}
		f, got := p.CheckConversion(&tot, w)
		if got != tc.want {
			t.Errorf("%d orders / %d clicks: flagged %v, want %v", tc.orders, tc.clicks, got, tc.want)
		}
		if got && !strings.Contains(f.Message, "from "+itoa(tc.clicks)+" clicks") {
			t.Errorf("message %q", f.Message)
		}
	}
}

func TestFlagOrderSpike(t *testing.T) {
	p := DefaultPolicy().Flags
	const n = 28
	flat := func(v int64) []int64 {
		s := make([]int64, n)
		for i := range s {
			s[i] = v
		}
		return s
	}
	half := func(a, b int64) []int64 { // 14 days of a, 14 of b: median (a+b)/2
		s := flat(a)
		for i := 14; i < n; i++ {
			s[i] = b
		}
		return s
	}
	tests := []struct {
		name   string
		orders int64
		prior  []int64
		want   bool
		median string
	}{
		{"median 2, 20 orders: exactly 10x", 20, flat(2), false, ""},
		{"median 2, 21 orders", 21, flat(2), true, "median of 2,"},
		{"median 0, 19 orders: under the minimum", 19, flat(0), false, ""},
		{"median 0, 20 orders: at the minimum", 20, flat(0), true, "median of 0,"},
		{"no history at all counts as zeros", 20, nil, true, "median of 0,"},
		{"short history is padded with zeros", 25, []int64{5, 5, 5}, true, "median of 0,"},
		{"median 3, 31 orders", 31, flat(3), true, "median of 3,"},
		{"median 3, 30 orders", 30, flat(3), false, ""},
		{"even median 2.5: 25 is exactly 10x", 25, half(2, 3), false, ""},
		{"even median 2.5: 26", 26, half(2, 3), true, "median of 2.5,"},
		{"only the last 28 days count", 21, append(flat(100), flat(2)...), true, "median of 2,"},
	}
	for _, tc := range tests {
		d := PerfDay{Day: DayFromDate(2025, 6, 1), Orders: tc.orders}
		f, got := p.CheckOrderSpike(&d, tc.prior)
		if got != tc.want {
			t.Errorf("%s: flagged %v, want %v", tc.name, got, tc.want)
			continue
		}
		if got && (!strings.Contains(f.Message, tc.median) || !strings.Contains(f.Message, "over 10 times the 28-day daily") || f.Day != d.Day) {
			t.Errorf("%s: message %q", tc.name, f.Message)
		}
	}
	p.OrderSpike.Times100 = 250 // 2.5 times
	if f, got := p.CheckOrderSpike(&PerfDay{Orders: 26}, flat(10)); !got || !strings.Contains(f.Message, "over 2.5 times") {
		t.Errorf("2.5 times: %v %q", got, f.Message)
	}
}

func TestFlagSelfPurchaseAndCodeWindow(t *testing.T) {
	p := DefaultPolicy().Flags
	day := DayFromDate(2025, 6, 10)
	if _, got := p.CheckSelfPurchase(&PerfDay{Day: day, Orders: 3}); got {
		t.Error("no self-purchase flagged")
	}
	if f, got := p.CheckSelfPurchase(&PerfDay{Day: day, Orders: 3, SelfPurchaseOrders: 1}); !got || f.Message != "1 of 3 orders on 2025-06-10 were bought by the creator itself" {
		t.Errorf("self-purchase: %v %q", got, f.Message)
	}
	code := &CodeDates{Code: "acme-lena15", From: day - 5, Until: day + 5}
	tests := []struct {
		name string
		d    PerfDay
		code *CodeDates
		want bool
	}{
		{"on the first day", PerfDay{Day: day - 5, Orders: 1, Code: "ACME-LENA15"}, code, false},
		{"the day before", PerfDay{Day: day - 6, Orders: 1, Code: "ACME-LENA15"}, code, true},
		{"on the last day", PerfDay{Day: day + 5, Orders: 1, Code: "ACME-LENA15"}, code, false},
		{"the day after", PerfDay{Day: day + 6, Orders: 1, Code: "ACME-LENA15"}, code, true},
		{"no orders", PerfDay{Day: day + 6, Code: "ACME-LENA15"}, code, false},
		{"another code", PerfDay{Day: day + 6, Orders: 1, Code: "OTHER"}, code, false},
		{"unknown code", PerfDay{Day: day + 6, Orders: 1, Code: "ACME-LENA15"}, nil, false},
		{"no end", PerfDay{Day: day + 600, Orders: 1, Code: "ACME-LENA15"}, &CodeDates{Code: "ACME-LENA15", From: day}, false},
	}
	for _, tc := range tests {
		f, got := p.CheckCodeWindow(&tc.d, tc.code)
		if got != tc.want {
			t.Errorf("%s: flagged %v, want %v", tc.name, got, tc.want)
		}
		if got && !strings.Contains(f.Message, "outside its dates 2025-06-05 to 2025-06-15") {
			t.Errorf("%s: %q", tc.name, f.Message)
		}
	}
	p.SelfPurchase.Off, p.CodeWindow.Off = true, true
	d := PerfDay{Day: day + 6, Orders: 30, SelfPurchaseOrders: 1, Code: "ACME-LENA15"}
	if got := p.DayFlags(&d, nil, code); len(got) != 1 || got[0].Rule != FlagOrderSpike {
		t.Errorf("with two rules off: %+v", got)
	}
}

func TestMergeAndClearFlags(t *testing.T) {
	at := time.Date(2025, 6, 10, 9, 0, 0, 0, time.UTC)
	day := DayFromDate(2025, 6, 10)
	found := []Flag{{Rule: FlagSelfPurchase, Day: day}, {Rule: FlagRefundRate, Day: day, Message: "a"}}
	st, raised := MergeFlags(nil, found, at)
	if len(st) != 2 || len(raised) != 2 || st[0].Rule != FlagRefundRate {
		t.Fatalf("first merge: %+v raised %d", st, len(raised))
	}
	if got := OpenRules(st); len(got) != 2 || got[0] != FlagRefundRate || got[1] != FlagSelfPurchase {
		t.Errorf("open rules %v", got)
	}
	// Newer figures update an open flag without raising it again.
	st, raised = MergeFlags(st, []Flag{{Rule: FlagRefundRate, Day: day + 1, Message: "b"}}, at)
	if len(raised) != 0 || st[0].Message != "b" {
		t.Errorf("update: %+v %v", st, raised)
	}
	if err := st[0].Clear("agent:ana", "  ", at); !errors.Is(err, model.ErrInvalid) {
		t.Errorf("empty reason: %v", err)
	}
	if err := st[0].Clear("agent:ana", "checked with the creator\x1b[31m", at); err != nil || st[0].Reason != "checked with the creator" {
		t.Fatalf("clear: %v %q", err, st[0].Reason)
	}
	if err := st[0].Clear("agent:ana", "again", at); err == nil {
		t.Error("cleared twice")
	}
	// The same evidence does not raise it again; a later day does.
	st, raised = MergeFlags(st, []Flag{{Rule: FlagRefundRate, Day: day + 1}}, at)
	if len(raised) != 0 || !st[0].Cleared {
		t.Errorf("same evidence: %+v", st[0])
	}
	if got := OpenRules(st); len(got) != 1 || got[0] != FlagSelfPurchase {
		t.Errorf("open rules after clearing %v", got)
	}
	st, raised = MergeFlags(st, []Flag{{Rule: FlagRefundRate, Day: day + 2}}, at)
	if len(raised) != 1 || st[0].Cleared || st[0].Reason != "" {
		t.Errorf("new evidence: %+v", st[0])
	}
	if OpenRules(nil) == nil {
		t.Error("OpenRules(nil) is nil; JSON wants []")
	}
	for _, r := range FlagRules {
		if got, err := ParseFlagRule(string(r)); err != nil || got != r {
			t.Errorf("ParseFlagRule(%s): %v", r, err)
		}
	}
	if _, err := ParseFlagRule("fraud"); err == nil {
		t.Error("fraud accepted")
	}
}
