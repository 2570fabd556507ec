package classify

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Autotune
//
// Autotune chooses the training options by k-fold cross-validation on the
// training documents alone (the folds of Calibrate), like fastText's
// -autotune-validation but without a validation set taken from the data
// the user will test on. It is a coordinate search: starting from the
// options given, it tries each value of one setting at a time, keeps the
// best, and goes on to the next setting (AutotuneSettings, in order),
// then, when that changed anything, tries the model, alpha and transform
// again around the result. Counts are reused: the
// documents are tokenized once per text pipeline and n-gram length, the
// fold models (the total minus each fold, fitDocs) are fitted once per
// minimum count and transform, and the settings that only change scoring
// (model, priors, alpha, weight normalization) reuse those fits. The
// chosen model's held-out scores also fit its temperature.

// An AutotuneConfig sets what Autotune maximizes and how long it may run.
type AutotuneConfig struct {
	// Folds of the cross-validation; 0 means 5.
	Folds int
	// Metric is "accuracy" (the default) or "macro-f1".
	Metric string
	// Duration is the budget: no new setting is tried after it; 0 means
	// no limit. The first setting is always tried.
	Duration time.Duration
	// Progress, when not nil, is called after each trial.
	Progress func(Trial)
}

// A Doc is one labeled training document for Autotune and
// Trainer.AddDocuments. Group is its group for a grouped model
// (Trainer.AddGroupedDocument): Autotune tries grouping when every
// document has one; AddDocuments ignores it.
type Doc struct {
	ID, Text, Label, Group string
}

// ErrMetric is returned for an unknown AutotuneConfig.Metric.
var ErrMetric = errors.New("classify: autotune metric must be accuracy or macro-f1")

// autotuneDim is one setting Autotune varies, with its values. The values
// of a setting that rescales the weights (transform, weight norm) are
// each tried with every alpha, since the best smoothing depends on the
// size of the weights.
type autotuneDim struct {
	name     string
	values   []func(*Options)
	rescales bool
}

// autotuneAlphas are the smoothing constants Autotune tries.
var autotuneAlphas = []float64{1, 0.5, 0.3, 0.1, 0.03, 0.01}

// AutotuneSettings lists the settings Autotune varies, in the order it
// tries them, with their values.
var AutotuneSettings = []string{
	"model: multinomial, complement, each with document or uniform priors",
	"alpha: 1, 0.5, 0.3, 0.1, 0.03, 0.01",
	"transform: raw counts; log tf; log tf + idf; log tf + idf + length norm; sublinear tf + idf + length norm",
	"weight norm: off, on (with uniform priors)",
	"n-grams: 1, 2",
	"min count: 1, 2, 3",
	"stop words: off, on",
	"stemming: off, on",
	"grouping (when every document has a group): the chosen options grouped, with each model and each alpha",
}

func autotuneDims() []autotuneDim {
	var alpha []func(*Options)
	for _, a := range autotuneAlphas {
		alpha = append(alpha, func(o *Options) { o.Alpha = a })
	}
	var ngrams, minCount []func(*Options)
	for _, n := range []int{1, 2} {
		ngrams = append(ngrams, func(o *Options) { o.NGrams, o.Bigrams = n, n >= 2; *o = o.canonical() })
	}
	for _, n := range []int{1, 2, 3} {
		minCount = append(minCount, func(o *Options) { o.MinCount = n })
	}
	onOff := func(set func(*Options, bool)) []func(*Options) {
		return []func(*Options){func(o *Options) { set(o, false) }, func(o *Options) { set(o, true) }}
	}
	return []autotuneDim{
		{"model", []func(*Options){
			func(o *Options) { o.Complement, o.UniformPriors = false, false },
			func(o *Options) { o.Complement, o.UniformPriors = false, true },
			func(o *Options) { o.Complement, o.UniformPriors = true, false },
			func(o *Options) { o.Complement, o.UniformPriors = true, true },
		}, false},
		{"alpha", alpha, false},
		{"transform", []func(*Options){
			func(o *Options) { o.TF, o.IDF, o.LengthNorm = TFRaw, false, false },
			func(o *Options) { o.TF, o.IDF, o.LengthNorm = TFLog, false, false },
			func(o *Options) { o.TF, o.IDF, o.LengthNorm = TFLog, true, false },
			func(o *Options) { o.TF, o.IDF, o.LengthNorm = TFLog, true, true },
			func(o *Options) { o.TF, o.IDF, o.LengthNorm = TFSublinear, true, true },
		}, true},
		{"weight norm", []func(*Options){
			func(o *Options) { o.WeightNorm = false },
			func(o *Options) { o.WeightNorm, o.UniformPriors = true, true },
		}, true},
		{"ngrams", ngrams, false},
		{"min count", minCount, false},
		{"stop words", onOff(func(o *Options, v bool) { o.Text.StopWords = v }), false},
		{"stemming", onOff(func(o *Options, v bool) { o.Text.Stem = v }), false},
	}
}

