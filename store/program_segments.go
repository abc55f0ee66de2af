package store

import (
	"fmt"
	"time"

	"outreach/model"
	"outreach/model/program"
	"outreach/store/engine"
)

// SegmentEvaluation is one kept evaluation of a seller's segments.
type SegmentEvaluation struct {
	Seq     uint64 `json:"seq"`
	Monthly bool   `json:"monthly"` // the evaluation of the first day of a month
	program.SegmentRun
}

const segRunCodec = 1

func encodeSegRun(r *program.SegmentRun, monthly bool) []byte {
	e := enc{b: make([]byte, 0, 64+len(r.Results)*24)}
	e.b = append(e.b, segRunCodec)
	e.boolean(monthly)
	e.varint(int64(r.AsOf))
	e.varint(int64(r.Window.From))
	e.varint(int64(r.Window.To))
	e.uvarint(uint64(len(r.Results)))
	for i := range r.Results {
		x := &r.Results[i]
		e.str(x.CreatorID)
		e.b = append(e.b, byte(x.Segment), byte(x.Kind), byte(x.Previous), byte(x.Move+1))
		e.boolean(x.Dormant)
		e.varint(int64(x.GMV))
		e.varint(x.Orders)
		e.uvarint(uint64(x.Rank))
	}
	return e.b
}

// decodeSegRun decodes a kept evaluation and recounts its totals.
func decodeSegRun(b []byte) (SegmentEvaluation, error) {
	var ev SegmentEvaluation
	if len(b) == 0 || b[0] != segRunCodec {
		return ev, fmt.Errorf("segment evaluation: %w", errCorrupt)
	}
	d := dec{b: b[1:]}
	ev.Monthly = d.boolean()
	r := &ev.SegmentRun
	r.AsOf = program.Day(d.varint())
	r.Window = program.Window{From: program.Day(d.varint()), To: program.Day(d.varint())}
	r.Month = r.AsOf.Month()
	n := d.uvarint()
	if n > uint64(len(b)) {
		return ev, fmt.Errorf("segment evaluation: %w", errCorrupt)
	}
	r.Results = make([]program.SegmentResult, 0, n)
	for i := uint64(0); i < n && d.err == nil; i++ {
		var x program.SegmentResult
		x.CreatorID = d.str()
		if len(d.b) < 4 {
			d.err = errCorrupt
			break
		}
		x.Segment, x.Kind, x.Previous, x.Move = program.Segment(d.b[0]), program.InactiveKind(d.b[1]), program.Segment(d.b[2]), program.Move(int8(d.b[3])-1)
		d.b = d.b[4:]
		if x.Segment > program.SegPower || x.Previous > program.SegPower || x.Kind > program.KindLapsed || x.Move < program.MoveDown || x.Move > program.MoveUp {
			d.err = errCorrupt
			break
		}
		x.Dormant = d.boolean()
		x.GMV = model.Cents(d.varint())
		x.Orders = d.varint()
		x.Rank = int(d.uvarint())
		r.Results = append(r.Results, x)
	}
	d.end()
	if d.err != nil {
		return ev, fmt.Errorf("segment evaluation: %w", d.err)
	}
	recount(r)
	return ev, nil
}

// recount fills an evaluation's counts from its results.
func recount(r *program.SegmentRun) {
	for i := range r.Results {
		x := &r.Results[i]
		r.Count[x.Segment]++
		r.GMV[x.Segment] += x.GMV
		switch x.Move {
		case program.MoveUp:
			r.Up[x.Segment]++
		case program.MoveDown:
			r.Down[x.Segment]++
		}
		if x.Dormant {
			r.Dormant++
		}
		r.Kinds[x.Kind]++
		if x.Orders > 0 {
			r.WithSales++
		}
	}
}

// RecomputeSegments evaluates the seller's segments as of now's day in the
// seller's zone, keeps the evaluation, moves every affiliate to its new
// segment and runs the window quality rules as of that day, in one
// transaction.
func (s *Store) RecomputeSegments(seller string, now time.Time) (SegmentEvaluation, error) {
	return s.recomputeSegments(seller, now, false)
}

