package classify

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/jbrukh/bayesian"
	"github.com/khabar-nlp/khabar/internal/version"
)

// A Trainer counts the features of labeled documents. Feature counts live
// in a bayesian.Classifier (the engine); document and token counts per
// label, which the engine does not keep, live in the Trainer. Freeze the
// counts into a Model with Trainer.Model.
//
// A Trainer is not safe for concurrent use.
type Trainer struct {
	opts Options
	feat *featurizer
	fd   featured // AddDocument's scratch
	// feats and fds are AddDocuments': a featurizer per goroutine, a
	// featured text per document of the call.
	feats  []*featurizer
	fds    []featured
	stats  map[string]*labelStats
	engine *bayesian.Classifier // nil until a second label arrives

	// Until the engine exists, the counts of the only label seen so far.
	first       string
	firstCounts map[string]int

	// snap caches snapshot until the counts change.
	snap *Model

	// store holds every document added, by feature id (docs.go), with
	// docTokens its number of tokens; n-gram counts come from there.
	store     *docStore
	docTokens []int32
	// baseGrams holds the n-gram counts of models added with AddModel
	// (hash → label → count), whose words went to the engine.
	baseGrams map[uint64]map[string]uint64
	// flushed counts the stored documents whose words are in the engine.
	flushed int
	// based is set when a model was added: its documents are not in
	// store.
	based bool
	// cv is the cross-validation of the last Calibrate or Autotune.
	cv *CVReport
	// whole is the fit of all the wholeDocs documents that Calibrate
	// made beside its folds, for Model.
	whole     *fit
	wholeDocs int
	// wholeModel, when not nil, is fitModel(wholeModelFit), made beside
	// the folds too; Model copies it.
	wholeModel    *Model
	wholeModelFit *fit

	// A grouped Trainer (group.go) counts nothing itself: each group has
	// a Trainer, and router counts the groups' character n-grams.
	groups map[string]*Trainer
	router *routerCounts
}

type labelStats struct {
	docs   int64
	tokens int64
}

// NewTrainer returns a Trainer with no documents.
func NewTrainer(opts Options) (*Trainer, error) {
	if opts.Alpha < 0 || math.IsNaN(opts.Alpha) || math.IsInf(opts.Alpha, 0) {
		return nil, fmt.Errorf("%w, not %v", ErrAlpha, opts.Alpha)
	}
	opts.Alpha = opts.alpha()
	if opts.MinCount < 0 {
		opts.MinCount = 0
	}
	if opts.NGrams < 0 || opts.NGrams > 3 {
		return nil, fmt.Errorf("%w, not %d", ErrNGrams, opts.NGrams)
	}
	if opts.TF > TFSublinear {
		return nil, fmt.Errorf("classify: unknown %v", opts.TF)
	}
	if opts.Temperature < 0 || math.IsNaN(opts.Temperature) || math.IsInf(opts.Temperature, 0) {
		return nil, fmt.Errorf("%w, not %v", ErrTemperature, opts.Temperature)
	}
	if err := opts.checkLearner(); err != nil {
		return nil, err
	}
	opts = opts.withLearnerDefaults()
	return newTrainer(opts.canonical()), nil
}

// newTrainer returns a Trainer with the checked options opts.
// init makes the zero Trainer the Trainer of NewTrainer(Options{}), so
// that it is ready to use.
func (t *Trainer) init() {
	if t.stats == nil {
		z, _ := NewTrainer(Options{})
		*t = *z
	}
}

func newTrainer(opts Options) *Trainer {
	return &Trainer{
		opts:  opts,
		feat:  newFeaturizer(opts.Text, opts.ngrams()),
		stats: make(map[string]*labelStats),
		store: newDocStore(),
	}
}

// Options returns the options t was made with.
func (t *Trainer) Options() Options {
	t.init()
	return t.opts
}

