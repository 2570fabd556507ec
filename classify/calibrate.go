package classify

import (
	"fmt"
	"math"
	"slices"
)

// Calibration
//
// Naive Bayes scores of article-length texts differ by hundreds of nats,
// so their softmax gives nearly every text probability 1. Calibrate fits
// one temperature T by k-fold cross-validation on the training documents:
// the scores of each held-out document under the model of the other folds
// are collected, and T minimizes their negative log-likelihood,
// sum over documents of log sum_c exp(s_c/(T*n)) - s_y/(T*n) (y the true
// label). n is the number of the text's known feature occurrences, or 1
// with Options.LengthNorm (lengthScale): naive Bayes counts every word as
// independent evidence, so its overconfidence grows with the length of
// the text, and one temperature for the score itself leaves long texts
// overconfident and short ones underconfident (on the ANT split, held-out
// ECE 0.089 with T alone, 0.035 with T*n, for the default model). The
// model then gives softmax(scores/(T*n)): among texts given 0.9, about
// 90% are right. T does not change which label is the most probable. A
// model with Temperature 0 (all models before format 3) gives
// softmax(scores).
//
// The folds are the high 32 bits of the xxhash64 of the document id
// modulo k (cvFold), so they cut across those of Fold, which
// "khabar eval --folds" uses: eval's held-out fold is never seen by the
// model it tests, calibration included.
//
// A fold model is fitted from the documents by id (docs.go), with the
// same options as the whole model, and scores the held-out documents from
// their stored features: nothing is tokenized again. Counts of models
// added with AddModel are not documents, and are left out of the folds.

// CalibrationBins is the number of equal-width confidence bins of ECE and
// of the reliability table.
const CalibrationBins = 10

// A CVReport is what cross-validation on the training documents found.
type CVReport struct {
	Folds     int     `json:"folds"`
	Documents int     `json:"documents"`
	Accuracy  float64 `json:"accuracy"`
	MacroF1   float64 `json:"macro_f1"`
	// Temperature is the fitted temperature; ECE the expected calibration
	// error of the held-out predictions with it, ECEUncalibrated without.
	Temperature     float64 `json:"temperature"`
	ECE             float64 `json:"ece"`
	ECEUncalibrated float64 `json:"ece_uncalibrated"`
	// ECETemperature is the ECE with the temperature alone, when a map
	// of the top probability was fitted too (ECE is then with the map,
	// cross-fitted); the map is saved in the model, not here.
	ECETemperature float64 `json:"ece_temperature,omitempty"`
	topMap         *topMap
	// Autotune only: the metric it maximized, the settings it chose and
	// every setting it tried, in order, and whether the chosen model is
	// grouped (Doc.Group); the temperature and ECE of a grouped choice
	// are those of its calibration (Trainer.Calibrate), per group.
	Metric  string  `json:"metric,omitempty"`
	Chosen  string  `json:"chosen,omitempty"`
	Tried   []Trial `json:"tried,omitempty"`
	Grouped bool    `json:"grouped,omitempty"`
}

// A Trial is one setting Autotune tried, with its cross-validation
// figures and the seconds it took.
type Trial struct {
	Settings string  `json:"settings"`
	Accuracy float64 `json:"accuracy"`
	MacroF1  float64 `json:"macro_f1"`
	Seconds  float64 `json:"seconds"`
}

// CV returns the cross-validation the model's temperature or settings
// came from (Trainer.Calibrate, Trainer.Autotune), or nil.
func (m *Model) CV() *CVReport { return m.cv }

// Temperature returns the temperature that divides the model's scores
// before the softmax (1 for a model that was not calibrated).
func (m *Model) Temperature() float64 { return m.opts.temperature() }

// heldOut is the result of one cross-validation: for each document
// scored, its true label, its scores (C per document) and whether the
// model knew any of its features.
type heldOut struct {
	C      int
	labels []string
	truth  []int32
	scores []float64
	known  []bool
	scale  []float64 // lengthScale of each document
	fold   []int     // the fold of each document
	terms  []float64 // nll's, per document,
	skip   []bool    // and whether it leaves the document out
}

