package program

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"outreach/model"
)

// BasisPoints is a share in hundredths of a percent: 1000 is 10%. Shares
// are integers so that "top 10% of 30" is exactly 3, never 2.9999.
type BasisPoints int64

// String is the share as a percent: "10%", "12.5%".
func (b BasisPoints) String() string {
	return strconv.FormatFloat(float64(b)/100, 'f', -1, 64) + "%"
}

// Ratio is a/b in basis points, rounded down; 0 when b is 0.
func Ratio(a, b int64) BasisPoints {
	if b <= 0 || a <= 0 {
		return 0
	}
	if a > math.MaxInt64/100_00 {
		return BasisPoints(float64(a) / float64(b) * 100_00)
	}
	return BasisPoints(a * 100_00 / b)
}

// Fraction is b as a fraction: 10% is 0.1.
func Fraction(b BasisPoints) float64 { return float64(b) / 100_00 }

// Policy holds the affiliate program's rules that the SPEC calls
// defaults: segments and quality flags. It is read from the "program"
// object of the policy file (model.Policy.Program) by LoadPolicy.
type Policy struct {
	Segments SegmentPolicy
	Flags    FlagPolicy
}

// SegmentCut is where a segment ends: either a share of the affiliates
// with sales (TopPercent, rounded down) or, when TopPercent is 0, an
// absolute GMV over the window (MinGMV, inclusive).
type SegmentCut struct {
	TopPercent BasisPoints
	MinGMV     model.Cents
}

// Absolute reports whether the cut is a GMV threshold, not a share.
func (c SegmentCut) Absolute() bool { return c.TopPercent == 0 }

// SegmentPolicy is the segment rules (SPEC "Segments").
type SegmentPolicy struct {
	WindowDays  int // performance window, 90
	Power       SegmentCut
	Growth      SegmentCut // the next share after Power, or a lower GMV
	NewDays     int        // joined less than this many days ago is "new", 30
	DormantDays int        // no activity for this many days is dormant, 60
}

// FlagPolicy is the quality-flag rules (SPEC "Quality flags"). A rule with
// Off set is never raised.
type FlagPolicy struct {
	// WindowDays is the period the refund-rate and conversion rules look at.
	WindowDays int
	RefundRate struct {
		Off       bool
		Above     BasisPoints // refunded orders / orders strictly above
		MinOrders int64
	}
	OrderSpike struct {
		Off        bool
		Times100   int64 // a day's orders strictly above Times100/100 times the median
		MinOrders  int64 // and at least this many
		MedianDays int   // days before the day whose median is taken
	}
	Conversion struct {
		Off       bool
		Above     BasisPoints // orders / clicks strictly above
		MinClicks int64
	}
	SelfPurchase struct{ Off bool }
	CodeWindow   struct{ Off bool }
}

// DefaultPolicy is the SPEC's defaults.
func DefaultPolicy() Policy {
	var p Policy
	p.Segments = SegmentPolicy{
		WindowDays:  90,
		Power:       SegmentCut{TopPercent: 10_00},
		Growth:      SegmentCut{TopPercent: 20_00},
		NewDays:     30,
		DormantDays: 60,
	}
	f := &p.Flags
	f.WindowDays = 90
	f.RefundRate.Above, f.RefundRate.MinOrders = 30_00, 10
	f.OrderSpike.Times100, f.OrderSpike.MinOrders, f.OrderSpike.MedianDays = 10_00, 20, 28
	f.Conversion.Above, f.Conversion.MinClicks = 50_00, 50
	return p
}

