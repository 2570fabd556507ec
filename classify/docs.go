package classify

import (
	"encoding/binary"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"
)

// Documents by feature id
//
// Besides the counts per label, a Trainer keeps every document it was
// given as a sorted list of (feature id, count) pairs, feature ids being
// given in order of first sight to words (by string) and n-grams (by
// hash). The per-document transforms (TF, IDF, LengthNorm) need them, and
// cross-validation (Calibrate, Autotune) fits fold models and scores the
// held-out documents from them without tokenizing again.

// Transforms
//
// With Options.TF, IDF or LengthNorm, a document's count n of feature f
// becomes the weight x = tf(n) * idf(f) (tf(n) = n, log(1+n) or 1+log n;
// idf(f) = ln((1+N)/(1+df(f))) + 1 over the N training documents, df(f) of
// which hold f, or 1 without IDF), and with LengthNorm the document's
// weights are divided by their Euclidean norm (over the features kept by
// MinCount). A label's summed weights take the place of its counts in the
// scoring table (score.go), and a text is scored with its weights the
// same way: score(c) = log prior(c) + sum over its distinct features of
// x * cell(f, c). These are scikit-learn's TfidfTransformer followed by
// MultinomialNB or ComplementNB (WeightNorm: ComplementNB(norm=True));
// TestTransformsConformToSklearn holds them to 1e-9. The summed weights
// depend on the corpus (idf, and the norm taken after it), so they are
// saved in the model (format 3, weights), and such a model cannot be
// trained further.

// docStore holds documents as feature ids and counts. It is not safe for
// concurrent use.
type docStore struct {
	wordID wordTable // by the xxhash64 of the word, checked against its bytes
	gramID gramTable
	// keys[id] is the feature of id: a word, or an n-gram hash; words
	// holds the words.
	keys  []featureKey
	words []string

	labels   []string // in order of first sight
	labelIdx map[string]int32

	// Document i has label docLabel[i], fold hash docHash[i] (xxhash64 of
	// its id), and the features feat[start[i]:start[i+1]] (increasing
	// ids) with the counts tf[start[i]:start[i+1]].
	docLabel []int32
	docHash  []uint64
	start    []int
	feat     []uint32
	tf       []uint32

	scratch []uint32
	// touched sums the slots addFeatured reads ahead, so that the
	// reads are not optimized away.
	touched uint64

	// views are the docViews made last (fitDocs).
	mu    sync.Mutex
	views []*docView
}

// A featureKey is a word (word: its index in docStore.words) or an
// n-gram (word -1, and its hash): no pointer, so that the millions of
// them cost the garbage collector nothing to scan.
type featureKey struct {
	hash uint64
	word int32
}

func (k featureKey) isGram() bool { return k.word < 0 }

func newDocStore() *docStore {
	return &docStore{labelIdx: make(map[string]int32), start: []int{0}}
}

func (s *docStore) docs() int { return len(s.docLabel) }

// word returns the id of the word w.
func (s *docStore) word(w []byte) uint32 { return s.wordSlot(xxhash.Sum64(w), w).id - 1 }

