package classify

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/khabar-nlp/khabar/textset"
)

// Scoring
//
// A model is compiled into a dense table with one row per feature (words
// in sorted order, then bigrams) and one column per label. For a
// multinomial model the cell (f, c) is
//
//	log P(f|c) = log((n(f,c) + alpha) / (N(c) + alpha*V))
//
// where n(f,c) is the count of feature f in the documents of label c, N(c)
// the count of all features in them and V the number of features of the
// model: Lidstone smoothing over the global vocabulary. With alpha 1 this
// is exactly the probability the bayesian engine computes once every
// vocabulary word is observed in every label (TestTableEqualsLogScores).
// For a complement model the cell is
//
//	-log((n(f,~c) + alpha) / (N(~c) + alpha*V))
//
// with the counts of all labels but c (Rennie et al. 2003, eq. 4 and 6).
//
// The score of a text for label c is its log prior plus the cells of its
// features, one addition per occurrence, in text order; features the model
// does not know are left out. With the transforms (Transforms in docs.go)
// the counts are summed weights, and each distinct feature of the text
// adds its weight times its cell. With WeightNorm each label's cells are
// divided by the sum of their absolute values. Probabilities are the
// softmax of the scores, divided first by the temperature times the
// number of known feature occurrences for a calibrated model (Calibration
// in calibrate.go).

// errEmptyModel is the error of the zero Model's methods that return one.
var errEmptyModel = errors.New("classify: empty model (make one with Train, Trainer.Model or Load)")

// ready reports whether m was made by Train, a Trainer or Load, rather
// than being the zero Model, which has no labels: every method of the
// zero Model works, classifying every text as Unknown.
func (m *Model) ready() bool { return m != nil && m.pipe != nil }

// compile builds the lookup maps and scoring tables of m from its counts.
func (m *Model) compile() error {
	C := len(m.labels)
	if m.wordHash == nil { // a Trainer's model: its words are strings
		m.wordHash = make([]uint64, len(m.words))
		for i, w := range m.words {
			m.wordHash[i] = xxhash.Sum64String(w)
		}
	}
	m.nWords, m.nGrams = len(m.wordHash), len(m.bigrams)
	R := m.nWords + m.nGrams
	if R > math.MaxInt32 {
		return fmt.Errorf("classify: %d features are too many", R)
	}
	m.pipe = text.New(m.opts.Text)
	m.scorers.New = func() any { return m.NewScorer() }
	m.logPrior = priors(m.docs, m.opts.UniformPriors)
	// The word map, the n-gram table and the scoring table do not depend
	// on one another: they are built on goroutines of their own (about
	// half the time of loading a large model, on two cores).
	var wg sync.WaitGroup
	wg.Go(func() {
		m.wordIdx = wordIndex(m.wordHash)
		m.sharedWords = nil
		for _, e := range m.wordIdx.entries {
			if !e.shared {
				continue
			}
			if m.sharedWords == nil {
				m.sharedWords = make(map[uint32]string)
			}
			if m.words != nil {
				m.sharedWords[e.row] = m.words[e.row]
			} else {
				m.sharedWords[e.row] = wordsAt(m.raw, m.wordOff[e.row:e.row+1])[0]
			}
		}
	})
	if len(m.bigrams) > 0 {
		wg.Go(func() { m.gramIdx = gramIndex(m.bigrams, m.nWords) })
	}
	if m.router == nil { // else the groups' models score
		if m.raw != nil {
			// Read from a file: the cells come from its body, which
			// decodeRaw summed and set the idf from.
			m.table, m.likelihoods = cellTables(m.opts, C, R, m.rawTotals, m.eachRawCell)
			m.rawTotals = nil
		} else {
			m.table, m.likelihoods = weightTables(m.opts, C, R, m.value)
		}
		if m.df != nil {
			var n float64
			for _, d := range m.docs {
				n += float64(d)
			}
			m.idf = make([]float64, R)
			for r, df := range m.df {
				m.idf[r] = idf(float64(df), n)
			}
		}
	}
	wg.Wait()
	m.wordHash, m.wordOff = nil, nil
	return nil
}

// value returns cell i of the model's counts or weights.
func (m *Model) value(i int) float64 {
	if m.sums != nil {
		return m.sums[i]
	}
	return float64(m.counts[i])
}

