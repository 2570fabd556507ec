package analyze

import "math"

// A unit is one passage of a page as the segmenter sees it.
type unit struct {
	line, endLine int
	tokens        int // tokens the topic model scored
	words         int // tokens of the text pipeline, known to the model or not
	// ll holds, per label, the sum of the log-probabilities of the
	// passage's tokens under that label (no prior).
	ll []float64
	// content is false for boilerplate and for later copies of a duplicated
	// passage: they neither count for the topic nor make an article.
	content bool
	boiler  bool
	reason  string // why the unit is boilerplate
	// opensCaption is true for the first line of a repeated caption (a
	// passage followed by its own copy), which often opens a new article.
	opensCaption bool
}

// SegmentOptions tune the splitting of pages into articles.
type SegmentOptions struct {
	// MinTokens is the fewest content tokens an article may have
	// (default 40).
	MinTokens int
	// SignalPenalty is the gain in log-likelihood (nats) a split needs at a
	// structural boundary: before a repeated caption, after boilerplate
	// (default 10).
	SignalPenalty float64
	// TopicPenalty is the gain a split needs anywhere else, per content
	// token of the shorter side (default 1.0): a pure topic shift must be
	// strong and long to split a page.
	TopicPenalty float64
}

func (o *SegmentOptions) defaults() {
	if o.MinTokens <= 0 {
		o.MinTokens = 40
	}
	if o.SignalPenalty <= 0 {
		o.SignalPenalty = 10
	}
	if o.TopicPenalty <= 0 {
		o.TopicPenalty = 1.0
	}
}

// A span is a range of units [from, to).
type span struct{ from, to int }

// segmenter splits one page.
type segmenter struct {
	units    []unit
	logPrior []float64
	opt      SegmentOptions
	// prefix[i][c] is the sum of ll[c] over content units before i;
	// tokPrefix[i] the content tokens before i.
	prefix    [][]float64
	tokPrefix []int
	signal    []bool // signal[i]: a structural boundary before unit i
}

func newSegmenter(units []unit, logPrior []float64, opt SegmentOptions) *segmenter {
	opt.defaults()
	s := &segmenter{units: units, logPrior: logPrior, opt: opt}
	nl := len(logPrior)
	s.prefix = make([][]float64, len(units)+1)
	s.tokPrefix = make([]int, len(units)+1)
	s.prefix[0] = make([]float64, nl)
	for i, u := range units {
		row := make([]float64, nl)
		copy(row, s.prefix[i])
		s.tokPrefix[i+1] = s.tokPrefix[i]
		if u.content {
			for c := range row {
				row[c] += u.ll[c]
			}
			s.tokPrefix[i+1] += u.tokens
		}
		s.prefix[i+1] = row
	}
	s.signal = make([]bool, len(units)+1)
	for i, u := range units {
		if u.opensCaption {
			s.signal[i] = true
		}
		// The first unit after a run of boilerplate that follows content.
		if i > 0 && !u.boiler && units[i-1].boiler {
			s.signal[i] = true
		}
	}
	return s
}

// best returns the best label of units [a, b) and its log joint score.
func (s *segmenter) best(a, b int) (int, float64) {
	bl, bv := -1, math.Inf(-1)
	for c := range s.logPrior {
		v := s.logPrior[c] + s.prefix[b][c] - s.prefix[a][c]
		if v > bv {
			bl, bv = c, v
		}
	}
	return bl, bv
}

func (s *segmenter) tokens(a, b int) int { return s.tokPrefix[b] - s.tokPrefix[a] }

// split returns the spans of units that form articles, by recursive binary
// segmentation: a range is cut where the two sides are best explained by
// different labels and the gain in log-likelihood beats the penalty.
func (s *segmenter) split() []span {
	var out []span
	var rec func(a, b int)
	rec = func(a, b int) {
		_, whole := s.best(a, b)
		bestK, bestMargin := -1, 0.0
		for k := a + 1; k < b; k++ {
			lt, rt := s.tokens(a, k), s.tokens(k, b)
			if lt < s.opt.MinTokens || rt < s.opt.MinTokens {
				continue
			}
			ll, lv := s.best(a, k)
			rl, rv := s.best(k, b)
			if ll == rl {
				continue
			}
			gain := lv + rv - whole
			penalty := s.opt.SignalPenalty
			if !s.signal[k] {
				penalty = s.opt.TopicPenalty * float64(min(lt, rt))
			}
			if m := gain - penalty; m > bestMargin {
				bestK, bestMargin = k, m
			}
		}
		if bestK < 0 {
			out = append(out, span{a, b})
			return
		}
		rec(a, bestK)
		rec(bestK, b)
	}
	if len(s.units) > 0 {
		rec(0, len(s.units))
	}
	return out
}
