package model

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// Level is a creator level, L0..L8.
type Level uint8

// MaxLevel is the highest level, L8.
const MaxLevel Level = 8

// String is the level as shown everywhere: "L0".."L8".
func (l Level) String() string { return fmt.Sprintf("L%d", uint8(l)) }

// ParseLevel reads "L0".."L8" (case-insensitive).
func ParseLevel(s string) (Level, error) {
	if len(s) == 2 && (s[0] == 'L' || s[0] == 'l') && s[1] >= '0' && s[1] <= '8' {
		return Level(s[1] - '0'), nil
	}
	return 0, fmt.Errorf("level %q: want L0..L8: %w", Clip(s, 20), ErrInvalid)
}

// CreatorType says how a creator promotes products.
type CreatorType uint8

const (
	// Affiliate creators do LIVE, short video and link sharing.
	Affiliate CreatorType = iota
	// LinkShare creators share links only.
	LinkShare
)

// String is the type's name in the CLI and imports.
func (t CreatorType) String() string {
	if t == LinkShare {
		return "link-share"
	}
	return "affiliate"
}

// ParseCreatorType reads "affiliate" or "link-share".
func ParseCreatorType(s string) (CreatorType, error) {
	switch s {
	case "affiliate", "":
		return Affiliate, nil
	case "link-share":
		return LinkShare, nil
	}
	return 0, fmt.Errorf("type %q: want affiliate or link-share: %w", Clip(s, 20), ErrInvalid)
}

// MonthPerf is one calendar month of a creator's performance, the input of
// the level computation.
type MonthPerf struct {
	Month      string // YYYY-MM
	GMV        Cents
	ActiveDays int
	Products   int
}

// LevelChange is one entry of a creator's level history.
type LevelChange struct {
	Month string // YYYY-MM the level was computed for (or imported in)
	Level Level
}

// Creator is a creator as the store keeps it. Text fields are already safe
// (see SafeLine/SafeText) when they come out of validation.
type Creator struct {
	ID           string
	Handle       string
	Name         string
	Followers    int64
	Level        Level
	Type         CreatorType
	Categories   []string
	Country      string
	Bio          string
	GMV30        Cents
	ActiveDays30 int
	AvgViews     int64
	Perf         []MonthPerf
	History      []LevelChange
}

// Limits on creator fields, enforced on every way in.
const (
	MaxIDLen        = 64
	MaxNameRunes    = 100
	MaxBioRunes     = 2000
	MaxCountryRunes = 56
	MaxCategories   = 20
	MaxCategoryLen  = 40
	MaxFollowers    = 10_000_000_000
)

// ValidIDs checks each id, drops duplicates and sorts: the ids
// as a set of 1 to max members.
func ValidIDs(field string, ids []string, max int) ([]string, error) {
	out := slices.Clone(ids)
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 || len(out) > max {
		return nil, fmt.Errorf("%s: %d given, want 1 to %d: %w", field, len(out), max, ErrInvalid)
	}
	for _, id := range out {
		if err := ValidID(field, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ValidID checks an account or creator id: 1..64 bytes of [A-Za-z0-9._-].
func ValidID(field, id string) error {
	if id == "" {
		return fmt.Errorf("%s is empty: %w", field, ErrInvalid)
	}
	if len(id) > MaxIDLen {
		return fmt.Errorf("%s is %d bytes, at most %d: %w", field, len(id), MaxIDLen, ErrInvalid)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return fmt.Errorf("%s %q: only letters, digits, '.', '_' and '-': %w", field, Clip(SafeLine(id), 40), ErrInvalid)
		}
	}
	return nil
}

// ValidHandle checks a handle: [a-z0-9._]{2,24}.
func ValidHandle(h string) error {
	if len(h) < 2 || len(h) > 24 {
		return fmt.Errorf("handle %q: want 2 to 24 characters of a-z 0-9 . _: %w", Clip(SafeLine(h), 40), ErrInvalid)
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_') {
			return fmt.Errorf("handle %q: want 2 to 24 characters of a-z 0-9 . _: %w", Clip(SafeLine(h), 40), ErrInvalid)
		}
	}
	return nil
}

// Validate checks every field of c and makes its text safe in place. The
// error names the field.
func (c *Creator) Validate() error {
	if err := ValidID("id", c.ID); err != nil {
		return err
	}
	if err := ValidHandle(c.Handle); err != nil {
		return err
	}
	var err error
	if c.Name, err = LimitLine("name", c.Name, MaxNameRunes); err != nil {
		return err
	}
	if c.Bio, err = LimitText("bio", c.Bio, MaxBioRunes); err != nil {
		return err
	}
	if c.Country, err = LimitLine("country", c.Country, MaxCountryRunes); err != nil {
		return err
	}
	if c.Followers < 0 || c.Followers > MaxFollowers {
		return fmt.Errorf("followers %d: want 0..%d: %w", c.Followers, int64(MaxFollowers), ErrInvalid)
	}
	if c.Level > MaxLevel {
		return fmt.Errorf("level %d: want L0..L8: %w", c.Level, ErrInvalid)
	}
	if c.Type > LinkShare {
		return fmt.Errorf("type: want affiliate or link-share: %w", ErrInvalid)
	}
	if c.GMV30 < 0 {
		return fmt.Errorf("gmv_30d %s: must not be negative: %w", c.GMV30, ErrInvalid)
	}
	if c.ActiveDays30 < 0 || c.ActiveDays30 > 30 {
		return fmt.Errorf("active_days_30d %d: want 0..30: %w", c.ActiveDays30, ErrInvalid)
	}
	if c.AvgViews < 0 {
		return fmt.Errorf("avg_views %d: must not be negative: %w", c.AvgViews, ErrInvalid)
	}
	if c.Categories, err = CleanCategories(c.Categories); err != nil {
		return err
	}
	return nil
}

// CleanCategories makes category names safe, drops empty ones and enforces the limits.
func CleanCategories(in []string) ([]string, error) {
	if len(in) > MaxCategories {
		return nil, fmt.Errorf("categories: %d given, at most %d: %w", len(in), MaxCategories, ErrInvalid)
	}
	out := in[:0:0]
	for _, s := range in {
		s = SafeLine(s)
		if s == "" {
			continue
		}
		if utf8.RuneCountInString(s) > MaxCategoryLen {
			return nil, fmt.Errorf("categories: %q is longer than %d characters: %w", Clip(s, 20), MaxCategoryLen, ErrInvalid)
		}
		out = append(out, s)
	}
	return out, nil
}

// Falling reports whether the creator carries the "falling" mark: the level
// fell by two or more in the latest month, or fell in each of the last two.
func (c *Creator) Falling() bool { return Falling(c.History) }

// Falling applies the falling rule to a level history, oldest first.
func Falling(h []LevelChange) bool {
	n := len(h)
	if n < 2 {
		return false
	}
	d1 := int(h[n-2].Level) - int(h[n-1].Level)
	if d1 >= 2 {
		return true
	}
	if n >= 3 {
		d2 := int(h[n-3].Level) - int(h[n-2].Level)
		return d1 >= 1 && d2 >= 1
	}
	return false
}