// weightTables returns the scoring table of R feature rows and C labels
// whose summed counts (or weights) value gives, and a function returning
// the multinomial table (the same table for a multinomial model).
func weightTables(opts Options, C, R int, value func(i int) float64) ([]float64, func() []float64) {
	each := func(fn func(i int, v float64)) {
		for i := 0; i < R*C; i++ {
			if v := value(i); v != 0 {
				fn(i, v)
			}
		}
	}
	tot := &cellTotals{totals: make([]float64, C), rowTotals: make([]float64, R)}
	each(tot.add(C))
	return cellTables(opts, C, R, tot, each)
}

// cellTotals are the sums of a model's counts (or weights): per label,
// per row, and all.
type cellTotals struct {
	totals, rowTotals []float64
	all               float64
}

// add returns a function that adds cell i of value v, of a table of C
// labels, to t. The cells must come in increasing order, so that the sums
// are the same to the bit however they are read.
func (t *cellTotals) add(C int) func(i int, v float64) {
	return func(i int, v float64) {
		t.totals[i%C] += v
		t.rowTotals[i/C] += v
		t.all += v
	}
}

// cellTables is weightTables for a model whose cells that are not 0 each
// calls its function with, in increasing order, and whose sums are tot.
func cellTables(opts Options, C, R int, tot *cellTotals, each func(fn func(i int, v float64))) ([]float64, func() []float64) {
	alpha := opts.alpha()
	V := float64(R)
	n := R * C
	totals, rowTotals, all := tot.totals, tot.rowTotals, tot.all
	multinomial := func() []float64 {
		// Most cells are 0 (a feature is seen in few labels): their
		// log, the same expression, is computed once per label.
		zero := make([]float64, C)
		for c := range zero {
			zero[c] = math.Log((0 + alpha) / (totals[c] + alpha*V))
		}
		t := make([]float64, n)
		for i := range t {
			t[i] = zero[i%C]
		}
		each(func(i int, v float64) {
			t[i] = math.Log((v + alpha) / (totals[i%C] + alpha*V))
		})
		if opts.WeightNorm {
			normalizeColumns(t, C)
		}
		return t
	}
	if !opts.Complement {
		t := multinomial()
		return t, func() []float64 { return t }
	}
	// A cell of 0 first (rowTotals[r] - 0 is rowTotals[r], to the bit),
	// then the others.
	t := make([]float64, n)
	for i := range t {
		c, r := i%C, i/C
		t[i] = -math.Log((rowTotals[r] + alpha) / (all - totals[c] + alpha*V))
	}
	each(func(i int, v float64) {
		c, r := i%C, i/C
		t[i] = -math.Log((rowTotals[r] - v + alpha) / (all - totals[c] + alpha*V))
	})
	if opts.WeightNorm {
		normalizeColumns(t, C)
	}
	return t, sync.OnceValue(multinomial)
}

// normalizeColumns divides each label's weights (column c of the table
// of C columns) by the sum of their absolute values.
func normalizeColumns(t []float64, C int) {
	sums := make([]float64, C)
	for i, v := range t {
		sums[i%C] += math.Abs(v)
	}
	for i := range t {
		if s := sums[i%C]; s > 0 {
			t[i] /= s
		}
	}
}

// priors returns the log priors of labels with docs training documents:
// log of their share, or -log(C) for each of C labels when uniform.
func priors(docs []int64, uniform bool) []float64 {
	var all float64
	for _, d := range docs {
		all += float64(d)
	}
	p := make([]float64, len(docs))
	for c := range p {
		if uniform {
			p[c] = -math.Log(float64(len(docs)))
		} else {
			p[c] = math.Log(float64(docs[c]) / all)
		}
	}
	return p
}

// A Scorer scores texts with one Model, reusing its buffers. It is not
// safe for concurrent use: give each goroutine its own (the Model itself is
// safe for concurrent use).
//
// A text is tokenized and scored a piece (text.PieceSize) at a time, with
// the last tokens of a piece kept for the n-grams that cross into the
// next, so that a text of hundreds of megabytes costs buffers of a few
// megabytes, not its tokens and their rows; the scores are the same, to
// the bit, as for the whole text at once (the cells are added in the
// same order).
type Scorer struct {
	m      *Model
	tok    *text.Tokenizer
	piece  int // bytes of text tokenized at once
	lookup rowScratch
	rows   []int32
	scores []float64
	zero   []float64
	carry  text.Carry // the last tokens of the piece before
	// weighted's scratch: the distinct rows of a text, sorted, and their
	// counts; the sorted rows of one piece; the merged runs; the weights.
	xrows, sorted, mrows []int32
	spare                []int32 // sortRows's
	counts, mcounts      []uint32
	x                    []float64
	scaled               []float64

	grams *gramScratch // a router's
	// A grouped model's: the router's Scorer and one per group.
	route  *Scorer
	groups []*Scorer
	group  int // the group of the last text scored
}

