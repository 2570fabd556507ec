package analyze

import (
	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/text"
)

// ModelTopics returns the Topics of a classify model. Passages are scored
// with the model's own scores (its log priors removed), so that the labels
// analyze gives articles are the ones "khabar classify" would give the
// same text.
func ModelTopics(m *classify.Model) Topics {
	prior, _ := m.NewScorer().LogScores("")
	return &modelTopics{
		m:     m,
		p:     text.New(m.Options().Text),
		prior: append([]float64(nil), prior...),
	}
}

type modelTopics struct {
	m     *classify.Model
	p     *text.Pipeline
	prior []float64
}

func (t *modelTopics) Labels() []string         { return t.m.Labels() }
func (t *modelTopics) LogPriors() []float64     { return t.prior }
func (t *modelTopics) Pipeline() *text.Pipeline { return t.p }
func (t *modelTopics) NewScorer() PassageScorer {
	return &modelScorer{s: t.m.NewScorer(), prior: t.prior, out: make([]float64, len(t.prior))}
}

type modelScorer struct {
	s     *classify.Scorer
	prior []float64
	out   []float64
}

func (s *modelScorer) Scores(text string) ([]float64, int) {
	scores, known := s.s.LogScores(text)
	for c := range s.out {
		s.out[c] = scores[c] - s.prior[c]
	}
	return s.out, known
}
