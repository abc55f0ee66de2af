package store

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"outreach/model"
)

func sampleCreator(i int) model.Creator {
	return model.Creator{
		ID: fmt.Sprintf("c%07d", i), Handle: fmt.Sprintf("lena.bakes%d", i%1000), Name: "Lena Bäcker",
		Followers: int64(i * 37 % 2_000_000), Level: model.Level(i % 9), Type: model.CreatorType(i % 2),
		Categories: []string{"kitchen", "home"}, Country: "DE", Bio: "Plant-based baking, every Sunday LIVE.",
		GMV30: model.Cents(i * 13), ActiveDays30: i % 31, AvgViews: int64(i % 50000),
		Perf:    []model.MonthPerf{{Month: "2026-09", GMV: 12345, ActiveDays: 9, Products: 3}, {Month: "2026-10", GMV: 54321, ActiveDays: 12, Products: 5}},
		History: []model.LevelChange{{Month: "2026-09", Level: 3}, {Month: "2026-10", Level: 4}},
	}
}

func TestCreatorCodecRoundTrip(t *testing.T) {
	cases := []model.Creator{sampleCreator(1), {ID: "x", Handle: "xx"}, sampleCreator(123456)}
	for _, c := range cases {
		var got model.Creator
		if err := decodeCreator(encodeCreator(&c), &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, c)
		}
	}
	// Truncated or foreign bytes are an error, never a panic.
	enc := encodeCreator(&cases[0])
	for n := 0; n < len(enc); n++ {
		var got model.Creator
		if err := decodeCreator(enc[:n], &got); err == nil {
			t.Fatalf("decoding %d of %d bytes succeeded", n, len(enc))
		}
	}
}

func TestRelationCodecRoundTrip(t *testing.T) {
	cases := []model.Relation{{}, {Connected: true, Saved: true, CountedWeek: 1763164800, MsgWeek: 1763164800, MsgCount: 4, Messages: 9, LastAt: 1763470000000, LastFromSeller: true, SellerUnread: 2, CreatorUnread: 1, Invites: 3, BlockedByCreator: true}}
	for _, r := range cases {
		var got model.Relation
		if err := decodeRel(encodeRel(&r), &got); err != nil || got != r {
			t.Fatalf("round trip %+v -> %+v (%v)", r, got, err)
		}
	}
}