// NewScorer returns a Scorer for m.
func (m *Model) NewScorer() *Scorer {
	if !m.ready() {
		return &Scorer{}
	}
	C := len(m.labels)
	s := &Scorer{m: m, tok: m.pipe.NewTokenizer(), piece: text.PieceSize, scores: make([]float64, C), zero: make([]float64, C)}
	if m.opts.chars {
		s.grams = new(gramScratch)
	}
	if m.router != nil {
		s.route = m.router.NewScorer()
		for _, g := range m.groups {
			s.groups = append(s.groups, g.NewScorer())
		}
	}
	return s
}

// eachRows calls fn with the table rows of the features of str that the
// model knows, in text order, a piece of the text at a time (a router's:
// once, in hash order, each once). The slice is reused after fn returns.
func (s *Scorer) eachRows(str string, fn func(rows []int32)) {
	if s.grams != nil {
		s.rows = s.rows[:0]
		for _, h := range s.grams.charGrams(str) {
			if r, ok := s.m.gramIdx.lookup(h); ok {
				s.rows = append(s.rows, int32(r))
			}
		}
		fn(s.rows)
		return
	}
	n := s.m.ngrams()
	s.carry.Reset()
	for toks := range s.tok.TokenPieces(str, s.piece) {
		from := len(s.carry.Tokens())
		toks = s.carry.Window(toks)
		s.rows = s.m.appendRows(s.rows[:0], &s.lookup, toks, from)
		fn(s.rows)
		if n > 1 {
			s.carry.Keep(toks[max(len(toks)-(n-1), 0):])
		}
	}
}

// ngrams returns the longest n-gram the model scores: 1 for words only.
func (m *Model) ngrams() int {
	if m.nGrams > 0 {
		return m.opts.ngrams()
	}
	return 1
}

// appendRows appends to rows the table rows of the known features of the
// tokens toks from toks[from] on: each token, then the n-grams it ends (2
// to NGrams tokens, the tokens before from included), in order. sc is
// scratch space.
//
// The lookups of a large model miss the processor's caches: all the
// features' hashes are computed first, then each one's place in the index
// is read in a loop of independent reads, whose cache misses the processor
// overlaps, and only then are the features matched (lookup.go).
func (m *Model) appendRows(rows []int32, sc *rowScratch, toks [][]byte, from int) []int32 {
	n := m.ngrams()
	hs := sc.hashes[:0]
	for i := from; i < len(toks); i++ {
		hs = append(hs, xxhash.Sum64(toks[i]))
		for k := 2; k <= n && k <= i+1; k++ {
			var h uint64
			h, sc.buf = ngramHash(sc.buf, toks[i+1-k:i+1])
			hs = append(hs, h)
		}
	}
	sc.hashes = hs
	at := slices.Grow(sc.at[:0], len(hs))[:len(hs)]
	sc.at = at
	words, grams := &m.wordIdx, &m.gramIdx
	var touch uint64
	for i, j := from, 0; i < len(toks); i++ {
		at[j], touch = words.start(hs[j], touch)
		j++
		for k := 2; k <= n && k <= i+1; k++ {
			at[j], touch = grams.start(hs[j], touch)
			j++
		}
	}
	sc.touch = touch
	j := 0
	for i := from; i < len(toks); i++ {
		if r, ok := words.matchWord(hs[j], at[j], toks[i], m.sharedWords); ok {
			rows = append(rows, int32(r))
		}
		j++
		for k := 2; k <= n && k <= i+1; k++ {
			if r, ok := grams.match(hs[j], at[j]); ok {
				rows = append(rows, int32(r))
			}
			j++
		}
	}
	return rows
}

// rowScratch is the scratch space of appendRows.
type rowScratch struct {
	buf    []byte   // an n-gram's tokens, joined
	hashes []uint64 // the hashes of the features of a piece of text
	at     []uint32 // for each, where its run of index entries starts
	touch  uint64   // what the reads of the entries gave (unused)
}

