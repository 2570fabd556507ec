package pagegen

import (
	"cmp"
	"math"
	"slices"

	"github.com/khabar-nlp/khabar/internal/analyze"
)

// Fit fits the boundary model's weights on the gaps of analyzed pages
// (reports made with analyze.Options.KeepGaps, in page order): a logistic
// regression (Newton's method, a small L2 penalty) of "an article starts
// here" on the gap features, where a gap is a positive example when it is
// the first gap at or within Tolerance lines after the start of a true
// article other than the first, and a negative one when no true boundary
// lies within Tolerance lines (the gaps in between are left out). The bias is then moved by the threshold that maximises the F1 of
// the gaps taken alone, and the result is deterministic.
func Fit(pages []Page, reps []*analyze.PageReport) analyze.Weights {
	var xs [][analyze.NumFeatures]float64
	var ys []float64
	for i, p := range pages {
		gaps := reps[i].Gaps
		pos := make([]bool, len(gaps))
		for _, a := range p.Articles[1:] {
			// The first gap at or just after the start: the section line
			// or caption that opens an article may be boilerplate.
			for k, g := range gaps {
				if g.Line >= a.StartLine && g.Line <= a.StartLine+Tolerance {
					pos[k] = true
					break
				}
			}
		}
		for k, g := range gaps {
			near := false
			for _, a := range p.Articles[1:] {
				near = near || abs(g.Line-a.StartLine) <= Tolerance
			}
			if near && !pos[k] {
				continue
			}
			y := 0.0
			if pos[k] {
				y = 1
			}
			xs = append(xs, g.Features)
			ys = append(ys, y)
		}
	}
	w := logistic(xs, ys, 1e-2)
	// Threshold: the log-odds cut with the best F1 over the examples.
	type sc struct{ s, y float64 }
	var scores []sc
	pos := 0.0
	for i := range xs {
		scores = append(scores, sc{w.Score(&xs[i]), ys[i]})
		pos += ys[i]
	}
	slices.SortFunc(scores, func(a, b sc) int { return cmp.Compare(b.s, a.s) })
	bestF, bestT, tp := 0.0, 0.0, 0.0
	for k, s := range scores {
		tp += s.y
		if k+1 < len(scores) && scores[k+1].s == s.s {
			continue
		}
		f := 2 * tp / (float64(k+1) + pos)
		if f > bestF {
			bestF = f
			if k+1 < len(scores) {
				bestT = (s.s + scores[k+1].s) / 2
			} else {
				bestT = s.s - 1
			}
		}
	}
	w[analyze.FeatBias] -= bestT
	for k := range w {
		w[k] = math.Round(w[k]*1000) / 1000
	}
	return w
}

// logistic fits weights by Newton's method with an L2 penalty lambda on
// every weight but the bias.
func logistic(xs [][analyze.NumFeatures]float64, ys []float64, lambda float64) analyze.Weights {
	const n = analyze.NumFeatures
	var w analyze.Weights
	for iter := 0; iter < 50; iter++ {
		var grad [n]float64
		var hess [n][n]float64
		for i := range xs {
			p := 1 / (1 + math.Exp(-w.Score(&xs[i])))
			for a := 0; a < n; a++ {
				grad[a] += (ys[i] - p) * xs[i][a]
				for b := 0; b < n; b++ {
					hess[a][b] += p * (1 - p) * xs[i][a] * xs[i][b]
				}
			}
		}
		for a := 1; a < n; a++ {
			grad[a] -= lambda * float64(len(xs)) * w[a] / 1000
			hess[a][a] += lambda * float64(len(xs)) / 1000
		}
		for a := 0; a < n; a++ {
			hess[a][a] += 1e-9
		}
		step := solve(hess, grad)
		change := 0.0
		for a := range w {
			w[a] += step[a]
			change = max(change, math.Abs(step[a]))
		}
		if change < 1e-8 {
			break
		}
	}
	return w
}

// solve solves a·x = b by Gaussian elimination with partial pivoting.
func solve(a [analyze.NumFeatures][analyze.NumFeatures]float64, b [analyze.NumFeatures]float64) [analyze.NumFeatures]float64 {
	const n = analyze.NumFeatures
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		if a[c][c] == 0 {
			continue
		}
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	var x [n]float64
	for c := n - 1; c >= 0; c-- {
		if a[c][c] == 0 {
			continue
		}
		s := b[c]
		for k := c + 1; k < n; k++ {
			s -= a[c][k] * x[k]
		}
		x[c] = s / a[c][c]
	}
	return x
}
