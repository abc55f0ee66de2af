// Package catalog is the in-memory search engine behind the Find Creators
// screen: fuzzy search over handle and name, filters on level, followers,
// category, type, GMV and active days, and sorts by relevance, level,
// followers and GMV. It is built once from a snapshot of the creators and is
// then read-only, so any number of searches may run at the same time.
//
// It is sized for a million creators: per-row data the filters look at is
// kept in columns, the search keys are precomputed in two flat arenas, the
// non-relevance orders are precomputed permutations, and a search is split
// into chunks that run on every core and can be abandoned through a context.
//
// The package knows nothing of Bubble Tea or of the store.
package catalog

import (
	"cmp"
	"math"
	"math/rand/v2"
	"outreach/catalog/scoring"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"outreach/model"
)

// Row is what the finder needs of one creator (kept compact: 1M of them live
// in memory). Categories may share backing strings between rows.
type Row struct {
	ID, Handle, Name string
	Followers        int64
	Level            model.Level
	Falling          bool
	Type             model.CreatorType
	Categories       []string
	GMV30            model.Cents
	ActiveDays30     int
}

// core is one built, read-only block of rows: the whole catalog, or the
// overlay of rows changed since it was built (see Index). Every field is a
// column (a slice or an arena string), so that a core can be written to a
// snapshot file and mapped back without decoding (see snapshot.go); Row
// builds a Row from the columns on demand.
type core struct {
	n int // rows

	// What Row gives back besides the filter columns: the ID text
	// (ids[idOff[i]:idOff[i+1]]), the handle's length within key(i) (the
	// name follows it after one space), Falling as a bit per row, and
	// ActiveDays30 in full when some row's is outside 0..255 (nil when
	// active holds every value exactly).
	ids     string
	idOff   []uint32
	hlen    []uint32
	falling []uint64
	wide    []int32

	// Columns the filters read, one entry per row.
	followers []int64
	gmv       []int64
	level     []uint8
	typ       []uint8
	active    []uint8 // ActiveDays30 clamped to 0..255

	// Category ids per row: catIDs[catOff[i]:catOff[i+1]], ids index cats.
	cats   []string
	catIDs []uint32
	catOff []uint32

	// Search keys. key(i) is "handle name" as given (what fuzzy scores);
	// fold(i) is the same text with every rune replaced by the canonical
	// member of its simple case-folding orbit (what the prefilter scans).
	keys   string
	keyOff []uint32
	plain  []uint64 // bit i: key(i) is ASCII without NUL (scoring.ASCII applies)
	// For plain rows, what bounds a score (see scoreBound): the first byte
	// of the fold key, and the most the first rune of a pattern can score
	// less the key's length, when the pattern starts with that byte
	// (slackLead) or not (slack).
	lead      []byte
	slack     []int16
	slackLead []int16
	bytes     []uint64      // byteMask(fold(i)): which bytes the fold key has, roughly
	sig       []scoring.Sig // what a plain key offers a pattern's later runes (see buildSig)
	// The best Relevance keys and the match count of each one-byte query
	// (see buildFirst).
	firstTop []uint64
	firstCnt []int64
	folds    string
	foldOff  []uint32

	// perm[s] lists row indices in the order of sort s; rank[s][i] is the
	// position of row i in perm[s]. Relevance without text shares ByFollowers.
	perm [numSorts][]int32
	rank [numSorts][]int32

	// exact lists exactHash(fold(handle))<<32 | row, sorted: the rows whose
	// handle equals a query text (ignoring case) without a scan. The hash
	// is seeded per build and the seed kept with a snapshot.
	seed  uint64
	exact []uint64

	// byID lists rows in ID order; nil when rows are in ID order already
	// (as the store hands them out).
	byID []int32

	// mapped is set when the columns live in a mapped snapshot file: Row
	// then copies the strings it hands out, so that they outlive the map.
	mapped bool
}

