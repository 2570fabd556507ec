package dedup

import (
	"cmp"
	"iter"
	"slices"

	"github.com/khabar-nlp/khabar/internal/text"
)

// A finder holds the state of one Find: the units read so far and, for the
// first unit of every exact-duplicate group (its representative, "rep"),
// what the search needs: shingle set, LSH or SimHash keys, signature.
type finder struct {
	o      Options
	spec   Spec // o's
	tables int  // keys per rep: LSH bands or SimHash blocks

	keepSets bool // shingle sets are kept: verification or containment
	keepSigs bool // MinHash signatures are kept: NoVerify

	ids   []string
	units []unitRec
	given []Unit           // with Options.Clusters: the units of the records given
	exact map[uint64]int32 // exact hash -> rep
	reps  []int32          // rep -> its first unit
	sets  *setArena        // rep -> shingle set, when keepSets
	index *bandTable       // rep -> keys
	sigs  []uint32         // rep -> signature, Hashes values each, when keepSigs
	fps   []uint64         // rep -> SimHash fingerprint, with SimHashBits

	uf           *unionFind
	hasContained []bool    // root -> its set holds a Contained pair
	star         []int32   // rep -> the rep at the center of its star, with Options.Stars
	near         []repPair // verified near pairs of reps, with Options.Pairs
	contained    []repPair // containment pairs of reps (a inside b)
	stats        Stats
}

// A unitRec is a unit as the finder stores it.
type unitRec struct {
	doc, passage     int32
	line, endLine    int32
	start, end       int32
	tokens, shingles int32
	rep              int32
}

// A repPair is a verified pair of representatives.
type repPair struct {
	a, b int32
	kind Kind
	sim  float64
}

func newFinder(o Options) *finder {
	f := &finder{o: o, spec: o.spec(), exact: make(map[uint64]int32)}
	switch o.Method {
	case MinHashLSH:
		f.tables = o.Bands
		f.keepSigs = o.NoVerify
	case SimHashBits:
		f.tables = o.K + 1
	}
	f.keepSets = !o.NoVerify || o.Containment > 0
	if f.keepSets {
		f.sets = &setArena{}
	}
	f.index = newBandTable(f.tables)
	f.index.Workers = o.Workers
	return f
}

// unit returns the Unit of unit number i.
func (f *finder) unit(i int32) Unit {
	if f.given != nil {
		return f.given[i]
	}
	u := &f.units[i]
	return Unit{
		Doc: int(u.doc), ID: f.ids[u.doc], Passage: int(u.passage),
		Line: int(u.line), EndLine: int(u.endLine), Start: int(u.start), End: int(u.end),
		Tokens: int(u.tokens), Shingles: int(u.shingles),
	}
}

// A docBatch is a run of consecutive documents, the first being number
// first; or, at passage level, part of a long document (docs[0]): the
// passages part, with rest telling that they are not its first (it is
// counted with its first part).
type docBatch struct {
	first int
	docs  []Doc
	part  []text.Passage
	rest  bool
}

// batchOut is what a worker made of a docBatch: per unit, its record, exact
// hash, shingle set (flat, units[i].shingles values each), keys (tables
// each), signature (with keepSigs) and fingerprint (with SimHash).
type batchOut struct {
	ids     []string
	bytes   int64
	skipped int
	units   []unitRec
	exact   []uint64
	sets    []uint64
	keys    []uint64
	sigs    []uint32
	fps     []uint64
	own     [][]uint64 // the sets of long units (isLong), not in sets
}

// batchText is about the most text in one docBatch: 1 MiB (tests make
// it small).
var batchText = 1 << 20

