package program

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"outreach/model"
	"outreach/model/offer"
	mprogram "outreach/model/program"
	"outreach/store"
	"outreach/ui/components"
	"outreach/ui/shell"
)

// OfferSource is what the Offers view reads and writes of the seller's
// offers. A Source that is also an OfferSource gets the view; every call
// runs off the event loop.
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

// offers is the Offers view's state.
type offers struct {
	data    *offersData
	err     error
	loading bool
	stale   bool
	contest int // the contest whose leaderboard is shown
	form    *boostForm
}

// The boost form's fields.
const (
	bRate = iota
	bFrom
	bTo
	bSegment
	numBoostFields
)

var boostLabels = [numBoostFields]string{"Rate %", "From", "To", "Segment"}

var boostSegments = []mprogram.SegmentName{mprogram.SegmentInactive, mprogram.SegmentCasual, mprogram.SegmentGrowth, mprogram.SegmentPower}

// boostForm adds a boost: rate, from, to (local days) and a segment.
type boostForm struct {
	focus   int
	inputs  [3]textinput.Model // rate, from, to
	seg     int
	errs    map[int]string
	general string
	busy    bool
}

func newBoostForm(s *shell.Session) *boostForm {
	f := &boostForm{errs: map[int]string{}}
	f.inputs[bRate] = components.NewInput(s, "", "e.g. 5", 8)
	f.inputs[bFrom] = components.NewInput(s, "", "YYYY-MM-DD", 12)
	f.inputs[bTo] = components.NewInput(s, "", "YYYY-MM-DD", 12)
	f.inputs[bRate].Focus()
	return f
}

func (f *boostForm) setFocus(i int) {
	f.focus = (i + numBoostFields) % numBoostFields
	for j := range f.inputs {
		f.inputs[j].Blur()
	}
	if f.focus < len(f.inputs) {
		f.inputs[f.focus].Focus()
	}
}