// newCore builds a core over rows. It does not keep rows.
func newCore(rows []Row) *core {
	n := len(rows)
	ix := &core{
		n:         n,
		idOff:     make([]uint32, n+1),
		hlen:      make([]uint32, n),
		falling:   make([]uint64, (n+63)/64),
		followers: make([]int64, n),
		gmv:       make([]int64, n),
		level:     make([]uint8, n),
		typ:       make([]uint8, n),
		active:    make([]uint8, n),
		catOff:    make([]uint32, n+1),
		keyOff:    make([]uint32, n+1),
		foldOff:   make([]uint32, n+1),
		plain:     make([]uint64, (n+63)/64),
		lead:      make([]byte, n),
		slack:     make([]int16, n),
		slackLead: make([]int16, n),
		bytes:     make([]uint64, n),
		seed:      newSeed(),
		exact:     make([]uint64, n),
	}

	// Sorting handles, the longest step, runs next to the rest.
	var handleRow, handleRank []int32
	sorted := make(chan struct{})
	go func() {
		defer close(sorted)
		handleRow, handleRank = sortHandles(rows)
	}()

	// Categories: distinct names, sorted, then ids per row.
	catSet := make(map[string]struct{})
	nCatRefs := 0
	keyLen, idLen := 0, 0
	wide := false
	for i := range rows {
		for _, c := range rows[i].Categories {
			catSet[c] = struct{}{}
		}
		nCatRefs += len(rows[i].Categories)
		keyLen += len(rows[i].Handle) + 1 + len(rows[i].Name)
		idLen += len(rows[i].ID)
		wide = wide || rows[i].ActiveDays30 != int(uint8(rows[i].ActiveDays30))
	}
	if keyLen > math.MaxUint32 || idLen > math.MaxUint32 || n > math.MaxInt32 {
		panic("catalog: too many rows or too much handle and name text for an index")
	}
	ix.cats = make([]string, 0, len(catSet))
	for c := range catSet {
		ix.cats = append(ix.cats, c)
	}
	slices.Sort(ix.cats)
	catID := make(map[string]uint32, len(ix.cats))
	for id, c := range ix.cats {
		catID[c] = uint32(id)
	}
	ix.catIDs = make([]uint32, 0, nCatRefs)
	if wide {
		ix.wide = make([]int32, n)
	}

	var kb, fb, ib strings.Builder
	kb.Grow(keyLen)
	fb.Grow(keyLen)
	ib.Grow(idLen)
	var hf []byte // the folded handle of the row being added
	for i := range rows {
		r := &rows[i]
		ib.WriteString(r.ID)
		ix.idOff[i+1] = uint32(ib.Len())
		ix.hlen[i] = uint32(len(r.Handle))
		if r.Falling {
			ix.falling[i>>6] |= 1 << (i & 63)
		}
		if wide {
			ix.wide[i] = int32(min(max(r.ActiveDays30, math.MinInt32), math.MaxInt32))
		}
		ix.followers[i] = r.Followers
		ix.gmv[i] = int64(r.GMV30)
		ix.level[i] = uint8(r.Level)
		ix.typ[i] = uint8(r.Type)
		ix.active[i] = uint8(min(max(r.ActiveDays30, 0), 255))
		for _, c := range r.Categories {
			ix.catIDs = append(ix.catIDs, catID[c])
		}
		ix.catOff[i+1] = uint32(len(ix.catIDs))

		kb.WriteString(r.Handle)
		kb.WriteByte(' ')
		kb.WriteString(r.Name)
		ix.keyOff[i+1] = uint32(kb.Len())
		if isPlain(r.Handle) && isPlain(r.Name) {
			ix.plain[i>>6] |= 1 << (i & 63)
			k := kb.String()[ix.keyOff[i]:]
			ix.slack[i] = int16(max(leadBound(k, false)-len(k), math.MinInt16))
			ix.slackLead[i] = int16(max(leadBound(k, true)-len(k), math.MinInt16))
			if len(k) > 0 {
				ix.lead[i] = scoring.ToLower(k[0])
			}
		}
		hf = appendFold(hf[:0], r.Handle)
		ix.exact[i] = uint64(ix.exactHash(string(hf)))<<32 | uint64(i)
		fb.Write(hf)
		fb.WriteByte(' ')
		fb.Write(appendFold(hf[:0], r.Name))
		ix.foldOff[i+1] = uint32(fb.Len())
	}
	ix.ids = ib.String()
	ix.keys = kb.String()
	ix.folds = fb.String()
	for i := range ix.bytes {
		ix.bytes[i] = byteMask(ix.fold(int32(i)))
	}

	buildSig(ix)
	sortKeys(ix.exact)
	if !slices.IsSortedFunc(rows, func(a, b Row) int { return strings.Compare(a.ID, b.ID) }) {
		ix.byID = make([]int32, n)
		for i := range ix.byID {
			ix.byID[i] = int32(i)
		}
		slices.SortFunc(ix.byID, func(a, b int32) int {
			if c := strings.Compare(rows[a].ID, rows[b].ID); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
	}

	<-sorted
	ix.buildOrders(handleRow, handleRank)
	buildFirst(ix)
	return ix
}

// newSeed is a random seed for exactHash.
func newSeed() uint64 { return rand.Uint64() | 1 }

// exactHash is the hash of a folded handle that exact lists: FNV-1a from
// the core's seed, folded to 32 bits. It is stable across processes, so a
// snapshot keeps exact as built.
func (ix *core) exactHash(s string) uint32 {
	h := ix.seed ^ 0xcbf29ce484222325
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 0x100000001b3
	}
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	return uint32(h ^ h>>32)
}

// id is row i's ID.
func (ix *core) id(i int32) string { return ix.ids[ix.idOff[i]:ix.idOff[i+1]] }

// handle is row i's handle.
func (ix *core) handle(i int32) string { return ix.keys[ix.keyOff[i] : ix.keyOff[i]+ix.hlen[i]] }

// row builds row i from the columns. The strings of a mapped core are
// copied (one allocation), so the row outlives the map.
func (ix *core) row(i int32) *Row {
	r := new(Row)
	ix.view(i, r)
	if ix.mapped {
		s := r.ID + r.Handle + " " + r.Name
		r.ID, r.Handle, r.Name = s[:len(r.ID)], s[len(r.ID):len(r.ID)+len(r.Handle)], s[len(r.ID)+len(r.Handle)+1:]
	}
	return r
}

// view fills r with row i, its strings pointing into the columns and its
// categories into r.Categories' backing array.
func (ix *core) view(i int32, r *Row) {
	k := ix.key(i)
	h := int(ix.hlen[i])
	cs := r.Categories[:0]
	for _, c := range ix.catIDs[ix.catOff[i]:ix.catOff[i+1]] {
		cs = append(cs, ix.cats[c])
	}
	if len(cs) == 0 {
		cs = nil
	}
	*r = Row{
		ID: ix.id(i), Handle: k[:h], Name: k[min(h+1, len(k)):],
		Followers: ix.followers[i], Level: model.Level(ix.level[i]),
		Falling: isSet(ix.falling, int(i)), Type: model.CreatorType(ix.typ[i]),
		Categories: cs, GMV30: model.Cents(ix.gmv[i]), ActiveDays30: int(ix.active[i]),
	}
	if ix.wide != nil {
		r.ActiveDays30 = int(ix.wide[i])
	}
}

// lookup is the row with id, if any (the first one, should ids repeat).
func (ix *core) lookup(id string) (int32, bool) {
	n := ix.n
	idAt := func(j int) string {
		if ix.byID != nil {
			return ix.id(ix.byID[j])
		}
		return ix.id(int32(j))
	}
	j, ok := sort.Find(n, func(j int) int { return strings.Compare(id, idAt(j)) })
	if !ok {
		return 0, false
	}
	if ix.byID != nil {
		return ix.byID[j], true
	}
	return int32(j), true
}

// buildOrders computes the permutation and rank of every sort from the
// handle order: each sorts (key, handle rank) pairs, integers only.
func (ix *core) buildOrders(handleRow, handleRank []int32) {
	n := ix.n

	type order struct {
		s   Sort
		key func(i int) int64
	}
	orders := []order{
		{ByFollowers, func(i int) int64 { return ix.followers[i] }},
		{ByLevel, func(i int) int64 { return int64(ix.level[i]) }},
		{ByGMV, func(i int) int64 { return ix.gmv[i] }},
	}
	var wg sync.WaitGroup
	for _, o := range orders {
		wg.Go(func() { ix.perm[o.s], ix.rank[o.s] = descendingOrder(n, o.key, handleRow) })
	}
	wg.Wait()
	ix.perm[Relevance], ix.rank[Relevance] = ix.perm[ByFollowers], ix.rank[ByFollowers]
}

// key is the text fuzzy scores for row i: "handle name".
func (ix *core) key(i int32) string { return ix.keys[ix.keyOff[i]:ix.keyOff[i+1]] }

// fold is key(i) case-folded for the prefilter.
func (ix *core) fold(i int32) string { return ix.folds[ix.foldOff[i]:ix.foldOff[i+1]] }

// byteBit maps a byte to one of 64 bits: a-z and 0-9 have their own, the
// rest share. byteMask(s) has the bits of every byte of s, so a string
// whose mask lacks a bit of byteMask(pat) cannot contain pat's bytes in
// order: the first, cheapest rejection of the prefilter.
var byteBit [256]uint8

func init() {
	for c := range 256 {
		switch {
		case 'a' <= c && c <= 'z':
			byteBit[c] = uint8(c - 'a')
		case '0' <= c && c <= '9':
			byteBit[c] = uint8(26 + c - '0')
		default:
			byteBit[c] = uint8(36 + c%28)
		}
	}
}

func byteMask(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << byteBit[s[i]]
	}
	return m
}

// isPlain reports whether s is ASCII without NUL.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 || s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldRune maps r to a canonical member of its simple case-folding orbit, so
// that two runes are equal under fuzzy's scoring.EqualFold exactly when their
// foldRune values are equal. ASCII letters map to lower case.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	if 'A' <= m && m <= 'Z' {
		m += 'a' - 'A'
	}
	return m
}

// appendFold appends s with every rune folded. Invalid bytes become
// U+FFFD, which is also what fuzzy sees when it decodes them.
func appendFold(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, foldRune(r))
		i += size
	}
	return b
}
