package campaigns

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"

	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// The create form's fields, in focus order.
const (
	fName = iota
	fTemplate
	fAudience
	fWhen
	fAt
	fOverflow
	numFields
)

var fieldLabels = [numFields]string{"Name", "Template", "Audience", "When", "At (UTC)", "Overflow"}

// audienceChoice is an audience the form offers.
type audienceChoice struct {
	label string
	aud   engage.Audience
}

var audienceChoices = []audienceChoice{
	{"Inactive (every kind)", engage.Audience{Segments: []program.SegmentName{program.SegmentInactive}}},
	{"Inactive: lapsed", engage.Audience{Kinds: []program.InactiveKind{program.KindLapsed}}},
	{"Inactive: never activated", engage.Audience{Kinds: []program.InactiveKind{program.KindNeverActivated}}},
	{"Inactive: new", engage.Audience{Kinds: []program.InactiveKind{program.KindNew}}},
	{"Casual", engage.Audience{Segments: []program.SegmentName{program.SegmentCasual}}},
	{"Growth", engage.Audience{Segments: []program.SegmentName{program.SegmentGrowth}}},
	{"Power", engage.Audience{Segments: []program.SegmentName{program.SegmentPower}}},
}

// whenChoice is a schedule the form offers.
type whenChoice struct {
	label  string
	repeat engage.Repeat
	at     bool // the At field is read
}

var whenChoices = []whenChoice{
	{"now", engage.Once, false},
	{"at a time", engage.Once, true},
	{"every week", engage.Weekly, true},
	{"every 2 weeks", engage.Biweekly, true},
	{"every month", engage.Monthly, true},
}

var overflowChoices = []engage.Overflow{engage.OverflowWait, engage.OverflowSkip}

const atLayout = "2006-01-02 15:04"

// newForm is the create form: two text inputs and four choices; every
// error at once under its field.
func newForm(s *shell.Session) *components.FieldForm {
	return components.NewFieldForm(fieldLabels[:], map[int]textinput.Model{
		fName: components.NewInput(s, "", "campaign name", 40),
		fAt:   components.NewInput(s, "", "YYYY-MM-DD HH:MM", 20),
	})
}

// choices is how many options a choice field of the form has.
func (c *View) choices(field int) int {
	switch field {
	case fTemplate:
		return len(c.tpls)
	case fAudience:
		return len(audienceChoices)
	case fWhen:
		return len(whenChoices)
	case fOverflow:
		return len(overflowChoices)
	}
	return 0
}

// spec checks the form and builds the campaign; the errors are per field.
func spec(f *components.FieldForm, tpls []store.TemplateInfo) (store.CampaignSpec, map[int]string) {
	errs := map[int]string{}
	sp := store.CampaignSpec{Name: strings.TrimSpace(f.Value(fName)), Overflow: overflowChoices[f.Picks[fOverflow]]}
	if sp.Name == "" {
		errs[fName] = "Give the campaign a name."
	}
	if len(tpls) == 0 {
		errs[fTemplate] = "There is no template to send."
	} else {
		sp.Template = tpls[f.Picks[fTemplate]%len(tpls)].Name
	}
	sp.Audience = audienceChoices[f.Picks[fAudience]].aud
	sp.Audience.Segments = append([]program.SegmentName(nil), sp.Audience.Segments...)
	sp.Audience.Kinds = append([]program.InactiveKind(nil), sp.Audience.Kinds...)
	w := whenChoices[f.Picks[fWhen]]
	sp.Repeat = w.repeat
	if w.at {
		t, err := time.Parse(atLayout, strings.TrimSpace(f.Value(fAt)))
		if err != nil {
			errs[fAt] = "Write the time as YYYY-MM-DD HH:MM."
		} else {
			sp.At = t
		}
	}
	return sp, errs
}

// fieldOfErr puts a store error under the field it is about.
func fieldOfErr(err error) int {
	msg := strings.ToLower(err.Error())
	switch {
	case errors.Is(err, store.ErrCampaignExists), strings.Contains(msg, "campaign name"):
		return fName
	case strings.Contains(msg, "audience"):
		return fAudience
	case strings.Contains(msg, "template"):
		return fTemplate
	case strings.Contains(msg, "schedule"), strings.Contains(msg, "past"):
		return fAt
	case strings.Contains(msg, "overflow"):
		return fOverflow
	}
	return -1
}
