package seller

import (
	"time"

	"outreach/backend"
	"outreach/catalog"
	"outreach/model"
)

// data is what one session knows about the store: filled by result
// messages on the event loop and read by the panes when they render. No
// command ever touches it; commands get what they need as arguments.
type data struct {
	seller  model.Seller
	policy  *model.Policy
	quota   model.QuotaStatus
	quotaOK bool
	snap    *backend.Snapshot // the shared catalog version this session shows
	rels    map[string]model.Relation
	marks   []string // creator ids marked for a batch, in marking order
	marked  map[string]bool
	recs    []model.Recommendation // the latest ranking, from the Saved pane
}

func newData(p *model.Policy) *data {
	return &data{policy: p, rels: map[string]model.Relation{}, marked: map[string]bool{}}
}

// ix is the catalog index, or nil before it loads.
func (d *data) ix() *catalog.Index {
	if d.snap == nil {
		return nil
	}
	return d.snap.Index
}

// row is the catalog row of a creator, or nil.
func (d *data) row(id string) *catalog.Row { return d.snap.Row(id) }

// who names a creator for the screen: "@handle", or the id when unknown.
// The result is untrusted text; render it through the safe functions.
func (d *data) who(id string) string {
	if r := d.row(id); r != nil {
		return "@" + r.Handle
	}
	return id
}

// rel is the relation with a creator (zero when they never met).
func (d *data) rel(id string) model.Relation { return d.rels[id] }

// toggleMark marks or unmarks a creator for a batch.
func (d *data) toggleMark(id string) bool {
	if d.marked[id] {
		delete(d.marked, id)
		for i, m := range d.marks {
			if m == id {
				d.marks = append(d.marks[:i], d.marks[i+1:]...)
				break
			}
		}
		return false
	}
	d.marked[id] = true
	d.marks = append(d.marks, id)
	return true
}

func (d *data) clearMarks() {
	d.marks = nil
	d.marked = map[string]bool{}
}

// week is the start of the quota week, zero while the quota loads.
func (d *data) week() time.Time {
	if d.quotaOK {
		return d.quota.WeekStart
	}
	return time.Time{}
}

// followerCap is the current tier's invitation cap, or model.Unlimited.
func (d *data) followerCap() int64 {
	if d.quota.FollowerCap == nil {
		return model.Unlimited
	}
	return *d.quota.FollowerCap
}