// CheckLabel returns an error when label cannot be a training label: it is
// empty, not valid UTF-8, holds a control character, has white space
// around it, or is Unknown.
func CheckLabel(label string) error {
	switch {
	case label == "":
		return ErrEmptyLabel
	case !utf8.ValidString(label):
		return fmt.Errorf("%w %q: not valid UTF-8", ErrBadLabel, label)
	case strings.TrimSpace(label) != label:
		return fmt.Errorf("%w %q: white space around it", ErrBadLabel, label)
	case label == Unknown:
		return fmt.Errorf("%w %q: reserved for texts the model cannot label", ErrBadLabel, label)
	}
	if strings.IndexFunc(label, unicode.IsControl) >= 0 {
		return fmt.Errorf("%w %q: holds a control character", ErrBadLabel, label)
	}
	return nil
}

// Add counts one document with its label.
func (t *Trainer) Add(text, label string) error { return t.AddDocument("", text, label) }

// AddDocument counts one document with its id and label. The id puts the
// document in a cross-validation fold (Calibrate, Autotune); a document
// added without one (id "") gets a fold from its position.
func (t *Trainer) AddDocument(id, text, label string) error {
	t.init()
	if err := CheckLabel(label); err != nil {
		return err
	}
	if t.router != nil {
		return ErrGroupMix
	}
	t.feat.featurize(text, &t.fd)
	t.addFeatured(id, label, &t.fd)
	return nil
}

// AddDocuments counts docs as AddDocument would, one after the other,
// and gives the same counts and the same Model; the texts are tokenized
// and hashed on up to GOMAXPROCS goroutines while this one stores them.
// It returns the number of documents counted: all of them, or those
// before the first one whose label is not valid, with that error.
func (t *Trainer) AddDocuments(docs []Doc) (int, error) {
	if t.router != nil {
		return 0, ErrGroupMix
	}
	var bad error
	for i, d := range docs {
		if err := CheckLabel(d.Label); err != nil {
			docs, bad = docs[:i], err
			break
		}
	}
	const window = 1024 // documents featurized ahead, at most
	for i := 0; i < len(docs); i += window {
		t.addWindow(docs[i:min(i+window, len(docs))])
	}
	return len(docs), bad
}

// addWindow is AddDocuments of valid docs.
func (t *Trainer) addWindow(docs []Doc) {
	const piece = 8 // documents a goroutine featurizes at a time
	n := (len(docs) + piece - 1) / piece
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for _, d := range docs {
			t.feat.featurize(d.Text, &t.fd)
			t.addFeatured(d.ID, d.Label, &t.fd)
		}
		return
	}
	for len(t.feats) < workers {
		t.feats = append(t.feats, newFeaturizer(t.opts.Text, t.opts.ngrams()))
	}
	if len(t.fds) < len(docs) {
		t.fds = make([]featured, len(docs))
	}
	done := make([]chan struct{}, n)
	for i := range done {
		done[i] = make(chan struct{})
	}
	var next atomic.Int64
	for w := 0; w < workers; w++ {
		go func(f *featurizer) {
			for {
				p := int(next.Add(1) - 1)
				if p >= n {
					return
				}
				for d := p * piece; d < min((p+1)*piece, len(docs)); d++ {
					f.featurize(docs[d].Text, &t.fds[d])
				}
				close(done[p])
			}
		}(t.feats[w])
	}
	for p := range n {
		<-done[p]
		for d := p * piece; d < min((p+1)*piece, len(docs)); d++ {
			t.addFeatured(docs[d].ID, docs[d].Label, &t.fds[d])
		}
	}
}

// addFeatured stores and counts the featurized document fd.
func (t *Trainer) addFeatured(id, label string, fd *featured) {
	t.store.addFeatured(docHash(id, t.store.docs()), label, fd)
	ntok := fd.ntok
	t.docTokens = append(t.docTokens, int32(min(ntok, math.MaxInt32)))
	t.count(label, ntok)
}

// addLabel makes sure label is known to the engine (pitfall 7: the engine
// panics on an unknown label).
func (t *Trainer) addLabel(label string) {
	if _, ok := t.stats[label]; ok {
		return
	}
	t.stats[label] = &labelStats{}
	switch {
	case len(t.stats) == 1:
		// The engine needs two labels to exist; keep the first label's
		// counts aside until the second arrives.
		t.first = label
		t.firstCounts = make(map[string]int)
	case t.engine == nil:
		t.engine = bayesian.NewClassifier(bayesian.Class(t.first), bayesian.Class(label))
		for k, n := range t.firstCounts {
			t.engine.Observe(k, n, bayesian.Class(t.first))
		}
		t.firstCounts = nil
	default:
		if err := t.engine.AddClass(bayesian.Class(label)); err != nil {
			// Unreachable: the label is new and the engine never
			// converts to TF-IDF.
			panic(fmt.Sprintf("classify: adding label %q: %v", label, err))
		}
	}
}

