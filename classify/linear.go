package classify

// NBSVM: a linear SVM trained on naive Bayes features
//
// With Options.Learner LearnerNBSVM the scoring table is not naive Bayes's
// log-probabilities but the weights of linear SVMs trained on naive Bayes
// features (Wang & Manning 2012, "Baselines and Bigrams: Simple, Good
// Sentiment and Topic Classification", NBSVM). The naive Bayes counts are
// made as for any model (the jbrukh/bayesian engine and the per-document
// transforms of docs.go: a feature's weight x_f in a document is its
// transformed count, times its idf, the document's weights divided by
// their norm). From those counts, for each label c, the log-count ratio
//
//	r(f,c) = log θ(f|c) - log θ(f|~c)
//	θ(f|c)  = (n(f,c) + alpha) / (N(c) + alpha*V)
//	θ(f|~c) = (n(f,~c) + alpha) / (N(~c) + alpha*V)
//
// (the multinomial cell of the Scoring table minus the complement cell's
// log, with the same alpha and vocabulary) scales each feature: label c's
// SVM sees z_f = r(f,c)·x_f and a constant feature 1 for the bias. One SVM
// per label against the others (one-vs-rest), L2-regularized with the
// squared hinge loss, each document weighted inversely to its class's
// share of the documents (class-balanced: n/(2·n_pos) for the label's
// documents, n/(2·n_neg) for the others) times the cost C
// (Options.SVMCost, default 1): scikit-learn's LinearSVC(C,
// class_weight="balanced") with intercept_scaling 1. Solved in the dual by
// coordinate descent (Hsieh et al. 2008, liblinear's solver, with its
// shrinking): epochs over the documents in an order drawn from a PCG
// seeded by the label's index, until the projected gradient's spread is
// below 1e-3 or 2,000 epochs. Label c's cell of feature f in the scoring
// table is r(f,c)·w(f,c), and its base score (in place of the log prior)
// the bias b(c): the score of a text is b(c) + Σ_f x_f r(f,c) w(f,c), the
// same scoring as a naive Bayes model with the transforms, so that the
// temperature and the map of the top probability (calibrate.go, topmap.go)
// calibrate it as they do naive Bayes's scores, fitted on held-out folds
// whose models are NBSVMs too.
//
// Unlike Wang & Manning, the weights are not interpolated towards their
// mean (beta 1): with one SVM per label, the interpolation leaves the
// biases fitted for other weights, and on the labeled articles of models/
// it cost 0.3 of macro-F1 (bench/peer_nbsvm.py). The learner needs a
// per-document transform (TF, IDF or LengthNorm), whose weights the SVM is
// trained on; the label sets of every label are trained on goroutines of
// their own, each independent of the others, so the model is the same
// for any number of them.

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// Learner is what makes a model's scoring table from its counts.
type Learner uint8

const (
	// LearnerNB scores with naive Bayes's (or complement naive Bayes's)
	// log-probabilities.
	LearnerNB Learner = iota
	// LearnerNBSVM scores with one-vs-rest linear SVMs trained on the
	// features scaled by naive Bayes's log-count ratios (NBSVM above).
	LearnerNBSVM
)

var learnerNames = [...]string{LearnerNB: "nb", LearnerNBSVM: "nbsvm"}

// String returns "nb" or "nbsvm".
func (l Learner) String() string {
	if int(l) < len(learnerNames) {
		return learnerNames[l]
	}
	return fmt.Sprintf("Learner(%d)", l)
}

// ParseLearner returns the Learner named s ("nb" or "nbsvm").
func ParseLearner(s string) (Learner, error) {
	for i, n := range learnerNames {
		if n == s {
			return Learner(i), nil
		}
	}
	return 0, fmt.Errorf("classify: learner %q (want nb or nbsvm)", s)
}

// ErrLearner is returned by NewTrainer for a learner it cannot train.
var ErrLearner = fmt.Errorf("classify: the nbsvm learner needs a per-document transform (tf log or sublinear, idf or length normalization) and a cost above 0")

// withLearnerDefaults returns o with the NBSVM learner's cost made
// explicit (as a model file holds it).
func (o Options) withLearnerDefaults() Options {
	if o.Learner == LearnerNBSVM {
		o.SVMCost = o.svmCost()
	}
	return o
}

// svmCost returns the SVM's cost with its default.
func (o Options) svmCost() float64 {
	if o.SVMCost == 0 {
		return 1
	}
	return o.SVMCost
}

