package engage

import (
	"fmt"
	"strings"

	"outreach/model/offer"
	"outreach/model/program"
)

// StarterTemplates is the library a new store starts with: for Power, an
// early briefing and a performance insight; for Growth, what top affiliates
// do differently and a promotion calendar; for Casual, a 15-minute promotion
// idea and quick wins; for New, the five steps of the welcome series (see
// WelcomeSeries); for Inactive, what you missed, a feedback request (the
// why-inactive survey) and a comeback offer. Each call returns fresh,
// parsed templates; every one renders within the message limit even with
// every value at its longest (a test holds it to that).
func StarterTemplates() []*Template {
	src := []struct {
		name string
		seg  program.SegmentName
		kind program.InactiveKind
		text string
	}{
		{"power-early-briefing", program.SegmentPower, program.KindNone,
			"Hi {{name}}, you are one of {{seller}}'s top affiliates, so you hear it first: something new is launching soon. " +
				"Reply to this message and we will send you the details and a sample before anyone else."},
		{"power-performance-insight", program.SegmentPower, program.KindNone,
			"{{name}}, last month you brought {{orders_last_month}} orders and {{gmv_last_month}} in sales; your strongest product was {{top_product}}. " +
				"Pairing it with a second product in the same video is a good way to grow from here. Want a suggestion?"},
		{"growth-top-affiliates", program.SegmentGrowth, program.KindNone,
			"Hi {{name}}, what our top affiliates do differently: they post at least twice a week, show the product in use in the first " +
				"seconds, and pin the link. You made {{gmv_last_month}} last month; one more post a week is often the step up."},
		{"growth-promotion-calendar", program.SegmentGrowth, program.KindNone,
			"{{name}}, our calendar for the coming weeks: new arrivals first, then a weekend sale, then a restock of best sellers. " +
				"Plan a video for each and tell us which dates suit you; we can send samples early. Your commission: {{commission}}."},
		{"casual-15-minute-idea", program.SegmentCasual, program.KindNone,
			"Hi {{name}}, a promotion you can make in 15 minutes: film {{top_product}} on your desk, say one thing you like about it, " +
				"and add your link. Short and honest works best. Need a photo or a script? Just reply."},
		{"casual-quick-wins", program.SegmentCasual, program.KindNone,
			"{{name}}, three quick wins: put your link in your bio, answer the comments that ask where to buy, and reuse your best " +
				"clip as a story. Each takes a few minutes, and they add up."},
		{"new-welcome-1", program.SegmentInactive, program.KindNew,
			"Welcome to {{seller}}'s affiliate program, {{name}}! You earn {{commission}} on every sale you bring. " +
				"Over the next two weeks we will send you a few short tips to get started."},
		{"new-welcome-2", program.SegmentInactive, program.KindNew,
			"{{name}}, tip 2 of 5: pick one product you would use yourself. A good first choice is {{top_product}}. " +
				"Reply to this message to ask for a sample."},
		{"new-welcome-3", program.SegmentInactive, program.KindNew,
			"Tip 3 of 5, {{name}}: your first video does not need to be perfect. Show the product, say what it does for you, " +
				"add the link. That is all it takes."},
		{"new-welcome-4", program.SegmentInactive, program.KindNew,
			"Tip 4 of 5, {{name}}: post when your followers are online and pin your link in the comments. " +
				"A second post in your first month makes a first sale much more likely."},
		{"new-welcome-5", program.SegmentInactive, program.KindNew,
			"Last tip, {{name}}: tell us how it is going. Reply with a question, or with a link to your first post and we will " +
				"give you feedback on it. Welcome aboard from everyone at {{seller}}."},
		{"inactive-what-you-missed", program.SegmentInactive, program.KindNone,
			"Hi {{name}}, it has been {{days_inactive}} days since your last post for us. What you missed: new products, fresh " +
				"promotion ideas in our kit, and a better commission on our best sellers. Your link still works; take a look."},
		{"inactive-feedback-request", program.SegmentInactive, program.KindNone, SurveyMessage("{{name}}")},
		{"inactive-comeback-offer", program.SegmentInactive, program.KindNone,
			"{{name}}, we would like you back: until {{boost_until}} your commission is {{boost_rate}} instead of {{commission}}. " +
				"One post is enough to see the difference."},
		{"inactive-comeback-code", program.SegmentInactive, program.KindNone,
			"{{name}}, a code just for your followers: {{code}} gives them {{code_discount}} off. " +
				"Share it in your next post and every order with it counts for you."},
	}
	out := make([]*Template, 0, len(src))
	for _, s := range src {
		t, err := ParseTemplate(s.name, s.text, s.seg, s.kind)
		if err != nil {
			panic(fmt.Sprintf("starter template %s: %v", s.name, err)) // fixed text: a test keeps it valid
		}
		out = append(out, t)
	}
	return out
}

// WelcomeSeries is the starter sequence for new affiliates: the five
// new-welcome templates over two weeks (day 0, 2, 5, 9 and 14 after joining).
func WelcomeSeries() Sequence {
	days := []int{0, 2, 3, 4, 5} // delays between steps: 0, 2, 5, 9, 14
	steps := make([]SequenceStep, len(days))
	for i, d := range days {
		steps[i] = SequenceStep{Template: fmt.Sprintf("new-welcome-%d", i+1), DelayDays: d}
	}
	return Sequence{Name: "welcome-series", Steps: steps}
}

// SurveyMessage is the why-inactive survey as a message addressed to
// greeting (a name or a template variable): the question and the numbered
// answers that ParseSurveyReply understands.
func SurveyMessage(greeting string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s, we would like to know why you have not promoted us lately. Reply with a number:", greeting)
	for _, a := range offer.SurveyAnswers() {
		fmt.Fprintf(&b, "\n%d %s", int(a), a.Label())
	}
	b.WriteString("\nEvery answer helps us do better for you.")
	return b.String()
}