// Settings returns a short description of the options that Autotune
// varies, such as "complement uniform alpha=0.3 tf=log idf l2 ngrams=2
// min-count=2 stop stem".
func (o Options) Settings() string {
	var b strings.Builder
	if o.Complement {
		b.WriteString("complement")
	} else {
		b.WriteString("multinomial")
	}
	if o.UniformPriors {
		b.WriteString(" uniform")
	}
	fmt.Fprintf(&b, " alpha=%g", o.alpha())
	if o.TF != TFRaw {
		fmt.Fprintf(&b, " tf=%v", o.TF)
	}
	if o.IDF {
		b.WriteString(" idf")
	}
	if o.LengthNorm {
		b.WriteString(" l2")
	}
	if o.WeightNorm {
		b.WriteString(" wnorm")
	}
	if n := o.ngrams(); n > 1 {
		fmt.Fprintf(&b, " ngrams=%d", n)
	}
	if o.MinCount > 1 {
		fmt.Fprintf(&b, " min-count=%d", o.MinCount)
	}
	if o.Text.StopWords {
		b.WriteString(" stop")
	}
	if o.Text.Stem {
		b.WriteString(" stem")
	}
	b.WriteString(o.learnerSettings())
	return b.String()
}

// tuner holds what Autotune reuses between trials.
type tuner struct {
	docs   []Doc
	k      int
	macro  bool
	stores map[string]*Trainer // by pipeline and n-grams
	// fits of the last fit keys used, per fold.
	fitKey []string
	fits   [][]*fit
}

func (tu *tuner) trainer(opts Options) (*Trainer, error) {
	key := fmt.Sprint(opts.Text, opts.ngrams())
	if t := tu.stores[key]; t != nil {
		return t, nil
	}
	fo := opts
	fo.Complement, fo.UniformPriors, fo.Alpha, fo.WeightNorm = false, false, 1, false
	t := newTrainer(fo)
	if _, err := t.AddDocuments(tu.docs); err != nil {
		return nil, err
	}
	if len(tu.stores) >= 2 { // keep memory bounded: drop the others
		clear(tu.stores)
	}
	tu.stores[key] = t
	return t, nil
}

func (tu *tuner) foldFits(t *Trainer, opts Options, fold []int) []*fit {
	key := fmt.Sprint(opts.Text, opts.ngrams(), opts.MinCount, opts.TF, opts.IDF, opts.LengthNorm)
	for i, k := range tu.fitKey {
		if k == key {
			return tu.fits[i]
		}
	}
	fits := make([]*fit, tu.k)
	parallel(tu.k, func(f int) { fits[f] = t.fitFold(opts, fold, f) })
	tu.fitKey = append(tu.fitKey, key)
	tu.fits = append(tu.fits, fits)
	if len(tu.fitKey) > 2 {
		tu.fitKey, tu.fits = tu.fitKey[1:], tu.fits[1:]
	}
	return fits
}

// parallel calls f(0) to f(n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, f func(int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(n, runtime.GOMAXPROCS(0)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
}

// trial cross-validates opts and returns its held-out scores, accuracy
// and macro-F1.
func (tu *tuner) trial(opts Options) (*heldOut, float64, float64, error) {
	t, err := tu.trainer(opts)
	if err != nil {
		return nil, 0, 0, err
	}
	s := t.store
	fold := make([]int, s.docs())
	for d := range fold {
		fold[d] = cvFold(s.docHash[d], tu.k)
	}
	fits := tu.foldFits(t, opts, fold)
	parts := make([]*heldOut, tu.k)
	parallel(tu.k, func(f int) { parts[f] = t.scoreFit(opts, fits[f], fold, f) })
	h := joinHeldOut(s.labels, parts)
	cf := &Confusion{}
	for d, y := range h.truth {
		row := h.scores[d*h.C : (d+1)*h.C]
		pred := h.labels[argmax(row)]
		if !h.known[d] {
			pred = Unknown
		}
		cf.Add(h.labels[y], pred)
	}
	rep := cf.Report()
	return h, rep.Accuracy, rep.MacroF1, nil
}

