package models

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/khabar-nlp/khabar/classify"
)

// An OutletScore is the score of a model on one held-out outlet, trained
// on the labeled articles of every other outlet.
type OutletScore struct {
	Corpus, Source string
	// Articles is the number of the outlet's labeled articles, and Topics
	// the labels they hold, in byte order.
	Articles int
	Topics   []string
	Accuracy float64
	// MacroF1 is the mean F1 over Topics (see PresentMacroF1).
	MacroF1 float64
}

// PresentMacroF1 is the mean F1 over the labels that have documents in r
// (support above 0). A label that was predicted but has no documents lowers
// the recall of the labels it was taken from, and is not averaged itself:
// a held-out outlet with no ISIS article is scored over the topics it
// has, as issue 12 asks.
func PresentMacroF1(r classify.Report) float64 {
	var sum float64
	n := 0
	for _, l := range r.Labels {
		if l.Support > 0 {
			sum += l.F1
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// Evaluate trains a model with opts on train and counts its predictions on
// test.
func Evaluate(train, test []Article, opts classify.Options) (*classify.Confusion, error) {
	ex := make([]classify.Example, len(train))
	for i, a := range train {
		ex[i] = classify.Example{Text: a.Text, Label: a.Label}
	}
	m, err := classify.Train(ex, opts)
	if err != nil {
		return nil, err
	}
	cf := new(classify.Confusion)
	for _, a := range test {
		cf.Add(a.Label, m.Classify(a.Text).Label)
	}
	return cf, nil
}

// LeaveOneOutletOut scores opts on each outlet of arts in turn, trained on
// the articles of every other outlet of both corpora; outlets are in
// (corpus, source) order. all sums the predictions over every outlet.
func LeaveOneOutletOut(arts []Article, opts classify.Options) (scores []OutletScore, all *classify.Confusion, err error) {
	type outlet struct{ corpus, source string }
	var outlets []outlet
	seen := map[outlet]bool{}
	for _, a := range arts {
		o := outlet{a.Corpus, a.Source}
		if !seen[o] {
			seen[o] = true
			outlets = append(outlets, o)
		}
	}
	slices.SortFunc(outlets, func(a, b outlet) int {
		return cmp.Or(strings.Compare(a.corpus, b.corpus), strings.Compare(a.source, b.source))
	})
	all = new(classify.Confusion)
	for _, o := range outlets {
		var train, test []Article
		for _, a := range arts {
			if a.Corpus == o.corpus && a.Source == o.source {
				test = append(test, a)
			} else {
				train = append(train, a)
			}
		}
		cf, err := Evaluate(train, test, opts)
		if err != nil {
			return nil, nil, fmt.Errorf("models: without %s %s: %w", o.corpus, o.source, err)
		}
		all.Merge(cf)
		r := cf.Report()
		s := OutletScore{Corpus: o.corpus, Source: o.source, Articles: len(test), Accuracy: r.Accuracy, MacroF1: PresentMacroF1(r)}
		for _, l := range r.Labels {
			if l.Support > 0 {
				s.Topics = append(s.Topics, l.Label)
			}
		}
		scores = append(scores, s)
	}
	return scores, all, nil
}

// Weighted is the article-weighted mean MacroF1 of scores.
func Weighted(scores []OutletScore) float64 {
	var sum float64
	n := 0
	for _, s := range scores {
		sum += s.MacroF1 * float64(s.Articles)
		n += s.Articles
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// CrossCorpus trains opts on the articles of corpus from and scores it on
// those of corpus to. With only set, both sides keep only articles of
// those labels (news-2013 has no ISIS article, so news-2013 → ANT is
// scored over the three topics it holds).
func CrossCorpus(arts []Article, from, to string, only []string, opts classify.Options) (classify.Report, error) {
	var train, test []Article
	for _, a := range arts {
		if only != nil && !slices.Contains(only, a.Label) {
			continue
		}
		switch a.Corpus {
		case from:
			train = append(train, a)
		case to:
			test = append(test, a)
		}
	}
	if len(train) == 0 || len(test) == 0 {
		return classify.Report{}, fmt.Errorf("models: no labeled articles of %s or %s", from, to)
	}
	cf, err := Evaluate(train, test, opts)
	if err != nil {
		return classify.Report{}, err
	}
	return cf.Report(), nil
}