// spec checks the form; the errors are per field.
func (f *boostForm) spec() (store.BoostSpec, map[int]string) {
	errs := map[int]string{}
	sp := store.BoostSpec{From: strings.TrimSpace(f.inputs[bFrom].Value()), To: strings.TrimSpace(f.inputs[bTo].Value()),
		Segment: boostSegments[f.seg]}
	r, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(f.inputs[bRate].Value()), "%"), 64)
	switch {
	case err != nil:
		errs[bRate] = "Write the extra commission as a number of percent, e.g. 5."
	case !(r > 0 && r <= offer.MaxBoostRate):
		errs[bRate] = fmt.Sprintf("The rate must be above 0%% and at most %g%%.", offer.MaxBoostRate)
	}
	sp.Rate = r
	for _, i := range []int{bFrom, bTo} {
		if _, err := time.Parse("2006-01-02", strings.TrimSpace(f.inputs[i].Value())); err != nil {
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

func (p *Pane) offerSource() OfferSource {
	os, _ := p.src.(OfferSource)
	return os
}

// openOffers shows the Offers view and loads it.
func (p *Pane) openOffers() tea.Cmd {
	if p.offerSource() == nil {
		return shell.StatusCmd("Offers cannot be read in this session.", true)
	}
	p.off = &offers{}
	return p.reloadOffers()
}

func (p *Pane) reloadOffers() tea.Cmd {
	o := p.off
	if o == nil {
		return nil
	}
	if o.loading {
		o.stale = true
		return nil
	}
	o.loading = true
	return shell.To(p, offersCmd(p.offerSource()))
}

// offersChanged reloads when the seller's offers changed.
func (p *Pane) offersChanged(cs []store.Change) tea.Cmd {
	if p.off == nil {
		return nil
	}
	for _, c := range cs {
		if c == store.Resync || c.Kind == store.ChangedOffers || c.Kind == store.ChangedProgram {
			return p.reloadOffers()
		}
	}
	return nil
}

// offUpdate takes the Offers view's answers; ok false: not one of them.
func (p *Pane) offUpdate(msg tea.Msg) (tea.Cmd, bool) {
	o := p.off
	switch msg := msg.(type) {
	case offersMsg:
		if o == nil {
			return nil, true
		}
		o.loading = false
		var again tea.Cmd
		if o.stale {
			o.stale = false
			again = p.reloadOffers()
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
		o.form.busy = false
		if msg.err != nil {
			if f := boostFieldOf(msg.err); f >= 0 {
				o.form.errs[f] = shell.ErrText(msg.err)
			} else {
				o.form.general = shell.ErrText(msg.err)
			}
			return shell.StatusCmd(shell.ErrText(msg.err), true), true
		}
		o.form = nil
		return tea.Batch(p.reloadOffers(), shell.StatusCmd(fmt.Sprintf("Boost of %g%% added: announced to %d affiliates.", msg.info.Rate, msg.info.Announced), false)), true
	}
	return nil, false
}

// offKey takes the keys of the Offers view.
func (p *Pane) offKey(msg tea.KeyMsg) tea.Cmd {
	o, k, pk := p.off, &p.s.Keys, p.keys
	if f := o.form; f != nil {
		switch {
		case key.Matches(msg, k.Back):
			o.form = nil
			return shell.StatusCmd("No boost added.", false)
		case key.Matches(msg, k.FormSubmit):
			if f.busy {
				return nil
			}
			sp, errs := f.spec()
			f.errs, f.general = errs, ""
			if len(errs) > 0 {
				return shell.StatusCmd("The boost is not added: see the errors under the fields.", true)
			}
			f.busy = true
			os := p.offerSource()
			return shell.To(p, func() tea.Msg {
				info, err := os.AddBoost(sp)
				return boostAddedMsg{info, err}
			})
		case key.Matches(msg, k.FormNext), key.Matches(msg, k.Send):
			f.setFocus(f.focus + 1)
			return nil
		case key.Matches(msg, k.FormPrev):
			f.setFocus(f.focus - 1)
			return nil
		}
		if f.focus == bSegment {
			switch msg.String() {
			case "right", " ":
				f.seg = (f.seg + 1) % len(boostSegments)
			case "left":
				f.seg = (f.seg + len(boostSegments) - 1) % len(boostSegments)
			}
			return nil
		}
		var cmd tea.Cmd
		f.inputs[f.focus], cmd = f.inputs[f.focus].Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		p.off = nil
	case key.Matches(msg, pk.AddBoost):
		o.form = newBoostForm(p.s)
	case key.Matches(msg, k.Up):
		o.contest = max(o.contest-1, 0)
	case key.Matches(msg, k.Down):
		if o.data != nil {
			o.contest = min(o.contest+1, max(len(o.data.contests)-1, 0))
		}
	}
	return nil
}

// offHelp is the keys of the Offers view.
func (p *Pane) offHelp() []key.Binding {
	k, pk := p.s.Keys, p.keys
	if p.off.form != nil {
		return []key.Binding{k.FormSubmit, k.FormNext, k.Back}
	}
	return []key.Binding{pk.AddBoost, k.Up, k.Down, k.Back}
}

// offView draws the Offers view.
func (p *Pane) offView() string {
	o, st := p.off, p.s.Styles
	var out []string
	if f := o.form; f != nil {
		out = append(out, st.Title.S("New boost")+st.Muted.S(shell.Fit(" · tab next field · ←/→ segment · ctrl+s add · esc cancel", p.w-9)))
		for i := range numBoostFields {
			val := ""
			if i == bSegment {
				val = "‹ " + string(boostSegments[f.seg]) + " ›"
			} else {
				val = f.inputs[i].View()
			}
			mark := "  "
			if i == f.focus {
				mark = "> "
			}
			out = append(out, mark+st.Text.S(shell.Pad(boostLabels[i], 8))+" "+val)
			if e, ok := f.errs[i]; ok {
				for _, l := range shell.SafeWrap(e, max(p.w-11, 10)) {
					out = append(out, "           "+st.Bad.S(l))
				}
			}
		}
		if f.general != "" {
			for _, l := range shell.SafeWrap(f.general, max(p.w-2, 10)) {
				out = append(out, "  "+st.Bad.S(l))
			}
		}
		return strings.Join(clip(out, p.h), "\n")
	}
	out = append(out, st.Title.S("Offers")+st.Muted.S(shell.Fit(" · a add a boost · ↑/↓ contest · esc back", p.w-6)))
	switch {
	case o.data == nil && o.err != nil:
		out = append(out, st.Bad.S("  "+shell.SafeFit(shell.ErrText(o.err), p.w-2)))
		return strings.Join(out, "\n")
	case o.data == nil:
		out = append(out, st.Muted.S("  loading the offers…"))
		return strings.Join(out, "\n")
	}
	d := o.data
	line := func(s string) string { return st.Text.S(shell.Fit("  "+s, p.w)) }
	out = append(out, st.Title.S("Boosts"))
	if len(d.boosts) == 0 {
		out = append(out, st.Muted.S("  none: a adds one"))
	}
	for _, b := range d.boosts {
		state := "upcoming"
		switch {
		case b.Active:
			state = "active"
		case b.Ended:
			state = "ended"
		}
		who := b.Segment
		if who == "" {
			who = fmt.Sprintf("%d creators", len(b.Creators))
		}
		out = append(out, line(fmt.Sprintf("+%g%%  %s to %s  %-8s %-14s reached %d · left out %d", b.Rate,
			dayOf(b.Start), lastDay(b.End), state, model.SafeLine(who), len(b.Reached), len(b.LeftOut))))
	}
	out = append(out, st.Title.S("Codes"))
	if len(d.codes) == 0 {
		out = append(out, st.Muted.S("  none"))
	}
	for _, c := range d.codes {
		valid := "valid"
		if !c.Valid {
			valid = "expired"
		}
		out = append(out, line(fmt.Sprintf("%-16s %-20s %3d%% off through %s  %s", model.SafeLine(c.Code.Code), p.handleOf(c.Creator),
			c.Discount, lastDay(c.Until), valid)))
	}
	out = append(out, st.Title.S("Contests"))
	if len(d.contests) == 0 {
		out = append(out, st.Muted.S("  none"))
	}
	for i, c := range d.contests {
		state := "ended"
		if c.Running {
			state = "running"
		}
		if c.Result != nil && c.Result.Winner != "" {
			state = "won by " + p.handleOf(c.Result.Winner)
		}
		text := fmt.Sprintf("%-20s %s ≥ %s  %s to %s  %s", shell.SafeFit(c.Name, 20), c.Metric, thresholdText(&c.Contest),
			dayOf(c.Start), lastDay(c.End), state)
		text = shell.Fit(text, p.w-2)
		out = append(out, shell.ListLine(st, i == o.contest, text, st.Text.S(text), p.w))
	}
	if o.contest < len(d.contests) {
		c := &d.contests[o.contest]
		if len(c.Leaderboard) == 0 {
			out = append(out, st.Muted.S("    no entries yet"))
		}
		for j, r := range c.Leaderboard {
			if j == 5 {
				out = append(out, st.Muted.S(fmt.Sprintf("    … %d more", len(c.Leaderboard)-5)))
				break
			}
			q := ""
			if r.Qualified {
				q = "qualified"
			}
			out = append(out, st.Text.S(shell.Fit(fmt.Sprintf("    %2d. %-20s %12s  %s", r.Rank, p.handleOf(r.Creator), totalText(&c.Contest, r.Total), q), p.w)))
		}
	}
	s := d.surveys
	out = append(out, st.Title.S("Why-inactive surveys")+st.Muted.S(fmt.Sprintf("  sent %d · answered %d", s.Sent, s.Answered)))
	for _, c := range s.Counts {
		out = append(out, line(fmt.Sprintf("%4d  %s", c.Count, model.SafeLine(c.Label))))
	}
	return strings.Join(clip(out, p.h), "\n")
}

// thresholdText is a contest's threshold: dollars for GMV, a count else.
func thresholdText(c *offer.Contest) string { return totalText(c, c.Threshold) }

func totalText(c *offer.Contest, v int64) string {
	if c.Metric == offer.ContestGMV {
		return shell.Dollars(model.Cents(v))
	}
	return model.Thousands(v)
}

// clip keeps the first h lines.
func clip(lines []string, h int) []string {
	if len(lines) > h {
		return lines[:h]
	}
	return lines
}

// dayOf is an instant's day (UTC).
func dayOf(t time.Time) string { return t.UTC().Format("2006-01-02") }

// lastDay is the last day before an exclusive end.
func lastDay(end time.Time) string { return dayOf(end.Add(-time.Nanosecond)) }
