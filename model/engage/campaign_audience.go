package engage

import (
	"fmt"
	"slices"

	"outreach/model"
	"outreach/model/program"
)

// FlagFilter selects affiliates by their quality flag.
type FlagFilter string

// The flag filters.
const (
	FlagAny     FlagFilter = ""          // flagged or not
	FlagOnly    FlagFilter = "flagged"   // flagged ones only
	FlagExclude FlagFilter = "unflagged" // unflagged ones only
)

// Audience limits.
const (
	MaxAudienceCreators = 50_000
)

// Audience is who a campaign is for. Segments and kinds add up (power or
// growth, or lapsed); Dormant, Flagged and Goal narrow what they select,
// or select on their own when no segment or kind is given; a hand-picked
// list is the whole audience and combines with nothing else.
type Audience struct {
	Segments []program.SegmentName  `json:"segments,omitempty"`
	Kinds    []program.InactiveKind `json:"kinds,omitempty"`
	Dormant  bool                   `json:"dormant,omitempty"`
	Flagged  FlagFilter             `json:"flagged,omitempty"`
	Goal     string                 `json:"goal,omitempty"`
	Creators []string               `json:"creators,omitempty"`
}

// AudienceMember is what selection needs to know of one affiliate.
type AudienceMember struct {
	Creator string
	Segment program.SegmentName
	Kind    program.InactiveKind // for the inactive segment
	Dormant bool
	Flagged bool
	Goals   []string // ids of the goals the affiliate is in
}

// Validate checks and normalises the audience in place (sorted, without
// duplicates); an audience that selects nothing is an error.
func (a *Audience) Validate() error {
	for _, s := range a.Segments {
		if _, err := program.ParseSegmentName(string(s)); err != nil {
			return fmt.Errorf("audience: %w", err)
		}
	}
	for _, k := range a.Kinds {
		if _, err := program.ParseInactiveKind(k.String()); err != nil {
			return fmt.Errorf("audience: %w", err)
		}
	}
	switch a.Flagged {
	case FlagAny, FlagOnly, FlagExclude:
	default:
		return fmt.Errorf("audience flag filter %q: want flagged, unflagged or nothing: %w", model.Clip(model.SafeLine(string(a.Flagged)), 20), model.ErrInvalid)
	}
	if a.Goal != "" {
		if err := model.ValidID("audience goal", a.Goal); err != nil {
			return err
		}
	}
	slices.Sort(a.Segments)
	a.Segments = slices.Compact(a.Segments)
	slices.Sort(a.Kinds)
	a.Kinds = slices.Compact(a.Kinds)
	if len(a.Creators) > 0 {
		if len(a.Segments)+len(a.Kinds) > 0 || a.Dormant || a.Flagged != FlagAny || a.Goal != "" {
			return fmt.Errorf("audience: a hand-picked list can't be combined with segments, kinds, dormant, flags or a goal: %w", model.ErrInvalid)
		}
		ids, err := model.ValidIDs("audience creators", a.Creators, MaxAudienceCreators)
		if err != nil {
			return err
		}
		a.Creators = ids
		return nil
	}
	if a.Empty() {
		return fmt.Errorf("audience is empty: choose segments, an inactive kind, dormant, flagged or not, a goal, or creators: %w", model.ErrInvalid)
	}
	return nil
}

// Empty reports whether the audience selects nobody by construction.
func (a *Audience) Empty() bool {
	return len(a.Segments) == 0 && len(a.Kinds) == 0 && !a.Dormant && a.Flagged == FlagAny && a.Goal == "" && len(a.Creators) == 0
}

// Matches reports whether one affiliate is in the audience (a validated one).
func (a *Audience) Matches(m *AudienceMember) bool {
	if len(a.Creators) > 0 {
		_, ok := slices.BinarySearch(a.Creators, m.Creator)
		return ok
	}
	if len(a.Segments)+len(a.Kinds) > 0 {
		in := slices.Contains(a.Segments, m.Segment) ||
			m.Segment == program.SegmentInactive && m.Kind != program.KindNone && slices.Contains(a.Kinds, m.Kind)
		if !in {
			return false
		}
	}
	if a.Dormant && !m.Dormant {
		return false
	}
	if a.Flagged == FlagOnly && !m.Flagged || a.Flagged == FlagExclude && m.Flagged {
		return false
	}
	if a.Goal != "" && !slices.Contains(m.Goals, a.Goal) {
		return false
	}
	return true
}

// ErrEmptyAudience marks an audience that matches no affiliate.
var ErrEmptyAudience = fmt.Errorf("the audience matches no affiliate: %w", model.ErrInvalid)

// SelectAudience lists the creators of members the audience matches, in
// the members' order. A hand-picked creator who is not among members (not
// an affiliate of the seller) is an error naming it; no match at all is
// ErrEmptyAudience.
func SelectAudience(a *Audience, members []AudienceMember) ([]string, error) {
	var out []string
	if len(a.Creators) > 0 {
		found := make(map[string]bool, len(a.Creators))
		for i := range members {
			if a.Matches(&members[i]) {
				found[members[i].Creator] = true
				out = append(out, members[i].Creator)
			}
		}
		for _, id := range a.Creators {
			if !found[id] {
				return nil, fmt.Errorf("audience: creator %q is not an affiliate of this seller: %w", id, model.ErrInvalid)
			}
		}
		return out, nil
	}
	for i := range members {
		if a.Matches(&members[i]) {
			out = append(out, members[i].Creator)
		}
	}
	if len(out) == 0 {
		return nil, ErrEmptyAudience
	}
	return out, nil
}
