package classify

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/khabar-nlp/khabar/seeds"
)

// piecesModels trains a model for each kind of scoring on the lines of the
// sample pages, each labeled with its page's number modulo 3 (and, for
// the grouped model, grouped by page number modulo 2).
func piecesModels(t *testing.T) map[string]*Model {
	t.Helper()
	var ex []Example
	type grouped struct{ text, label, group string }
	var gex []grouped
	for i, p := range seeds.Pages() {
		for _, line := range strings.Split(p.Text, "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			label := fmt.Sprint("L", i%3)
			ex = append(ex, Example{Text: line, Label: label})
			gex = append(gex, grouped{line, label, fmt.Sprint("G", i%2)})
		}
	}
	models := map[string]*Model{}
	for name, o := range map[string]Options{
		"words":            {},
		"complement":       {Complement: true, Alpha: 0.5, Text: text.Settings{StopWords: true}},
		"bigrams":          {Bigrams: true},
		"trigrams+stem":    {NGrams: 3, Text: text.Settings{Stem: true}},
		"tf-idf-length":    {TF: TFLog, IDF: true, LengthNorm: true, NGrams: 2},
		"sublinear-weight": {TF: TFSublinear, Complement: true, WeightNorm: true},
		"temperature":      {Temperature: 3, NGrams: 3},
	} {
		models[name] = mustTrain(t, ex, o)
	}
	tr, err := NewTrainer(Options{Bigrams: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range gex {
		if err := tr.AddGrouped(e.text, e.label, e.group); err != nil {
			t.Fatal(err)
		}
	}
	g, err := tr.GroupedModel()
	if err != nil {
		t.Fatal(err)
	}
	models["grouped"] = g.m
	return models
}

// withPiece sets the piece size of s and of its group Scorers.
func withPiece(s *Scorer, n int) *Scorer {
	s.piece = n
	if s.route != nil {
		withPiece(s.route, n)
	}
	for _, g := range s.groups {
		withPiece(g, n)
	}
	return s
}

// TestScorePieces: a text scored a piece at a time (with the n-grams that
// cross from one piece into the next) has, bit for bit, the scores,
// likelihoods, known count and probabilities of the whole text scored at
// once, for every kind of model.
func TestScorePieces(t *testing.T) {
	var texts []string
	var all strings.Builder
	for _, p := range seeds.Pages() {
		texts = append(texts, p.Text)
		all.WriteString(p.Text)
		all.WriteString("\n")
	}
	texts = append(texts, all.String(), "", "\n\n\n", "one\ntwo\nthree", strings.Repeat("الشرطة\n", 50))
	for name, m := range piecesModels(t) {
		whole := withPiece(m.NewScorer(), math.MaxInt)
		for _, n := range []int{1, 2, 7, 100, 5000} {
			pieces := withPiece(m.NewScorer(), n)
			for _, s := range texts {
				want, wantKnown := whole.LogScores(s)
				want = slices.Clone(want)
				got, gotKnown := pieces.LogScores(s)
				if !slices.Equal(got, want) || gotKnown != wantKnown {
					t.Errorf("%s, pieces of %d: LogScores(%.30q) = %v, %d; whole text: %v, %d", name, n, s, got, gotKnown, want, wantKnown)
				}
				wantLL, _ := whole.LogLikelihoods(s)
				wantLL = slices.Clone(wantLL)
				if gotLL, _ := pieces.LogLikelihoods(s); !slices.Equal(gotLL, wantLL) {
					t.Errorf("%s, pieces of %d: LogLikelihoods(%.30q) = %v; whole text: %v", name, n, s, gotLL, wantLL)
				}
				wp, gp := whole.Classify(s), pieces.Classify(s)
				if gp.Label != wp.Label || gp.Prob != wp.Prob || gp.Known != wp.Known || !slices.Equal(gp.Probs, wp.Probs) {
					t.Errorf("%s, pieces of %d: Classify(%.30q) = %+v; whole text: %+v", name, n, s, gp, wp)
				}
			}
		}
	}
}