// score sets s.scores to base plus the table cells of the known features
// of str, one per occurrence in text order, or with weighted the cells
// times the text's weights (see weigh), and returns them with the number
// of known feature occurrences.
func (s *Scorer) score(str string, base, table []float64, weighted bool) ([]float64, int) {
	copy(s.scores, base)
	known := 0
	s.xrows, s.counts = s.xrows[:0], s.counts[:0]
	s.eachRows(str, func(rows []int32) {
		known += len(rows)
		if weighted {
			s.countRows(rows)
		} else {
			s.add(table, rows)
		}
	})
	if weighted {
		s.weigh(table)
	}
	return s.scores, known
}

// add adds the table cells of rows to s.scores.
func (s *Scorer) add(table []float64, rows []int32) {
	C := len(s.scores)
	scores := s.scores
	for _, r := range rows {
		row := table[int(r)*C : int(r)*C+C]
		for c, v := range row {
			scores[c] += v
		}
	}
}

// LogScores returns the score of text for each label (log prior plus the
// features' cells; see Scoring) and the number of the text's features the
// model knows. The slice is reused by the next call. A grouped model
// gives the scores of the text's group, and -Inf to the labels the group
// does not have.
func (s *Scorer) LogScores(text string) (scores []float64, known int) {
	if !s.m.ready() {
		return nil, 0
	}
	if s.route != nil {
		return s.groupScores(text, (*Scorer).LogScores)
	}
	return s.score(text, s.m.logPrior, s.m.table, s.m.opts.perDocument())
}

// countRows adds the rows of one piece of a text to the text's distinct
// rows s.xrows (sorted) and their counts s.counts.
func (s *Scorer) countRows(rows []int32) {
	s.sorted = append(s.sorted[:0], rows...)
	s.sorted, s.spare = sortRows(s.sorted, s.spare, s.m.nWords+s.m.nGrams)
	if len(s.xrows) == 0 {
		for i := 0; i < len(s.sorted); {
			j := i + 1
			for j < len(s.sorted) && s.sorted[j] == s.sorted[i] {
				j++
			}
			s.xrows = append(s.xrows, s.sorted[i])
			s.counts = append(s.counts, uint32(j-i))
			i = j
		}
		return
	}
	// Merge the piece's runs into the text's.
	s.mrows, s.mcounts = s.mrows[:0], s.mcounts[:0]
	a, i := 0, 0
	for a < len(s.xrows) || i < len(s.sorted) {
		switch {
		case i == len(s.sorted) || a < len(s.xrows) && s.xrows[a] < s.sorted[i]:
			s.mrows = append(s.mrows, s.xrows[a])
			s.mcounts = append(s.mcounts, s.counts[a])
			a++
		default:
			r := s.sorted[i]
			j := i + 1
			for j < len(s.sorted) && s.sorted[j] == r {
				j++
			}
			n := uint32(j - i)
			if a < len(s.xrows) && s.xrows[a] == r {
				n += s.counts[a]
				a++
			}
			s.mrows = append(s.mrows, r)
			s.mcounts = append(s.mcounts, n)
			i = j
		}
	}
	s.xrows, s.mrows = s.mrows, s.xrows
	s.counts, s.mcounts = s.mcounts, s.counts
}

// weigh adds to s.scores the weighted cells of the text's distinct rows
// s.xrows: each distinct feature's weight is its transformed count times
// its idf, normalized with the text's other weights (see Transforms in
// docs.go).
func (s *Scorer) weigh(table []float64) {
	m := s.m
	C := len(s.scores)
	s.x = s.x[:0]
	for i, r := range s.xrows {
		w := m.opts.TF.weight(s.counts[i])
		if m.idf != nil {
			w *= m.idf[r]
		}
		s.x = append(s.x, w)
	}
	if m.opts.LengthNorm {
		normalize(s.x)
	}
	scores := s.scores
	for i, r := range s.xrows {
		row := table[int(r)*C : int(r)*C+C]
		w := s.x[i]
		for c, v := range row {
			scores[c] += w * v
		}
	}
}

// LogLikelihoods returns, for each label, the log-probability of the
// text's known features under the label's multinomial word distribution,
// without the prior: sum over features f of log P(f|label). It is the same
// for multinomial and complement models, so it can compare passages of a
// page whatever the model. The slice is reused by the next call. A
// grouped model gives those of the text's group, as LogScores does.
func (s *Scorer) LogLikelihoods(text string) (ll []float64, known int) {
	if !s.m.ready() {
		return nil, 0
	}
	if s.route != nil {
		return s.groupScores(text, (*Scorer).LogLikelihoods)
	}
	return s.score(text, s.zero, s.m.likelihoods(), false)
}

