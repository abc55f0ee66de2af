package offer

import (
	"fmt"
	"net/url"
	"strings"

	"outreach/model"
	"outreach/model/program"
)

// Kit limits.
const (
	MaxKitItems         = 50
	MaxKitItemNameRunes = 60
	MaxKitSnippetRunes  = 500
	MaxKitURLLen        = 2048
)

// KitItem is one named thing a message can attach: a snippet of text (a
// promotion idea, a caption) or a link (a banner, a product photo), or both.
type KitItem struct {
	Name    string `json:"name"`
	Snippet string `json:"snippet,omitempty"`
	Link    string `json:"link,omitempty"`
}

// Kit is a seller's set of items for one segment (or all, when Segment is
// empty).
type Kit struct {
	Segment program.SegmentName `json:"segment,omitempty"`
	Items   []KitItem           `json:"items"`
}

// Validate checks the kit and makes its text safe in place: a known segment
// or none, 1..50 items, each with a name (one line, 1..60 runes, unique
// regardless of case), a snippet of at most 500 runes and/or an http(s) link
// of at most 2048 bytes of printable ASCII, at least one of the two. The
// error names the item.
func (k *Kit) Validate() error {
	if k.Segment != "" {
		if _, err := program.ParseSegmentName(string(k.Segment)); err != nil {
			return fmt.Errorf("kit: %w", err)
		}
	}
	if len(k.Items) == 0 || len(k.Items) > MaxKitItems {
		return fmt.Errorf("kit: %d items, want 1 to %d: %w", len(k.Items), MaxKitItems, model.ErrInvalid)
	}
	seen := map[string]bool{}
	for i := range k.Items {
		it := &k.Items[i]
		var err error
		if it.Name, err = model.LimitLine(fmt.Sprintf("kit item %d name", i+1), it.Name, MaxKitItemNameRunes); err != nil {
			return err
		}
		if it.Name == "" {
			return fmt.Errorf("kit item %d has no name: %w", i+1, model.ErrInvalid)
		}
		key := strings.ToLower(it.Name)
		if seen[key] {
			return fmt.Errorf("kit item %q appears twice: %w", it.Name, model.ErrInvalid)
		}
		seen[key] = true
		if it.Snippet, err = model.LimitText(fmt.Sprintf("kit item %q snippet", it.Name), it.Snippet, MaxKitSnippetRunes); err != nil {
			return err
		}
		it.Link = strings.TrimSpace(it.Link)
		if it.Link != "" {
			if err := validLink(it.Link); err != nil {
				return fmt.Errorf("kit item %q: %w", it.Name, err)
			}
		}
		if it.Snippet == "" && it.Link == "" {
			return fmt.Errorf("kit item %q has neither a snippet nor a link: %w", it.Name, model.ErrInvalid)
		}
	}
	return nil
}

func validLink(s string) error {
	bad := len(s) > MaxKitURLLen
	for i := 0; i < len(s) && !bad; i++ {
		bad = s[i] <= ' ' || s[i] >= 0x7f
	}
	if !bad {
		u, err := url.Parse(s)
		bad = err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == ""
	}
	if bad {
		return fmt.Errorf("link %q: want an http or https address of printable ASCII, at most %d bytes: %w", model.Clip(model.SafeLine(s), 60), MaxKitURLLen, model.ErrInvalid)
	}
	return nil
}

// Item finds an item by name, regardless of case.
func (k *Kit) Item(name string) (KitItem, bool) {
	for _, it := range k.Items {
		if strings.EqualFold(it.Name, name) {
			return it, true
		}
	}
	return KitItem{}, false
}

// Attachment is the item as a message shows it below the text: its name,
// then its snippet and link on their own lines.
func (it KitItem) Attachment() string {
	var b strings.Builder
	b.WriteString("[" + it.Name + "]")
	if it.Snippet != "" {
		b.WriteString("\n" + it.Snippet)
	}
	if it.Link != "" {
		b.WriteString("\n" + it.Link)
	}
	return b.String()
}
