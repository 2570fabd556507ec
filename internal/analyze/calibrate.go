package analyze

import "math"

// calibrated is implemented by topic models that turn scores into
// calibrated probabilities (*classify.Model: softmax of the scores divided
// by the model's fitted temperature times the number of known features;
// see classify's "Calibration").
type calibrated interface {
	Probabilities(dst, scores []float64, known int) []float64
}

// probabilities returns the probabilities of the log joint scores of an
// article with known scored features: the topic model's calibrated ones
// when it has them, else the plain softmax. scores is overwritten.
func (a *Analyzer) probabilities(scores []float64, known int) []float64 {
	if c, ok := a.topics.(calibrated); ok {
		return c.Probabilities(scores, scores, known)
	}
	maxv := math.Inf(-1)
	for _, v := range scores {
		maxv = math.Max(maxv, v)
	}
	total := 0.0
	for c := range scores {
		scores[c] = math.Exp(scores[c] - maxv)
		total += scores[c]
	}
	for c := range scores {
		scores[c] /= total
	}
	return scores
}
