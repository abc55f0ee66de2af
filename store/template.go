package store

import (
	"fmt"
	"slices"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/program"
	"outreach/store/engine"
)

// The buckets of part 2 of the affiliate program: templates, campaigns and
// offers. Keys begin with the seller, so one prefix scan reads a seller's.
const (
	// bTemplates: seller\0name -> JSON templateRecord. A starter template
	// is never stored until the seller replaces or removes it: reads merge
	// the stored records over model.StarterTemplates, so every seller has
	// the library without any write.
	bTemplates = "templates"
	// bCampaigns: seller\0id -> JSON campaignRecord.
	bCampaigns = "campaigns"
	// bCampaignNames: seller\0name -> id; names are unique per seller.
	bCampaignNames = "campaign_names"
	// bCampaignDue: due instant (u64 unix nanos) \0 seller \0 id -> nil,
	// one entry per campaign with something to do, so that run-due reads
	// only what is due.
	bCampaignDue = "campaign_due"
	// bCampaignResults: seller\0id\0run(u32)\0step(u32)\0creator ->
	// encoded result of one recipient.
	bCampaignResults = "campaign_results"
	// bCampaignMembers: seller\0id\0creator -> JSON member, for sequences.
	bCampaignMembers = "campaign_members"
	// bCampaignCursors: seller\0id -> the pass's instant (u64 unix nanos)
	// and its cursor, written by each batch of a run instead of the whole
	// campaign record (which holds the audience); the record's own
	// Pass.Cursor is the one to use when there is no entry for its pass.
	bCampaignCursors = "campaign_cursors"
	// bBoosts: seller\0seq(u64) -> JSON boostRecord.
	bBoosts = "boosts"
	// bContests: seller\0name -> JSON contestRecord.
	bContests = "contests"
	// bSurveys: seller\0creator -> JSON surveyRecord (the latest survey
	// sent to the creator, and its answer).
	bSurveys = "surveys"
	// bKits: seller\0segment ("" for all) -> JSON model.Kit.
	bKits = "kits"
)

var offerBuckets = []string{bTemplates, bCampaigns, bCampaignNames, bCampaignDue, bCampaignResults, bCampaignMembers,
	bCampaignCursors, bBoosts, bContests, bSurveys, bKits}

// Kinds of change of part 2.
const (
	// ChangedCampaigns is a change to a seller's templates or campaigns.
	ChangedCampaigns ChangeKind = 17
	// ChangedOffers is a change to a seller's boosts, codes, contests,
	// surveys or kits.
	ChangedOffers ChangeKind = 18
)

// templateRecord is a template as stored; Removed hides a starter template.
type templateRecord struct {
	Name    string    `json:"name"`
	Segment string    `json:"segment,omitempty"`
	Kind    string    `json:"kind,omitempty"`
	Text    string    `json:"text"`
	Added   time.Time `json:"added"`
	Removed bool      `json:"removed,omitempty"`
}

// TemplateInfo is a template as a seller sees it.
type TemplateInfo struct {
	*engage.Template
	Starter bool      `json:"starter"` // from the starter library, unchanged
	Added   time.Time `json:"added,omitzero"`
	// WorstCase is the longest message the template can render.
	WorstCase int `json:"worst_case_runes"`
}

func (r *templateRecord) parse() (*engage.Template, error) {
	var kind program.InactiveKind
	if err := kind.UnmarshalText([]byte(r.Kind)); err != nil {
		return nil, fmt.Errorf("template %q: %w", r.Name, errCorrupt)
	}
	t, err := engage.ParseTemplate(r.Name, r.Text, program.SegmentName(r.Segment), kind)
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", r.Name, errCorrupt)
	}
	return t, nil
}