func (s *Store) recomputeSegments(seller string, now time.Time, monthly bool) (SegmentEvaluation, error) {
	var ev SegmentEvaluation
	if err := validNow(now); err != nil {
		return ev, err
	}
	err := s.update(func(w *wtx) error {
		ev = SegmentEvaluation{Monthly: monthly}
		sl, asOf, err := sellerToday(w, seller, now)
		if err != nil {
			return err
		}
		if monthly { // the monthly evaluation is of the month's first day
			mw, err := program.MonthWindow(asOf.Month())
			if err != nil {
				return err
			}
			asOf = mw.From
		}
		sp, fp := s.progRules.Segments, s.progRules.Flags
		win, fwin := sp.Window(asOf), fp.Window(asOf)
		q := progQuery{wins: []program.Window{win}, today: asOf}
		fi := 0
		if fwin != win {
			q.wins, fi = append(q.wins, fwin), 1
		}
		facts, err := scanProgram(w, sl.ID, q)
		if err != nil {
			return err
		}
		in := make([]program.SegmentInput, len(facts))
		for i := range facts {
			f := &facts[i]
			in[i] = program.SegmentInputFrom(&f.rec.ProgramAffiliate, f.totals[0], f.lastSale, f.lastActive, f.rec.Seg.Segment)
		}
		ev.SegmentRun = sp.Evaluate(asOf, in)
		if ev.Seq, err = w.NextSequence(bSegRuns); err != nil {
			return err
		}
		if err := w.Put(bSegRuns, append(prefix(sl.ID), u64(ev.Seq)...), encodeSegRun(&ev.SegmentRun, monthly)); err != nil {
			return err
		}
		for i := range facts {
			a := &facts[i].rec
			a.Seg = ev.Results[i]
			if a.Seg.Move != program.MoveNone {
				a.MoveMonth = ev.Month
			}
			if found := fp.WindowFlags(&facts[i].totals[fi], fwin); len(found) > 0 {
				if _, err := mergeFlagsTx(w, a, found, now); err != nil {
					return err
				}
			}
			if err := putAffiliate(w, a); err != nil {
				return err
			}
		}
		if monthly {
			if err := w.Put(bMeta, segMonthKey(sl.ID), []byte(ev.Month)); err != nil {
				return err
			}
		}
		w.ch.add(ChangedProgram, sl.ID, "")
		return nil
	})
	return ev, err
}

func segMonthKey(seller string) []byte { return append([]byte("segments-month\x00"), seller...) }

// SegmentsIfDue makes each seller's monthly evaluation that is due at now
// in the seller's zone (the server calls it with its housekeeping); sellers
// without affiliates are skipped. It reports the evaluations it made.
func (s *Store) SegmentsIfDue(now time.Time) ([]SegmentEvaluation, error) {
	if err := validNow(now); err != nil {
		return nil, err
	}
	var due []string
	err := s.view(func(tx engine.Tx) error {
		return tx.Scan(bSellers, engine.Range{}, func(k, v []byte) error {
			var sl model.Seller
			if err := decodeJSON(v, &sl); err != nil {
				return err
			}
			last, err := tx.Get(bMeta, segMonthKey(sl.ID))
			if err != nil {
				return err
			}
			if _, ok := program.MonthlyDue(string(last), program.DayOf(now, sl.Location())); !ok {
				return nil
			}
			any := false
			if err := tx.Scan(bAffiliates, engine.Range{Prefix: prefix(sl.ID), Limit: 1}, func(_, _ []byte) error {
				any = true
				return nil
			}); err != nil {
				return err
			}
			if any {
				due = append(due, sl.ID)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	var out []SegmentEvaluation
	for _, id := range due {
		ev, err := s.recomputeSegments(id, now, true)
		if err != nil {
			return out, fmt.Errorf("segments of %s: %w", model.SafeLine(id), err)
		}
		out = append(out, ev)
	}
	return out, nil
}

// MonthlySegments makes the monthly evaluation of the month holding now,
// as of its first day, whether or not it was made (the demo replays months).
func (s *Store) MonthlySegments(seller string, now time.Time) (SegmentEvaluation, error) {
	return s.recomputeSegments(seller, now, true)
}

// SegmentEvaluations lists the seller's kept evaluations, newest first, at
// most limit (0: all).
func (s *Store) SegmentEvaluations(seller string, limit int) ([]SegmentEvaluation, error) {
	var out []SegmentEvaluation
	err := s.view(func(tx engine.Tx) error {
		if _, err := mustSeller(tx, seller); err != nil {
			return err
		}
		return latestFirst(tx, bSegRuns, prefix(seller), limit, func(k, v []byte) error {
			ev, err := decodeSegRun(v)
			if err != nil {
				return err
			}
			ev.Seq = getU64(k[len(k)-8:])
			out = append(out, ev)
			return nil
		})
	})
	return out, err
}

// SegmentStep is an affiliate's result at one kept evaluation.
type SegmentStep struct {
	Seq     uint64      `json:"seq"`
	AsOf    program.Day `json:"as_of"`
	Monthly bool        `json:"monthly"`
	program.SegmentResult
}

// SegmentHistory is one affiliate's segment at every kept evaluation that
// included it, oldest first.
func (s *Store) SegmentHistory(seller, creator string) ([]SegmentStep, error) {
	var out []SegmentStep
	err := s.view(func(tx engine.Tx) error {
		return tx.Scan(bSegRuns, engine.Range{Prefix: prefix(seller)}, func(k, v []byte) error {
			ev, err := decodeSegRun(v)
			if err != nil {
				return err
			}
			for _, x := range ev.Results {
				if x.CreatorID == creator {
					out = append(out, SegmentStep{Seq: getU64(k[len(k)-8:]), AsOf: ev.AsOf, Monthly: ev.Monthly, SegmentResult: x})
					break
				}
			}
			return nil
		})
	})
	return out, err
}
