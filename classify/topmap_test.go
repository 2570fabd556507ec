package classify

import (
	"math"
	"slices"
	"testing"
)

func TestIsotonic(t *testing.T) {
	pred := func(p float64, right bool) topPred { return topPred{p: p, right: right} }
	tests := []struct {
		name string
		ps   []topPred
		x, y []float64
	}{
		{"increasing", []topPred{pred(0.2, false), pred(0.9, true)}, []float64{0.2, 0.9}, []float64{0, 1}},
		{"pooled", []topPred{pred(0.4, true), pred(0.1, false), pred(0.3, false), pred(0.2, true)}, []float64{0.1, 0.25, 0.4}, []float64{0, 0.5, 1}},
		{"all pooled", []topPred{pred(0.5, true), pred(0.6, false), pred(0.7, false)}, []float64{0.6}, []float64{1.0 / 3}},
		{"ties one block", []topPred{pred(0.5, true), pred(0.5, false), pred(0.8, true)}, []float64{0.5, 0.8}, []float64{0.5, 1}},
	}
	for _, tt := range tests {
		tm := isotonic(tt.ps)
		near := func(a, b []float64) bool {
			return slices.EqualFunc(a, b, func(u, v float64) bool { return math.Abs(u-v) < 1e-12 })
		}
		if !near(tm.x, tt.x) || !near(tm.y, tt.y) {
			t.Errorf("isotonic(%s) = %v %v, want %v %v", tt.name, tm.x, tm.y, tt.x, tt.y)
		}
		if !tm.valid() {
			t.Errorf("isotonic(%s) = %v %v: not valid", tt.name, tm.x, tm.y)
		}
	}
	if fitTopMap(make([]topPred, minTopMapDocs-1)) != nil {
		t.Errorf("fitTopMap of %d predictions: want nil", minTopMapDocs-1)
	}
}

func TestTopMapAt(t *testing.T) {
	tm := &topMap{x: []float64{0.2, 0.6, 1}, y: []float64{0.1, 0.5, 0.9}}
	for _, tt := range []struct{ p, want float64 }{
		{0, 0.1}, {0.2, 0.1}, {0.4, 0.3}, {0.6, 0.5}, {0.8, 0.7}, {1, 0.9},
	} {
		if got := tm.at(tt.p); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("at(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

// TestTopMapApply: the map sets the top probability, the others keep
// their ratios and the sum stays 1, and the top label stays first.
func TestTopMapApply(t *testing.T) {
	tm := &topMap{x: []float64{0.3, 0.9}, y: []float64{0.2, 0.8}}
	tests := []struct {
		probs    []float64
		possible func(int) bool
		want     []float64
	}{
		// 0.6 → 0.5; the rest 0.4 → 0.5, 3:1.
		{[]float64{0.1, 0.6, 0.3}, nil, []float64{0.125, 0.5, 0.375}},
		// 0.45 → 0.35 would put label 0 first: the top is held just
		// above it (0.44/(0.55+0.44) = 0.4444...).
		{[]float64{0.44, 0.45, 0.11}, nil, []float64{0.44 / 0.99, 0.44 / 0.99, 0.11 / 0.99}},
		// The others underflowed: 1 → 0.8, the rest shared by the
		// labels that can have it (not label 2, outside the group).
		{[]float64{0, 1, 0}, func(c int) bool { return c != 2 }, []float64{0.2, 0.8, 0}},
	}
	for _, tt := range tests {
		got := slices.Clone(tt.probs)
		tm.apply(got, argmax(tt.probs), tt.possible)
		sum := 0.0
		for _, v := range got {
			sum += v
		}
		if !slices.EqualFunc(got, tt.want, func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }) || math.Abs(sum-1) > 1e-12 {
			t.Errorf("apply(%v) = %v (sum %v), want %v", tt.probs, got, sum, tt.want)
		}
		best := argmax(tt.probs)
		for c, v := range got {
			if c != best && !(v < got[best]) {
				t.Errorf("apply(%v) = %v: label %d is not below the top label %d", tt.probs, got, c, best)
			}
		}
	}
}
