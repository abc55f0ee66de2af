package seller

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"outreach/model"
	"outreach/model/program"
	"outreach/store"
	"outreach/ui/shell"
)

// longHandle adds a creator whose handle is long and ends in digits.
func longHandle(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := st.PutCreator(model.Creator{ID: "c13", Handle: "isabella_tanaka_19942", Name: "Isabella Tanaka-Whitfield",
		Followers: 4100, Level: 3, Categories: []string{"beauty"}}, t0); err != nil {
		t.Fatal(err)
	}
}

// collabInvite sends a Target Collaboration to kim.nails (c11), the
// newest invitation.
func collabInvite(t *testing.T, st *store.Store) {
	t.Helper()
	c := &model.Collab{Name: "Winter glow", Products: []model.Product{{ID: "sku-1", Commission: 15}, {ID: "sku-2", Commission: 12.5}},
		FreeSample: true, EndDate: time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), Message: "Free samples for you, and 15% on the serum.",
		Email: "team@acme.example"}
	out, err := st.Outreach(store.Request{Kind: model.Invite, Seller: "s1", Creator: "c11", Text: c.Message, Collab: c, Now: t0})
	if err != nil || !out.Allowed {
		t.Fatalf("collab invite: %v %+v", err, out)
	}
}

// affiliates makes ava.beauty (c01) and eve.style (c05) affiliates of s1
// with a few weeks of sales, and evaluates the segments.
func affiliates(t *testing.T, st *store.Store) {
	t.Helper()
	for _, c := range []string{"c01", "c05"} {
		if err := st.ShowcaseAt(c, "s1", t0.AddDate(0, -3, 0)); err != nil {
			t.Fatal(err)
		}
	}
	today := program.DayOf(t0, time.UTC)
	for w := range 12 {
		d := today - program.Day(7*w) - 1
		for _, p := range []program.PerfDay{
			{SellerID: "s1", CreatorID: "c01", Day: d, GMV: model.Cents(120_00 + 10_00*w), Orders: 3, Items: 4, Clicks: 40, Videos: 1, Commission: 12_00},
			{SellerID: "s1", CreatorID: "c05", Day: d, GMV: 30_00, Orders: 1, Items: 1, Clicks: 25, RefundedOrders: 1, RefundedGMV: 30_00},
		} {
			if _, err := st.PutPerf(p, t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := st.RecomputeSegments("s1", t0); err != nil {
		t.Fatal(err)
	}
}

// TestScreens renders every screen with the ASCII profile and compares it
// with testdata/TestScreens/<name>.golden (go test -update rewrites them).
func TestScreens(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h int
		keys []string
		prep func(t *testing.T, st *store.Store)
	}{
		{"find", 80, 24, nil, nil},
		{"find_wide", 120, 30, nil, nil},
		{"find_search", 80, 24, []string{"/", "beauty", "enter"}, nil},
		{"find_filters", 80, 24, []string{"f", "4", "5", "6", "tab", "tab", "tab", "right"}, nil},
		{"find_sorted_by_gmv", 80, 24, []string{"o", "o", "o"}, nil},
		{"detail", 80, 24, []string{"/", "ava", "enter", "enter"}, nil},
		{"batch_preview", 80, 24, []string{"/", "ava.beauty", "enter", "space", "esc", "/", "cara", "enter", "space", "i"}, nil},
		{"batch_message_compose", 80, 24, []string{"/", "kim", "enter", "m", "Hi Kim"}, nil},
		{"saved", 80, 24, []string{"2"}, nil},
		{"collab", 80, 24, []string{"3"}, nil},
		{"collab_errors", 80, 24, []string{"3", "enter", "Launch", "tab", "sku-1:95", "ctrl+s"}, nil},
		{"messages", 80, 24, []string{"4"}, nil},
		{"messages_unread", 80, 24, []string{"4", "f"}, nil},
		{"chat", 80, 24, []string{"4", "n", "enter"}, nil},
		{"invites", 80, 24, []string{"5"}, nil},
		{"blocks", 80, 24, []string{"6"}, nil},
		{"blocks_confirm", 80, 24, []string{"6", "u"}, nil},
		{"help_find", 80, 24, []string{"?"}, nil},
		{"help_messages", 80, 24, []string{"4", "?"}, nil},
		{"too_small", 60, 20, nil, nil},
		{"theme_cycled", 80, 24, []string{"T"}, nil},
		// Issue 9 item 2: esc from a creator opened in Saved or Invites
		// goes back to that list.
		{"saved_detail_esc", 80, 24, []string{"2", "enter", "esc"}, nil},
		{"invites_creator_esc", 80, 24, []string{"5", "c", "esc"}, nil},
		// Item 3: Unreplied holds the threads waiting on the seller.
		{"messages_unreplied", 80, 24, []string{"4", "f", "f"}, nil},
		// Item 12: enter opens the invitation itself, with the offer sent.
		{"invite_open", 80, 24, []string{"5", "enter"}, nil},
		{"invite_open_collab", 80, 24, []string{"5", "enter"}, collabInvite},
		// Items 5, 8, 9: sentences wrapped whole, every refusal in the
		// status, the gauge without "batch costs" once sent, no send
		// offered when nothing is allowed.
		{"batch_sent", 80, 24, []string{"/", "ava.beauty", "enter", "space", "esc", "/", "cara", "enter", "space", "esc", "/", "gia", "enter", "space", "i", "y"}, nil},
		{"batch_all_refused", 80, 24, []string{"/", "cara", "enter", "i"}, nil},
		// Item 6: every error at once under its field, in words; a picked
		// creator removed; the preview repeats the terms, and the errors
		// of an earlier try are gone from the status line.
		// Item 7: Tab follows the layout (Levels, Followers min, max, GMV
		// min, max, Category...), digits on Category toggle nothing, a bad
		// number is said under the bar, ctrl+r resets, O reverses the
		// order, ? opens the help inside the filters.
		{"filters_tab_order", 80, 24, []string{"f", "tab", "tab", "tab", "tab", "tab", "5", "right"}, nil},
		{"filters_bad_number", 80, 24, []string{"f", "tab", "1.2.3"}, nil},
		{"filters_reset", 80, 24, []string{"f", "7", "8", "tab", "10k", "ctrl+r"}, nil},
		{"filters_help", 80, 24, []string{"f", "?"}, nil},
		{"find_reversed", 80, 24, []string{"o", "o", "O"}, nil},
		// Item 11: at 80 columns a long handle is whole and the name gives
		// way; at 200 the name is capped and categories get the room.
		// Item 10: labels say what they mean.
		{"detail_counted", 80, 24, []string{"/", "eve", "enter", "enter"}, nil},
		{"find_long_handle", 80, 24, []string{"/", "isabella"}, longHandle},
		{"find_200", 200, 40, nil, nil},
		{"collab_empty_form", 80, 24, []string{"3", "ctrl+s"}, nil},
		// Issue 10: the Program screen over the store, its table, an
		// affiliate's detail, and m from it opens the conversation.
		{"program_empty", 80, 24, []string{"7"}, nil},
		{"program", 80, 24, []string{"7"}, affiliates},
		{"program_table", 80, 24, []string{"7", "v"}, affiliates},
		{"program_detail", 80, 24, []string{"7", "v", "enter"}, affiliates},
		{"program_chat", 80, 24, []string{"7", "v", "enter", "m"}, affiliates},
		{"program_metrics", 80, 24, []string{"7", "v", "v"}, affiliates},
		{"help_program", 80, 24, []string{"7", "v", "?"}, affiliates},
		{"collab_remove_pick", 80, 24, []string{"3", "S", "down", "x"}, nil},
		{"collab_preview", 80, 24, []string{"3", "S", "ctrl+s", "esc", "enter", "Winter glow", "tab", "sku-1:15, sku-2:12.5", "tab", "space",
			"tab", "2026-12-31", "tab", "Hello", "tab", "team@acme.example", "ctrl+s"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := fixtureStore(t)
			if tc.prep != nil {
				tc.prep(t, st)
			}
			d := newSyncModel(t, st, tc.w, tc.h)
			d.key(tc.keys...)
			out := d.M.View()
			checkFrame(t, out, tc.w, tc.h)
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func TestLoadingScreen(t *testing.T) {
	m := newTestModel(t, fixtureStore(t), 80, 24)
	if v := m.View(); !strings.Contains(v, "loading") {
		t.Fatalf("before the catalog loads: %q", v)
	}
	m.Update(shell.Addressed{To: appOf(m), Msg: countMsg{12}})
	if v := m.View(); !strings.Contains(v, "loading 12 creators…") {
		t.Fatalf("with the count: %q", v)
	}
}
