// Package demo fills a store with a deterministic, realistic data set for
// presenters and tests: sellers in every tier (one brand new, with the
// Starter Pack), creators with a realistic level and follower distribution,
// and conversations, invitations, replies, saves and blocks made through the
// real checker. The same seed and size give the same data; timestamps are
// placed relative to the instant given, so the current week has activity.
package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"outreach/model"
	"outreach/store"
)

// Options size the demo.
type Options struct {
	Creators int    // default 5000
	Seed     uint64 // default 1
	// Progress, when set, is told how many creators are written so far.
	Progress func(done, total int)
}

// MaxCreators bounds the demo size.
const MaxCreators = 2_000_000

// Sellers are the demo's seller accounts, the first one being the default.
var Sellers = []model.Seller{
	{ID: "acme", Name: "Acme Kitchen", TZ: "America/New_York", Categories: []string{"kitchen", "home"}},
	{ID: "nova", Name: "Nova Beauty", TZ: "Europe/Paris", Categories: []string{"beauty", "fashion"}},
	{ID: "fresh", Name: "Fresh Start Goods", TZ: "UTC", Categories: []string{"home", "fitness"}},
	{ID: "titan", Name: "Titan Outdoors", TZ: "America/Los_Angeles", Categories: []string{"outdoor", "fitness"}},
	{ID: "pixel", Name: "Pixel Toys", TZ: "Asia/Tokyo", Categories: []string{"toys", "gaming"}},
}

// daily GMV per seller (USD cents a day for the last 60 days): T2, T3, new, T4, T1.
var dailyGMV = map[string]model.Cents{"acme": 40_00, "nova": 420_00, "fresh": 0, "titan": 2_500_00, "pixel": 1_20}

var (
	firstNames = strings.Fields("maria lena sofia mia noah liam emma olivia ava isabella lucas mateo yuki hana arjun priya chen wei amara kofi zoe leo nora ivan elena omar layla diego lucia sam alex jamie riley kai aria finn ines marco giulia")
	lastNames  = strings.Fields("garcia bakes smith nguyen kim patel rossi muller silva cohen tanaka okafor dubois novak berg costa haddad moreno larsen kowalski")
	suffixes   = strings.Fields("cooks bakes glow fit style plays home eats travels daily lab studio life vibes picks diy")
	categories = strings.Fields("kitchen home beauty fashion fitness outdoor toys gaming tech pets food travel")
	countries  = strings.Fields("US US US GB FR DE ES IT BR MX JP KR IN")
	// bios by category: a creator's bio speaks of its first category, so
	// it never contradicts what the finder shows.
	bios = map[string][]string{
		"kitchen": {"Home cook sharing quick weeknight recipes.", "Mum of three, tiny-kitchen hacks.", "Knives, pans and honest kitchen gear tests."},
		"home":    {"Small-flat makeovers on a budget.", "Cleaning routines that actually stick.", "Cosy home finds every Friday."},
		"beauty":  {"Skincare nerd. Honest reviews only.", "Five-minute makeup for busy mornings.", "Drugstore dupes, tested on camera."},
		"fashion": {"Minimal wardrobe, maximal style.", "Thrift flips and capsule outfits.", "Street style, one look a day."},
		"fitness": {"Home workouts, no equipment needed.", "Marathon training diary.", "Strength coach sharing form tips."},
		"outdoor": {"Trail runner and gear tester.", "Weekend camping with kids.", "Bikepacking and lightweight gear."},
		"toys":    {"Unboxing the toys my kids actually play with.", "Building sets, reviewed by a 7-year-old.", "Rainy-day play ideas for toddlers."},
		"gaming":  {"Cosy games and controller reviews.", "Speedruns and setup tours.", "Board game nights, LIVE on Saturdays."},
		"tech":    {"Tech deals and desk setups.", "Phone and gadget reviews in 60 seconds.", "Smart-home tinkerer."},
		"pets":    {"Two rescue dogs and their favourite toys.", "Cat care tips from a vet nurse.", "Aquarium builds and fish care."},
		"food":    {"Plant-based baking, every Sunday LIVE.", "Street food hunter.", "Snack taste tests, brutally honest."},
		"travel":  {"Carry-on only, 40 countries so far.", "Weekend city breaks on a budget.", "Road trips and packing lists."},
	}
	// bioDraws is how many bios each category offers (the one draw per creator).
	bioDraws = 3
	// share of creators at each level L0..L8, in thousandths
	levelShare = []int{300, 250, 180, 120, 70, 40, 20, 12, 8}
)

