package engage

import (
	"fmt"
	"strings"
	"testing"

	"outreach/model/offer"
)

func TestSurveyMessageListsEveryAnswer(t *testing.T) {
	msg := SurveyMessage("Lena")
	for _, a := range offer.SurveyAnswers() {
		line := fmt.Sprintf("\n%d %s", a, a.Label())
		if !strings.Contains(msg, line) {
			t.Errorf("message lacks %q", line)
		}
		if got, ok := offer.ParseSurveyReply(strings.TrimSpace(line)); !ok || got != a {
			t.Errorf("the message's own line %q parses as %v %v", line, got, ok)
		}
		if a.String() == "" {
			t.Errorf("answer %d has no code", a)
		}
	}
	if len(offer.SurveyAnswers()) != 5 {
		t.Fatal("the SPEC lists five answers")
	}
}