// count counts one document of label with ntok tokens; its word counts
// reach the engine at the next flush.
func (t *Trainer) count(label string, ntok int) {
	t.snap = nil
	t.addLabel(label)
	s := t.stats[label]
	s.docs++
	s.tokens += int64(ntok)
}

// flush gives the engine the word counts of the documents stored since
// the last flush, one Observe per word and label (the engine counts
// words, the store keeps documents; see docs.go).
func (t *Trainer) flush() {
	s := t.store
	if t.flushed == s.docs() {
		return
	}
	n := make([]uint64, len(s.keys))
	var seen []uint32
	for c, label := range s.labels {
		for d := t.flushed; d < s.docs(); d++ {
			if int(s.docLabel[d]) != c {
				continue
			}
			for k := s.start[d]; k < s.start[d+1]; k++ {
				id := s.feat[k]
				if s.keys[id].isGram() {
					continue
				}
				if n[id] == 0 {
					seen = append(seen, id)
				}
				n[id] += uint64(s.tf[k])
			}
		}
		slices.Sort(seen)
		for _, id := range seen {
			w := s.words[s.keys[id].word]
			if t.engine == nil {
				t.firstCounts[w] += int(n[id])
			} else {
				t.engine.Observe(w, int(n[id]), bayesian.Class(label))
			}
			n[id] = 0
		}
		seen = seen[:0]
	}
	t.flushed = s.docs()
}

// AddModel adds the counts of c, a *Model or a *GroupedModel, so that
// training continues where c stopped, or models trained on parts of a
// corpus are merged. c must have the same text pipeline and features as t,
// and be grouped when t holds grouped documents.
func (t *Trainer) AddModel(c Classifier) error {
	t.init()
	var m *Model
	switch c := c.(type) {
	case *Model:
		m = c
	case *GroupedModel:
		m = c.model()
	}
	if m == nil || m.pipe == nil {
		return fmt.Errorf("%w: AddModel of an empty model", ErrMismatch)
	}
	if err := t.compatible(m.opts); err != nil {
		return err
	}
	if m.router != nil {
		return t.addGroupedModel(m)
	}
	if t.router != nil {
		return ErrGroupMix
	}
	if m.opts.perDocument() || t.opts.perDocument() {
		return fmt.Errorf("%w: a model with the transforms tf, idf or length normalization holds weights, not counts, and cannot be trained further; train it again from all the documents", ErrMismatch)
	}
	m.expand() // a model read from a file decodes its counts now
	t.addCounts(m)
	t.based = true
	return nil
}

// AddTrainer adds the counts of o, which must have the same text pipeline
// and features as t. Unlike a Model, o may hold a single label, so that
// cross-validation can count each fold once and merge the others.
func (t *Trainer) AddTrainer(o *Trainer) error {
	t.init()
	o.init()
	if err := t.compatible(o.opts); err != nil {
		return err
	}
	switch {
	case o.router != nil:
		return t.addGroupedTrainer(o)
	case o.empty():
		return nil
	case t.router != nil:
		return ErrGroupMix
	}
	words := o.snapshot().counted()
	words.bigrams = nil
	words.counts = words.counts[:len(words.words)*len(words.labels)]
	t.addCounts(words)
	for h, byLabel := range o.baseGrams {
		for l, n := range byLabel {
			t.addBaseGram(h, l, n)
		}
	}
	// o's documents' words came with its snapshot: store them as flushed.
	t.flush()
	t.store.addStore(o.store)
	t.flushed = t.store.docs()
	t.docTokens = append(t.docTokens, o.docTokens...)
	t.based = t.based || o.based
	return nil
}

func (t *Trainer) addBaseGram(h uint64, label string, n uint64) {
	t.store.gram(h)
	if t.baseGrams == nil {
		t.baseGrams = make(map[uint64]map[string]uint64)
	}
	g := t.baseGrams[h]
	if g == nil {
		g = make(map[string]uint64)
		t.baseGrams[h] = g
	}
	g[label] += n
}

