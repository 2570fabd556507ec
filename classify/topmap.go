package classify

import (
	"cmp"
	"math"
	"slices"
)

// Calibration of the top probability
//
// A temperature is one number; for complement models (whose scores are
// not log-likelihoods) no one temperature makes the probabilities
// calibrated: on the ANT split their held-out predictions are
// underconfident below 0.9 and overconfident above it (ECE 0.08-0.09
// with the temperature alone). So after the temperature, Calibrate fits a
// monotone map of the top label's probability on the same held-out
// predictions: isotonic regression (pool adjacent violators) of "the top
// label is right" on the top probability, whose blocks give the points
// (mean probability, accuracy) of a piecewise linear map, constant beyond
// the first and last point. A text's top probability p becomes map(p),
// and the other labels' probabilities are scaled by (1-map(p))/(1-p), so
// that they keep their ratios and sum to 1; map(p) is raised, if need be,
// so that the top label stays the most probable (the label is never
// changed). The map is saved in the model (format 4); a model without one
// (formats 1-3, or trained with --temperature) gives the temperature's
// probabilities as before.
//
// The ECE that Calibrate reports is cross-fitted: the held-out
// predictions of each fold are mapped by the map fitted on the other
// folds' predictions, so that it is not measured on the map's own data.

// minTopMapDocs is the fewest held-out predictions a map is fitted on;
// with fewer, the temperature alone calibrates.
const minTopMapDocs = 100

// A topMap maps the top probability: points (x[i], y[i]), x strictly
// increasing, y non-decreasing, all in [0, 1].
type topMap struct {
	x, y []float64
}

// A topPred is one held-out prediction: its top probability, whether it
// was right, and its fold.
type topPred struct {
	p     float64
	floor float64 // the least the map may give: the top label stays first
	right bool
	fold  int
}

// fitTopMap fits the map of the predictions ps by isotonic regression,
// or returns nil for fewer than minTopMapDocs of them.
func fitTopMap(ps []topPred) *topMap {
	if len(ps) < minTopMapDocs {
		return nil
	}
	return isotonic(ps)
}

// isotonic returns the map of the isotonic regression of ps.
func isotonic(ps []topPred) *topMap {
	s := slices.Clone(ps)
	slices.SortStableFunc(s, func(a, b topPred) int { return cmp.Compare(a.p, b.p) })
	type block struct{ sp, right, n float64 }
	var st []block
	for i := 0; i < len(s); {
		// Equal probabilities make one block: the map is a function.
		b := block{}
		j := i
		for ; j < len(s) && s[j].p == s[i].p; j++ {
			b.sp += s[j].p
			b.n++
			if s[j].right {
				b.right++
			}
		}
		i = j
		st = append(st, b)
		for len(st) > 1 {
			a, b := st[len(st)-2], st[len(st)-1]
			if a.right*b.n < b.right*a.n { // accuracy increasing: keep
				break
			}
			st = append(st[:len(st)-2], block{a.sp + b.sp, a.right + b.right, a.n + b.n})
		}
	}
	tm := &topMap{}
	for _, b := range st {
		tm.x = append(tm.x, b.sp/b.n)
		tm.y = append(tm.y, b.right/b.n)
	}
	return tm
}

// valid reports whether tm is a map as fitTopMap makes them.
func (tm *topMap) valid() bool {
	if len(tm.x) == 0 || len(tm.x) != len(tm.y) {
		return false
	}
	for i := range tm.x {
		if !(tm.x[i] >= 0 && tm.x[i] <= 1 && tm.y[i] >= 0 && tm.y[i] <= 1) {
			return false
		}
		if i > 0 && !(tm.x[i] > tm.x[i-1] && tm.y[i] >= tm.y[i-1]) {
			return false
		}
	}
	return true
}

// equal reports whether tm and o are the same map (or both nil).
func (tm *topMap) equal(o *topMap) bool {
	if tm == nil || o == nil {
		return tm == o
	}
	return slices.Equal(tm.x, o.x) && slices.Equal(tm.y, o.y)
}

