package store

import (
	"fmt"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store/engine"
)

// surveyRecord is the latest why-inactive survey sent to one creator, and
// the answer the creator's reply carried.
type surveyRecord struct {
	Survey     uint64             `json:"survey"`
	Sent       time.Time          `json:"sent"`
	Answer     offer.SurveyAnswer `json:"answer,omitempty"`
	AnsweredAt time.Time          `json:"answered_at,omitzero"`
}

// SurveySpec is who a survey goes to: a segment or hand-picked affiliates.
type SurveySpec struct {
	Segment  program.SegmentName
	Creators []string
}

// SurveySent is what sending a survey did.
type SurveySent struct {
	Survey   uint64    `json:"survey"`
	Outcomes []Outcome `json:"recipients"`
	Sent     int       `json:"sent"`
	Refused  int       `json:"refused"`
}

// SendSurvey sends the why-inactive survey (numbered answers) to a segment
// or hand-picked affiliates, through the checker with the key
// survey-ID/0/0/creator. A reply that starts with an answer's number is
// counted as that creator's answer (see Reply). Nothing is written on bad
// input.
func (s *Store) SendSurvey(seller string, sp SurveySpec, actor string, now time.Time) (SurveySent, error) {
	var out SurveySent
	if err := validNow(now); err != nil {
		return out, err
	}
	if (sp.Segment == "") == (len(sp.Creators) == 0) {
		return out, fmt.Errorf("survey: give a segment or creators, not both and not neither: %w", model.ErrInvalid)
	}
	if sp.Segment != "" {
		if _, err := program.ParseSegmentName(string(sp.Segment)); err != nil {
			return out, fmt.Errorf("survey: %w", err)
		}
	}
	var ids, texts []string
	err := s.update(func(w *wtx) error {
		ids, texts = nil, nil
		if _, err := mustSeller(w, seller); err != nil {
			return err
		}
		all, err := affiliatesOf(w, seller)
		if err != nil {
			return err
		}
		reached, left, err := coverage(all, sp.Segment, sp.Creators)
		if err != nil {
			return fmt.Errorf("survey: %w", err)
		}
		ids = append(reached, left...) // a survey leaves nobody out
		if len(ids) == 0 {
			return fmt.Errorf("survey: the audience matches no affiliate: %w", model.ErrInvalid)
		}
		byID := map[string]*recipient{}
		for i := range all {
			byID[all[i].id] = &all[i]
		}
		if out.Survey, err = w.NextSequence(bSurveys); err != nil {
			return err
		}
		for _, id := range ids {
			r := byID[id]
			name := r.name
			if name == "" {
				name = "@" + r.handle
			}
			texts = append(texts, engage.SurveyMessage("Hi "+model.Clip(model.SafeLine(name), model.MaxNameRunes)))
			if err := putJSON(w, bSurveys, key(seller, id), &surveyRecord{Survey: out.Survey, Sent: now}); err != nil {
				return err
			}
		}
		w.ch.add(ChangedOffers, seller, "")
		return nil
	})
	if err != nil {
		return out, err
	}
	out.Outcomes, err = s.announce(seller, fmt.Sprintf("survey-%d", out.Survey), ids, texts, actor, now)
	for _, o := range out.Outcomes {
		if o.Allowed {
			out.Sent++
		} else {
			out.Refused++
		}
	}
	return out, err
}

// surveyReplyTx reads a creator's reply to the seller as an answer to the
// survey the creator was sent, if any, inside the reply's transaction.
func surveyReplyTx(w *wtx, seller, creator, text string, now time.Time) error {
	var r surveyRecord
	ok, err := getJSON(w, bSurveys, key(seller, creator), &r)
	if err != nil || !ok {
		return err
	}
	a, ok := offer.ParseSurveyReply(text)
	if !ok {
		return nil
	}
	r.Answer, r.AnsweredAt = a, now
	w.ch.add(ChangedOffers, seller, creator)
	return putJSON(w, bSurveys, key(seller, creator), &r)
}

// SurveyCount is one answer with the number of creators who gave it.
type SurveyCount struct {
	Answer string `json:"answer"`
	Number int    `json:"number"`
	Label  string `json:"label"`
	Count  int    `json:"count"`
}

// SurveyResults is the count per answer of the seller's surveys (each
// creator's latest answer).
type SurveyResults struct {
	Sent     int           `json:"sent"`
	Answered int           `json:"answered"`
	Counts   []SurveyCount `json:"counts"`
}

// Surveys counts the answers to the seller's surveys. It writes nothing.
func (s *Store) Surveys(seller string) (SurveyResults, error) {
	var out SurveyResults
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		p := prefix(seller)
		var rs []offer.SurveyResponse
		err := tx.Scan(bSurveys, engine.Range{Prefix: p}, func(k, v []byte) error {
			var r surveyRecord
			if err := decodeJSON(v, &r); err != nil {
				return err
			}
			out.Sent++
			if r.Answer != 0 {
				rs = append(rs, offer.SurveyResponse{Creator: string(k[len(p):]), At: r.AnsweredAt, Answer: r.Answer})
			}
			return nil
		})
		if err != nil {
			return err
		}
		c := offer.TallySurvey(rs)
		out.Answered = c.Total()
		for _, a := range offer.SurveyAnswers() {
			out.Counts = append(out.Counts, SurveyCount{Answer: a.String(), Number: int(a), Label: a.Label(), Count: c[a]})
		}
		return nil
	})
	return out, err
}