// checkLearner checks the learner settings of opts.
func (o Options) checkLearner() error {
	switch o.Learner {
	case LearnerNB:
		if o.SVMCost != 0 {
			return fmt.Errorf("%w: a cost without the nbsvm learner", ErrLearner)
		}
		return nil
	case LearnerNBSVM:
		if !o.perDocument() || o.SVMCost < 0 || math.IsNaN(o.SVMCost) || math.IsInf(o.SVMCost, 0) {
			return ErrLearner
		}
		return nil
	}
	return fmt.Errorf("classify: unknown %v", o.Learner)
}

// learnerSettings is the part of Options.Settings for the learner.
func (o Options) learnerSettings() string {
	if o.Learner == LearnerNB {
		return ""
	}
	return fmt.Sprintf(" %v C=%g", o.Learner, o.svmCost())
}

// logCountRatios returns r(f,c) (NBSVM above) of the R×C summed weights
// that value gives.
func logCountRatios(opts Options, C, R int, value func(i int) float64) []float64 {
	o := opts
	o.Complement, o.WeightNorm = true, false
	comp, mult := weightTables(o, C, R, value)
	m := mult()
	r := make([]float64, len(comp))
	for i := range r {
		r[i] = m[i] + comp[i]
	}
	return r
}

// sparseDocs are documents as rows of a sparse matrix: document d has
// the values x[start[d]:start[d+1]] at the table rows rows[...], and the
// label y[d].
type sparseDocs struct {
	start []int
	rows  []int32
	x     []float64
	y     []int32
}

func (s *sparseDocs) add(x []float64, rows []int32, y int32) {
	if len(s.start) == 0 {
		s.start = append(s.start, 0)
	}
	s.x = append(s.x, x...)
	s.rows = append(s.rows, rows...)
	s.start = append(s.start, len(s.x))
	s.y = append(s.y, y)
}

func (s *sparseDocs) len() int { return len(s.y) }

// trainNBSVM returns the scoring table (R rows of C cells) and the base
// scores of the NBSVM of docs, whose labels are 0 to C-1, with the
// log-count ratios r (R×C).
func trainNBSVM(opts Options, C, R int, r []float64, docs *sparseDocs) (table, bias []float64) {
	table = make([]float64, R*C)
	bias = make([]float64, C)
	parallel(C, func(c int) {
		rc := make([]float64, R)
		for f := range rc {
			rc[f] = r[f*C+c]
		}
		w, b := svmOneVsRest(docs, int32(c), rc, opts.svmCost())
		for f := range rc {
			table[f*C+c] = rc[f] * w[f]
		}
		bias[c] = b
	})
	return table, bias
}

// The dual coordinate descent's stopping rule: the spread of the
// projected gradient, and the most epochs.
const (
	svmEpsilon   = 1e-3
	svmMaxEpochs = 2000
)

// svmOneVsRest trains the L2-regularized squared-hinge SVM of label c
// against the others on the documents scaled by scale (per row), with a
// bias feature 1, class-balanced at cost cost, and returns the weights
// per row and the bias.
func svmOneVsRest(docs *sparseDocs, c int32, scale []float64, cost float64) ([]float64, float64) {
	n := docs.len()
	w := make([]float64, len(scale))
	var b float64
	if n == 0 {
		return w, 0
	}
	npos := 0
	for _, y := range docs.y {
		if y == c {
			npos++
		}
	}
	nneg := n - npos
	if npos == 0 || nneg == 0 {
		// One class only: a constant score.
		if npos == 0 {
			return w, -1
		}
		return w, 1
	}
	cp := cost * float64(n) / (2 * float64(npos))
	cn := cost * float64(n) / (2 * float64(nneg))
	// z holds each document's scaled values, so that the epochs do not
	// multiply them again.
	z := make([]float64, len(docs.x))
	for k, x := range docs.x {
		z[k] = x * scale[docs.rows[k]]
	}
	sign := make([]float64, n)
	diag := make([]float64, n) // 1/(2 C_i)
	qd := make([]float64, n)
	for d := range n {
		sign[d], diag[d] = -1, 0.5/cn
		if docs.y[d] == c {
			sign[d], diag[d] = 1, 0.5/cp
		}
		q := 1.0 // the bias feature
		for _, v := range z[docs.start[d]:docs.start[d+1]] {
			q += v * v
		}
		qd[d] = q + diag[d]
	}
	alpha := make([]float64, n)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(uint64(c)+1, 0x6e62737663))
	// liblinear's shrinking: a variable at its bound 0 whose gradient is
	// above the last epoch's largest projected gradient leaves the active
	// set until the active ones converge; then all are checked again (the
	// squared hinge loss has no upper bound, so liblinear's other half of
	// the rule, at the upper bound, never applies).
	active := n
	pgMaxOld := math.Inf(1)
	for epoch := 0; epoch < svmMaxEpochs; epoch++ {
		rng.Shuffle(active, func(i, j int) { order[i], order[j] = order[j], order[i] })
		pgMax, pgMin := math.Inf(-1), math.Inf(1)
		for s := 0; s < active; s++ {
			d := order[s]
			lo, hi := docs.start[d], docs.start[d+1]
			wx := b
			for k := lo; k < hi; k++ {
				wx += w[docs.rows[k]] * z[k]
			}
			g := sign[d]*wx - 1 + diag[d]*alpha[d]
			pg := g
			if alpha[d] == 0 {
				if g > pgMaxOld {
					active--
					order[s], order[active] = order[active], order[s]
					s--
					continue
				}
				pg = min(g, 0)
			}
			pgMax, pgMin = max(pgMax, pg), min(pgMin, pg)
			if math.Abs(pg) <= 1e-12 {
				continue
			}
			old := alpha[d]
			alpha[d] = max(old-g/qd[d], 0)
			step := (alpha[d] - old) * sign[d]
			for k := lo; k < hi; k++ {
				w[docs.rows[k]] += step * z[k]
			}
			b += step
		}
		if pgMax-pgMin <= svmEpsilon {
			if active == n {
				break
			}
			active = n
			pgMaxOld = math.Inf(1)
			continue
		}
		pgMaxOld = pgMax
		if pgMaxOld <= 0 {
			pgMaxOld = math.Inf(1)
		}
	}
	return w, b
}