// Pipeline returns the text pipeline the model was trained with; tokens
// passed to AddScores must come from it.
func (m *Model) Pipeline() *textset.Pipeline {
	if !m.ready() {
		return text.New(m.opts.Text)
	}
	return m.pipe
}

// LogPriors returns the log prior of each label, in Labels order, in a new
// slice: log of the label's share of the training documents, or -log(C)
// for every label with uniform priors.
func (m *Model) LogPriors() []float64 { return slices.Clone(m.logPrior) }

// AddScores adds to dst[c], for each label c, the scores of the features
// of toks: the cells of the scoring table that LogScores adds to the log
// priors (log P(f|c) for a multinomial model, the complement weights for a
// complement model). It returns the number of features scored; features
// outside the vocabulary are left out. Scores add up, so the scores of a
// page's passages sum to the scores of the page (but for bigrams across
// passage ends). toks must come from a Tokenizer of m.Pipeline(); with
// bigrams, pairs of adjacent tokens are features too. It is safe for
// concurrent use. (A grouped model, which needs the whole text to pick a
// group, is a GroupedModel and has no AddScores.) For a model with the per-document
// transforms (Options.TF, IDF, LengthNorm), which do not add up over
// passages, it adds the cell of every occurrence, as for a model without
// them: the sums rank labels as the model's weights do only roughly.
func (m *Model) AddScores(dst []float64, toks [][]byte) int {
	if !m.ready() || m.router != nil {
		return 0
	}
	s := m.scorers.Get().(*Scorer)
	defer m.scorers.Put(s)
	s.rows = m.appendRows(s.rows[:0], &s.lookup, toks, 0)
	C := len(m.labels)
	for _, r := range s.rows {
		row := m.table[int(r)*C : int(r)*C+C]
		for c, v := range row {
			dst[c] += v
		}
	}
	return len(s.rows)
}

// A Prediction is a model's answer for one text.
type Prediction struct {
	// Label is the most probable label, or Unknown when the model knows
	// none of the text's features.
	Label string
	// Prob is the probability of the most probable label.
	Prob float64
	// Probs holds the probability of each label, in Model.Labels order.
	// Without known features they are the priors.
	Probs []float64
	// Known counts the text's features (token and bigram occurrences) that
	// the model knows.
	Known int
}

// Probabilities sets dst to the probabilities of the scores (from
// LogScores, or the log priors plus AddScores) of a text with known
// feature occurrences known: their softmax, after dividing them by the
// temperature of a calibrated model (see Calibration). dst and scores may
// be the same slice. A grouped model's scores are those of a group: use
// Classify.
func (m *Model) Probabilities(dst, scores []float64, known int) []float64 {
	if t := m.opts.Temperature; t != 0 && m.router == nil {
		possible := m.possible(scores)
		dst = scaleScores(dst[:0], scores, t*lengthScale(m.opts, known))
		dst = Softmax(dst, dst)
		m.mapTop(dst, known, possible)
		return dst
	}
	return Softmax(dst, scores)
}

// mapTop applies the model's map of the top probability (if any) to the
// probabilities probs of a text with known feature occurrences known.
// possible is nil or tells the labels that can have a probability (see
// Model.possible).
func (m *Model) mapTop(probs []float64, known int, possible func(int) bool) {
	if m.topMap == nil || known == 0 || len(probs) == 0 {
		return
	}
	m.topMap.apply(probs, argmax(probs), possible)
}

// possible returns nil when every score is finite, else a function
// telling the labels whose score is: those of a grouped model's group,
// whose probability stays 0.
func (m *Model) possible(scores []float64) func(int) bool {
	if m.topMap == nil || !slices.ContainsFunc(scores, func(v float64) bool { return math.IsInf(v, -1) }) {
		return nil
	}
	inf := make([]bool, len(scores))
	for c, v := range scores {
		inf[c] = math.IsInf(v, -1)
	}
	return func(c int) bool { return !inf[c] }
}

// Classify returns the prediction for text. Probs is a new slice.
func (s *Scorer) Classify(text string) Prediction {
	if !s.m.ready() {
		return Prediction{Label: Unknown}
	}
	scores, known := s.LogScores(text)
	opts := s.m.opts
	if s.route != nil {
		opts = s.m.groups[s.group].opts
	}
	if opts.Temperature != 0 {
		s.scaled = scaleScores(s.scaled[:0], scores, opts.Temperature*lengthScale(opts, known))
		scores = s.scaled
	}
	probs := Softmax(make([]float64, len(scores)), scores)
	if s.route != nil {
		g := s.m.groups[s.group]
		g.mapTop(probs, known, g.possible(scores))
	} else {
		s.m.mapTop(probs, known, s.m.possible(scores))
	}
	best := argmax(probs)
	p := Prediction{Label: s.m.labels[best], Prob: probs[best], Probs: probs, Known: known}
	if known == 0 {
		p.Label = Unknown
	}
	return p
}

