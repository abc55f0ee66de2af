package store

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"outreach/model"
	"outreach/model/engage"
	"outreach/model/offer"
	"outreach/model/program"
	"outreach/store/engine"
)

// segName is part 1's segment as part 2 names it: the one place the two
// spellings meet ("" for an affiliate never evaluated).
func segName(s program.Segment) program.SegmentName {
	if s == program.SegNone {
		return ""
	}
	return program.SegmentName(s.String())
}

// recipient is one affiliate as a campaign or an offer sees it.
type recipient struct {
	id, handle, name string
	level            model.Level
	seg              program.SegmentName
	kind             program.InactiveKind
	dormant, flagged bool
	joined           program.Day
	lastActive       program.Day
	lastSale         program.Day
	known            bool // the creator record exists
}

func (r *recipient) member() engage.AudienceMember {
	return engage.AudienceMember{Creator: r.id, Segment: r.seg, Kind: r.kind, Dormant: r.dormant, Flagged: r.flagged}
}

// affiliatesOf lists the seller's affiliates, by creator id, with what
// audiences, offers and templates need of each. It reads the affiliate
// records and the creator records, never the performance.
func affiliatesOf(tx engine.Tx, seller string) ([]recipient, error) {
	var out []recipient
	err := tx.Scan(bAffiliates, engine.Range{Prefix: prefix(seller)}, func(k, v []byte) error {
		var a affiliateRecord
		if err := decodeAffiliate(k, v, &a); err != nil {
			return err
		}
		r := recipient{id: a.CreatorID, seg: segName(a.Seg.Segment), dormant: a.Seg.Dormant, flagged: a.OpenFlags > 0,
			joined: a.JoinedDay, lastActive: a.LastActive, lastSale: a.LastSale}
		if a.Seg.Segment == program.SegInactive {
			r.kind = a.Seg.Kind
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		c, err := getCreator(tx, out[i].id)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out[i].known, out[i].handle, out[i].name, out[i].level = true, c.Handle, c.Name, c.Level
		}
	}
	return out, nil
}

// selectRecipients is the audience among the seller's affiliates, by id.
func selectRecipients(a *engage.Audience, all []recipient) ([]recipient, error) {
	members := make([]engage.AudienceMember, len(all))
	for i := range all {
		members[i] = all[i].member()
	}
	ids, err := engage.SelectAudience(a, members)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]int, len(all))
	for i := range all {
		byID[all[i].id] = i
	}
	out := make([]recipient, 0, len(ids))
	for _, id := range ids {
		out = append(out, all[byID[id]])
	}
	slices.SortFunc(out, func(a, b recipient) int { return cmp.Compare(a.id, b.id) })
	return out, nil
}

// valueCtx fills template values for one seller at one instant: what is the
// same for every recipient is loaded once.
type valueCtx struct {
	seller     *model.Seller
	loc        *time.Location
	now        time.Time
	today      program.Day
	boosts     []boostRecord
	codes      map[string]offer.Code // the creator's latest valid code
	contest    *contestRecord        // the first contest running now
	board      map[string]offer.LeaderRow
	boardLen   int
	commission map[string]float64 // highest rate of an accepted collaboration
	topProduct map[string]string
	lastMonth  map[string]program.PerfTotals
	needMonth  bool
}

