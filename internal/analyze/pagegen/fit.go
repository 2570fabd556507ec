package pagegen

import (
	"cmp"
	"math"
	"slices"

	"github.com/khabar-nlp/khabar/internal/analyze"
)

// A Model is a fitted boundary model: its weights and trees.
type Model struct {
	Weights analyze.Weights
	Trees   []analyze.Tree
}

// Options returns seg with the model's weights and trees.
func (m *Model) Options(seg analyze.SegmentOptions) analyze.SegmentOptions {
	seg.Weights, seg.Trees = &m.Weights, m.Trees
	return seg
}

// FitModel fits the boundary model on the gaps of analyzed pages
// (reports made with analyze.Options.KeepGaps, in page order), for
// articles of at least minTokens content tokens: Fit, then the bias moved
// by the step of 0.5 (within ±2) that gives the pages the best boundary
// F1 when they are cut by analyze.Cuts (the cuts interact through the
// minimum article size, which Fit does not see). The result is
// deterministic.
//
// A context stage was tried in December 2026 (stacked sequential
// learning: a second model over each gap's first-stage score, the scores
// of the gaps within 8 lines, and page-level figures, fitted on
// out-of-half scores of the fit pages). It raised the page benchmark's F1
// from 0.941 to 0.948, but split 250 of the 24,497 held-out real pages of
// bench/oversplit.sh instead of 99 (the page-level figures learn the
// generator's one to three articles a page), and with the neighbours'
// scores alone it measured 0.942 and split 105; it was left out.
func FitModel(pages []Page, reps []*analyze.PageReport, minTokens int) Model {
	if minTokens <= 0 {
		minTokens = analyze.DefaultMinTokens
	}
	gaps := make([][]analyze.Gap, len(pages))
	idx := make([]int, len(pages))
	for i := range pages {
		gaps[i], idx[i] = slices.Clone(reps[i].Gaps), i
	}
	var m Model
	m.Weights, m.Trees = fitStage(pages, gaps, idx, BoostRounds, boostDepth)
	shiftBias(pages, gaps, idx, &m.Weights, minTokens, func(i, k int, w *analyze.Weights) float64 {
		return analyze.BoundaryScore(w, m.Trees, &gaps[i][k].Features)
	})
	return m
}

// shiftBias moves w's bias by the step of 0.5 within ±2 that gives the
// pages idx the best boundary F1 when cut by analyze.Cuts on the scores
// score(i, k, w) of their gaps.
func shiftBias(pages []Page, gaps [][]analyze.Gap, idx []int, w *analyze.Weights, minTokens int, score func(i, k int, w *analyze.Weights) float64) {
	best, bestF := 0.0, -1.0
	for _, shift := range []float64{-2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2} {
		ws := *w
		ws[analyze.FeatBias] += shift
		var tp, fp, fn int
		for _, i := range idx {
			g := gaps[i]
			for k := range g {
				g[k].Score = score(i, k, &ws)
			}
			analyze.Cuts(g, minTokens)
			var truth, hyp []int
			for _, a := range pages[i].Articles[1:] {
				truth = append(truth, a.StartLine)
			}
			for _, x := range g {
				if x.Cut {
					hyp = append(hyp, x.Line)
				}
			}
			n := matchBoundaries(truth, hyp)
			tp, fp, fn = tp+n, fp+len(hyp)-n, fn+len(truth)-n
		}
		if f := ratio(2*tp, 2*tp+fp+fn); f > bestF {
			best, bestF = shift, f
		}
	}
	w[analyze.FeatBias] += best
}

// Fit fits the boundary model's weights and trees on the gaps of analyzed
// pages (see fitStage); FitModel also chooses the cut-off.
func Fit(pages []Page, reps []*analyze.PageReport) (analyze.Weights, []analyze.Tree) {
	gaps := make([][]analyze.Gap, len(pages))
	idx := make([]int, len(pages))
	for i := range pages {
		gaps[i], idx[i] = reps[i].Gaps, i
	}
	return fitStage(pages, gaps, idx, BoostRounds, boostDepth)
}

