package campaigns

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// OfferSource is what the Offers view reads and writes of the seller's
// offers. Every call runs off the event loop.
type OfferSource interface {
	Boosts() ([]store.BoostInfo, error)
	Codes() ([]store.CodeInfo, error)
	Contests() ([]store.ContestInfo, error)
	Surveys() (store.SurveyResults, error)
	AddBoost(sp store.BoostSpec) (store.BoostInfo, error)
}

// offersData is one read of the seller's offers.
type offersData struct {
	boosts   []store.BoostInfo
	codes    []store.CodeInfo
	contests []store.ContestInfo
	surveys  store.SurveyResults
}

// Offers is the Offers view: boosts (and the form that adds one), codes,
// contests with the selected one's leaderboard, and the surveys. Its
// Update may be called on a nil *Offers: an answer that comes after the
// view closed is taken and dropped.
type Offers struct {
	env     Env
	src     OfferSource
	w, h    int
	data    *offersData
	err     error
	loads   components.Reloads
	contest int // the contest whose leaderboard is shown
	form    *components.FieldForm
}

// NewOffers is the Offers view over src.
func NewOffers(env Env, src OfferSource) *Offers { return &Offers{env: env, src: src} }

// The boost form's fields.
const (
	bRate = iota
	bFrom
	bTo
	bSegment
	numBoostFields
)

var boostLabels = [numBoostFields]string{"Rate %", "From", "To", "Segment"}

var boostSegments = []program.SegmentName{program.SegmentInactive, program.SegmentCasual, program.SegmentGrowth, program.SegmentPower}

// newBoostForm adds a boost: rate, from, to (local days) and a segment.
func newBoostForm(s *shell.Session) *components.FieldForm {
	return components.NewFieldForm(boostLabels[:], map[int]textinput.Model{
		bRate: components.NewInput(s, "", "e.g. 5", 8),
		bFrom: components.NewInput(s, "", "YYYY-MM-DD", 12),
		bTo:   components.NewInput(s, "", "YYYY-MM-DD", 12),
	})
}

// boostSpec checks the form; the errors are per field.
func boostSpec(f *components.FieldForm) (store.BoostSpec, map[int]string) {
	errs := map[int]string{}
	sp := store.BoostSpec{From: strings.TrimSpace(f.Value(bFrom)), To: strings.TrimSpace(f.Value(bTo)),
		Segment: boostSegments[f.Picks[bSegment]]}
	r, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(f.Value(bRate)), "%"), 64)
	switch {
	case err != nil:
		errs[bRate] = "Write the extra commission as a number of percent, e.g. 5."
	case !(r > 0 && r <= offer.MaxBoostRate):
		errs[bRate] = fmt.Sprintf("The rate must be above 0%% and at most %g%%.", offer.MaxBoostRate)
	}
	sp.Rate = r
	for _, i := range []int{bFrom, bTo} {
		if _, err := time.Parse("2006-01-02", strings.TrimSpace(f.Value(i))); err != nil {
			errs[i] = "Write the day as YYYY-MM-DD."
		}
	}
	return sp, errs
}

// boostFieldOf puts a store error under the field it is about.
func boostFieldOf(err error) int {
	msg := strings.ToLower(err.Error())
	switch {
	case strings.Contains(msg, "rate"):
		return bRate
	case strings.Contains(msg, "end"), strings.Contains(msg, " to "):
		return bTo
	case strings.Contains(msg, "start"), strings.Contains(msg, "from"):
		return bFrom
	case strings.Contains(msg, "segment"):
		return bSegment
	}
	return -1
}

// Results of the Offers view's loads and writes.
type (
	offersMsg struct {
		d   *offersData
		err error
	}
	boostAddedMsg struct {
		info store.BoostInfo
		err  error
	}
)

func offersCmd(os OfferSource) tea.Cmd {
	return func() tea.Msg {
		var d offersData
		var err error
		if d.boosts, err = os.Boosts(); err != nil {
			return offersMsg{err: err}
		}
		if d.codes, err = os.Codes(); err != nil {
			return offersMsg{err: err}
		}
		if d.contests, err = os.Contests(); err != nil {
			return offersMsg{err: err}
		}
		if d.surveys, err = os.Surveys(); err != nil {
			return offersMsg{err: err}
		}
		return offersMsg{d: &d}
	}
}

// SetSize sizes the view.
func (o *Offers) SetSize(w, h int) { o.w, o.h = w, h }

// Capturing reports that the boost form takes every key.
func (o *Offers) Capturing() bool { return o.form != nil }

// Reload reads the offers again (once more after the read that runs).
func (o *Offers) Reload() tea.Cmd {
	if o == nil || !o.loads.Start() {
		return nil
	}
	return shell.To(o.env.Owner, offersCmd(o.src))
}

// Changed reloads when the seller's offers or program changed.
func (o *Offers) Changed(cs []store.Change) tea.Cmd {
	if o == nil {
		return nil
	}
	for _, c := range cs {
		if c == store.Resync || c.Kind == store.ChangedOffers || c.Kind == store.ChangedProgram {
			return o.Reload()
		}
	}
	return nil
}

// Update takes the view's answers; ok false: not one of them.
func (o *Offers) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case offersMsg:
		if o == nil {
			return nil, true
		}
		var again tea.Cmd
		if o.loads.Done() {
			again = o.Reload()
		}
		o.err = msg.err
		if msg.err == nil {
			o.data = msg.d
			o.contest = min(o.contest, max(len(msg.d.contests)-1, 0))
		}
		return again, true
	case boostAddedMsg:
		if o == nil || o.form == nil {
			return nil, true
		}
		o.form.Busy = false
		if msg.err != nil {
			return o.form.Fail(msg.err, boostFieldOf(msg.err)), true
		}
		o.form = nil
		return tea.Batch(o.Reload(), shell.StatusCmd(fmt.Sprintf("Boost of %g%% added: announced to %d affiliates.", msg.info.Rate, msg.info.Announced), false)), true
	}
	return nil, false
}

// Key takes a key of the view; closed: back (without a form) closes it.
func (o *Offers) Key(msg tea.KeyMsg) (cmd tea.Cmd, closed bool) {
	k := &o.env.S.Keys
	if f := o.form; f != nil {
		action, cmd := f.Key(k, msg, func(field int) int {
			if field == bSegment {
				return len(boostSegments)
			}
			return 0
		})
		switch action {
		case components.FormCancel:
			o.form = nil
			return shell.StatusCmd("No boost added.", false), false
		case components.FormSubmit:
			sp, errs := boostSpec(f)
			os := o.src
			return f.Submit(errs, "The boost is not added: see the errors under the fields.", shell.To(o.env.Owner, func() tea.Msg {
				info, err := os.AddBoost(sp)
				return boostAddedMsg{info, err}
			})), false
		}
		return cmd, false
	}
	switch {
	case key.Matches(msg, k.Back):
		return nil, true
	case key.Matches(msg, o.env.Keys.AddBoost):
		o.form = newBoostForm(o.env.S)
	case key.Matches(msg, k.Up):
		o.contest = max(o.contest-1, 0)
	case key.Matches(msg, k.Down):
		if o.data != nil {
			o.contest = min(o.contest+1, max(len(o.data.contests)-1, 0))
		}
	}
	return nil, false
}

// Help is the keys of the view.
func (o *Offers) Help() []key.Binding {
	k := o.env.S.Keys
	if o.form != nil {
		return []key.Binding{k.FormSubmit, k.FormNext, k.Back}
	}
	return []key.Binding{o.env.Keys.AddBoost, k.Up, k.Down, k.Back}
}
