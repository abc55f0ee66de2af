package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"outreach/model"
	"outreach/model/offer"
	mprogram "outreach/model/program"
	"outreach/store"
	"outreach/store/importfile"
)

// The affiliate program of each demo seller: affiliates who joined through
// a showcase or an accepted invitation, six months of daily performance in
// every lifecycle, a few suspicious patterns, and a monthly segment
// evaluation for each month so that moves show.

// historyDays is how far back the demo's performance goes.
const historyDays = 183

// programSize is how many affiliates each seller has: acme a few hundred,
// the big seller (titan) a few thousand (50,000 with a million creators),
// the new seller (fresh) none.
func programSize(seller string, creators int) int {
	switch seller {
	case "acme":
		return min(320, creators/3)
	case "titan":
		if creators >= 1_000_000 {
			return 50_000
		}
		return min(3_000, creators/2)
	case "nova":
		return min(150, creators/4)
	case "pixel":
		return min(60, creators/5)
	}
	return 0
}

// lifecycle is how an affiliate's activity runs over the history.
type lifecycle uint8

const (
	steady lifecycle = iota
	ramping
	fading
	lapsed
	neverActivated
	newcomer
	refundSpike
	orderSpike
	selfPurchase
	codeOutside
)

// pickLifecycle: most affiliates are steady, ramping or fading; about one
// in eight has lapsed, one in eight never sold, one in twelve is new, and a
// handful show a suspicious pattern.
func pickLifecycle(r *rand.Rand, k int) lifecycle {
	if k < 4 { // the first four of every seller: one of each suspicious pattern
		return refundSpike + lifecycle(k)
	}
	switch x := r.IntN(100); {
	case x < 30:
		return steady
	case x < 48:
		return ramping
	case x < 62:
		return fading
	case x < 75:
		return lapsed
	case x < 88:
		return neverActivated
	default:
		return newcomer
	}
}

// program writes every seller's program, deterministically from seed.
func program(st *store.Store, seed uint64, creators int, now time.Time) error {
	r := rand.New(rand.NewPCG(seed, 0x70726f6772616d))
	for si, s := range Sellers {
		n := programSize(s.ID, creators)
		if n == 0 {
			continue
		}
		if err := sellerProgram(st, r, s, si, n, creators, now); err != nil {
			return err
		}
	}
	return nil
}