// at returns the map of p.
func (tm *topMap) at(p float64) float64 {
	i, _ := slices.BinarySearch(tm.x, p)
	switch {
	case i == 0:
		return tm.y[0]
	case i == len(tm.x):
		return tm.y[len(tm.y)-1]
	}
	t := (p - tm.x[i-1]) / (tm.x[i] - tm.x[i-1])
	return tm.y[i-1] + t*(tm.y[i]-tm.y[i-1])
}

// topFloor returns the least top probability that keeps best the most
// probable label of probs once the others are scaled to the rest: with
// rest = 1-probs[best] and second the largest other probability,
// q >= second*(1-q)/rest, or when the others underflowed to 0 and share
// the rest equally, 1/(labels). possible is as for apply.
func topFloor(probs []float64, best int, possible func(c int) bool) float64 {
	second, others := otherLabels(probs, best, possible)
	if others == 0 {
		return 1
	}
	if rest := 1 - probs[best]; rest > 0 && second > 0 {
		return second / (rest + second)
	}
	return 1 / float64(others+1)
}

// otherLabels returns the largest probability of the labels but best
// that possible allows (nil: all), and how many they are.
func otherLabels(probs []float64, best int, possible func(c int) bool) (second float64, n int) {
	for c, v := range probs {
		if c != best && (possible == nil || possible(c)) {
			second = max(second, v)
			n++
		}
	}
	return second, n
}

// apply maps the probabilities probs, whose most probable label is best,
// in place. possible(c) (nil: every label) tells the labels that can get
// probability: those of a grouped model's group.
func (tm *topMap) apply(probs []float64, best int, possible func(c int) bool) {
	p := probs[best]
	q := tm.at(p)
	if floor := topFloor(probs, best, possible); q <= floor {
		// A hair above, so that no other label ties with the top one.
		q = floor + (1-floor)*1e-9
	}
	rest := 1 - p
	second, others := otherLabels(probs, best, possible)
	if others == 0 {
		return
	}
	if rest > 0 && second > 0 {
		for c := range probs {
			if c != best {
				probs[c] *= (1 - q) / rest
			}
		}
	} else {
		// The others' probabilities underflowed to 0: share 1-q.
		for c := range probs {
			if c != best && (possible == nil || possible(c)) {
				probs[c] = (1 - q) / float64(others)
			}
		}
	}
	probs[best] = q
	for c, v := range probs {
		if c != best && v >= q { // rounding
			probs[c] = math.Nextafter(q, 0)
		}
	}
}

// topPreds returns the held-out predictions of h at temperature temp
// (known documents only: the others are Unknown).
func (h *heldOut) topPreds(temp float64) []topPred {
	var out []topPred
	var p []float64
	for d, y := range h.truth {
		if !h.known[d] {
			continue
		}
		p = h.probs(p, d, temp)
		best := argmax(p)
		out = append(out, topPred{p: p[best], floor: topFloor(p, best, nil), right: best == int(y), fold: h.fold[d]})
	}
	return out
}

// crossFitted returns the calibration of the predictions ps, each
// mapped by the map fitted on the predictions of the other folds, and
// whether every fold had a map.
func crossFitted(ps []topPred, k int) (*Calibration, bool) {
	maps := make([]*topMap, k)
	all := true
	for f := range maps {
		var others []topPred
		for _, x := range ps {
			if x.fold != f {
				others = append(others, x)
			}
		}
		maps[f] = fitTopMap(others)
		all = all && maps[f] != nil
	}
	cal := &Calibration{}
	for _, x := range ps {
		p := x.p
		if tm := maps[x.fold]; tm != nil {
			p = max(tm.at(p), x.floor)
		}
		cal.Add(p, x.right)
	}
	return cal, all
}

// unknownCalibration returns the calibration of h's documents with no
// known feature (Unknown, never right) at temperature temp.
func (h *heldOut) unknownCalibration(temp float64) *Calibration {
	cal := &Calibration{}
	var p []float64
	for d := range h.truth {
		if !h.known[d] {
			p = h.probs(p, d, temp)
			cal.Add(p[argmax(p)], false)
		}
	}
	return cal
}
