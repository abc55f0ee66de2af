package store

import (
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"time"

	"outreach/model"
	"outreach/model/program"
	"outreach/store/engine"
	"outreach/store/importfile"
)

// PerfStats counts what a performance write did.
type PerfStats struct {
	Rows          int `json:"rows"`
	Added         int `json:"added"`     // days that were not stored
	Replaced      int `json:"replaced"`  // days stored with other figures
	Unchanged     int `json:"unchanged"` // days stored with the same figures
	Affiliates    int `json:"affiliates"`
	NewAffiliates int `json:"new_affiliates"` // creators who joined through performance
	FlagsRaised   int `json:"flags_raised"`
}

// PutPerf writes one day of one affiliate's performance (`perf add`),
// replacing the day if it was stored.
func (s *Store) PutPerf(d program.PerfDay, now time.Time) (PerfStats, error) {
	if err := d.Validate(); err != nil {
		return PerfStats{}, err
	}
	return s.ImportPerf([]importfile.PerfRow{{PerfDay: d}}, now)
}

// ImportPerf writes parsed performance rows in one transaction: all or
// nothing. A row naming an unknown seller or creator is an
// *importfile.Error naming its line and column (the first such line);
// re-importing a day replaces it. Each affiliate's weekly rollups, activity
// bounds, quality flags and the creator's monthly record for levels are
// updated in the same transaction. A creator with performance but no
// invitation or showcase on record joins the program through it.
func (s *Store) ImportPerf(rows []importfile.PerfRow, now time.Time) (PerfStats, error) {
	st := PerfStats{Rows: len(rows)}
	if err := validNow(now); err != nil {
		return st, err
	}
	for i := range rows {
		if err := rows[i].Validate(); err != nil {
			return st, rowError(rows[i].Line, err)
		}
	}
	groups := groupPerf(rows)
	err := s.update(func(w *wtx) error {
		st = PerfStats{Rows: len(rows)}
		pw := &perfWriter{s: s, w: w, now: now, st: &st, sellers: map[string]*sellerCtx{},
			creators: map[string]*creatorCtx{}, months: map[string]*monthShares{}}
		if err := pw.checkKnown(rows, groups); err != nil {
			return err
		}
		for _, g := range groups {
			if err := pw.affiliate(rows, g); err != nil {
				return err
			}
		}
		return pw.flush()
	})
	if err != nil {
		return PerfStats{}, err
	}
	return st, nil
}

// rowError puts a row's line in front of a model error: "line 3, column
// orders: ..." (the model's message starts with the column's name).
func rowError(line int, err error) error {
	if line <= 0 {
		return err
	}
	msg := strings.TrimSuffix(err.Error(), ": "+model.ErrInvalid.Error())
	col, rest, _ := strings.Cut(msg, " ")
	return &importfile.Error{Line: line, Column: col, Msg: rest}
}

// perfGroup is one affiliate's rows: indexes into the rows, in day order.
type perfGroup struct {
	seller, creator string
	idx             []int32
}

// groupPerf gathers the rows by seller and creator, sorted, each group's
// rows by day.
func groupPerf(rows []importfile.PerfRow) []perfGroup {
	type pair struct{ s, c string }
	at := map[pair]int{}
	var groups []perfGroup
	for i := range rows {
		p := pair{rows[i].SellerID, rows[i].CreatorID}
		g, ok := at[p]
		if !ok {
			g = len(groups)
			at[p] = g
			groups = append(groups, perfGroup{seller: p.s, creator: p.c})
		}
		groups[g].idx = append(groups[g].idx, int32(i))
	}
	slices.SortFunc(groups, func(a, b perfGroup) int {
		if c := strings.Compare(a.seller, b.seller); c != 0 {
			return c
		}
		return strings.Compare(a.creator, b.creator)
	})
	for _, g := range groups {
		slices.SortFunc(g.idx, func(a, b int32) int { return int(rows[a].Day - rows[b].Day) })
	}
	return groups
}

// sellerCtx is a seller as a performance write needs it.
type sellerCtx struct {
	seller *model.Seller
	loc    *time.Location
	codes  map[string]*program.CodeDates // looked up on first use; nil value: unknown code
}

