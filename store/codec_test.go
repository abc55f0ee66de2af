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