// groupedTrials cross-validates grouped models with each of the options
// opts, which differ only in what changes scoring (model, priors, alpha,
// weight norm), and returns each one's accuracy and macro-F1. On each
// fold, one grouped Trainer (router included) counts the other folds'
// documents; its groups fit them once; then each options' model is
// compiled from those fits and classifies the fold's documents, as
// "khabar classify" would.
func (tu *tuner) groupedTrials(opts []Options) (acc, f1 []float64, err error) {
	parts := make([][]*Confusion, tu.k) // fold → options
	errs := make([]error, tu.k)
	fold := make([]int, len(tu.docs))
	for i, d := range tu.docs {
		fold[i] = cvFold(docHash(d.ID, i), tu.k)
	}
	parallel(tu.k, func(f int) {
		base := opts[0]
		base.Temperature = 0
		t := newTrainer(base)
		for i, d := range tu.docs {
			if fold[i] != f {
				if err := t.AddGroupedDocument(d.ID, d.Text, d.Label, d.Group); err != nil {
					errs[f] = err
					return
				}
			}
		}
		for _, g := range t.groups {
			if base.perDocument() {
				g.whole, g.wholeDocs = g.store.fitDocs(g.opts, g.docTokens, nil), g.store.docs()
			}
		}
		var router *Model // the same for every options: made once
		for _, o := range opts {
			for _, tr := range append([]*Trainer{t}, mapValues(t.groups)...) {
				tr.opts.Complement, tr.opts.UniformPriors, tr.opts.Alpha, tr.opts.WeightNorm = o.Complement, o.UniformPriors, o.alpha(), o.WeightNorm
			}
			m, err := t.regroup(router)
			if err != nil {
				errs[f] = err
				return
			}
			router = m.router
			s := m.NewScorer()
			cf := &Confusion{}
			for i, d := range tu.docs {
				if fold[i] == f {
					cf.Add(d.Label, s.Classify(d.Text).Label)
				}
			}
			parts[f] = append(parts[f], cf)
		}
	})
	for f := range parts {
		if errs[f] != nil {
			return nil, nil, fmt.Errorf("classify: autotune: grouped model without fold %d: %w", f+1, errs[f])
		}
	}
	for i := range opts {
		cf := &Confusion{}
		for f := range parts {
			cf.Merge(parts[f][i])
		}
		rep := cf.Report()
		acc, f1 = append(acc, rep.Accuracy), append(f1, rep.MacroF1)
	}
	return acc, f1, nil
}

// regroup is groupedModel for a grouped Trainer whose router, made by an
// earlier call, is router (nil: make it).
func (t *Trainer) regroup(router *Model) (*Model, error) {
	if router == nil {
		return t.groupedModel()
	}
	return t.groupedWith(router)
}