// batches groups docs into batches of up to 64 documents or batchText
// bytes of text. At passage level, a document longer than batchText is
// cut into parts of about batchText bytes of passages, so that the records
// of all its passages are never in memory twice at once (in a worker's
// output and in the finder).
func (f *finder) batches(docs iter.Seq[Doc]) iter.Seq[docBatch] {
	mode := text.Lines
	if f.o.Paragraphs {
		mode = text.Paragraphs
	}
	return func(yield func(docBatch) bool) {
		b := docBatch{}
		size := 0
		n := 0
		for d := range docs {
			n++
			if f.o.Level == PassageLevel && len(d.Text) > batchText {
				if len(b.docs) > 0 && !yield(b) {
					return
				}
				if !yieldParts(yield, n-1, d, mode) {
					return
				}
				b = docBatch{first: n}
				size = 0
				continue
			}
			b.docs = append(b.docs, d)
			size += len(d.Text)
			if len(b.docs) == 64 || size >= batchText {
				if !yield(b) {
					return
				}
				b = docBatch{first: n}
				size = 0
			}
		}
		if len(b.docs) > 0 {
			yield(b)
		}
	}
}

// yieldParts yields the passages of d, document number doc, in parts of
// about batchText bytes (at least one passage each; one empty part for a
// document without passages), found a part at a time.
func yieldParts(yield func(docBatch) bool, doc int, d Doc, mode text.PassageMode) bool {
	sc := text.NewPassageScanner(d.Text, mode)
	next, more := sc.Next()
	rest := false
	for more || !rest {
		var part []text.Passage
		for more && (len(part) == 0 || next.End-part[0].Start <= batchText) {
			part = append(part, next)
			next, more = sc.Next()
		}
		if !yield(docBatch{first: doc, docs: []Doc{d}, part: part, rest: rest}) {
			return false
		}
		rest = true
	}
	return true
}

// ingest reads docs and stores their units, making signatures on a pool
// of workers.
func (f *finder) ingest(docs iter.Seq[Doc]) {
	orderedPool(f.o.Workers, f.batches(docs), f.newWorker, f.add)
}

// newWorker returns the work function of one goroutine, with its own
// Signer: the records of each document's units, less those under
// MinTokens, copied into the batch.
func (f *finder) newWorker() func(docBatch) *batchOut {
	sg := newSigner(f.spec) // the Spec of resolved Options
	var recs []Record
	return func(b docBatch) *batchOut {
		out := &batchOut{}
		for i, d := range b.docs {
			if !b.rest {
				out.ids = append(out.ids, d.ID)
				out.bytes += int64(len(d.Text))
			}
			var skipped int
			if b.part != nil {
				recs, skipped = sg.signPassages(recs[:0], b.first+i, d, b.part)
			} else {
				recs, skipped = sg.Sign(recs[:0], b.first+i, d)
			}
			out.skipped += skipped
			// Room for the records at once: a part of a long document has
			// thousands.
			sets := 0
			for j := range recs {
				if !isLong(recs[j].End - recs[j].Start) {
					sets += len(recs[j].Set)
				}
			}
			out.units = slices.Grow(out.units, len(recs))
			out.exact = slices.Grow(out.exact, len(recs))
			out.keys = slices.Grow(out.keys, len(recs)*f.tables)
			if f.keepSets {
				out.sets = slices.Grow(out.sets, sets)
			}
			for j := range recs {
				r := &recs[j]
				if r.Tokens < f.o.MinTokens {
					out.skipped++
					continue
				}
				out.units = append(out.units, unitRec{
					doc: int32(r.Doc), passage: int32(r.Passage), line: int32(r.Line), endLine: int32(r.EndLine),
					start: int32(r.Start), end: int32(r.End), tokens: int32(r.Tokens), shingles: int32(r.Shingles),
				})
				out.exact = append(out.exact, r.Exact)
				switch {
				case !f.keepSets:
				case isLong(r.End - r.Start):
					out.own = append(out.own, r.Set) // the record's own: not copied
				default:
					out.sets = append(out.sets, r.Set...)
				}
				out.keys = append(out.keys, r.Keys...)
				if f.keepSigs {
					out.sigs = append(out.sigs, r.Sig...)
				}
				if f.o.Method == SimHashBits {
					out.fps = append(out.fps, r.Fingerprint)
				}
			}
		}
		return out
	}
}