func (t *Trainer) compatible(o Options) error {
	if o.Text != t.opts.Text {
		return fmt.Errorf("%w: the model's text pipeline is %q, this training uses %q", ErrMismatch, o.Text, t.opts.Text)
	}
	if o.ngrams() != t.opts.ngrams() {
		return fmt.Errorf("%w: the model's features are %s, this training uses %s", ErrMismatch, featureName(o.ngrams()), featureName(t.opts.ngrams()))
	}
	return nil
}

// addCounts adds the counts of m, which need not be compiled.
func (t *Trainer) addCounts(m *Model) {
	t.snap = nil
	for c, label := range m.labels {
		t.addLabel(label)
		s := t.stats[label]
		s.docs += m.docs[c]
		s.tokens += m.tokens[c]
	}
	C := len(m.labels)
	observe := func(key string, counts []uint64) {
		for c, n := range counts {
			if n == 0 {
				continue
			}
			if t.engine == nil {
				t.firstCounts[key] += int(n)
			} else {
				t.engine.Observe(key, int(n), bayesian.Class(m.labels[c]))
			}
		}
	}
	for i, w := range m.words {
		observe(w, m.counts[i*C:(i+1)*C])
	}
	for j, h := range m.bigrams {
		i := len(m.words) + j
		for c, n := range m.counts[i*C : (i+1)*C] {
			if n > 0 {
				t.addBaseGram(h, m.labels[c], n)
			}
		}
	}
}

// LabelCount is what a Trainer or Model holds for one label.
type LabelCount struct {
	Label     string
	Documents int64 // training documents
	Tokens    int64 // tokens of those documents (bigrams not counted)
	Features  int   // distinct features seen in the label's documents
}

// Model freezes the counts so far into a Model. The Trainer may go on
// counting afterwards; the Model does not change. The same documents added
// in the same order, or in any order, give the same Model, byte for byte.
// A Trainer of grouped documents makes a GroupedModel instead: Model
// returns an error wrapping ErrGrouped (see Classifier).
func (t *Trainer) Model() (*Model, error) {
	t.init()
	if t.router != nil {
		return nil, fmt.Errorf("classify: the Trainer holds a %w: use GroupedModel or Classifier", ErrGrouped)
	}
	if len(t.stats) < 2 {
		labels := make([]string, 0, len(t.stats))
		for l := range t.stats {
			labels = append(labels, l)
		}
		return nil, fmt.Errorf("%w, found %d %q", ErrTooFewLabels, len(labels), labels)
	}
	var m *Model
	var f *fit
	if t.opts.perDocument() {
		f = t.whole
		if f == nil || t.wholeDocs != t.store.docs() {
			f = t.store.fitDocs(t.opts, t.docTokens, nil)
		}
		if w := t.wholeModel; w != nil && t.wholeModelFit == f {
			// fitModel's slices are never modified; the temperature
			// was fitted since.
			m = &Model{opts: t.opts, version: w.version, labels: w.labels, docs: w.docs, tokens: w.tokens,
				words: w.words, bigrams: w.bigrams, sums: w.sums, df: w.df}
		} else {
			m = t.fitModel(f)
		}
	} else {
		m = t.snapshot().counted()
		m.opts = t.opts // the scoring options may have changed since (autotune)
		if t.opts.MinCount > 1 {
			m.prune(uint64(t.opts.MinCount))
		}
	}
	m.cv = t.cv
	if t.cv != nil && t.opts.Temperature != 0 {
		m.topMap = t.cv.topMap
	}
	if err := m.compile(); err != nil {
		return nil, err
	}
	if f != nil {
		t.fitLinear(m, f)
	}
	return m, nil
}

// snapshot returns the counts so far as an uncompiled Model, labels in
// byte order, features sorted. The result is cached until the counts
// change: callers must not modify it.
func (t *Trainer) snapshot() *Model {
	if t.snap != nil {
		return t.snap
	}
	t.snap = t.readCounts()
	return t.snap
}