// newValueCtx loads what the templates tpls need for the seller at now.
func newValueCtx(tx engine.Tx, sl *model.Seller, now time.Time, tpls []*engage.Template) (*valueCtx, error) {
	vc := &valueCtx{seller: sl, loc: sl.Location(), now: now, codes: map[string]offer.Code{},
		commission: map[string]float64{}, topProduct: map[string]string{}}
	vc.today = program.DayOf(now, vc.loc)
	var uses [32]bool
	for _, t := range tpls {
		for _, v := range t.Vars() {
			uses[v] = true
		}
	}
	var err error
	if uses[engage.VarBoostRate] || uses[engage.VarBoostUntil] {
		if vc.boosts, err = boostsOf(tx, sl.ID); err != nil {
			return nil, err
		}
	}
	if uses[engage.VarCode] || uses[engage.VarCodeDiscount] {
		err := tx.Scan(bCodes, engine.Range{Prefix: prefix(sl.ID)}, func(_, v []byte) error {
			var c offer.Code
			if err := decodeJSON(v, &c); err != nil {
				return err
			}
			if c.Valid(now, 0) {
				if old, ok := vc.codes[c.Creator]; !ok || c.Until.After(old.Until) {
					vc.codes[c.Creator] = c
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if uses[engage.VarContestGoal] || uses[engage.VarContestRank] {
		cs, err := contestsOf(tx, sl.ID)
		if err != nil {
			return nil, err
		}
		for i := range cs {
			if !now.Before(cs[i].Start) && now.Before(cs[i].End) {
				vc.contest = &cs[i]
				break
			}
		}
		if vc.contest != nil {
			rows, err := leaderboardTx(tx, sl, vc.contest)
			if err != nil {
				return nil, err
			}
			vc.board, vc.boardLen = map[string]offer.LeaderRow{}, len(rows)
			for _, r := range rows {
				vc.board[r.Creator] = r
			}
		}
	}
	if uses[engage.VarCommission] || uses[engage.VarTopProduct] {
		err := tx.Scan(bInvBySl, engine.Range{Prefix: prefix(sl.ID)}, func(k, _ []byte) error {
			var inv model.Invitation
			ok, err := getJSON(tx, bInvites, k[len(k)-8:], &inv)
			if err != nil || !ok || inv.State != model.Accepted || inv.Collab == nil {
				return err
			}
			for _, p := range inv.Collab.Products {
				if p.Commission > vc.commission[inv.CreatorID] {
					vc.commission[inv.CreatorID] = p.Commission
					vc.topProduct[inv.CreatorID] = p.ID
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if uses[engage.VarGMVLastMonth] || uses[engage.VarOrdersLastMonth] {
		y, m, _ := vc.today.Date()
		first := program.DayFromDate(y, m-1, 1)
		win := program.Window{From: first, To: program.DayFromDate(y, m, 1) - 1}
		facts, err := scanProgram(tx, sl.ID, progQuery{wins: []program.Window{win}, today: vc.today})
		if err != nil {
			return nil, err
		}
		vc.lastMonth = make(map[string]program.PerfTotals, len(facts))
		for i := range facts {
			vc.lastMonth[facts[i].rec.CreatorID] = facts[i].totals[0]
		}
	}
	return vc, nil
}

// values are one recipient's template values. A value that does not apply
// (no boost covers the affiliate, no code) is left empty, so a template
// that needs it refuses that recipient with a sentence.
func (vc *valueCtx) values(r *recipient) *engage.TemplateValues {
	var v engage.TemplateValues
	name := r.name
	if name == "" {
		name = r.handle
	}
	v[engage.VarName] = name
	if r.handle != "" {
		v[engage.VarHandle] = "@" + r.handle
	}
	v[engage.VarLevel] = r.level.String()
	v[engage.VarSegment] = string(r.seg)
	v[engage.VarSeller] = vc.seller.Name
	if v[engage.VarSeller] == "" {
		v[engage.VarSeller] = vc.seller.ID
	}
	if t, ok := vc.lastMonth[r.id]; ok {
		v[engage.VarGMVLastMonth] = engage.FormatUSD(t.GMV)
		v[engage.VarOrdersLastMonth] = model.Thousands(t.Orders)
	} else if vc.lastMonth != nil {
		v[engage.VarGMVLastMonth], v[engage.VarOrdersLastMonth] = engage.FormatUSD(0), "0"
	}
	v[engage.VarConversionsLastCampaign] = "0"
	if p := vc.topProduct[r.id]; p != "" {
		v[engage.VarTopProduct] = p
	} else {
		v[engage.VarTopProduct] = "our best sellers"
	}
	if c := vc.commission[r.id]; c > 0 {
		v[engage.VarCommission] = engage.FormatPercent(c)
	} else {
		v[engage.VarCommission] = "your usual commission"
	}
	for i := range vc.boosts {
		b := &vc.boosts[i].Boost
		if !b.Ended(vc.now) && b.Covers(r.id, r.seg, r.flagged) {
			v[engage.VarBoostRate] = engage.FormatPercent(b.Rate)
			v[engage.VarBoostUntil] = engage.FormatLastDay(b.End, vc.loc)
			break
		}
	}
	if c, ok := vc.codes[r.id]; ok {
		v[engage.VarCode] = c.Code
		v[engage.VarCodeDiscount] = strconv.Itoa(c.Discount) + "%"
	}
	if vc.contest != nil && !r.flagged {
		c := &vc.contest.Contest
		if c.Metric == offer.ContestGMV {
			v[engage.VarContestGoal] = engage.FormatUSD(model.Cents(c.Threshold)) + " in sales"
		} else {
			v[engage.VarContestGoal] = model.Thousands(c.Threshold) + " orders"
		}
		if row, ok := vc.board[r.id]; ok {
			v[engage.VarContestRank] = engage.FormatRank(row.Rank, vc.boardLen)
		} else {
			v[engage.VarContestRank] = "not ranked yet"
		}
	}
	last := r.lastActive
	if last.IsZero() {
		last = r.joined
	}
	if !last.IsZero() && vc.today >= last {
		v[engage.VarDaysInactive] = strconv.Itoa(int(vc.today - last))
	}
	return &v
}