// The encoding for creators was chosen by these: decoding every creator is
// what loading the finder costs.
func BenchmarkDecodeCreators_100k(b *testing.B) {
	const n = 100_000
	bin := make([][]byte, n)
	js := make([][]byte, n)
	for i := range n {
		c := sampleCreator(i)
		bin[i] = encodeCreator(&c)
		js[i], _ = json.Marshal(&c)
	}
	b.Run("binary", func(b *testing.B) {
		var c model.Creator
		for b.Loop() {
			for _, v := range bin {
				if err := decodeCreator(v, &c); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			for _, v := range js {
				var c model.Creator
				if err := json.Unmarshal(v, &c); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func TestMessageAndDecisionCodecs(t *testing.T) {
	at := time.Date(2026, 11, 18, 12, 0, 0, 123, time.UTC)
	m := model.ChatMessage{Seq: 7, SellerID: "s1", CreatorID: "c1", FromSeller: true, Text: "héllo\nthere", At: at, Invite: 3}
	var gm model.ChatMessage
	if err := decodeMessage(encodeMessage(&m), &gm); err != nil || gm != m {
		t.Fatalf("message round trip: %+v %v", gm, err)
	}
	d := model.DecisionRecord{Seq: 9, At: at, SellerID: "s1", CreatorID: "c1", Kind: "invite", Allowed: false,
		Reason: model.ReasonFollowerCap, Message: "too big", Credit: "", Key: "k", Actor: "agent:ann"}
	var gd model.DecisionRecord
	if err := decodeDecision(encodeDecision(&d), &gd); err != nil || gd != d {
		t.Fatalf("decision round trip: %+v %v", gd, err)
	}
	// Records written as JSON still read.
	js, _ := json.Marshal(&d)
	if err := decodeDecision(js, &gd); err != nil || gd != d {
		t.Fatalf("decision from JSON: %+v %v", gd, err)
	}
	js, _ = json.Marshal(&m)
	if err := decodeMessage(js, &gm); err != nil || gm != m {
		t.Fatalf("message from JSON: %+v %v", gm, err)
	}
	for _, bad := range [][]byte{nil, {9}, encodeDecision(&d)[:5]} {
		if decodeDecision(bad, &gd) == nil || decodeMessage(bad, &gm) == nil {
			t.Fatalf("decoded garbage %v", bad)
		}
	}
}

// encodeCreatorV1 is the version 1 layout earlier files hold.
func encodeCreatorV1(c *model.Creator) []byte {
	e := enc{}
	e.b = append(e.b, creatorCodecV1)
	e.str(c.ID)
	e.str(c.Handle)
	e.str(c.Name)
	e.varint(c.Followers)
	e.uvarint(uint64(c.Level))
	e.uvarint(uint64(c.Type))
	e.uvarint(uint64(len(c.Categories)))
	for _, s := range c.Categories {
		e.str(s)
	}
	e.str(c.Country)
	e.str(c.Bio)
	e.varint(int64(c.GMV30))
	e.varint(int64(c.ActiveDays30))
	e.varint(c.AvgViews)
	e.uvarint(uint64(len(c.Perf)))
	for _, p := range c.Perf {
		e.str(p.Month)
		e.varint(int64(p.GMV))
		e.varint(int64(p.ActiveDays))
		e.varint(int64(p.Products))
	}
	e.uvarint(uint64(len(c.History)))
	for _, h := range c.History {
		e.str(h.Month)
		e.uvarint(uint64(h.Level))
	}
	return e.b
}

// Both layouts decode to the same creator, and the summary of either
// carries exactly the catalog's fields of the full record.
func TestCreatorSummaryMatchesRecord(t *testing.T) {
	falling := sampleCreator(7)
	falling.History = []model.LevelChange{{Month: "2026-08", Level: 5}, {Month: "2026-09", Level: 4}, {Month: "2026-10", Level: 3}}
	cases := []model.Creator{sampleCreator(1), {ID: "x", Handle: "xx"}, sampleCreator(123456), falling}
	for _, c := range cases {
		for name, raw := range map[string][]byte{"v1": encodeCreatorV1(&c), "v2": encodeCreator(&c)} {
			var full, scratch model.Creator
			if err := decodeCreator(raw, &full); err != nil || !reflect.DeepEqual(full, c) {
				t.Fatalf("%s %s: full decode %+v (%v)", name, c.ID, full, err)
			}
			var s CreatorSummary
			if err := decodeSummary(raw, &s, &scratch); err != nil {
				t.Fatalf("%s %s: %v", name, c.ID, err)
			}
			var cats []string
			for _, x := range s.Categories {
				cats = append(cats, string(x))
			}
			got := model.Creator{ID: string(s.ID), Handle: string(s.Handle), Name: string(s.Name), Followers: s.Followers,
				Level: s.Level, Type: s.Type, Categories: cats, GMV30: s.GMV30, ActiveDays30: s.ActiveDays30}
			want := model.Creator{ID: c.ID, Handle: c.Handle, Name: c.Name, Followers: c.Followers,
				Level: c.Level, Type: c.Type, Categories: c.Categories, GMV30: c.GMV30, ActiveDays30: c.ActiveDays30}
			if !reflect.DeepEqual(got, want) || s.Falling != c.Falling() {
				t.Fatalf("%s summary:\n got %+v falling %v\nwant %+v falling %v", name, got, s.Falling, want, c.Falling())
			}
		}
	}
	// A truncated summary prefix is an error, never a panic.
	raw := encodeCreator(&falling)
	for n := 0; n < 20; n++ {
		var s CreatorSummary
		if err := decodeSummary(raw[:n], &s, &model.Creator{}); err == nil {
			t.Fatalf("summary of %d of %d bytes decoded", n, len(raw))
		}
	}
}