// Classify returns the prediction for text. It is safe for concurrent use.
func (m *Model) Classify(text string) Prediction {
	if !m.ready() {
		return Prediction{Label: Unknown}
	}
	s := m.scorers.Get().(*Scorer)
	defer m.scorers.Put(s)
	return s.Classify(text)
}

// LogLikelihoods returns the per-label log-likelihoods of text (see
// Scorer.LogLikelihoods) in a new slice, and the number of known features.
// It is safe for concurrent use.
func (m *Model) LogLikelihoods(text string) ([]float64, int) {
	if !m.ready() {
		return nil, 0
	}
	s := m.scorers.Get().(*Scorer)
	defer m.scorers.Put(s)
	ll, n := s.LogLikelihoods(text)
	return slices.Clone(ll), n
}

// LabelProb is a label with its probability.
type LabelProb struct {
	Label string  `json:"label"`
	Prob  float64 `json:"prob"`
}

// Top returns the k most probable labels of probs (in Labels order), most
// probable first; ties keep Labels order.
func (m *Model) Top(probs []float64, k int) []LabelProb {
	probs = probs[:min(len(probs), len(m.labels))]
	out := make([]LabelProb, len(probs))
	for c, p := range probs {
		out[c] = LabelProb{m.labels[c], p}
	}
	slices.SortStableFunc(out, func(a, b LabelProb) int {
		switch {
		case a.Prob > b.Prob:
			return -1
		case a.Prob < b.Prob:
			return 1
		}
		return 0
	})
	if k < len(out) {
		out = out[:k]
	}
	return out
}

// Softmax sets dst[i] to exp(scores[i]) / sum_j exp(scores[j]) and
// returns dst. It subtracts the largest score first, so that scores of
// thousands of nats below zero do not underflow to 0/0. dst and scores may
// be the same slice.
func Softmax(dst, scores []float64) []float64 {
	if len(scores) == 0 {
		return dst[:0]
	}
	dst = dst[:len(scores)]
	mx := math.Inf(-1)
	for _, s := range scores {
		if s > mx {
			mx = s
		}
	}
	if math.IsInf(mx, -1) {
		// Every score is -Inf: nothing tells the labels apart.
		for i := range dst {
			dst[i] = 1 / float64(len(dst))
		}
		return dst
	}
	var sum float64
	for i, s := range scores {
		dst[i] = math.Exp(s - mx)
		sum += dst[i]
	}
	for i := range dst {
		dst[i] /= sum
	}
	return dst
}

// argmax returns the index of the largest value, the first on ties.
func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// lengthScale returns what a calibrated model's temperature is multiplied
// by for a text with known feature occurrences: known, so that the
// temperature divides the mean score per occurrence, or 1 for a model
// with LengthNorm, whose scores do not grow with the text's length.
func lengthScale(opts Options, known int) float64 {
	if opts.LengthNorm || known == 0 {
		return 1
	}
	return float64(known)
}

// scaleScores appends scores divided by the temperature t to dst.
func scaleScores(dst, scores []float64, t float64) []float64 {
	for _, v := range scores {
		dst = append(dst, v/t)
	}
	return dst
}

// sortRows sorts rows, table rows below R, and returns them with a
// spare buffer. A text has hundreds of feature occurrences and a model
// fewer than 2^32 rows: a radix sort of a byte at a time (three passes
// for a model of up to 16 million rows) takes a fraction of the
// comparisons of a comparison sort. The order is the same.
func sortRows(rows, spare []int32, R int) ([]int32, []int32) {
	if len(rows) < 64 {
		slices.Sort(rows)
		return rows, spare
	}
	spare = slices.Grow(spare[:0], len(rows))[:len(rows)]
	for shift := 0; shift < bits.Len32(uint32(max(R-1, 0))); shift += 8 {
		var count [257]int
		for _, r := range rows {
			count[(uint32(r)>>shift)&255+1]++
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for _, r := range rows {
			d := (uint32(r) >> shift) & 255
			spare[count[d]] = r
			count[d]++
		}
		rows, spare = spare, rows
	}
	return rows, spare
}
