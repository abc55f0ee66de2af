package offer

import (
	"strings"
	"time"

	"outreach/model"
)

// SurveyAnswer is one numbered answer of the why-inactive survey.
type SurveyAnswer uint8

// The survey's answers, numbered as the creator sees them.
const (
	AnswerNoTools      SurveyAnswer = 1
	AnswerUnclear      SurveyAnswer = 2
	AnswerBetterOffers SurveyAnswer = 3
	AnswerSeason       SurveyAnswer = 4
	AnswerOther        SurveyAnswer = 5
)

// SurveyAnswers lists the answers in their numbered order.
func SurveyAnswers() []SurveyAnswer {
	return []SurveyAnswer{AnswerNoTools, AnswerUnclear, AnswerBetterOffers, AnswerSeason, AnswerOther}
}

// Label is the answer as the survey message words it.
func (a SurveyAnswer) Label() string {
	switch a {
	case AnswerNoTools:
		return "I have no tools or assets to promote with"
	case AnswerUnclear:
		return "The product is unclear to me"
	case AnswerBetterOffers:
		return "I have better offers elsewhere"
	case AnswerSeason:
		return "It is the time of year"
	case AnswerOther:
		return "Something else"
	}
	return ""
}

// String is the answer's code in JSON and the CLI.
func (a SurveyAnswer) String() string {
	switch a {
	case AnswerNoTools:
		return "no-tools"
	case AnswerUnclear:
		return "unclear"
	case AnswerBetterOffers:
		return "better-offers"
	case AnswerSeason:
		return "season"
	case AnswerOther:
		return "other"
	}
	return ""
}

// ParseSurveyReply reads a creator's reply to the survey: the answer's
// number, alone or followed by a separator and words ("2", "2 - unclear",
// "2) the product", "#2", " 2. "). Anything else (no number, a number out of
// range, "12", "2x") is not an answer: ok is false and the reply is an
// ordinary message.
func ParseSurveyReply(reply string) (a SurveyAnswer, ok bool) {
	s := strings.TrimSpace(model.SafeLine(reply))
	s = strings.TrimPrefix(s, "#")
	if s == "" || s[0] < '1' || s[0] > '5' {
		return 0, false
	}
	if len(s) > 1 {
		switch s[1] {
		case ' ', '-', '.', ')', ':', ',':
		default:
			return 0, false
		}
	}
	return SurveyAnswer(s[0] - '0'), true
}

// SurveyResponse is one creator's parsed reply to a survey.
type SurveyResponse struct {
	Creator string       `json:"creator"`
	At      time.Time    `json:"at"`
	Answer  SurveyAnswer `json:"answer"`
}

// SurveyCounts is the number of creators per answer, indexed by answer
// number (index 0 unused).
type SurveyCounts [AnswerOther + 1]int

// Total is the number of creators who answered.
func (c SurveyCounts) Total() int {
	n := 0
	for _, v := range c[1:] {
		n += v
	}
	return n
}

// TallySurvey counts the answers, one per creator: a creator who answered
// more than once counts with the latest answer (by At; the later in the
// list on a tie).
func TallySurvey(rs []SurveyResponse) SurveyCounts {
	latest := make(map[string]SurveyResponse, len(rs))
	for _, r := range rs {
		if r.Answer < AnswerNoTools || r.Answer > AnswerOther {
			continue
		}
		if p, ok := latest[r.Creator]; !ok || !r.At.Before(p.At) {
			latest[r.Creator] = r
		}
	}
	var c SurveyCounts
	for _, r := range latest {
		c[r.Answer]++
	}
	return c
}