// unitSets yields the index of each unit of b with its shingle set: a
// long unit's own (isLong: b.own), the others' runs of b.sets; nil sets
// when the sets are not kept.
func (b *batchOut) unitSets(keep bool) iter.Seq2[int, []uint64] {
	return func(yield func(int, []uint64) bool) {
		off, own := 0, b.own
		for i, u := range b.units {
			var set []uint64
			switch {
			case !keep:
			case isLong(int(u.end - u.start)):
				set, own = own[0], own[1:]
			default:
				set = b.sets[off : off+int(u.shingles)]
				off += int(u.shingles)
			}
			if !yield(i, set) {
				return
			}
		}
	}
}

// add stores a worker's output, keeping only the first unit of every
// exact-duplicate group for the search.
func (f *finder) add(b *batchOut) {
	f.ids = append(f.ids, b.ids...)
	f.stats.Documents += len(b.ids)
	f.stats.Bytes += b.bytes
	f.stats.Skipped += b.skipped
	f.stats.Units += len(b.units)
	for i, set := range b.unitSets(f.keepSets) {
		u := b.units[i]
		long := isLong(int(u.end - u.start))
		var sig []uint32
		if f.keepSigs {
			k := f.o.Hashes
			sig = b.sigs[i*k : (i+1)*k]
		}
		var fp uint64
		if f.o.Method == SimHashBits {
			fp = b.fps[i]
		}
		f.addUnit(u, b.exact[i], b.keys[i*f.tables:(i+1)*f.tables], set, long, sig, fp)
	}
}

// addUnit stores unit u, with its exact hash; when it is the first of its
// exact-duplicate group, it becomes a rep and what the search needs of it
// is kept: keys (when the finder has a band table), shingle set (not
// copied when own: it becomes the finder's), signature and fingerprint.
func (f *finder) addUnit(u unitRec, exact uint64, keys, set []uint64, own bool, sig []uint32, fp uint64) {
	rep, dup := f.exact[exact]
	if !dup {
		rep = int32(len(f.reps))
		f.exact[exact] = rep
		f.reps = append(f.reps, int32(len(f.units)))
		switch {
		case !f.keepSets:
		case own:
			f.sets.adopt(set)
		default:
			f.sets.add(set)
		}
		if f.index != nil {
			f.index.Add(keys)
		}
		if f.keepSigs {
			f.sigs = append(f.sigs, sig...)
		}
		if f.o.Method == SimHashBits {
			f.fps = append(f.fps, fp)
		}
	}
	u.rep = rep
	f.units = append(f.units, u)
}

// accept verifies the candidate pair of reps a and b (Spec.Verify) and
// returns their similarity.
func (f *finder) accept(a, b int32) (float64, bool) {
	ra, rb := f.repRecord(a), f.repRecord(b)
	return f.spec.Verify(&ra, &rb)
}

// repRecord returns what the finder keeps of rep r's record: its shingle
// set, signature and fingerprint, as kept.
func (f *finder) repRecord(r int32) Record {
	var rec Record
	if f.sets != nil {
		rec.Set = f.sets.get(r)
	}
	if f.keepSigs {
		k := f.spec.Hashes
		rec.Sig = f.sigs[int(r)*k : int(r+1)*k]
	}
	if f.fps != nil {
		rec.Fingerprint = f.fps[r]
	}
	return rec
}

// search finds the verified pairs and joins them in the union-find.
func (f *finder) search() {
	f.uf = newUnionFind(len(f.reps))
	f.hasContained = make([]bool, len(f.reps))
	if f.o.Pairs {
		f.searchAllPairs()
	} else {
		f.searchClusters()
	}
	if f.o.Containment > 0 {
		f.joinContained()
	}
	if f.o.Stars {
		f.makeStars()
	}
}