// creatorCtx is a creator whose monthly record the write changes.
type creatorCtx struct {
	c     *model.Creator
	dirty bool
}

// perfWriter is one performance write's state inside its transaction.
type perfWriter struct {
	s        *Store
	w        *wtx
	now      time.Time
	st       *PerfStats
	sellers  map[string]*sellerCtx
	creators map[string]*creatorCtx
	months   map[string]*monthShares // by creator\0month
}

// checkKnown refuses the write when a row names an unknown seller or
// creator, naming the first such line.
func (pw *perfWriter) checkKnown(rows []importfile.PerfRow, groups []perfGroup) error {
	var bad *importfile.Error
	note := func(line int, col, id string) {
		if bad == nil || line < bad.Line {
			bad = &importfile.Error{Line: line, Column: col, Msg: fmt.Sprintf("unknown %s %q", col, model.Clip(model.SafeLine(id), 64))}
		}
	}
	known := map[string]bool{}
	for _, g := range groups {
		first := rows[slices.Min(g.idx)].Line
		if _, ok := pw.sellers[g.seller]; !ok {
			sl, err := getSeller(pw.w, g.seller)
			if err != nil {
				return err
			}
			if sl == nil {
				note(first, "seller", g.seller)
				continue
			}
			pw.sellers[g.seller] = &sellerCtx{seller: sl, loc: sl.Location(), codes: map[string]*program.CodeDates{}}
		}
		ok, seen := known[g.creator]
		if !seen {
			raw, err := pw.w.Get(bCreators, []byte(g.creator))
			if err != nil {
				return err
			}
			ok = raw != nil
			known[g.creator] = ok
		}
		if !ok {
			note(first, "creator", g.creator)
		}
	}
	if bad != nil {
		if bad.Line <= 0 { // perf add: no file
			return fmt.Errorf("%s: %w", bad.Msg, model.ErrNotFound)
		}
		return bad
	}
	return nil
}

// affBlocks is an affiliate's whole stored performance, decoded for a write.
type affBlocks struct {
	seller, creator string
	blocks          []*perfBlock // in order
}

func loadAffBlocks(tx engine.Tx, seller, creator string) (*affBlocks, error) {
	ab := &affBlocks{seller: seller, creator: creator}
	var derr error
	err := tx.Scan(bPerf, engine.Range{Prefix: prefix(seller, creator)}, func(k, v []byte) error {
		b, err := decodeBlock(seller, creator, perfKeyBlock(k), v)
		if err != nil {
			derr = err
			return err
		}
		ab.blocks = append(ab.blocks, b)
		return nil
	})
	if derr != nil {
		return nil, fmt.Errorf("performance of %s/%s: %w", model.SafeLine(seller), model.SafeLine(creator), derr)
	}
	return ab, err
}

func (ab *affBlocks) block(no uint32, create bool) *perfBlock {
	i, ok := slices.BinarySearchFunc(ab.blocks, no, func(b *perfBlock, n uint32) int { return int(b.no) - int(n) })
	if ok {
		return ab.blocks[i]
	}
	if !create {
		return nil
	}
	b := &perfBlock{no: no}
	ab.blocks = slices.Insert(ab.blocks, i, b)
	return b
}

// eachDay calls fn for the stored days in w, in order.
func (ab *affBlocks) eachDay(win program.Window, fn func(p *program.PerfDay)) {
	for _, b := range ab.blocks {
		bw := blockWindow(b.no)
		if bw.To < win.From || bw.From > win.To {
			continue
		}
		for i := range b.weeks {
			wk := &b.weeks[i]
			if wk.roll.Week+6 < win.From || wk.roll.Week > win.To {
				continue
			}
			for j := range wk.days {
				if win.Contains(wk.days[j].Day) {
					fn(&wk.days[j])
				}
			}
		}
	}
}