// programFile is the JSON form of Policy; every field is optional.
type programFile struct {
	Segments *struct {
		WindowDays  *int     `json:"window_days"`
		NewDays     *int     `json:"new_days"`
		DormantDays *int     `json:"dormant_days"`
		Power       *cutFile `json:"power"`
		Growth      *cutFile `json:"growth"`
	} `json:"segments"`
	Flags *struct {
		WindowDays *int `json:"window_days"`
		RefundRate *struct {
			Enabled      *bool    `json:"enabled"`
			AbovePercent *float64 `json:"above_percent"`
			MinOrders    *int64   `json:"min_orders"`
		} `json:"refund_rate"`
		OrderSpike *struct {
			Enabled    *bool    `json:"enabled"`
			Multiple   *float64 `json:"multiple"`
			MinOrders  *int64   `json:"min_orders"`
			MedianDays *int     `json:"median_days"`
		} `json:"order_spike"`
		Conversion *struct {
			Enabled      *bool    `json:"enabled"`
			AbovePercent *float64 `json:"above_percent"`
			MinClicks    *int64   `json:"min_clicks"`
		} `json:"conversion"`
		SelfPurchase *struct {
			Enabled *bool `json:"enabled"`
		} `json:"self_purchase"`
		CodeWindow *struct {
			Enabled *bool `json:"enabled"`
		} `json:"code_window"`
	} `json:"flags"`
}

type cutFile struct {
	TopPercent *float64 `json:"top_percent"`
	MinGMV     *float64 `json:"min_gmv"`
}

// LoadPolicy reads the "program" object of a policy file (raw JSON;
// empty or null means the defaults). Errors are *PolicyError naming the field
// in full, as in "policy: program.segments.power.top_percent: ...".
func LoadPolicy(raw json.RawMessage) (Policy, error) {
	p := DefaultPolicy()
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return p, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f programFile
	if err := dec.Decode(&f); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field, want := "program", "an object"
			if te.Field != "" {
				field, want = field+"."+te.Field, te.Type.String()
			}
			return p, model.NewPolicyError(field, "want %s, got %s", want, te.Value)
		}
		if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return p, model.NewPolicyError("program", "unknown field %s", model.Clip(model.SafeLine(rest), 40))
		}
		if err == io.EOF {
			return p, nil
		}
		return p, model.NewPolicyError("program", "%s", model.SafeLine(err.Error()))
	}
	if s := f.Segments; s != nil {
		sp := &p.Segments
		if err := days("program.segments.window_days", s.WindowDays, 7, 3660, &sp.WindowDays); err != nil {
			return p, err
		}
		if err := days("program.segments.new_days", s.NewDays, 1, 3660, &sp.NewDays); err != nil {
			return p, err
		}
		if err := days("program.segments.dormant_days", s.DormantDays, 1, 3660, &sp.DormantDays); err != nil {
			return p, err
		}
		if err := s.Power.apply("program.segments.power", &sp.Power); err != nil {
			return p, err
		}
		if err := s.Growth.apply("program.segments.growth", &sp.Growth); err != nil {
			return p, err
		}
		if !sp.Power.Absolute() && !sp.Growth.Absolute() && sp.Power.TopPercent+sp.Growth.TopPercent > 100_00 {
			return p, model.NewPolicyError("program.segments.growth.top_percent", "power (%s) and growth (%s) together exceed 100%%",
				sp.Power.TopPercent, sp.Growth.TopPercent)
		}
		if sp.Power.Absolute() && sp.Growth.Absolute() && sp.Growth.MinGMV >= sp.Power.MinGMV {
			return p, model.NewPolicyError("program.segments.growth.min_gmv", "must be below power's min_gmv (%s)", sp.Power.MinGMV)
		}
	}
	if fl := f.Flags; fl != nil {
		fp := &p.Flags
		if err := days("program.flags.window_days", fl.WindowDays, 1, 3660, &fp.WindowDays); err != nil {
			return p, err
		}
		if r := fl.RefundRate; r != nil {
			if r.Enabled != nil {
				fp.RefundRate.Off = !*r.Enabled
			}
			if err := share("program.flags.refund_rate.above_percent", r.AbovePercent, true, &fp.RefundRate.Above); err != nil {
				return p, err
			}
			if err := count("program.flags.refund_rate.min_orders", r.MinOrders, &fp.RefundRate.MinOrders); err != nil {
				return p, err
			}
		}
		if r := fl.OrderSpike; r != nil {
			if r.Enabled != nil {
				fp.OrderSpike.Off = !*r.Enabled
			}
			if r.Multiple != nil {
				m := *r.Multiple
				if math.IsNaN(m) || m < 1 || m > 1e6 || math.Abs(m*100-math.Round(m*100)) > 1e-6 {
					return p, model.NewPolicyError("program.flags.order_spike.multiple", "want 1 to 1000000 with at most two decimals")
				}
				fp.OrderSpike.Times100 = int64(math.Round(m * 100))
			}
			if err := count("program.flags.order_spike.min_orders", r.MinOrders, &fp.OrderSpike.MinOrders); err != nil {
				return p, err
			}
			if err := days("program.flags.order_spike.median_days", r.MedianDays, 1, 366, &fp.OrderSpike.MedianDays); err != nil {
				return p, err
			}
		}
		if r := fl.Conversion; r != nil {
			if r.Enabled != nil {
				fp.Conversion.Off = !*r.Enabled
			}
			if err := share("program.flags.conversion.above_percent", r.AbovePercent, false, &fp.Conversion.Above); err != nil {
				return p, err
			}
			if err := count("program.flags.conversion.min_clicks", r.MinClicks, &fp.Conversion.MinClicks); err != nil {
				return p, err
			}
		}
		if r := fl.SelfPurchase; r != nil && r.Enabled != nil {
			fp.SelfPurchase.Off = !*r.Enabled
		}
		if r := fl.CodeWindow; r != nil && r.Enabled != nil {
			fp.CodeWindow.Off = !*r.Enabled
		}
	}
	return p, nil
}

