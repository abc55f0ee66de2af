package offer

import (
	"testing"
)

func TestParseSurveyReply(t *testing.T) {
	tests := []struct {
		in   string
		want SurveyAnswer
		ok   bool
	}{
		{"1", AnswerNoTools, true},
		{"2", AnswerUnclear, true},
		{"2 - unclear", AnswerUnclear, true},
		{" 3. better offers ", AnswerBetterOffers, true},
		{"4) season", AnswerSeason, true},
		{"#5", AnswerOther, true},
		{"5: something else", AnswerOther, true},
		{"2,", AnswerUnclear, true},
		{"\x1b[31m1\x1b[0m", AnswerNoTools, true},
		{"0", 0, false},
		{"6", 0, false},
		{"12", 0, false},
		{"2x", 0, false},
		{"two", 0, false},
		{"", 0, false},
		{"I think 2", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseSurveyReply(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("%q: %v %v, want %v %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTallySurvey(t *testing.T) {
	rs := []SurveyResponse{
		{"ann", utc(2026, 6, 1, 0, 0), AnswerUnclear},
		{"bob", utc(2026, 6, 1, 0, 0), AnswerUnclear},
		{"ann", utc(2026, 6, 3, 0, 0), AnswerSeason}, // ann changes her mind
		{"cat", utc(2026, 6, 2, 0, 0), AnswerOther},
		{"cat", utc(2026, 6, 1, 0, 0), AnswerNoTools}, // older, listed later
		{"dan", utc(2026, 6, 1, 0, 0), 9},             // not an answer
	}
	c := TallySurvey(rs)
	want := SurveyCounts{0, 0, 1, 0, 1, 1}
	if c != want || c.Total() != 3 {
		t.Fatalf("counts %v total %d, want %v", c, c.Total(), want)
	}
}