// foldTable returns the scoring table and base scores of the fit ft under
// opts: naive Bayes's (weightTables and priors), or with LearnerNBSVM the
// NBSVM of the documents ft fitted, those of fold[d] != f (all when fold
// is nil). The table's rows are ft's, its labels the store's.
func (t *Trainer) foldTable(opts Options, ft *fit, fold []int, f int) ([]float64, []float64) {
	C, R := ft.C, len(ft.ids)
	value := func(i int) float64 { return float64(ft.raw[i]) }
	if ft.sums != nil {
		value = func(i int) float64 { return ft.sums[i] }
	}
	if opts.Learner != LearnerNBSVM {
		table, _ := weightTables(opts, C, R, value)
		return table, priors(ft.docs, opts.UniformPriors)
	}
	v := ft.view
	idfs := ft.idfs(opts)
	docs := new(sparseDocs)
	var x []float64
	var rows []int32
	for d := 0; d < v.ndocs; d++ {
		if fold != nil && fold[d] == f {
			continue
		}
		x, rows = v.weights(d, opts, ft.row, idfs, x[:0], rows[:0])
		docs.add(x, rows, t.store.docLabel[d])
	}
	return trainNBSVM(opts, C, R, logCountRatios(opts, C, R, value), docs)
}

// fitLinear replaces the naive Bayes table of m, compiled from the fit f
// of all of t's documents, by its NBSVM's (a no-op for LearnerNB).
func (t *Trainer) fitLinear(m *Model, f *fit) {
	if m.opts.Learner != LearnerNBSVM {
		return
	}
	table, bias := t.foldTable(m.opts, f, nil, 0)
	// f's rows and the store's labels, in the model's order.
	s := t.store
	C, R := len(m.labels), len(f.ids)
	label := make([]int, C) // store label → model label
	for i, l := range s.labels {
		label[i], _ = slices.BinarySearch(m.labels, l)
	}
	m.linear = make([]float64, R*C)
	for r, id := range f.ids {
		k := s.keys[f.view.ids[id]]
		var row int
		if k.isGram() {
			g, _ := m.gramIdx.lookup(k.hash)
			row = int(g)
		} else {
			w, _ := m.wordIdx.lookupWord([]byte(s.words[k.word]), m.sharedWords)
			row = int(w)
		}
		for i := range C {
			m.linear[row*C+label[i]] = table[r*C+i]
		}
	}
	m.bias = make([]float64, C)
	for i := range C {
		m.bias[label[i]] = bias[i]
	}
	m.useLinear()
}

// useLinear makes m score with its linear table, if it has one.
func (m *Model) useLinear() {
	if m.linear != nil {
		m.table, m.logPrior = m.linear, m.bias
	}
}