// fitStage fits the boundary model on the gaps of pages idx: a logistic
// regression (Newton's method, a small L2 penalty) of "an article starts
// here" on the features, where a gap is a positive example when it is
// the first gap at or within Tolerance lines after the start of a true
// article other than the first, and a negative one when no true boundary
// lies within Tolerance lines (the gaps in between are left out). Boosted trees
// (rounds of the given depth; see "Boosted trees" in package analyze) are then
// fitted on the residuals of the logistic score, and the bias is moved by the
// threshold that maximises the F1 of the gaps taken alone, on the sum. The
// result is deterministic.
func fitStage(pages []Page, gaps [][]analyze.Gap, idx []int, rounds, depth int) (analyze.Weights, []analyze.Tree) {
	var xs [][analyze.NumFeatures]float64
	var ys []float64
	for _, i := range idx {
		p, gaps := pages[i], gaps[i]
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
	for k := range w {
		w[k] = math.Round(w[k]*1000) / 1000
	}
	trees := boost(xs, ys, &w, rounds, depth)
	// Threshold: the log-odds cut with the best F1 over the examples.
	type sc struct{ s, y float64 }
	var scores []sc
	pos := 0.0
	for i := range xs {
		scores = append(scores, sc{analyze.BoundaryScore(&w, trees, &xs[i]), ys[i]})
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
	w[analyze.FeatBias] -= math.Round(bestT*1000) / 1000
	return w, trees
}

// Boosting settings (chosen by the 5-fold page benchmark: depth 3 and 200
// rounds gave F1 0.946 where depth 2 and 100 rounds gave 0.944): rounds,
// shrinkage, depth, quantile thresholds per
// feature, the least hessian (about p(1−p) summed) a leaf may hold, and
// the L2 penalty on leaf values.
const (
	BoostRounds  = 200
	boostRate    = 0.1
	boostDepth   = 3
	boostBins    = 32
	boostMinHess = 5
	boostLambda  = 1
)

// boost fits rounds regression trees by Newton boosting of the logistic
// loss, starting from the score w·x.
func boost(xs [][analyze.NumFeatures]float64, ys []float64, w *analyze.Weights, rounds, depth int) []analyze.Tree {
	const nf = analyze.NumFeatures
	n := len(xs)
	if n == 0 {
		return nil
	}
	// Candidate thresholds per feature: midpoints of distinct quantiles,
	// as float32 (the trees' type), and every example's bin.
	var thr [nf][]float32
	bins := make([][nf]uint8, n)
	vals := make([]float64, n)
	for k := 1; k < nf; k++ { // not the bias
		for i := range xs {
			vals[i] = xs[i][k]
		}
		slices.Sort(vals)
		// The distinct values at the quantiles (the least and the
		// greatest included), and the midpoints between them.
		var qs []float64
		for q := 0; q <= boostBins; q++ {
			v := vals[min(n-1, q*n/boostBins)]
			if len(qs) == 0 || v > qs[len(qs)-1] {
				qs = append(qs, v)
			}
		}
		var t []float32
		for j := 1; j < len(qs) && len(t) < boostBins; j++ {
			v := float32((qs[j-1] + qs[j]) / 2)
			if len(t) == 0 || v > t[len(t)-1] {
				t = append(t, v)
			}
		}
		thr[k] = t
		for i := range xs {
			// bin j: the first threshold the value is at most (len(t): none).
			j, _ := slices.BinarySearchFunc(t, xs[i][k], func(a float32, x float64) int {
				if float64(a) < x {
					return -1
				}
				return 1
			})
			bins[i][k] = uint8(j)
		}
	}
	margin := make([]float64, n)
	for i := range xs {
		margin[i] = w.Score(&xs[i])
	}
	g, h := make([]float64, n), make([]float64, n)
	var trees []analyze.Tree
	idx := make([]int32, n)
	for r := 0; r < rounds; r++ {
		for i := range xs {
			p := 1 / (1 + math.Exp(-margin[i]))
			g[i], h[i] = ys[i]-p, p*(1-p)
		}
		for i := range idx {
			idx[i] = int32(i)
		}
		var t analyze.Tree
		grow(&t, idx, 0, depth, xs, bins, &thr, g, h)
		for i := range xs {
			margin[i] += t.Score(&xs[i])
		}
		trees = append(trees, t)
	}
	return trees
}

// grow appends to t the node for examples idx at the given depth (and its
// children) and returns its index.
func grow(t *analyze.Tree, idx []int32, depth, maxDepth int, xs [][analyze.NumFeatures]float64, bins [][analyze.NumFeatures]uint8, thr *[analyze.NumFeatures][]float32, g, h []float64) int16 {
	const nf = analyze.NumFeatures
	var G, H float64
	for _, i := range idx {
		G += g[i]
		H += h[i]
	}
	me := int16(len(*t))
	leaf := analyze.TreeNode{Feature: -1, Value: float32(boostRate * G / (H + boostLambda))}
	*t = append(*t, leaf)
	if depth == maxDepth || H < 2*boostMinHess {
		return me
	}
	bestGain, bestK, bestJ := 0.0, -1, 0
	parent := G * G / (H + boostLambda)
	var hg, hh [boostBins + 1]float64
	for k := 1; k < nf; k++ {
		nt := len(thr[k])
		if nt == 0 {
			continue
		}
		clear(hg[:])
		clear(hh[:])
		for _, i := range idx {
			b := bins[i][k]
			hg[b] += g[i]
			hh[b] += h[i]
		}
		var lg, lh float64
		for j := 0; j < nt; j++ { // left: bins 0..j (values <= thr[j])
			lg += hg[j]
			lh += hh[j]
			rg, rh := G-lg, H-lh
			if lh < boostMinHess || rh < boostMinHess {
				continue
			}
			if gain := lg*lg/(lh+boostLambda) + rg*rg/(rh+boostLambda) - parent; gain > bestGain {
				bestGain, bestK, bestJ = gain, k, j
			}
		}
	}
	if bestK < 0 {
		return me
	}
	var left, right []int32
	for _, i := range idx {
		if int(bins[i][bestK]) <= bestJ {
			left = append(left, i)
		} else {
			right = append(right, i)
		}
	}
	l := grow(t, left, depth+1, maxDepth, xs, bins, thr, g, h)
	r := grow(t, right, depth+1, maxDepth, xs, bins, thr, g, h)
	(*t)[me] = analyze.TreeNode{Feature: int8(bestK), Threshold: thr[bestK][bestJ], Left: l, Right: r}
	return me
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