// wordSlot returns the slot of the word w, whose xxhash64 is h, giving
// the word the next id when it is new. Words are told apart by their
// bytes, not only by their hash. The slot is valid until the next call.
func (s *docStore) wordSlot(h uint64, w []byte) *wordSlot {
	g := &s.wordID
	if 2*(g.n+1) > len(g.slots) {
		g.resize(max(1024, 2*len(g.slots)))
	}
	mask := uint64(len(g.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &g.slots[i]
		if sl.id == 0 {
			sl.hash, sl.id, sl.off = h, uint32(len(s.keys))+1, noArena
			if len(g.arena)+binary.MaxVarintLen64+len(w) <= noArena {
				sl.off = uint32(len(g.arena))
				g.arena = binary.AppendUvarint(g.arena, uint64(len(w)))
				g.arena = append(g.arena, w...)
			}
			g.n++
			s.keys = append(s.keys, featureKey{word: int32(len(s.words))})
			s.words = append(s.words, string(w))
			return sl
		}
		if sl.hash == h && s.isWord(sl, w) {
			return sl
		}
	}
}

// isWord reports whether the word of sl is w.
func (s *docStore) isWord(sl *wordSlot, w []byte) bool {
	if sl.off == noArena {
		return s.words[s.keys[sl.id-1].word] == string(w)
	}
	a := s.wordID.arena[sl.off:]
	n, k := binary.Uvarint(a)
	return n == uint64(len(w)) && string(a[k:k+len(w)]) == string(w)
}

// gram returns the id of the n-gram hash h.
func (s *docStore) gram(h uint64) uint32 { return s.gramSlot(h).id - 1 }

// gramSlot returns the slot of the n-gram hash h, giving it the next id
// when it is new. The slot is valid until the next call.
func (s *docStore) gramSlot(h uint64) *gramSlot {
	sl, added := s.gramID.slot(h, uint32(len(s.keys)))
	if added {
		s.keys = append(s.keys, featureKey{hash: h, word: -1})
	}
	return sl
}

// addFeatured stores the document fd of label, with the fold hash hash.
// The tables are sized for the document's features first, so that no
// slot moves while it is stored, and the slots its features hash to are
// read before any is used, so that the reads of slots that are not in
// the caches (most, in tables of millions) overlap instead of waiting one
// after the other; likewise the words of the slots found.
func (s *docStore) addFeatured(hash uint64, label string, fd *featured) {
	s.wordID.reserve(s.wordID.n + fd.words)
	s.gramID.reserve(s.gramID.n + len(fd.hashes) - fd.words)
	arena := s.wordID.arena
	wmask, gmask := uint64(len(s.wordID.slots)-1), uint64(len(s.gramID.slots)-1)
	var touch uint64
	for i, h := range fd.hashes {
		if fd.end[i] >= 0 {
			touch += s.wordID.slots[h&wmask].hash
		} else {
			touch += s.gramID.slots[h&gmask].hash
		}
	}
	for i, h := range fd.hashes {
		if fd.end[i] >= 0 {
			if sl := s.wordID.slots[h&wmask]; sl.id != 0 && sl.hash == h && sl.off != noArena {
				touch += uint64(arena[sl.off])
			}
		}
	}
	s.touched += touch
	for i, h := range fd.hashes {
		var id uint32
		if fd.end[i] >= 0 {
			id = s.wordSlot(h, fd.toks[fd.start[i]:fd.end[i]]).id
		} else {
			id = s.gramSlot(h).id
		}
		s.feat = append(s.feat, id-1)
		s.tf = append(s.tf, fd.counts[i])
	}
	s.docLabel = append(s.docLabel, s.label(label))
	s.docHash = append(s.docHash, hash)
	s.start = append(s.start, len(s.feat))
}

// wordTable maps words to feature ids, as gramTable maps n-grams, but
// its slots also say where the word's bytes are in arena (a uvarint
// length, then the bytes), so that telling a word from another with the
// same hash reads the table and the arena (a few MB, in the caches),
// not the feature's key, then its string header, then its bytes.
type wordTable struct {
	slots []wordSlot // len a power of two; id 0 marks a free slot
	n     int
	arena []byte
}

type wordSlot struct {
	hash uint64
	id   uint32 // id+1
	off  uint32 // the word's place in arena; noArena past 4 GiB of words
}

const noArena = math.MaxUint32

// reserve sizes the table for n words.
func (g *wordTable) reserve(n int) { g.slots = reserveSlots(g.slots, n) }

func (g *wordTable) resize(size int) { g.slots = rehash(g.slots, size) }

// slotKey is a slot of an open-addressing table of hashes: wordSlot or
// gramSlot.
type slotKey interface {
	key() (hash uint64, used bool)
}

func (s wordSlot) key() (uint64, bool) { return s.hash, s.id != 0 }
func (s gramSlot) key() (uint64, bool) { return s.hash, s.id != 0 }

// reserveSlots returns slots, or slots rehashed into a larger table, with
// room for n entries at most half full (at least 1024 slots, a power of 2).
func reserveSlots[S slotKey](slots []S, n int) []S {
	size := 1024
	for size < 2*(n+1) {
		size *= 2
	}
	if size > len(slots) {
		return rehash(slots, size)
	}
	return slots
}

// rehash returns a table of size slots (a power of 2) holding the used
// slots of old, each at its hash's first free place (linear probing).
func rehash[S slotKey](old []S, size int) []S {
	slots := make([]S, size)
	mask := uint64(size - 1)
	for _, sl := range old {
		h, used := sl.key()
		if !used {
			continue
		}
		i := h & mask
		for _, taken := slots[i].key(); taken; _, taken = slots[i].key() {
			i = (i + 1) & mask
		}
		slots[i] = sl
	}
	return slots
}

// gramTable maps n-gram hashes to feature ids: an open-addressing hash
// table with linear probing, at most half full. The hashes are xxhash64
// values, uniform already, so their low bits index the table. It is about
// twice as fast as a Go map here, where the table outgrows the caches.
type gramTable struct {
	slots []gramSlot // len a power of two; id 0 marks a free slot
	n     int
}

type gramSlot struct {
	hash uint64
	id   uint32 // id+1
}

// id returns the id of h, giving it next when h is new (added).
func (g *gramTable) id(h uint64, next uint32) (uint32, bool) {
	sl, added := g.slot(h, next)
	return sl.id - 1, added
}

// slot returns the slot of h, giving h the id next when it is new
// (added). The slot is valid until the next call.
func (g *gramTable) slot(h uint64, next uint32) (*gramSlot, bool) { return g.find(h, next, nil) }

// find is slot for keys that are told apart by more than their hash:
// same, when not nil, reports whether the key of an id with the hash h
// is the one looked for.
func (g *gramTable) find(h uint64, next uint32, same func(id uint32) bool) (*gramSlot, bool) {
	if 2*(g.n+1) > len(g.slots) {
		g.grow()
	}
	mask := uint64(len(g.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &g.slots[i]
		if sl.id == 0 {
			sl.hash, sl.id = h, next+1
			g.n++
			return sl, true
		}
		if sl.hash == h && (same == nil || same(sl.id-1)) {
			return sl, false
		}
	}
}

// lookup returns the id of h, and whether it has one.
func (g *gramTable) lookup(h uint64) (uint32, bool) {
	if len(g.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(g.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := g.slots[i]
		if sl.id == 0 {
			return 0, false
		}
		if sl.hash == h {
			return sl.id - 1, true
		}
	}
}

// reserve sizes the table for n hashes.
func (g *gramTable) reserve(n int) { g.slots = reserveSlots(g.slots, n) }

func (g *gramTable) grow() { g.resize(max(1024, 2*len(g.slots))) }

func (g *gramTable) resize(size int) { g.slots = rehash(g.slots, size) }

func (s *docStore) label(l string) int32 {
	if c, ok := s.labelIdx[l]; ok {
		return c
	}
	c := int32(len(s.labels))
	s.labelIdx[l] = c
	s.labels = append(s.labels, l)
	return c
}

// add stores a document of label with the feature ids ids (any order,
// repeats counted), and the fold hash of its id.
func (s *docStore) add(hash uint64, label string, ids []uint32) {
	slices.Sort(ids)
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		s.feat = append(s.feat, ids[i])
		s.tf = append(s.tf, uint32(j-i))
		i = j
	}
	s.docLabel = append(s.docLabel, s.label(label))
	s.docHash = append(s.docHash, hash)
	s.start = append(s.start, len(s.feat))
}

// addStore adds the documents of o.
func (s *docStore) addStore(o *docStore) {
	for d := 0; d < o.docs(); d++ {
		ids := s.scratch[:0]
		for k := o.start[d]; k < o.start[d+1]; k++ {
			key := o.keys[o.feat[k]]
			var id uint32
			if key.isGram() {
				id = s.gram(key.hash)
			} else {
				id = s.word([]byte(o.words[key.word]))
			}
			for n := o.tf[k]; n > 0; n-- {
				ids = append(ids, id)
			}
		}
		s.add(o.docHash[d], o.labels[o.docLabel[d]], ids)
		s.scratch = ids
	}
}

// docHash returns the fold hash of a document id; a document without an
// id gets one from its position.
func docHash(id string, n int) uint64 {
	if id == "" {
		var b [8]byte
		for i := range b {
			b[i] = byte(n >> (8 * i))
		}
		return xxhash.Sum64(append([]byte("#"), b[:]...))
	}
	return xxhash.Sum64String(id)
}

// cvFold returns the cross-validation fold (0 to k-1) of a document with
// fold hash h, for Calibrate and Autotune: the high 32 bits of the hash
// modulo k, so that these folds cut across those of Fold (the low bits),
// which khabar eval uses outside.
func cvFold(h uint64, k int) int { return int((h >> 32) % uint64(k)) }

// logTable holds log(n) for small n, the common counts.
var logTable = func() (t [64]float64) {
	for n := range t {
		t[n] = math.Log(float64(n))
	}
	return t
}()

// weight returns the transformed count of a feature seen n times.
func (t TF) weight(n uint32) float64 {
	switch t {
	case TFLog:
		if n+1 < uint32(len(logTable)) {
			return logTable[n+1]
		}
		return math.Log(float64(n) + 1)
	case TFSublinear:
		if n < uint32(len(logTable)) {
			return 1 + logTable[n]
		}
		return 1 + math.Log(float64(n))
	}
	return float64(n)
}

// weights returns the weights of the counts below 64 (weight of each),
// so that loops over millions of counts look them up.
func (t TF) weights() *[64]float64 {
	switch t {
	case TFLog:
		return &tfLogWeights
	case TFSublinear:
		return &tfSublinearWeights
	}
	return &tfRawWeights
}

var tfRawWeights, tfLogWeights, tfSublinearWeights = func() (raw, log, sub [64]float64) {
	for n := range raw {
		raw[n], log[n], sub[n] = TFRaw.weight(uint32(n)), TFLog.weight(uint32(n)), TFSublinear.weight(uint32(n))
	}
	return
}()

// weightOf returns t.weight(n), with table t.weights().
func (t TF) weightOf(table *[64]float64, n uint32) float64 {
	if n < uint32(len(table)) {
		return table[n]
	}
	return t.weight(n)
}

// idf returns the smoothed inverse document frequency of a feature found
// in df of n documents: ln((1+n)/(1+df)) + 1, scikit-learn's
// TfidfTransformer(smooth_idf=True).
func idf(df, n float64) float64 { return math.Log((1+n)/(1+df)) + 1 }

// fit is what a model needs to score, computed from a subset of a
// docStore's documents, with features in the id space of a docView.
type fit struct {
	C      int
	view   *docView  // the documents fitted, by view id
	row    []int32   // view id → row, -1 when not in the vocabulary
	ids    []uint32  // row → view id
	sums   []float64 // row*C+c: summed (transformed) counts of the feature in label c
	raw    []uint64  // row*C+c: the raw counts
	df     []uint64  // row → documents holding the feature
	docs   []int64   // per label
	tokens []int64   // per label
	n      int64     // documents
}

// A docView is the documents of a docStore with only the features counted
// at least min times over all of them, renumbered densely (view ids).
// Fits read views: a feature seen fewer than min times in all the
// documents is seen fewer than min times in every subset of them, so a
// fit of any fold with that minimum count never keeps it, and leaving it
// out of the view changes no fit. With the default minimum count of 3,
// the view of the ANT training split holds a seventh of the store's
// features, and the fold fits of cross-validation run over arrays that
// fit the caches.
type docView struct {
	ndocs int // documents and
	nkeys int // features of the store when the view was made
	min   uint64
	// Document d has the features feat[start[d]:start[d+1]] (view ids)
	// with the counts tf[start[d]:start[d+1]].
	start []int
	feat  []uint32
	tf    []uint32
	ids   []uint32 // view id → store id
	// total and df hold, by view id, the count and document frequency
	// over all the documents.
	total []uint64
	df    []uint32
}

// view returns the docView of s for the minimum count min (at least 1),
// made once for the documents stored so far. It is safe to call from the
// goroutines of a cross-validation.
func (s *docStore) view(min uint64) *docView {
	min = max(min, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.views {
		if v.min == min && v.ndocs == s.docs() && v.nkeys == len(s.keys) {
			return v
		}
	}
	nf := len(s.keys)
	total := make([]uint64, nf)
	df := make([]uint32, nf)
	// Each goroutine counts the features of a range of ids.
	parts := max(1, runtime.GOMAXPROCS(0))
	parallel(parts, func(p int) {
		lo, hi := uint32(nf*p/parts), uint32(nf*(p+1)/parts)
		for k, id := range s.feat {
			if id >= lo && id < hi {
				total[id] += uint64(s.tf[k])
				df[id]++
			}
		}
	})
	v := &docView{ndocs: s.docs(), nkeys: nf, min: min}
	newID := make([]int32, nf)
	for id, n := range total {
		newID[id] = -1
		if n >= min {
			newID[id] = int32(len(v.ids))
			v.ids = append(v.ids, uint32(id))
		}
	}
	v.total = make([]uint64, len(v.ids))
	v.df = make([]uint32, len(v.ids))
	for r, id := range v.ids {
		v.total[r], v.df[r] = total[id], df[id]
	}
	// Each document's features, renumbered, sorted by view id (so that
	// fits walk their tables in order), documents on parallel goroutines.
	nd := s.docs()
	v.start = make([]int, nd+1)
	parallelRanges(nd, func(lo, hi int) {
		for d := lo; d < hi; d++ {
			n := 0
			for k := s.start[d]; k < s.start[d+1]; k++ {
				if newID[s.feat[k]] >= 0 {
					n++
				}
			}
			v.start[d+1] = n
		}
	})
	for d := 0; d < nd; d++ {
		v.start[d+1] += v.start[d]
	}
	v.feat = make([]uint32, v.start[nd])
	v.tf = make([]uint32, v.start[nd])
	parallelRanges(nd, func(lo, hi int) {
		var pairs []uint64 // view id << 32 | count
		for d := lo; d < hi; d++ {
			pairs = pairs[:0]
			for k := s.start[d]; k < s.start[d+1]; k++ {
				if r := newID[s.feat[k]]; r >= 0 {
					pairs = append(pairs, uint64(r)<<32|uint64(s.tf[k]))
				}
			}
			slices.Sort(pairs)
			for i, p := range pairs {
				v.feat[v.start[d]+i] = uint32(p >> 32)
				v.tf[v.start[d]+i] = uint32(p)
			}
		}
	})
	if len(s.views) >= 2 { // autotune tries a few minimum counts in turn
		s.views = s.views[1:]
	}
	s.views = append(s.views, v)
	return v
}

// fitDocs sums the documents d of s with in(d) (all when in is nil) under
// opts: raw counts, then features below opts.MinCount dropped, then the
// per-document transforms. tokens[d] is document d's number of tokens.
// The totals and document frequencies of all documents are kept (in the
// view), so that those of a fold's complement are the totals minus the
// fold's.
func (s *docStore) fitDocs(opts Options, tokens []int32, in func(d int) bool) *fit {
	C := len(s.labels)
	min := uint64(max(opts.MinCount, 1))
	v := s.view(min)
	nf := len(v.ids)
	f := &fit{C: C, view: v, docs: make([]int64, C), tokens: make([]int64, C)}
	total, dfs := v.total, v.df
	if in != nil {
		total, dfs = slices.Clone(total), slices.Clone(dfs)
	}
	for d := 0; d < v.ndocs; d++ {
		if in != nil && !in(d) {
			for k := v.start[d]; k < v.start[d+1]; k++ {
				total[v.feat[k]] -= uint64(v.tf[k])
				dfs[v.feat[k]]--
			}
			continue
		}
		c := s.docLabel[d]
		f.docs[c]++
		f.tokens[c] += int64(tokens[d])
		f.n++
	}
	f.row = make([]int32, nf)
	for id, n := range total {
		if n >= min {
			f.row[id] = int32(len(f.ids))
			f.ids = append(f.ids, uint32(id))
		} else {
			f.row[id] = -1
		}
	}
	R := len(f.ids)
	f.df = make([]uint64, R)
	for r, id := range f.ids {
		f.df[r] = uint64(dfs[id])
	}
	if !opts.perDocument() {
		f.raw = make([]uint64, R*C)
		for d := 0; d < v.ndocs; d++ {
			if in != nil && !in(d) {
				continue
			}
			c := int(s.docLabel[d])
			for k := v.start[d]; k < v.start[d+1]; k++ {
				if r := f.row[v.feat[k]]; r >= 0 {
					f.raw[int(r)*C+c] += uint64(v.tf[k])
				}
			}
		}
		return f
	}
	// mult is the idf of each view id in the vocabulary (1 without
	// IDF) and 0 for the others, whose weight 0 changes neither a norm
	// nor a sum: the weights are those of docView.weights. They are
	// summed by label (sums[c*nf+id]), so that a document's sums are in
	// one table of nf, not spread over all of R*C.
	mult := make([]float64, nf)
	idfs := f.idfs(opts)
	for r, id := range f.ids {
		mult[id] = 1
		if idfs != nil {
			mult[id] = idfs[r]
		}
	}
	sums := make([]float64, C*nf)
	var x []float64
	tw := opts.TF.weights()
	for d := 0; d < v.ndocs; d++ {
		if in != nil && !in(d) {
			continue
		}
		feat, tf := v.feat[v.start[d]:v.start[d+1]], v.tf[v.start[d]:v.start[d+1]]
		x = slices.Grow(x[:0], len(feat))[:len(feat)]
		for k, id := range feat {
			x[k] = opts.TF.weightOf(tw, tf[k]) * mult[id]
		}
		if opts.LengthNorm {
			normalize(x)
		}
		row := sums[int(s.docLabel[d])*nf : (int(s.docLabel[d])+1)*nf]
		for k, id := range feat {
			row[id] += x[k]
		}
	}
	f.sums = make([]float64, R*C)
	for r, id := range f.ids {
		for c := range C {
			f.sums[r*C+c] = sums[c*nf+int(id)]
		}
	}
	return f
}

// parallelRanges calls f on parts [lo, hi) of [0, n) on up to GOMAXPROCS
// goroutines.
func parallelRanges(n int, f func(lo, hi int)) {
	const part = 256
	parallel((n+part-1)/part, func(i int) { f(i*part, min((i+1)*part, n)) })
}

// idfs returns the idf of each row of f, or nil without Options.IDF.
func (f *fit) idfs(opts Options) []float64 {
	if !opts.IDF {
		return nil
	}
	idfs := make([]float64, len(f.df))
	for r, df := range f.df {
		idfs[r] = idf(float64(df), float64(f.n))
	}
	return idfs
}

// weights appends the transformed weights of document d's features that
// row knows to x, and their rows to rows.
func (v *docView) weights(d int, opts Options, row []int32, idfs []float64, x []float64, rows []int32) ([]float64, []int32) {
	tw := opts.TF.weights()
	for k := v.start[d]; k < v.start[d+1]; k++ {
		r := row[v.feat[k]]
		if r < 0 {
			continue
		}
		w := opts.TF.weightOf(tw, v.tf[k])
		if idfs != nil {
			w *= idfs[r]
		}
		x = append(x, w)
		rows = append(rows, r)
	}
	if opts.LengthNorm {
		normalize(x)
	}
	return x, rows
}

// normalize divides x by its Euclidean norm (unless it is 0).
func normalize(x []float64) {
	var ss float64
	for _, v := range x {
		ss += v * v
	}
	if ss > 0 {
		n := math.Sqrt(ss)
		for i := range x {
			x[i] /= n
		}
	}
}