// totals sums the stored performance over win: whole weeks from their
// rollups, the edge days from their rows.
func (ab *affBlocks) totals(win program.Window) program.PerfTotals {
	var t program.PerfTotals
	sp := win.Split()
	for _, b := range ab.blocks {
		bw := blockWindow(b.no)
		if bw.To < win.From || bw.From > win.To {
			continue
		}
		for i := range b.weeks {
			wk := &b.weeks[i]
			switch {
			case !sp.Weeks.Empty() && wk.roll.Week >= sp.Weeks.From && wk.roll.Week <= sp.Weeks.To:
				t.AddWeek(&wk.roll)
			case wk.roll.Week+6 >= win.From && wk.roll.Week <= win.To:
				for j := range wk.days {
					if win.Contains(wk.days[j].Day) {
						t.AddDay(&wk.days[j])
					}
				}
			}
		}
	}
	return t
}

// bounds are the first and last days with a sale and with any activity.
func (ab *affBlocks) bounds() (firstSale, lastSale, firstActive, lastActive program.Day) {
	for _, b := range ab.blocks {
		for i := range b.weeks {
			r := &b.weeks[i].roll
			if r.SaleMask != 0 {
				if firstSale == 0 {
					firstSale = r.FirstSale()
				}
				lastSale = r.LastSale()
			}
			if r.ActiveMask != 0 {
				if firstActive == 0 {
					firstActive = r.Week + program.Day(bits.TrailingZeros8(r.ActiveMask))
				}
				lastActive = r.LastActive()
			}
		}
	}
	return
}

// ordersBefore is the orders of the n days before d, oldest first.
func (ab *affBlocks) ordersBefore(d program.Day, n int) []int64 {
	out := make([]int64, n)
	from := d - program.Day(n)
	ab.eachDay(program.Window{From: from, To: d - 1}, func(p *program.PerfDay) { out[p.Day-from] = p.Orders })
	return out
}

// featured reports whether rows show the creator promoting the seller: an
// order, a click from its content, a video or a LIVE (an all-zero day does not).
func featured(rows []importfile.PerfRow, idx []int32) bool {
	for _, i := range idx {
		if d := &rows[i].PerfDay; d.Orders > 0 || d.Clicks > 0 || d.Videos > 0 || d.Lives > 0 {
			return true
		}
	}
	return false
}

// affiliate writes one affiliate's rows.
func (pw *perfWriter) affiliate(rows []importfile.PerfRow, g perfGroup) error {
	w := pw.w
	sc := pw.sellers[g.seller]
	a, err := getAffiliate(w, g.seller, g.creator)
	if err != nil {
		return err
	}
	if a == nil {
		first := rows[g.idx[0]].Day
		a = &affiliateRecord{}
		a.SellerID, a.CreatorID = g.seller, g.creator
		if _, err := a.Join(program.JoinPerformance, false, first.Start(sc.loc), first); err != nil {
			return err
		}
		// Orders, clicks or posts through the creator's content mean the
		// creator featured the seller's product: like a showcase, that
		// connects them (SPEC "connected"), so the seller's messages to an
		// affiliate cost no credit.
		rel, err := getRel(w, g.seller, g.creator)
		if err != nil {
			return err
		}
		if !rel.Connected && featured(rows, g.idx) {
			rel = rel.Showcased()
			if err := putRel(w, g.seller, g.creator, &rel); err != nil {
				return err
			}
			w.ch.add(ChangedRelation, g.seller, g.creator)
		}
		pw.st.NewAffiliates++
	}
	pw.st.Affiliates++
	ab, err := loadAffBlocks(w, g.seller, g.creator)
	if err != nil {
		return err
	}
	months := map[string]program.Window{}
	var written []*program.PerfDay
	var last program.Day
	for _, i := range g.idx {
		d := &rows[i].PerfDay
		b := ab.block(blockOf(d.Day), true)
		wk := b.week(d.Day.WeekStart(), true)
		if old := wk.day(d.Day); old != nil {
			if *old == *d {
				pw.st.Unchanged++
				continue
			}
			pw.st.Replaced++
		} else {
			pw.st.Added++
		}
		if err := wk.put(d.Day, d); err != nil {
			return err
		}
		b.dirty = true
		a.NoteDay(d)
		written = append(written, d)
		last = max(last, d.Day)
		if m := d.Day.Month(); months[m].Empty() {
			mw, err := program.MonthWindow(m)
			if err != nil {
				return err
			}
			months[m] = mw
		}
	}
	if len(written) == 0 {
		return pw.putAffiliateIfNew(a)
	}
	a.FirstSale, a.LastSale, a.FirstActive, a.LastActive = ab.bounds()
	if err := pw.flags(a, ab, sc, written, last); err != nil {
		return err
	}
	for m, mw := range months {
		if err := pw.monthShare(g.seller, g.creator, m, mw, ab); err != nil {
			return err
		}
	}
	for _, b := range ab.blocks {
		if !b.dirty {
			continue
		}
		k := perfKey(g.seller, g.creator, b.no)
		if len(b.weeks) == 0 || blockEmpty(b) {
			if err := w.Delete(bPerf, k); err != nil {
				return err
			}
			continue
		}
		if err := w.Put(bPerf, k, encodeBlock(b)); err != nil {
			return err
		}
	}
	return putAffiliate(w, a)
}