// readCounts returns the counts so far as an uncompiled Model.
func (t *Trainer) readCounts() *Model {
	t.flush()
	labels := make([]string, 0, len(t.stats))
	for l := range t.stats {
		labels = append(labels, l)
	}
	slices.Sort(labels)
	C := len(labels)
	m := &Model{opts: t.opts, version: version.Version, labels: labels, docs: make([]int64, C), tokens: make([]int64, C)}
	for c, label := range labels {
		m.docs[c] = t.stats[label].docs
		m.tokens[c] = t.stats[label].tokens
	}

	// wordRow maps a word to its row in slab, which holds C counts per
	// row, rows in order of discovery. The engine holds words only.
	var wordRow map[string]int32
	var slab []uint64
	row := func(key string) []uint64 {
		r, ok := wordRow[key]
		if !ok {
			r = int32(len(slab) / C)
			wordRow[key] = r
			slab = append(slab, make([]uint64, C)...)
		}
		return slab[int(r)*C : (int(r)+1)*C]
	}
	if t.engine == nil {
		wordRow = make(map[string]int32, len(t.firstCounts))
		for key, n := range t.firstCounts {
			if n > 0 {
				row(key)[0] = uint64(n)
			}
		}
	} else {
		// Read the counts back from the engine. WordsByClass gives
		// count/total per feature; counts are whole numbers below 2^53,
		// so rounding count/total*total restores them exactly.
		totals := make(map[bayesian.Class]int)
		for i, n := range t.engine.WordCount() {
			totals[t.engine.Classes[i]] = n
		}
		for c, label := range labels {
			freqs := t.engine.WordsByClass(bayesian.Class(label))
			if wordRow == nil {
				// The first label's features are a fair guess of the
				// size; the map grows from there.
				wordRow = make(map[string]int32)
				slab = make([]uint64, 0, 2*len(freqs)*C)
			}
			total := float64(totals[bayesian.Class(label)])
			for key, f := range freqs {
				if n := uint64(math.Round(f * total)); n > 0 {
					row(key)[c] = n
				}
			}
		}
	}
	m.words = make([]string, 0, len(wordRow))
	for key := range wordRow {
		m.words = append(m.words, key)
	}
	slices.Sort(m.words)
	m.counts = make([]uint64, 0, len(slab))
	for _, w := range m.words {
		r := int(wordRow[w])
		m.counts = append(m.counts, slab[r*C:(r+1)*C]...)
	}
	if t.opts.ngrams() > 1 {
		m.bigrams, m.counts = t.gramCounts(labels, m.counts)
	}
	return m
}

// gramCounts appends to counts the n-gram counts of the stored documents
// and the added models, C per n-gram, n-grams in hash order, and returns
// the hashes and the counts. Rows are found by feature id, not by hash.
func (t *Trainer) gramCounts(labels []string, counts []uint64) ([]uint64, []uint64) {
	s := t.store
	C := len(labels)
	sorted := make([]int, len(s.labels)) // store label → c
	for i, l := range s.labels {
		sorted[i], _ = slices.BinarySearch(labels, l)
	}
	idRow := make([]int32, len(s.keys)) // row+1, 0 for none
	var ids []uint32                    // row → id
	var slab []uint64
	rowOf := func(id uint32) int {
		r := idRow[id] - 1
		if r < 0 {
			r = int32(len(ids))
			idRow[id] = r + 1
			ids = append(ids, id)
			slab = append(slab, make([]uint64, C)...)
		}
		return int(r)
	}
	for d := 0; d < s.docs(); d++ {
		c := sorted[s.docLabel[d]]
		for k := s.start[d]; k < s.start[d+1]; k++ {
			if id := s.feat[k]; s.keys[id].isGram() {
				slab[rowOf(id)*C+c] += uint64(s.tf[k])
			}
		}
	}
	for h, byLabel := range t.baseGrams {
		id, _ := s.gramID.lookup(h) // interned by addBaseGram
		r := rowOf(id)
		for l, n := range byLabel {
			c, _ := slices.BinarySearch(labels, l)
			slab[r*C+c] += n
		}
	}
	type hashRow struct {
		hash uint64
		row  int
	}
	rows := make([]hashRow, len(ids))
	for r, id := range ids {
		rows[r] = hashRow{s.keys[id].hash, r}
	}
	slices.SortFunc(rows, func(a, b hashRow) int { return cmpUint64(a.hash, b.hash) })
	hashes := make([]uint64, len(rows))
	counts = slices.Grow(counts, len(slab))
	for i, hr := range rows {
		hashes[i] = hr.hash
		counts = append(counts, slab[hr.row*C:(hr.row+1)*C]...)
	}
	if len(hashes) == 0 {
		hashes = nil
	}
	return hashes, counts
}