// affiliateIndex spreads a seller's affiliates over the creators: a stride
// coprime with the number of creators, from a seller's own offset.
func affiliateIndex(si, k, creators int) int {
	stride := 7919
	for gcd(stride, creators) != 1 {
		stride += 2
	}
	return (si*104_729 + k*stride) % creators
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func sellerProgram(st *store.Store, r *rand.Rand, s model.Seller, si, n, creators int, now time.Time) error {
	loc := s.Location()
	today := mprogram.DayOf(now, loc)
	first := today - historyDays + 1
	code := "DEMO-" + offer.NormalizeCode(s.ID)
	if len(code) > 20 {
		code = code[:20]
	}
	// The seller's code ran for one month, ending 60 days ago; the
	// code-outside affiliate used it later too.
	codeFrom, codeUntil := today-90, today-60
	if err := st.PutCode(offer.Code{Code: code, Seller: s.ID, Creator: CreatorID(affiliateIndex(si, 3, creators)), Discount: 15,
		From: codeFrom.Start(loc), Until: (codeUntil + 1).Start(loc)}); err != nil {
		return err
	}
	type aff struct {
		id    string
		life  lifecycle
		join  mprogram.Day
		scale float64
	}
	affs := make([]aff, n)
	joins := make([]store.Join, n)
	for k := range affs {
		a := aff{id: CreatorID(affiliateIndex(si, k, creators)), life: pickLifecycle(r, k)}
		a.scale = math.Exp(r.NormFloat64() * 0.9)
		switch a.life {
		case newcomer:
			a.join = today - mprogram.Day(r.IntN(25))
		case neverActivated:
			a.join = first + mprogram.Day(r.IntN(historyDays-45))
		case ramping:
			a.join = first + mprogram.Day(r.IntN(60)) + 40
		default:
			a.join = first + mprogram.Day(r.IntN(20))
		}
		affs[k] = a
		at := a.join.Start(loc).Add(time.Duration(9+r.IntN(10)) * time.Hour)
		ev := mprogram.JoinShowcase
		if r.IntN(3) == 0 {
			ev = mprogram.JoinInvitation
		}
		joins[k] = store.Join{Creator: a.id, Event: ev, Collab: ev == mprogram.JoinInvitation && r.IntN(2) == 0, At: at}
	}
	slices.SortFunc(joins, func(a, b store.Join) int { return compareStrings(a.Creator, b.Creator) })
	if err := st.JoinAffiliates(s.ID, joins); err != nil {
		return err
	}
	// Performance in chunks of affiliates, each chunk one transaction.
	const chunk = 5_000
	rows := make([]importfile.PerfRow, 0, chunk*40)
	for lo := 0; lo < n; lo += chunk {
		rows = rows[:0]
		for k := lo; k < min(n, lo+chunk); k++ {
			a := &affs[k]
			for d := max(first, a.join); d <= today; d++ {
				if p, ok := dayOf(r, a.life, a.scale, d, first, today, a.join, code, codeUntil); ok {
					p.SellerID, p.CreatorID = s.ID, a.id
					rows = append(rows, importfile.PerfRow{PerfDay: p})
				}
			}
		}
		if _, err := st.ImportPerf(rows, now); err != nil {
			return err
		}
	}
	// A monthly evaluation for each month of the history, oldest first, so
	// that every affiliate has a segment history with moves.
	y, m, _ := first.Date()
	for t := time.Date(y, m+1, 1, 12, 0, 0, 0, loc); !t.After(now); t = t.AddDate(0, 1, 0) {
		if _, err := st.MonthlySegments(s.ID, t); err != nil {
			return err
		}
	}
	return nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// dayOf is one day of an affiliate in its lifecycle, false for a day
// without a row.
func dayOf(r *rand.Rand, life lifecycle, scale float64, d, first, today, join mprogram.Day, code string, codeUntil mprogram.Day) (mprogram.PerfDay, bool) {
	age := float64(d-first) / historyDays // 0 at the start of the history, 1 today
	var p float64                         // chance of a day with activity
	switch life {
	case steady, refundSpike, orderSpike, selfPurchase, codeOutside:
		p = 0.35
	case ramping:
		p = 0.05 + 0.6*float64(d-join)/float64(max(1, today-join))
	case fading:
		p = 0.6 * (1 - age) * (1 - age)
	case lapsed:
		if today-d < 100 {
			return mprogram.PerfDay{}, false
		}
		p = 0.4
	case neverActivated, newcomer:
		if r.IntN(12) != 0 {
			return mprogram.PerfDay{}, false
		}
		return mprogram.PerfDay{Day: d, Clicks: int64(1 + r.IntN(6))}, true
	}
	spike := life == orderSpike && d == today-3
	if life == codeOutside && d > codeUntil {
		p = 0.7
	}
	if r.Float64() >= p && !spike {
		return mprogram.PerfDay{}, false
	}
	var pd mprogram.PerfDay
	pd.Day = d
	// At most 12 orders on an ordinary day, so that only the spike is one
	// (big affiliates sell dearer, not more often).
	pd.Orders = min(12, int64(math.Round(scale*(0.5+r.Float64()*2.5))))
	pd.Clicks = pd.Orders*int64(8+r.IntN(20)) + int64(r.IntN(15))
	if r.IntN(6) == 0 {
		pd.Videos = 1
	}
	if r.IntN(25) == 0 {
		pd.Lives = 1
	}
	switch {
	case spike:
		pd.Orders, pd.Clicks = 60, 900
	case life == refundSpike && today-d < 90:
		pd.Orders = max(pd.Orders, 3)
		pd.RefundedOrders = pd.Orders * 2 / 3
	case life == selfPurchase && today-d < 30 && pd.Orders > 0:
		pd.SelfPurchaseOrders = 1
	case life == codeOutside && d > codeUntil && r.IntN(3) == 0:
		pd.Orders, pd.Code = max(pd.Orders, 1), code
	}
	pd.Items = pd.Orders + int64(r.IntN(int(pd.Orders+1)))
	pd.GMV = model.Cents(pd.Orders) * model.Cents(float64(1500+r.IntN(4500))*(1+scale/2))
	if pd.RefundedOrders > 0 {
		pd.RefundedGMV = pd.GMV * model.Cents(pd.RefundedOrders) / model.Cents(pd.Orders)
	}
	pd.Commission = pd.GMV / 10
	return pd, true
}