// Generate writes the demo into st (which should be empty) as of now.
func Generate(st *store.Store, o Options, now time.Time) error {
	if o.Creators == 0 {
		o.Creators = 5000
	}
	if o.Creators < 100 || o.Creators > MaxCreators {
		return fmt.Errorf("demo: --creators %d: want 100..%d: %w", o.Creators, MaxCreators, model.ErrInvalid)
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x6f7574726561))
	for _, s := range Sellers {
		if _, err := st.PutSeller(s, now); err != nil {
			return err
		}
		if g := dailyGMV[s.ID]; g > 0 {
			for d := 1; d <= 60; d++ {
				day := now.AddDate(0, 0, -d).In(time.UTC).Format(model.DayLayout)
				amt := g/2 + model.Cents(r.Int64N(int64(g)))
				if _, err := st.AddGMV(s.ID, day, amt); err != nil {
					return err
				}
			}
		}
	}
	p := st.Policy()
	const chunk = 50_000
	batch := make([]model.Creator, 0, min(chunk, o.Creators))
	biggest, most := 0, int64(-1) // the creator with the most followers: above every capped tier
	for i := 0; i < o.Creators; i++ {
		c := creator(r, p, i, now)
		if c.Followers > most {
			biggest, most = i, c.Followers
		}
		batch = append(batch, c)
		if len(batch) == cap(batch) || i == o.Creators-1 {
			if _, err := st.ImportCreators(batch, now); err != nil {
				return err
			}
			batch = batch[:0]
			if o.Progress != nil {
				o.Progress(i+1, o.Creators)
			}
		}
	}
	if err := activity(st, r, o.Creators, biggest, now); err != nil {
		return err
	}
	return program(st, o.Seed, o.Creators, now)
}

// CreatorID is the id of the demo's i-th creator.
func CreatorID(i int) string { return fmt.Sprintf("c%07d", i) }

// maxHandle is the longest handle the model accepts ([a-z0-9._]{2,24}).
const maxHandle = 24

// handleFor draws the i-th creator's name and handle. The handle is a
// name part with no digits followed by i in full, so no two creators share
// one, at any size (the name part is shortened, never the number).
func handleFor(r *rand.Rand, i int) (first, last, handle string) {
	first, last = firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	base := first + "." + suffixes[r.IntN(len(suffixes))]
	if r.IntN(2) == 0 {
		base = first + "_" + last
	}
	num := strconv.Itoa(i)
	if room := maxHandle - len(num); len(base) > room {
		base = strings.TrimRight(base[:room], "._")
	}
	return first, last, base + num
}

