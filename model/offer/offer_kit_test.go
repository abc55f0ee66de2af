package offer

import (
	"errors"
	"strings"
	"testing"

	"outreach/model"
	"outreach/model/program"
)

func TestKitValidate(t *testing.T) {
	item := func(name, snippet, link string) KitItem { return KitItem{Name: name, Snippet: snippet, Link: link} }
	many := make([]KitItem, 51)
	for i := range many {
		many[i] = item(strings.Repeat("n", i+1), "x", "")
	}
	tests := []struct {
		name    string
		kit     Kit
		wantErr string
	}{
		{"ok", Kit{Segment: program.SegmentCasual, Items: []KitItem{item("Banner", "", "https://cdn.example.com/b.png"), item("Idea", "Film it on your desk.", "")}}, ""},
		{"all segments", Kit{Items: []KitItem{item("Photo", "Our best seller", "http://example.com/p.jpg")}}, ""},
		{"no items", Kit{}, "0 items"},
		{"too many", Kit{Items: many}, "51 items"},
		{"bad segment", Kit{Segment: "vip", Items: []KitItem{item("a", "b", "")}}, `segment "vip"`},
		{"no name", Kit{Items: []KitItem{item(" ", "b", "")}}, "has no name"},
		{"long name", Kit{Items: []KitItem{item(strings.Repeat("n", 61), "b", "")}}, "61 characters"},
		{"duplicate name", Kit{Items: []KitItem{item("Banner", "a", ""), item("banner", "b", "")}}, "appears twice"},
		{"empty item", Kit{Items: []KitItem{item("Banner", "", "")}}, "neither a snippet nor a link"},
		{"long snippet", Kit{Items: []KitItem{item("a", strings.Repeat("s", 501), "")}}, "501 characters"},
		{"javascript link", Kit{Items: []KitItem{item("a", "", "javascript:alert(1)")}}, "http or https"},
		{"no host", Kit{Items: []KitItem{item("a", "", "https:///x")}}, "http or https"},
		{"escape in link", Kit{Items: []KitItem{item("a", "", "https://x.com/\x1b[2J")}}, "printable ASCII"},
		{"space in link", Kit{Items: []KitItem{item("a", "", "https://x.com/a b")}}, "printable ASCII"},
		{"huge link", Kit{Items: []KitItem{item("a", "", "https://x.com/"+strings.Repeat("a", 2048))}}, "at most 2048"},
	}
	for _, tt := range tests {
		k := tt.kit
		err := k.Validate()
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, model.ErrInvalid)) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestKitSafeAndAttach(t *testing.T) {
	k := Kit{Items: []KitItem{{Name: "\x1b[31mIdea\x1b[0m", Snippet: "Line one\r\nline\u202e two\x07"}, {Name: "Banner", Link: " https://cdn.example.com/b.png "}}}
	if err := k.Validate(); err != nil {
		t.Fatal(err)
	}
	it, ok := k.Item("idea")
	if !ok || it.Name != "Idea" || it.Snippet != "Line one\nline two" {
		t.Fatalf("item %+v %v", it, ok)
	}
	if got := it.Attachment(); got != "[Idea]\nLine one\nline two" || !model.IsSafe(got) {
		t.Errorf("attachment %q", got)
	}
	b, _ := k.Item("BANNER")
	if got := b.Attachment(); got != "[Banner]\nhttps://cdn.example.com/b.png" {
		t.Errorf("attachment %q", got)
	}
	if _, ok := k.Item("nothing"); ok {
		t.Error("found a missing item")
	}
}
