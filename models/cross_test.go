package models

import (
	"math"
	"testing"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/datadir"
)

func TestPresentMacroF1(t *testing.T) {
	tests := []struct {
		name        string
		truth, pred []string
		want        float64
	}{
		{"all right", []string{"a", "b"}, []string{"a", "b"}, 1},
		// b is predicted once but has no document: a's recall is 1/2, its
		// precision 1, F1 2/3; b is not averaged.
		{"absent label predicted", []string{"a", "a"}, []string{"a", "b"}, 2.0 / 3},
		// a: P 1/2 R 1 F1 2/3; c: P 0 R 0 F1 0.
		{"present label never predicted", []string{"a", "c"}, []string{"a", "a"}, 1.0 / 3},
		{"nothing", nil, nil, 0},
	}
	for _, tt := range tests {
		var cf classify.Confusion
		for i := range tt.truth {
			cf.Add(tt.truth[i], tt.pred[i])
		}
		if got := PresentMacroF1(cf.Report()); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: PresentMacroF1 = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestWeighted(t *testing.T) {
	s := []OutletScore{{Articles: 1, MacroF1: 1}, {Articles: 3, MacroF1: 0.5}}
	if got, want := Weighted(s), 0.625; got != want {
		t.Errorf("Weighted(%v) = %v, want %v", s, got, want)
	}
	if got := Weighted(nil); got != 0 {
		t.Errorf("Weighted(nil) = %v, want 0", got)
	}
}

// TestCrossSourceFloors holds the default recipe's scores across sources
// (README, "The default topic model") at the floors measured when the
// labels were last re-read: leave-one-outlet-out over all 20 outlets, and
// ANT → news-2013.
func TestCrossSourceFloors(t *testing.T) {
	if datadir.Dir() == "" {
		t.Skip("KHABAR_DATA not set")
	}
	if testing.Short() {
		t.Skip("reads both corpora and trains 22 models")
	}
	arts, err := Articles(datadir.Dir())
	if err != nil {
		t.Fatal(err)
	}
	scores, _, err := LeaveOneOutletOut(arts, Recipe)
	if err != nil {
		t.Fatal(err)
	}
	if len(scores) != 20 {
		t.Errorf("LeaveOneOutletOut gave %d outlets, want 20", len(scores))
	}
	if got, floor := Weighted(scores), 0.745; got < floor {
		t.Errorf("leave-one-outlet-out macro-F1 = %.4f, want >= %.3f", got, floor)
	}
	r, err := CrossCorpus(arts, "ant-multisource", "news-2013", nil, Recipe)
	if err != nil {
		t.Fatal(err)
	}
	if got, floor := PresentMacroF1(r), 0.55; got < floor {
		t.Errorf("ANT → news-2013 macro-F1 = %.4f, want >= %.3f", got, floor)
	}
}