func blockEmpty(b *perfBlock) bool {
	for i := range b.weeks {
		if len(b.weeks[i].days) > 0 {
			return false
		}
	}
	return true
}

// putAffiliateIfNew writes an affiliate that joined through rows that
// changed nothing (all unchanged: it was stored already, or none).
func (pw *perfWriter) putAffiliateIfNew(a *affiliateRecord) error {
	raw, err := pw.w.Get(bAffiliates, key(a.SellerID, a.CreatorID))
	if err != nil || raw != nil {
		return err
	}
	return putAffiliate(pw.w, a)
}

// flags runs the quality rules on the written days and on the flags window
// ending with the last of them, and keeps what they find.
func (pw *perfWriter) flags(a *affiliateRecord, ab *affBlocks, sc *sellerCtx, written []*program.PerfDay, last program.Day) error {
	fp := pw.s.progRules.Flags
	var found []program.Flag
	for _, d := range written {
		var prior []int64
		if !fp.OrderSpike.Off && d.Orders >= fp.OrderSpike.MinOrders && d.Orders > 0 {
			prior = ab.ordersBefore(d.Day, fp.OrderSpike.MedianDays)
		}
		code, err := pw.code(sc, d.Code)
		if err != nil {
			return err
		}
		found = append(found, fp.DayFlags(d, prior, code)...)
	}
	win := fp.Window(last)
	t := ab.totals(win)
	found = append(found, fp.WindowFlags(&t, win)...)
	if len(found) == 0 {
		return nil
	}
	n, err := mergeFlagsTx(pw.w, a, found, pw.now)
	pw.st.FlagsRaised += n
	return err
}

// code is the dates of one of the seller's codes, nil when unknown.
func (pw *perfWriter) code(sc *sellerCtx, code string) (*program.CodeDates, error) {
	if code == "" || pw.s.progRules.Flags.CodeWindow.Off {
		return nil, nil
	}
	if cd, ok := sc.codes[code]; ok {
		return cd, nil
	}
	cd, err := codeDates(pw.w, sc.seller, code)
	if err != nil {
		return nil, err
	}
	sc.codes[code] = cd
	return cd, nil
}

// flush writes the creators and monthly shares the write changed.
func (pw *perfWriter) flush() error {
	// Keys in order: a bbolt node takes sorted puts at its end, random
	// ones by moving everything after them.
	for _, k := range slices.Sorted(maps.Keys(pw.months)) {
		m := pw.months[k]
		if !m.dirty {
			continue
		}
		var err error
		if len(m.shares) == 0 {
			err = pw.w.Delete(bCreatorMonths, []byte(k))
		} else {
			err = pw.w.Put(bCreatorMonths, []byte(k), encodeMonthShares(m))
		}
		if err != nil {
			return err
		}
	}
	changed := false
	for _, id := range slices.Sorted(maps.Keys(pw.creators)) {
		c := pw.creators[id]
		if !c.dirty {
			continue
		}
		changed = true
		if err := pw.w.Put(bCreators, []byte(id), encodeCreator(c.c)); err != nil {
			return err
		}
	}
	if changed {
		pw.w.ch.add(ChangedCreator, "", "")
	}
	for id := range pw.sellers {
		pw.w.ch.add(ChangedProgram, id, "")
	}
	return nil
}