// templatesOf is the seller's templates: the starter library with the
// stored records over it, by name.
func templatesOf(tx engine.Tx, seller string) ([]TemplateInfo, error) {
	stored := map[string]*templateRecord{}
	err := tx.Scan(bTemplates, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
		var r templateRecord
		if err := decodeJSON(v, &r); err != nil {
			return err
		}
		stored[r.Name] = &r
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []TemplateInfo
	for _, t := range engage.StarterTemplates() {
		if _, ok := stored[t.Name]; ok {
			continue
		}
		out = append(out, TemplateInfo{Template: t, Starter: true, WorstCase: t.WorstCaseRunes()})
	}
	for _, r := range stored {
		if r.Removed {
			continue
		}
		t, err := r.parse()
		if err != nil {
			return nil, err
		}
		out = append(out, TemplateInfo{Template: t, Added: r.Added, WorstCase: t.WorstCaseRunes()})
	}
	slices.SortFunc(out, func(a, b TemplateInfo) int {
		switch {
		case a.Name < b.Name:
			return -1
		case a.Name > b.Name:
			return 1
		}
		return 0
	})
	return out, nil
}

// templateOf is one of the seller's templates, model.ErrNotFound naming it
// when there is none.
func templateOf(tx engine.Tx, seller, name string) (TemplateInfo, error) {
	var r templateRecord
	ok, err := getJSON(tx, bTemplates, key(seller, name), &r)
	if err != nil {
		return TemplateInfo{}, err
	}
	if ok && !r.Removed {
		t, err := r.parse()
		if err != nil {
			return TemplateInfo{}, err
		}
		return TemplateInfo{Template: t, Added: r.Added, WorstCase: t.WorstCaseRunes()}, nil
	}
	if !ok {
		for _, t := range engage.StarterTemplates() {
			if t.Name == name {
				return TemplateInfo{Template: t, Starter: true, WorstCase: t.WorstCaseRunes()}, nil
			}
		}
	}
	return TemplateInfo{}, fmt.Errorf("template %q: %w", model.Clip(model.SafeLine(name), 60), model.ErrNotFound)
}

// ErrTemplateExists marks a template name the seller already has.
var ErrTemplateExists = fmt.Errorf("a template of that name exists (give --replace to change it): %w", model.ErrInvalid)

// ErrTooLong marks a template whose longest rendering is over the message limit.
var ErrTooLong = fmt.Errorf("over the message limit: %w", model.ErrInvalid)

// AddTemplate checks and saves a template of the seller: the name, the
// segment and kind, every {{variable}} (an unknown one is an error naming
// it), and the longest message it can render (at most 500 characters, with
// every value at its longest). An existing name is refused unless replace
// is set. Nothing is written on an error.
func (s *Store) AddTemplate(seller string, t *engage.Template, replace bool, now time.Time) (TemplateInfo, error) {
	if err := validNow(now); err != nil {
		return TemplateInfo{}, err
	}
	t, err := engage.ParseTemplate(t.Name, t.Text, t.Segment, t.Kind)
	if err != nil {
		return TemplateInfo{}, err
	}
	if n := t.WorstCaseRunes(); n > engage.MaxRenderedRunes {
		return TemplateInfo{}, fmt.Errorf("template %q: with every value at its longest the message is %d characters, at most %d: %w",
			t.Name, n, engage.MaxRenderedRunes, ErrTooLong)
	}
	err = s.update(func(w *wtx) error {
		if _, err := mustSeller(w, seller); err != nil {
			return err
		}
		if !replace {
			if _, err := templateOf(w, seller, t.Name); err == nil {
				return fmt.Errorf("template %q: %w", t.Name, ErrTemplateExists)
			}
		}
		w.ch.add(ChangedCampaigns, seller, "")
		return putJSON(w, bTemplates, key(seller, t.Name), &templateRecord{Name: t.Name, Segment: string(t.Segment),
			Kind: t.Kind.String(), Text: t.Text, Added: now})
	})
	return TemplateInfo{Template: t, Added: now, WorstCase: t.WorstCaseRunes()}, err
}

// RemoveTemplate removes one of the seller's templates (a starter one is
// hidden). A template a campaign that is not over still sends is kept,
// with an error naming the campaign.
func (s *Store) RemoveTemplate(seller, name string, now time.Time) error {
	if err := validNow(now); err != nil {
		return err
	}
	return s.update(func(w *wtx) error {
		if _, err := mustSeller(w, seller); err != nil {
			return err
		}
		if _, err := templateOf(w, seller, name); err != nil {
			return err
		}
		err := w.Scan(bCampaigns, engine.Range{Prefix: prefix(seller)}, func(_, v []byte) error {
			var c campaignRecord
			if err := decodeJSON(v, &c); err != nil {
				return err
			}
			if !c.State.Final() && slices.Contains(c.templates(), name) {
				return fmt.Errorf("template %q is used by campaign %q (%s); cancel it first: %w", name, c.Name, c.State, model.ErrInvalid)
			}
			return nil
		})
		if err != nil {
			return err
		}
		w.ch.add(ChangedCampaigns, seller, "")
		starter := false
		for _, t := range engage.StarterTemplates() {
			starter = starter || t.Name == name
		}
		if starter {
			return putJSON(w, bTemplates, key(seller, name), &templateRecord{Name: name, Text: "-", Added: now, Removed: true})
		}
		return w.Delete(bTemplates, key(seller, name))
	})
}

// Templates lists the seller's templates by name: the starter library and
// the seller's own. It writes nothing.
func (s *Store) Templates(seller string) ([]TemplateInfo, error) {
	var out []TemplateInfo
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		var err error
		out, err = templatesOf(tx, seller)
		return err
	})
	return out, err
}

// Template is one of the seller's templates.
func (s *Store) Template(seller, name string) (TemplateInfo, error) {
	var out TemplateInfo
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		var err error
		out, err = templateOf(tx, seller, name)
		return err
	})
	return out, err
}
