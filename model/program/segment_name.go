package program

import (
	"fmt"

	"outreach/model"
)

// SegmentName names an affiliate segment as campaigns, templates and offers
// see it. It is the one place part 2 of the affiliate program names segments;
// the segment evaluation itself lives elsewhere.
type SegmentName string

// The segments, in the SPEC's JSON spelling.
const (
	SegmentPower    SegmentName = "power"
	SegmentGrowth   SegmentName = "growth"
	SegmentCasual   SegmentName = "casual"
	SegmentInactive SegmentName = "inactive"
)

// ParseSegmentName reads a segment name; the empty string is not one.
func ParseSegmentName(s string) (SegmentName, error) {
	switch n := SegmentName(s); n {
	case SegmentPower, SegmentGrowth, SegmentCasual, SegmentInactive:
		return n, nil
	}
	return "", fmt.Errorf("segment %q: want power, growth, casual or inactive: %w", model.Clip(model.SafeLine(s), 40), model.ErrInvalid)
}

// SegmentRank orders segments from the bottom (inactive, 0) to the top
// (power, 3); an unknown name ranks -1. A move up is a higher rank.
func SegmentRank(s SegmentName) int {
	switch s {
	case SegmentInactive:
		return 0
	case SegmentCasual:
		return 1
	case SegmentGrowth:
		return 2
	case SegmentPower:
		return 3
	}
	return -1
}