// Model file format 5: a model of the NBSVM learner
//
// A model whose scoring table an NBSVM learned is written as format 5, a
// container of the naive Bayes file of its counts (format 1, 3 or 4:
// labels, options, counts, temperature and map, unchanged) and the table:
//
//	offset   size  field
//	0        8     magic "KHABARNB"
//	8        4     format version, uint32: 6
//	12       4     header length H, uint32
//	16       H     header: {"khabar":VERSION,"learner":"nbsvm","svm_cost":C,
//	               "bias":[b0,...]} (one base score per label, in the part's
//	               label order; no white space)
//	16+H     8     length L of the part, uint64
//	24+H     L     the part: a whole file of format 1, 3 or 4, with its own
//	               checksum, written for the same model as naive Bayes
//	24+H+L   8·R·C the scoring table: for each feature of the part (its
//	               words, then its n-grams, in its order) the cell of each
//	               label (float64 bits, little-endian, finite)
//	end-8    8     checksum: xxhash64 (seed 0) of every byte before it
//
// The temperature and the map of the part calibrate the table's scores.
// Nothing follows the table but the checksum. A model of the naive Bayes
// learner is written as before (format 1, 3 or 4), byte for byte. The
// groups of a grouped model (format 2) may be of format 5, its router
// never.
// (Format 5 is left to the compact scoring table of issue 15.)

const linearVersion = 5

// linearHeader is the JSON header of a format-5 file.
type linearHeader struct {
	Khabar  string    `json:"khabar"`
	Learner string    `json:"learner"`
	SVMCost float64   `json:"svm_cost"`
	Bias    []float64 `json:"bias"`
}

// marshalLinear returns the format-5 file of m.
func (m *Model) marshalLinear() ([]byte, error) {
	nb := &Model{opts: m.opts, version: m.version, labels: m.labels, docs: m.docs, tokens: m.tokens,
		words: m.words, bigrams: m.bigrams, counts: m.counts, sums: m.sums, df: m.df, cv: m.cv,
		topMap: m.topMap, pipe: m.pipe}
	nb.opts.Learner, nb.opts.SVMCost = LearnerNB, 0
	part, err := nb.MarshalBinary()
	if err != nil {
		return nil, err
	}
	hj, err := json.Marshal(linearHeader{Khabar: m.version, Learner: m.opts.Learner.String(), SVMCost: m.opts.svmCost(), Bias: m.bias})
	if err != nil {
		return nil, fmt.Errorf("classify: encoding the model header: %v", err)
	}
	out := make([]byte, 0, prefixLen+len(hj)+8+len(part)+8*len(m.linear)+checksumLen)
	out = append(out, magic...)
	out = binary.LittleEndian.AppendUint32(out, linearVersion)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(hj)))
	out = append(out, hj...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(part)))
	out = append(out, part...)
	for _, v := range m.linear {
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
	}
	return binary.LittleEndian.AppendUint64(out, xxhash.Sum64(out)), nil
}

// decodeLinear decodes the header and body of a format-5 file (checksum
// checked) as part p.
func decodeLinear(hdata, body []byte, p part) (*Model, error) {
	if p == routerPart {
		return nil, malformed("a router of format %d", linearVersion)
	}
	var h linearHeader
	if err := decodeHeader(hdata, &h); err != nil {
		return nil, err
	}
	learner, err := ParseLearner(h.Learner)
	if err != nil || learner == LearnerNB {
		return nil, malformed("learner %q (want nbsvm)", h.Learner)
	}
	if !(h.SVMCost > 0) || math.IsInf(h.SVMCost, 0) {
		return nil, malformed("svm_cost %v", h.SVMCost)
	}
	if len(body) < 8 {
		return nil, malformed("truncated before the naive Bayes part")
	}
	n := binary.LittleEndian.Uint64(body)
	if n > uint64(len(body)-8) {
		return nil, malformed("naive Bayes part of %d bytes past the end of the file", n)
	}
	data, table := body[8:8+n], body[8+n:]
	if len(data) >= prefixLen && binary.LittleEndian.Uint32(data[8:]) == linearVersion {
		return nil, malformed("a model of format %d inside one", linearVersion)
	}
	m, err := decodePart(data, p)
	if err != nil {
		return nil, err
	}
	if m.router != nil {
		return nil, malformed("a grouped model inside a model of format %d", linearVersion)
	}
	m.opts.Learner, m.opts.SVMCost = learner, h.SVMCost
	if err := m.opts.checkLearner(); err != nil {
		return nil, malformed("%v", err)
	}
	C := len(m.labels)
	R := m.nWords + m.nGrams
	if len(h.Bias) != C {
		return nil, malformed("%d base scores for %d labels", len(h.Bias), C)
	}
	if uint64(len(table)) != 8*uint64(R)*uint64(C) {
		return nil, malformed("scoring table of %d bytes, want %d features × %d labels × 8", len(table), R, C)
	}
	m.linear = make([]float64, R*C)
	for i := range m.linear {
		v := math.Float64frombits(binary.LittleEndian.Uint64(table[8*i:]))
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, malformed("scoring table cell %d: %v", i, v)
		}
		m.linear[i] = v
	}
	for c, v := range h.Bias {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, malformed("base score %d: %v", c, v)
		}
	}
	m.bias = h.Bias
	m.useLinear()
	return m, nil
}