func (c *cutFile) apply(at string, cut *SegmentCut) error {
	if c == nil {
		return nil
	}
	switch {
	case c.TopPercent != nil && c.MinGMV != nil:
		return model.NewPolicyError(at, "set top_percent or min_gmv, not both")
	case c.TopPercent != nil:
		var b BasisPoints
		if err := share(at+".top_percent", c.TopPercent, true, &b); err != nil {
			return err
		}
		if b == 0 {
			return model.NewPolicyError(at+".top_percent", "want more than 0 and at most 100, with at most two decimals")
		}
		*cut = SegmentCut{TopPercent: b}
	case c.MinGMV != nil:
		g, err := model.CentsFromDollars(*c.MinGMV)
		if err != nil {
			return model.NewPolicyError(at+".min_gmv", "%v", err)
		}
		if g <= 0 {
			return model.NewPolicyError(at+".min_gmv", "want a dollar amount above 0")
		}
		*cut = SegmentCut{MinGMV: g}
	default:
		return model.NewPolicyError(at, "set top_percent or min_gmv")
	}
	return nil
}

// share reads a percent 0..100 (at most two decimals) into basis points;
// upTo100 allows exactly 100.
func share(field string, v *float64, upTo100 bool, out *BasisPoints) error {
	if v == nil {
		return nil
	}
	f := *v
	bp := math.Round(f * 100)
	if math.IsNaN(f) || f < 0 || f > 100 || (!upTo100 && f >= 100) || math.Abs(f*100-bp) > 1e-6 {
		return model.NewPolicyError(field, "want a percent from 0 to 100 with at most two decimals")
	}
	*out = BasisPoints(bp)
	return nil
}

func days(field string, v *int, lo, hi int, out *int) error {
	if v == nil {
		return nil
	}
	if *v < lo || *v > hi {
		return model.NewPolicyError(field, "want %d..%d days", lo, hi)
	}
	*out = *v
	return nil
}

func count(field string, v *int64, out *int64) error {
	if v == nil {
		return nil
	}
	if *v < 0 || *v > MaxDayCount {
		return model.NewPolicyError(field, "want a whole number 0..%d", MaxDayCount)
	}
	*out = *v
	return nil
}