// joinContained finds the containment pairs and joins them in the
// union-find: every near pair, but a contained unit only with its best
// container (the one holding the largest fraction of it, the first of
// those), so that a short common passage, inside many unrelated longer
// ones, does not chain them all into one cluster.
func (f *finder) joinContained() {
	f.o.progress("containment", 0, 0)
	f.contained = containmentPairs(f, f.o.Containment)
	f.joinContainment(f.contained)
}

// joinContainment joins the containment pairs ps, ordered by a then b, as
// joinContained says.
func (f *finder) joinContainment(ps []repPair) {
	var parents []repPair
	for i, p := range ps {
		if p.kind == Near {
			f.uf.union(p.a, p.b)
			continue
		}
		// Pairs come ordered by a, then b.
		if n := len(parents); n > 0 && parents[n-1].a == p.a {
			if p.sim > parents[n-1].sim {
				parents[n-1] = p
			}
			continue
		}
		parents = append(parents, ps[i])
	}
	for _, p := range parents {
		f.uf.union(p.a, p.b)
	}
	for _, p := range parents {
		f.hasContained[f.uf.find(p.a)] = true
	}
}

// searchClusters verifies candidates bucket by bucket, skipping pairs the
// union-find already joins: that is enough to find the clusters, which are
// the connected components of the verified pairs whatever the order.
func (f *finder) searchClusters() {
	f.o.progress("verifying candidates", 0, 0)
	f.index.Buckets(func(_ int, g []int32) bool {
		for i, a := range g {
			for _, b := range g[i+1:] {
				if f.uf.find(a) == f.uf.find(b) {
					continue
				}
				f.stats.Candidates++
				if f.stats.Candidates%(1<<16) == 0 {
					f.o.progress("verifying candidates", f.stats.Candidates, 0)
				}
				if _, ok := f.accept(a, b); ok {
					f.uf.union(a, b)
				}
			}
		}
		return true
	})
}

// searchAllPairs verifies every candidate pair, in parallel, and keeps the
// verified ones.
func (f *finder) searchAllPairs() {
	var cand []uint64
	f.index.Pairs(func(a, b int32) bool {
		cand = append(cand, uint64(a)<<32|uint64(b))
		return true
	})
	f.stats.Candidates += len(cand)
	done := 0
	f.o.progress("verifying candidates", 0, len(cand))
	parallelChunks(f.o.Workers, len(cand), 4096, func() func(lo, hi int) []repPair {
		return func(lo, hi int) []repPair {
			var out []repPair
			for _, c := range cand[lo:hi] {
				a, b := int32(c>>32), int32(uint32(c))
				if sim, ok := f.accept(a, b); ok {
					out = append(out, repPair{a: a, b: b, kind: Near, sim: sim})
				}
			}
			return out
		}
	}, func(ps []repPair) {
		for _, p := range ps {
			f.uf.union(p.a, p.b)
		}
		f.near = append(f.near, ps...)
		done = min(done+4096, len(cand))
		f.o.progress("verifying candidates", done, len(cand))
	})
}

// result builds the Result.
func (f *finder) result() *Result {
	f.o.progress("clustering", 0, 0)
	res := &Result{Options: f.o, Stats: f.stats}
	res.Options.Progress = nil
	res.Clusters = f.clusters()
	res.Stats.Clusters = len(res.Clusters)
	for _, c := range res.Clusters {
		res.Stats.Duplicates += len(c.Members) - 1
		for i, m := range c.Members {
			if i != c.Kept {
				res.Stats.DuplicateBytes += int64(m.Bytes())
			}
		}
	}
	if f.o.Pairs {
		res.Pairs = f.pairs()
	}
	return res
}