func mapValues[V any](m map[string]V) []V {
	out := make([]V, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// Autotune chooses options for docs by cross-validation (see Autotune),
// starting from base, and returns them with the report of what it tried;
// the options include the fitted temperature. Train the model with them
// on all of docs; when the report says Grouped, train a grouped model
// (Trainer.AddGroupedDocument) and calibrate it (Trainer.Calibrate): the
// temperatures are then the groups'.
func Autotune(docs []Doc, base Options, cfg AutotuneConfig) (Options, *CVReport, error) {
	start := time.Now()
	k := cfg.Folds
	if k == 0 {
		k = 5
	}
	if k < 2 {
		return base, nil, fmt.Errorf("classify: autotune needs 2 folds or more, not %d", k)
	}
	metric := cfg.Metric
	switch metric {
	case "":
		metric = "accuracy"
	case "accuracy", "macro-f1":
	default:
		return base, nil, fmt.Errorf("%w, not %q", ErrMetric, cfg.Metric)
	}
	if _, err := NewTrainer(base); err != nil {
		return base, nil, err
	}
	base = base.canonical()
	base.Alpha = base.alpha()
	base.Temperature = 0
	labels := map[string]bool{}
	for _, d := range docs {
		if err := CheckLabel(d.Label); err != nil {
			return base, nil, err
		}
		labels[d.Label] = true
	}
	if len(labels) < 2 || len(docs) < k {
		return base, nil, fmt.Errorf("%w, found %d documents of %d labels", ErrTooFewLabels, len(docs), len(labels))
	}
	tu := &tuner{docs: docs, k: k, macro: metric == "macro-f1", stores: map[string]*Trainer{}}
	rep := &CVReport{Folds: k, Metric: metric}
	tried := map[string]bool{}
	best, bestScore := base, math.Inf(-1)
	var bestH *heldOut
	var bestAcc, bestF1 float64
	try := func(o Options) error {
		key := o.Settings()
		if tried[key] {
			return nil
		}
		tried[key] = true
		t0 := time.Now()
		h, acc, f1, err := tu.trial(o)
		if err != nil {
			return err
		}
		tr := Trial{Settings: key, Accuracy: acc, MacroF1: f1, Seconds: time.Since(t0).Seconds()}
		rep.Tried = append(rep.Tried, tr)
		if cfg.Progress != nil {
			cfg.Progress(tr)
		}
		score := acc
		if tu.macro {
			score = f1
		}
		if score > bestScore {
			best, bestScore, bestH, bestAcc, bestF1 = o, score, h, acc, f1
		}
		return nil
	}
	if err := try(base); err != nil {
		return base, nil, err
	}
	dims := autotuneDims()
	budget := func() bool { return cfg.Duration == 0 || time.Since(start) < cfg.Duration }
	for pass := 0; pass < 2 && budget(); pass++ {
		before := best.Settings()
		for i, dim := range dims {
			if pass > 0 && i >= 3 {
				break // the second pass: model, alpha and transform again
			}
			center := best
			for _, set := range dim.values {
				if !budget() {
					break
				}
				o := center
				set(&o)
				if err := try(o); err != nil {
					return base, nil, err
				}
				for _, a := range autotuneAlphas {
					if !dim.rescales || !budget() {
						break
					}
					oa := o
					oa.Alpha = a
					if err := try(oa); err != nil {
						return base, nil, err
					}
				}
			}
		}
		if best.Settings() == before {
			break // a pass changed nothing
		}
	}
	cal, _, _ := bestH.cvReport(tu.k, true)
	rep.Documents = len(bestH.truth)
	rep.Accuracy, rep.MacroF1 = bestAcc, bestF1
	rep.Temperature, rep.ECE, rep.ECEUncalibrated = cal.Temperature, cal.ECE, cal.ECEUncalibrated
	rep.ECETemperature, rep.topMap = cal.ECETemperature, cal.topMap
	rep.Chosen = best.Settings()
	best.Temperature = cal.Temperature

	// Grouping: the best ungrouped options with each model, then the
	// best of those with each alpha.
	grouped := len(docs) > 0
	for _, d := range docs {
		grouped = grouped && d.Group != ""
	}
	if !grouped || !budget() {
		return best, rep, nil
	}
	ungrouped := best
	ungrouped.Temperature = 0
	var grid []Options
	for _, model := range dims[0].values {
		for _, alpha := range dims[1].values {
			o := ungrouped
			model(&o)
			alpha(&o)
			grid = append(grid, o)
		}
	}
	t0 := time.Now()
	accs, f1s, err := tu.groupedTrials(grid)
	if err != nil {
		return base, nil, err
	}
	each := time.Since(t0).Seconds() / float64(len(grid))
	gBest, gScore, gAcc, gF1 := ungrouped, math.Inf(-1), 0.0, 0.0
	for i, o := range grid {
		tr := Trial{Settings: o.Settings() + " grouped", Accuracy: accs[i], MacroF1: f1s[i], Seconds: each}
		rep.Tried = append(rep.Tried, tr)
		if cfg.Progress != nil {
			cfg.Progress(tr)
		}
		score := accs[i]
		if tu.macro {
			score = f1s[i]
		}
		if score > gScore {
			gBest, gScore, gAcc, gF1 = o, score, accs[i], f1s[i]
		}
	}
	if gScore > bestScore {
		rep.Grouped = true
		rep.Chosen = gBest.Settings() + " grouped"
		rep.Accuracy, rep.MacroF1 = gAcc, gF1
		rep.Documents = len(docs)
		rep.Temperature, rep.ECE, rep.ECEUncalibrated = 0, 0, 0
		rep.ECETemperature, rep.topMap = 0, nil
		return gBest, rep, nil
	}
	return best, rep, nil
}

// SetCV records rep as the cross-validation of the next Model of t, for
// options chosen by Autotune.
func (t *Trainer) SetCV(rep *CVReport) {
	t.init()
	t.cv = rep
}