func creator(r *rand.Rand, p *model.Policy, i int, now time.Time) model.Creator {
	first, last, handle := handleFor(r, i)
	lvl := pickLevel(r)
	// Followers: log-normal around a level-dependent median.
	median := 800 * math.Pow(2.2, float64(lvl))
	followers := int64(median * math.Exp(r.NormFloat64()*1.1))
	c := model.Creator{
		ID:        CreatorID(i),
		Handle:    handle,
		Name:      title(first) + " " + title(last),
		Followers: followers,
		Type:      model.Affiliate,
		Country:   countries[r.IntN(len(countries))],
		Bio:       "", // below, from the first category
		AvgViews:  followers / int64(3+r.IntN(20)),
	}
	bioDraw := r.IntN(8) // drawn here, where the bio always was, so the rest of the data stays the same
	if r.IntN(5) == 0 {
		c.Type = model.LinkShare
	}
	c.Categories = []string{categories[r.IntN(len(categories))]}
	c.Bio = bios[c.Categories[0]][bioDraw%bioDraws]
	if r.IntN(3) == 0 {
		if second := categories[r.IntN(len(categories))]; second != c.Categories[0] {
			c.Categories = append(c.Categories, second)
		}
	}
	// Three months of performance whose computed levels drift towards lvl;
	// about one in twenty is falling.
	levels := []model.Level{lvl, lvl, lvl}
	switch x := r.IntN(20); {
	case x == 0 && lvl <= 6:
		levels = []model.Level{lvl + 2, lvl + 2, lvl} // fell by two
	case x == 1 && lvl <= 6:
		levels = []model.Level{lvl + 2, lvl + 1, lvl} // fell twice
	case x < 5 && lvl >= 1:
		levels = []model.Level{lvl - 1, lvl, lvl}
	}
	for k, l := range levels {
		month := time.Date(now.Year(), now.Month()-time.Month(3-k), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
		perf := perfFor(r, p, l, month)
		c.Perf = append(c.Perf, perf)
		c.History = append(c.History, model.LevelChange{Month: month, Level: p.ComputeLevel(perf)})
	}
	c.Level = c.History[len(c.History)-1].Level
	last30 := c.Perf[len(c.Perf)-1]
	c.GMV30, c.ActiveDays30 = last30.GMV, min(30, last30.ActiveDays)
	return c
}

// perfFor makes a month that computes exactly to level l.
func perfFor(r *rand.Rand, p *model.Policy, l model.Level, month string) model.MonthPerf {
	if l == 0 {
		return model.MonthPerf{Month: month}
	}
	t := p.Levels[l-1]
	m := model.MonthPerf{Month: month, GMV: t.GMV, ActiveDays: t.ActiveDays + r.IntN(3), Products: t.Products + r.IntN(2)}
	next := model.Cents(math.MaxInt64 / 4)
	if int(l) < len(p.Levels) {
		next = p.Levels[l].GMV
	}
	if span := int64(next - t.GMV); span > 1 {
		m.GMV += model.Cents(r.Int64N(min(span-1, 5_000_000_00)))
	}
	m.ActiveDays = min(m.ActiveDays, 30)
	return m
}

func pickLevel(r *rand.Rand) model.Level {
	x := r.IntN(1000)
	for l, share := range levelShare {
		if x < share {
			return model.Level(l)
		}
		x -= share
	}
	return 0
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// activity makes conversations, invitations, replies, saves and blocks for
// the first three sellers, through the checker.
func activity(st *store.Store, r *rand.Rand, n, biggest int, now time.Time) error {
	lines := []string{
		"Hi! We loved your last video. Would you like to try our new range?",
		"Following up on our invitation: free samples are on us.",
		"Thanks for the reply! Sending the details now.",
	}
	replies := []string{"Sounds great, send me a sample!", "What's the commission?", "Sure, let's talk."}
	for _, s := range Sellers[:3] {
		// Spread the activity over the current week so far, in the seller's
		// zone, so the quota gauge shows it: about 160 steps end before now.
		at := model.WeekStart(now, s.Location())
		gap := min(now.Sub(at)/170, 7*time.Minute)
		step := func() time.Time { at = at.Add(gap); return at }
		for k := 0; k < 40; k++ {
			c := CreatorID(r.IntN(n))
			kind := model.Message
			if k%3 == 0 {
				kind = model.Invite
			}
			text := lines[r.IntN(2)]
			if _, err := st.Outreach(store.Request{Kind: kind, Seller: s.ID, Creator: c, Text: text, Now: step(), Actor: "demo"}); err != nil {
				return err
			}
			switch k % 5 {
			case 1, 3:
				if _, err := st.Reply(c, s.ID, replies[r.IntN(len(replies))], step()); err != nil {
					return err
				}
				// The seller read the reply before answering it: a thread
				// is unread only while its latest message is the other side's.
				if err := st.MarkRead(s.ID, c, store.BySeller); err != nil {
					return err
				}
				if _, err := st.Outreach(store.Request{Kind: model.Message, Seller: s.ID, Creator: c, Text: lines[2], Now: step(), Actor: "demo"}); err != nil {
					return err
				}
				if k%10 == 1 {
					if _, err := st.Reply(c, s.ID, "Got it, thanks!", step()); err != nil {
						return err
					}
				}
			case 4:
				if err := st.SetSaved(s.ID, c, true); err != nil {
					return err
				}
			}
		}
		for k := 0; k < 12; k++ {
			if err := st.SetSaved(s.ID, CreatorID(r.IntN(n)), true); err != nil {
				return err
			}
		}
		var blockedBy []string
		for k := 0; k < 3; k++ {
			if err := st.SetBlocked(s.ID, CreatorID(r.IntN(n)), store.BySeller, true); err != nil {
				return err
			}
			c := CreatorID(r.IntN(n))
			if err := st.SetBlocked(s.ID, c, store.ByCreator, true); err != nil {
				return err
			}
			blockedBy = append(blockedBy, c)
		}
		// Outreach the checker refuses, so that the decision log has every
		// kind to explain: a creator above the tier's follower cap, one who
		// blocked the seller, and a sixth unanswered message in a week.
		refused := []store.Request{
			{Kind: model.Invite, Creator: CreatorID(biggest)},
			{Kind: model.Message, Creator: blockedBy[0], Text: lines[0]},
		}
		quiet := CreatorID(r.IntN(n))
		for k := 0; k < 6; k++ {
			refused = append(refused, store.Request{Kind: model.Message, Creator: quiet, Text: lines[k%2]})
		}
		for _, req := range refused {
			req.Seller, req.Now, req.Actor = s.ID, step(), "demo"
			if _, err := st.Outreach(req); err != nil {
				return err
			}
		}
	}
	return nil
}
