package pagegen

import (
	"fmt"
	"io"
	"strings"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/models"
)

// Config sets the size of a cross-validated page benchmark.
type Config struct {
	// Folds is the number of folds over the labeled articles (by
	// classify.Fold of their ids); default 5.
	Folds int
	// Only, when >= 0, runs that fold alone (for a quick test); -1 runs
	// all.
	Only int
	// FitPages and TestPages are the pages generated per fold to fit the
	// boundary model and to measure it (defaults 2,000 and 1,000).
	FitPages, TestPages int
	// Seed seeds the page generator (each fold and use adds its own
	// offset).
	Seed uint64
	// Segment are the segmenter's options (its Weights are fitted).
	Segment analyze.SegmentOptions
	// Style is the style of the generated pages, to fit and to measure.
	Style Style
	// Log, if not nil, receives a line per fold.
	Log io.Writer
	// Breakdown, if not nil, receives the errors of every fold.
	Breakdown *Breakdown
}

// A Result is what CrossValidate measured.
type Result struct {
	Total  Metrics
	Folds  []Metrics
	Models []Model // fitted per fold
}

func (c *Config) defaults() {
	if c.Folds <= 1 {
		c.Folds = 5
	}
	if c.FitPages <= 0 {
		c.FitPages = 2000
	}
	if c.TestPages <= 0 {
		c.TestPages = 1000
	}
}

// CrossValidate measures segmentation and labeling on pages built from
// articles no model involved has seen. For each fold f:
//
//  1. the other folds are the training articles; they are split in two
//     halves A and B (by classify.Fold of "ID/fit");
//  2. a topic model trained on A analyzes FitPages pages generated from B,
//     and the boundary model is fitted on their gaps (Fit);
//  3. a topic model trained on all training articles, with those weights,
//     analyzes TestPages pages generated from the articles of fold f; the
//     same pages are also labeled with their true boundaries.
//
// No weight ever sees a page of a test fold, and no topic model ever sees
// an article of the pages it analyzes.
func CrossValidate(arts []Article, cfg Config) (*Result, error) {
	cfg.defaults()
	res := &Result{}
	for f := 0; f < cfg.Folds; f++ {
		if cfg.Only >= 0 && f != cfg.Only {
			continue
		}
		var train, test []Article
		for _, a := range arts {
			if classify.Fold(a.ID, cfg.Folds) == f {
				test = append(test, a)
			} else {
				train = append(train, a)
			}
		}
		fitted, err := FitWeights(train, cfg.FitPages, cfg.Seed+uint64(1000*f), cfg.Segment, cfg.Style)
		if err != nil {
			return nil, err
		}
		m, err := train1(train)
		if err != nil {
			return nil, err
		}
		pages := GenerateStyle(test, cfg.TestPages, cfg.Seed+uint64(1000*f)+1, cfg.Style)
		seg := fitted.Options(cfg.Segment)
		found := Run(m, pages, analyze.Options{Segment: seg})
		fixed := Run(m, pages, analyze.Options{Segment: seg, Boundaries: trueStarts(pages)})
		fm := Evaluate(pages, found, fixed, PkK(pages))
		if cfg.Breakdown != nil {
			cfg.Breakdown.Add(pages, found)
		}
		res.Folds = append(res.Folds, fm)
		res.Models = append(res.Models, fitted)
		res.Total.Add(fm)
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, "fold %d: %d test articles, F1 %.4f, Pk %.4f, WindowDiff %.4f, pages right %.4f, labels %.4f found / %.4f true; weights %v\n",
				f, len(test), fm.F1(), fm.Pk(), fm.WindowDiff(), fm.PageAccuracy(), fm.LabelAccFound(), fm.LabelAccTrue(), fitted.Weights)
		}
	}
	return res, nil
}

// FitWeights fits the boundary model on arts: a topic model trained on
// half of them (by classify.Fold of "ID/fit") analyzes n pages generated
// from the other half with seed in the given style, and FitModel fits the
// model on their gaps. DefaultWeights and DefaultTrees
// come from FitWeights on all the labeled articles.
func FitWeights(arts []Article, n int, seed uint64, seg analyze.SegmentOptions, style Style) (Model, error) {
	var a, b []Article
	for _, x := range arts {
		if classify.Fold(x.ID+"/fit", 2) == 0 {
			a = append(a, x)
		} else {
			b = append(b, x)
		}
	}
	m, err := train1(a)
	if err != nil {
		return Model{}, err
	}
	pages := GenerateStyle(b, n, seed, style)
	reps := Run(m, pages, analyze.Options{KeepGaps: true, Segment: seg})
	return FitModel(pages, reps, seg.MinTokens), nil
}

// train1 trains a topic model on arts with the default model's recipe.
func train1(arts []Article) (*classify.Model, error) {
	ex := make([]classify.Example, len(arts))
	for i, a := range arts {
		ex[i] = classify.Example{Text: a.Text(), Label: a.Label}
	}
	return classify.Train(ex, models.Recipe)
}

// Text returns the article as one text: the title, then the paragraphs,
// one a line.
func (a Article) Text() string {
	if a.Title == "" {
		return strings.Join(a.Paras, "\n")
	}
	return a.Title + "\n" + strings.Join(a.Paras, "\n")
}

// Run analyzes the pages with topic model m and the in-page duplicate
// finder and returns their reports in page order.
func Run(m analyze.Topics, pages []Page, opt analyze.Options) []*analyze.PageReport {
	an := analyze.New(m, analyze.DefaultPageDups(), opt)
	k := 0
	next := func() (analyze.Page, bool) {
		if k == len(pages) {
			return analyze.Page{}, false
		}
		k++
		return analyze.Page{ID: pages[k-1].ID, Text: pages[k-1].Text}, true
	}
	var reps []*analyze.PageReport
	an.Analyze(next, func(r *analyze.PageReport) error {
		reps = append(reps, r)
		return nil
	})
	return reps
}

// trueStarts returns an analyze.Options.Boundaries for the pages.
func trueStarts(pages []Page) func(int, string) ([]int, bool) {
	return func(i int, _ string) ([]int, bool) {
		var s []int
		for _, a := range pages[i].Articles {
			s = append(s, a.StartLine)
		}
		return s, true
	}
}