// crossValidate scores every stored document of t with the model of the
// other k-1 folds, trained with opts. The folds run on up to GOMAXPROCS
// goroutines; the result is in fold order, the same for any number.
func (t *Trainer) crossValidate(opts Options, k int) *heldOut {
	s := t.store
	fold := make([]int, s.docs())
	for d := range fold {
		fold[d] = cvFold(s.docHash[d], k)
	}
	parts := make([]*heldOut, k)
	// With per-document transforms, the fit of all the documents, which
	// the next Model needs whatever the temperature, is made beside the
	// folds' (first: it is the largest), so that the goroutines stay busy;
	// so is that Model's layout (fitModel), when opts are t's.
	whole := 0
	if opts.perDocument() {
		whole = 1
	}
	parallel(k+whole, func(i int) {
		if i < whole {
			t.whole = s.fitDocs(opts, t.docTokens, nil)
			t.wholeDocs = s.docs()
			t.wholeModel, t.wholeModelFit = nil, nil
			if opts == t.opts {
				t.wholeModel, t.wholeModelFit = t.fitModel(t.whole), t.whole
			}
			return
		}
		parts[i-whole] = t.scoreFold(opts, fold, i-whole)
	})
	return joinHeldOut(s.labels, parts)
}

// joinHeldOut puts the held-out scores of the folds one after the other.
func joinHeldOut(labels []string, parts []*heldOut) *heldOut {
	h := &heldOut{C: len(labels), labels: labels}
	for f, p := range parts {
		for range p.truth {
			h.fold = append(h.fold, f)
		}
		h.truth = append(h.truth, p.truth...)
		h.scores = append(h.scores, p.scores...)
		h.known = append(h.known, p.known...)
		h.scale = append(h.scale, p.scale...)
	}
	return h
}

// scoreFold scores the documents of fold f with the model of the others.
func (t *Trainer) scoreFold(opts Options, fold []int, f int) *heldOut {
	return t.scoreFit(opts, t.fitFold(opts, fold, f), fold, f)
}

// fitFold fits the documents outside fold f.
func (t *Trainer) fitFold(opts Options, fold []int, f int) *fit {
	return t.store.fitDocs(opts, t.docTokens, func(d int) bool { return fold[d] != f })
}

// scoreFit scores the documents of fold f with ft, the fit of the others
// under the options opts (which may differ from those of the fit in what
// only changes scoring: Complement, Alpha, UniformPriors, WeightNorm).
func (t *Trainer) scoreFit(opts Options, ft *fit, fold []int, f int) *heldOut {
	s, v := t.store, ft.view
	C := len(s.labels)
	h := &heldOut{C: C}
	var x []float64
	var rows []int32
	table, prior := t.foldTable(opts, ft, fold, f)
	idfs := ft.idfs(opts)
	for d := 0; d < v.ndocs; d++ {
		if fold[d] != f {
			continue
		}
		if opts.perDocument() {
			x, rows = v.weights(d, opts, ft.row, idfs, x[:0], rows[:0])
		} else {
			x, rows = x[:0], rows[:0]
			for j := v.start[d]; j < v.start[d+1]; j++ {
				if r := ft.row[v.feat[j]]; r >= 0 {
					x = append(x, float64(v.tf[j]))
					rows = append(rows, r)
				}
			}
		}
		sc := len(h.scores)
		h.scores = append(h.scores, prior...)
		acc := h.scores[sc : sc+C]
		for i, r := range rows {
			w := x[i]
			for c, v := range table[int(r)*C : int(r)*C+C] {
				acc[c] += w * v
			}
		}
		h.truth = append(h.truth, s.docLabel[d])
		h.known = append(h.known, len(rows) > 0)
		occ := 0
		for j := v.start[d]; j < v.start[d+1]; j++ {
			if ft.row[v.feat[j]] >= 0 {
				occ += int(v.tf[j])
			}
		}
		h.scale = append(h.scale, lengthScale(opts, occ))
	}
	return h
}

// probs returns the probabilities of document d at temperature temp, in
// dst; at temperature 0, the uncalibrated softmax of the scores.
func (h *heldOut) probs(dst []float64, d int, temp float64) []float64 {
	t := 1.0
	if temp != 0 {
		t = temp * h.scale[d]
	}
	dst = scaleScores(dst[:0], h.scores[d*h.C:(d+1)*h.C], t)
	return Softmax(dst, dst)
}

// report returns the confusion and calibration of the held-out
// predictions at temperature temp (0: uncalibrated).
func (h *heldOut) report(temp float64) (*Confusion, *Calibration) {
	cf, cal := &Confusion{}, &Calibration{}
	var p []float64
	for d, y := range h.truth {
		p = h.probs(p, d, temp)
		best := argmax(p)
		pred := h.labels[best]
		if !h.known[d] {
			pred = Unknown
		}
		cf.Add(h.labels[y], pred)
		cal.Add(p[best], pred == h.labels[y])
	}
	return cf, cal
}