// counted returns a new uncompiled Model with the options and counts of
// m, sharing its slices, which are never modified once counted.
func (m *Model) counted() *Model {
	return &Model{opts: m.opts, version: m.version, labels: m.labels, docs: m.docs, tokens: m.tokens,
		words: m.words, bigrams: m.bigrams, counts: m.counts}
}

// prune drops the features counted fewer than min times over all labels,
// into new slices.
func (m *Model) prune(min uint64) {
	C := len(m.labels)
	keep := func(r int) bool {
		var sum uint64
		for _, n := range m.counts[r*C : (r+1)*C] {
			sum += n
		}
		return sum >= min
	}
	var counts []uint64
	var words []string
	for i, w := range m.words {
		if keep(i) {
			words = append(words, w)
			counts = append(counts, m.counts[i*C:(i+1)*C]...)
		}
	}
	var bigrams []uint64
	for j, b := range m.bigrams {
		if r := len(m.words) + j; keep(r) {
			bigrams = append(bigrams, b)
			counts = append(counts, m.counts[r*C:(r+1)*C]...)
		}
	}
	m.words, m.bigrams, m.counts = words, bigrams, counts
}

// An Example is one labeled training text.
type Example struct {
	Text  string
	Label string
}

// Train trains a model on examples. The same examples and options always
// give the same model file, byte for byte.
func Train(examples []Example, opts Options) (*Model, error) {
	t, err := NewTrainer(opts)
	if err != nil {
		return nil, err
	}
	for i, ex := range examples {
		if err := t.Add(ex.Text, ex.Label); err != nil {
			return nil, fmt.Errorf("example %d: %w", i, err)
		}
	}
	return t.Model()
}

// fitModel returns the uncompiled model of the fit f of t's documents,
// features sorted: words by bytes, then n-grams by hash.
func (t *Trainer) fitModel(f *fit) *Model {
	s := t.store
	order := make([]int, len(s.labels)) // sorted position → store label
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(s.labels[a], s.labels[b]) })
	C := len(order)
	m := &Model{opts: t.opts, version: version.Version, docs: make([]int64, C), tokens: make([]int64, C)}
	for c, i := range order {
		m.labels = append(m.labels, s.labels[i])
		m.docs[c], m.tokens[c] = f.docs[i], f.tokens[i]
	}
	// Rows in model order: words by bytes, then n-grams by hash.
	type wordRow struct {
		word string
		row  int
	}
	type gramRow struct {
		hash uint64
		row  int
	}
	var words []wordRow
	var grams []gramRow
	for r, id := range f.ids {
		if k := s.keys[f.view.ids[id]]; k.isGram() {
			grams = append(grams, gramRow{k.hash, r})
		} else {
			words = append(words, wordRow{s.words[k.word], r})
		}
	}
	slices.SortFunc(words, func(a, b wordRow) int { return strings.Compare(a.word, b.word) })
	slices.SortFunc(grams, func(a, b gramRow) int { return cmpUint64(a.hash, b.hash) })
	rows := make([]int, 0, len(f.ids))
	m.words = make([]string, 0, len(words))
	for _, w := range words {
		m.words = append(m.words, w.word)
		rows = append(rows, w.row)
	}
	if len(grams) > 0 {
		m.bigrams = make([]uint64, 0, len(grams))
	}
	for _, g := range grams {
		m.bigrams = append(m.bigrams, g.hash)
		rows = append(rows, g.row)
	}
	m.sums = make([]float64, 0, len(rows)*C)
	if t.opts.IDF {
		m.df = make([]uint64, 0, len(rows))
	}
	for _, r := range rows {
		for _, i := range order {
			m.sums = append(m.sums, f.sums[r*f.C+i])
		}
		if m.df != nil {
			m.df = append(m.df, f.df[r])
		}
	}
	return m
}

func cmpUint64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