// pairs expands the verified pairs of reps into pairs of units: every two
// units of an exact group, and every unit of a's group with every unit of
// b's group for a verified pair (a, b).
func (f *finder) pairs() []Pair {
	// unitsOf[start[r]:start[r+1]] are the units of rep r, in order.
	start := make([]int32, len(f.reps)+1)
	for _, u := range f.units {
		start[u.rep+1]++
	}
	for r := range f.reps {
		start[r+1] += start[r]
	}
	unitsOf := make([]int32, len(f.units))
	fill := slices.Clone(start[:len(f.reps)])
	for i, u := range f.units {
		unitsOf[fill[u.rep]] = int32(i)
		fill[u.rep]++
	}
	group := func(r int32) []int32 { return unitsOf[start[r]:start[r+1]] }

	type unitPair struct {
		a, b int32
		kind Kind
		sim  float64
	}
	var ups []unitPair
	for r := range f.reps {
		g := group(int32(r))
		for i, a := range g {
			for _, b := range g[i+1:] {
				ups = append(ups, unitPair{a, b, Exact, 1})
			}
		}
	}
	seen := make(map[uint64]bool, len(f.near))
	for _, p := range f.near {
		seen[uint64(p.a)<<32|uint64(p.b)] = true
	}
	rp := slices.Clone(f.near)
	for _, p := range f.contained {
		if p.kind == Near {
			a, b := min(p.a, p.b), max(p.a, p.b)
			if seen[uint64(a)<<32|uint64(b)] {
				continue
			}
			p.a, p.b = a, b
		}
		rp = append(rp, p)
	}
	for _, p := range rp {
		for _, a := range group(p.a) {
			for _, b := range group(p.b) {
				// x and y, not a and b: swapping a would change it for
				// the rest of the inner loop, and pair the wrong units.
				x, y := a, b
				if p.kind == Near && y < x {
					x, y = y, x
				}
				ups = append(ups, unitPair{x, y, p.kind, p.sim})
			}
		}
	}
	slices.SortFunc(ups, func(x, y unitPair) int {
		return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	out := make([]Pair, len(ups))
	for i, p := range ups {
		out[i] = Pair{A: f.unit(p.a), B: f.unit(p.b), Kind: p.kind, Similarity: p.sim}
	}
	return out
}

// A setArena stores shingle sets in large chunks, so that storing millions
// of them costs neither an allocation each nor the copying of one huge
// growing slice.
type setArena struct {
	chunks [][]uint64
	own    [][]uint64 // sets adopted, each in its own memory
	refs   []setRef   // a chunk < 0 is own[-1-chunk]
	// src, when not nil, gives every set instead, read from elsewhere
	// (the external path's temporary file), read only by the caller.
	src func(i int32) []uint64
}

type setRef struct {
	chunk, off, n int32
}

const arenaChunk = 1 << 20 // values per chunk (8 MiB)

func (a *setArena) add(s []uint64) {
	last := len(a.chunks) - 1
	if last < 0 || cap(a.chunks[last])-len(a.chunks[last]) < len(s) {
		a.chunks = append(a.chunks, make([]uint64, 0, max(arenaChunk, len(s))))
		last++
	}
	c := a.chunks[last]
	a.refs = append(a.refs, setRef{int32(last), int32(len(c)), int32(len(s))})
	a.chunks[last] = append(c, s...)
}

// adopt stores s without copying it: s becomes the arena's.
func (a *setArena) adopt(s []uint64) {
	a.own = append(a.own, s)
	a.refs = append(a.refs, setRef{int32(-len(a.own)), 0, int32(len(s))})
}

func (a *setArena) get(i int32) []uint64 {
	if a.src != nil {
		return a.src(i)
	}
	r := a.refs[i]
	if r.chunk < 0 {
		s := a.own[-1-r.chunk]
		return s[:len(s):len(s)]
	}
	return a.chunks[r.chunk][r.off : r.off+r.n : r.off+r.n]
}