// nll returns the mean negative log-likelihood of the true labels at
// temperature temp.
// The documents' terms are computed on up to GOMAXPROCS goroutines and
// summed in document order, so that the sum is the same for any number.
func (h *heldOut) nll(temp float64) float64 {
	if len(h.terms) != len(h.truth) {
		h.terms = make([]float64, len(h.truth))
		h.skip = make([]bool, len(h.truth))
	}
	parallelRanges(len(h.truth), func(lo, hi int) {
		for d := lo; d < hi; d++ {
			y := h.truth[d]
			row := h.scores[d*h.C : (d+1)*h.C]
			mx := math.Inf(-1)
			for _, v := range row {
				mx = max(mx, v)
			}
			if math.IsInf(mx, -1) || math.IsInf(row[y], -1) {
				h.skip[d] = true // no label, or a label its fold never saw
				continue
			}
			h.skip[d] = false
			t := temp * h.scale[d]
			var z float64
			for _, v := range row {
				z += math.Exp((v - mx) / t)
			}
			h.terms[d] = math.Log(z) - (row[y]-mx)/t
		}
	})
	var sum float64
	n := 0
	for d, v := range h.terms {
		if !h.skip[d] {
			sum += v
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// fitTemperature returns the temperature that minimizes the held-out
// negative log-likelihood: a scan of log T from 10^-4 to 10^4 times the
// mean spread of the scores (largest minus smallest finite score), then a
// golden-section search around the best point.
func (h *heldOut) fitTemperature() float64 {
	var spread float64
	n := 0
	for d := range h.truth {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range h.scores[d*h.C : (d+1)*h.C] {
			if !math.IsInf(v, 0) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		if hi > lo {
			spread += (hi - lo) / h.scale[d]
			n++
		}
	}
	if n == 0 {
		return 1
	}
	spread /= float64(n)
	lo, hi := math.Log(spread*1e-4), math.Log(spread*1e4)
	const steps = 24
	best, bestV := lo, math.Inf(1)
	for i := 0; i <= steps; i++ {
		u := lo + (hi-lo)*float64(i)/steps
		if v := h.nll(math.Exp(u)); v < bestV {
			best, bestV = u, v
		}
	}
	step := (hi - lo) / steps
	a, b := best-step, best+step
	g := (math.Sqrt(5) - 1) / 2
	c, d := b-g*(b-a), a+g*(b-a)
	fc, fd := h.nll(math.Exp(c)), h.nll(math.Exp(d))
	for i := 0; i < 30; i++ {
		if fc < fd {
			b, d, fd = d, c, fc
			c = b - g*(b-a)
			fc = h.nll(math.Exp(c))
		} else {
			a, c, fc = c, d, fd
			d = a + g*(b-a)
			fd = h.nll(math.Exp(d))
		}
	}
	return math.Exp((a + b) / 2)
}

// cvReport fits the temperature of h and the map of its top
// probabilities (Calibration of the top probability, topmap.go), and
// sums them up, with the calibration and the uncalibrated calibration of
// its predictions (the map's cross-fitted). Without withMap, the
// temperature alone.
func (h *heldOut) cvReport(k int, withMap bool) (*CVReport, *Calibration, *Calibration) {
	temp := h.fitTemperature()
	cf, cal := h.report(temp)
	_, raw := h.report(0)
	rep := cf.Report()
	cv := &CVReport{Folds: k, Documents: rep.Documents, Accuracy: rep.Accuracy, MacroF1: rep.MacroF1,
		Temperature: temp, ECE: cal.ECE(), ECEUncalibrated: raw.ECE()}
	if !withMap {
		return cv, cal, raw
	}
	preds := h.topPreds(temp)
	if tm := fitTopMap(preds); tm != nil {
		if mapped, ok := crossFitted(preds, k); ok {
			mapped.merge(h.unknownCalibration(temp))
			cv.topMap, cv.ECETemperature, cv.ECE = tm, cv.ECE, mapped.ECE()
			cal = mapped
		}
	}
	return cv, cal, raw
}

// Calibrate fits the temperature of the model by k-fold cross-validation
// on the documents added so far (see Calibration), and returns what the
// cross-validation found; the next Model has that temperature. A grouped
// Trainer calibrates each group's model on its own documents (the
// router's errors are not part of it), and its report pools the groups'.
func (t *Trainer) Calibrate(k int) (*CVReport, error) { return t.calibrate(k, true) }

// CalibrateTemperature is Calibrate with the temperature alone, as
// before the map of the top probability (topmap.go): the next Model has
// no map, and is written in format 3. The default topic model
// (models.Train) is calibrated so, so that its file stays the one its
// figures were measured with.
func (t *Trainer) CalibrateTemperature(k int) (*CVReport, error) { return t.calibrate(k, false) }

func (t *Trainer) calibrate(k int, withMap bool) (*CVReport, error) {
	t.init()
	if k < 2 {
		return nil, fmt.Errorf("classify: calibration needs 2 folds or more, not %d", k)
	}
	if t.router != nil {
		return t.calibrateGroups(k, withMap)
	}
	if len(t.store.labels) < 2 {
		return nil, ErrTooFewLabels
	}
	if t.store.docs() < 2*k {
		return nil, fmt.Errorf("%w: %d documents for %d folds", ErrTooFewToCalibrate, t.store.docs(), k)
	}
	h := t.crossValidate(t.opts, k)
	rep, _, _ := h.cvReport(k, withMap)
	t.opts.Temperature = rep.Temperature
	t.cv = rep
	t.snap = nil
	return rep, nil
}

// calibrateGroups calibrates each group of a grouped Trainer.
func (t *Trainer) calibrateGroups(k int, withMap bool) (*CVReport, error) {
	pooled := &heldOut{}
	var cf Confusion
	cal, raw := &Calibration{}, &Calibration{}
	for _, name := range sortedKeys(t.groups) {
		g := t.groups[name]
		if g.store.docs() < 2*k || len(g.store.labels) < 2 {
			continue
		}
		h := g.crossValidate(g.opts, k)
		rep, gcal, graw := h.cvReport(k, withMap)
		g.opts.Temperature = rep.Temperature
		gcf, _ := h.report(rep.Temperature)
		cf.Merge(gcf)
		cal.merge(gcal)
		raw.merge(graw)
		g.cv = rep
		pooled.truth = append(pooled.truth, h.truth...)
	}
	if len(pooled.truth) == 0 {
		return nil, fmt.Errorf("%w: no group has %d documents of two labels", ErrTooFewToCalibrate, 2*k)
	}
	rep := cf.Report()
	t.cv = &CVReport{Folds: k, Documents: rep.Documents, Accuracy: rep.Accuracy, MacroF1: rep.MacroF1,
		ECE: cal.ECE(), ECEUncalibrated: raw.ECE()}
	return t.cv, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// A Calibration counts predictions by confidence, for the expected
// calibration error and a reliability table. The zero value is ready to
// use. It is not safe for concurrent use.
type Calibration struct {
	count   [CalibrationBins]int
	correct [CalibrationBins]int
	conf    [CalibrationBins]float64
}

// Add counts one prediction made with probability p, right or not.
func (c *Calibration) Add(p float64, right bool) {
	b := min(max(int(p*CalibrationBins), 0), CalibrationBins-1)
	c.count[b]++
	c.conf[b] += p
	if right {
		c.correct[b]++
	}
}

func (c *Calibration) merge(o *Calibration) {
	for b := range c.count {
		c.count[b] += o.count[b]
		c.correct[b] += o.correct[b]
		c.conf[b] += o.conf[b]
	}
}

// A Bin is one row of a reliability table: the predictions whose
// probability is in [Low, High) (the last bin includes 1), how many were
// right, and their mean probability.
type Bin struct {
	Low        float64 `json:"low"`
	High       float64 `json:"high"`
	Count      int     `json:"count"`
	Accuracy   float64 `json:"accuracy"`
	Confidence float64 `json:"confidence"`
}

// Bins returns the reliability table, one Bin per tenth of probability.
func (c *Calibration) Bins() []Bin {
	out := make([]Bin, CalibrationBins)
	for b := range out {
		out[b] = Bin{Low: float64(b) / CalibrationBins, High: float64(b+1) / CalibrationBins, Count: c.count[b]}
		if n := c.count[b]; n > 0 {
			out[b].Accuracy = float64(c.correct[b]) / float64(n)
			out[b].Confidence = c.conf[b] / float64(n)
		}
	}
	return out
}

// ECE returns the expected calibration error: the mean over predictions
// of |accuracy - mean probability| of their bin, that is
// sum over bins of |right - summed probability| / predictions.
func (c *Calibration) ECE() float64 {
	var n int
	var e float64
	for b := range c.count {
		n += c.count[b]
		e += math.Abs(float64(c.correct[b]) - c.conf[b])
	}
	if n == 0 {
		return 0
	}
	return e / float64(n)
}
