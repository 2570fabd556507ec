package classify

import (
	"math"
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
	wordID map[string]uint32
	gramID gramTable
	// keys[id] is the feature of id: a word, or an n-gram hash.
	keys []featureKey

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

	// total and df hold, by feature id, the count and document frequency
	// over all totalDocs documents (fitDocs).
	mu        sync.Mutex
	total     []uint64
	df        []uint32
	totalDocs int
}

type featureKey struct {
	word   string
	hash   uint64
	isGram bool
}

func newDocStore() *docStore {
	return &docStore{wordID: make(map[string]uint32), labelIdx: make(map[string]int32), start: []int{0}}
}

func (s *docStore) docs() int { return len(s.docLabel) }

func (s *docStore) word(w []byte) uint32 {
	if id, ok := s.wordID[string(w)]; ok {
		return id
	}
	id := uint32(len(s.keys))
	k := string(w)
	s.wordID[k] = id
	s.keys = append(s.keys, featureKey{word: k})
	return id
}

func (s *docStore) gram(h uint64) uint32 {
	id, added := s.gramID.id(h, uint32(len(s.keys)))
	if added {
		s.keys = append(s.keys, featureKey{hash: h, isGram: true})
	}
	return id
}

// gramTable maps n-gram hashes to feature ids: an open-addressing hash
// table with linear probing, at most half full. The hashes are xxhash64
// values, uniform already, so their low bits index the table. It is about
// twice as fast as a Go map here, where the table outgrows the caches.
type gramTable struct {
	slots []gramSlot // len a power of two; id 0 marks a free slot
	n     int
	zero  uint32 // id+1 of the hash 0, 0 for none
}

type gramSlot struct {
	hash uint64
	id   uint32 // id+1
}

// id returns the id of h, giving it next when h is new (added).
func (g *gramTable) id(h uint64, next uint32) (uint32, bool) {
	if h == 0 {
		if g.zero == 0 {
			g.zero = next + 1
			return next, true
		}
		return g.zero - 1, false
	}
	if 2*(g.n+1) > len(g.slots) {
		g.grow()
	}
	mask := uint64(len(g.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &g.slots[i]
		if sl.id == 0 {
			sl.hash, sl.id = h, next+1
			g.n++
			return next, true
		}
		if sl.hash == h {
			return sl.id - 1, false
		}
	}
}

// lookup returns the id of h, and whether it has one.
func (g *gramTable) lookup(h uint64) (uint32, bool) {
	if h == 0 {
		return g.zero - 1, g.zero != 0
	}
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
func (g *gramTable) reserve(n int) {
	size := 1024
	for size < 2*(n+1) {
		size *= 2
	}
	if size > len(g.slots) {
		g.resize(size)
	}
}

func (g *gramTable) grow() { g.resize(max(1024, 2*len(g.slots))) }

func (g *gramTable) resize(size int) {
	old := g.slots
	g.slots = make([]gramSlot, size)
	mask := uint64(len(g.slots) - 1)
	for _, sl := range old {
		if sl.id == 0 {
			continue
		}
		i := sl.hash & mask
		for g.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		g.slots[i] = sl
	}
}

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
			if key.isGram {
				id = s.gram(key.hash)
			} else {
				id = s.word([]byte(key.word))
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

// idf returns the smoothed inverse document frequency of a feature found
// in df of n documents: ln((1+n)/(1+df)) + 1, scikit-learn's
// TfidfTransformer(smooth_idf=True).
func idf(df, n float64) float64 { return math.Log((1+n)/(1+df)) + 1 }

// fit is what a model needs to score, computed from a subset of a
// docStore's documents, with features in id space.
type fit struct {
	C      int
	row    []int32   // feature id → row, -1 when not in the vocabulary
	ids    []uint32  // row → feature id
	sums   []float64 // row*C+c: summed (transformed) counts of the feature in label c
	raw    []uint64  // row*C+c: the raw counts
	df     []uint64  // row → documents holding the feature
	docs   []int64   // per label
	tokens []int64   // per label
	n      int64     // documents
}

// fitDocs sums the documents d of s with in(d) (all when in is nil) under
// opts: raw counts, then features below opts.MinCount dropped, then the
// per-document transforms. tokens[d] is document d's number of tokens.
// The totals and document frequencies of all documents are kept, so that
// those of a fold's complement are the totals minus the fold's.
func (s *docStore) fitDocs(opts Options, tokens []int32, in func(d int) bool) *fit {
	C := len(s.labels)
	nf := len(s.keys)
	f := &fit{C: C, docs: make([]int64, C), tokens: make([]int64, C)}
	s.mu.Lock() // the folds of a cross-validation fit at once
	if s.totalDocs != s.docs() || len(s.total) != nf {
		s.total = make([]uint64, nf)
		s.df = make([]uint32, nf)
		for k, id := range s.feat {
			s.total[id] += uint64(s.tf[k])
			s.df[id]++
		}
		s.totalDocs = s.docs()
	}
	total, dfs := s.total, s.df
	s.mu.Unlock()
	if in != nil {
		total, dfs = slices.Clone(total), slices.Clone(dfs)
	}
	for d := 0; d < s.docs(); d++ {
		if in != nil && !in(d) {
			for k := s.start[d]; k < s.start[d+1]; k++ {
				total[s.feat[k]] -= uint64(s.tf[k])
				dfs[s.feat[k]]--
			}
			continue
		}
		c := s.docLabel[d]
		f.docs[c]++
		f.tokens[c] += int64(tokens[d])
		f.n++
	}
	min := uint64(max(opts.MinCount, 1))
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
		for d := 0; d < s.docs(); d++ {
			if in != nil && !in(d) {
				continue
			}
			c := int(s.docLabel[d])
			for k := s.start[d]; k < s.start[d+1]; k++ {
				if r := f.row[s.feat[k]]; r >= 0 {
					f.raw[int(r)*C+c] += uint64(s.tf[k])
				}
			}
		}
		return f
	}
	var idfs []float64
	if opts.IDF {
		idfs = make([]float64, R)
		for r, df := range f.df {
			idfs[r] = idf(float64(df), float64(f.n))
		}
	}
	f.sums = make([]float64, R*C)
	var x []float64
	var rows []int32
	for d := 0; d < s.docs(); d++ {
		if in != nil && !in(d) {
			continue
		}
		c := int(s.docLabel[d])
		x, rows = s.weights(d, opts, f.row, idfs, x[:0], rows[:0])
		for i, r := range rows {
			f.sums[int(r)*C+c] += x[i]
		}
	}
	return f
}

// weights appends the transformed weights of document d's features that
// row knows to x, and their rows to rows.
func (s *docStore) weights(d int, opts Options, row []int32, idfs []float64, x []float64, rows []int32) ([]float64, []int32) {
	for k := s.start[d]; k < s.start[d+1]; k++ {
		r := row[s.feat[k]]
		if r < 0 {
			continue
		}
		w := opts.TF.weight(s.tf[k])
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
