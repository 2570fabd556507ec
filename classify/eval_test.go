package classify

import (
	"math"
	"testing"
)

func TestFoldKnownAnswers(t *testing.T) {
	// xxhash64 known answers: Sum64("") = 0xef46db3751d8e999,
	// Sum64("a") = 0xd24ec4f1a98c6e5b.
	tests := []struct {
		id   string
		k    int
		want int
	}{
		{"", 5, int(uint64(0xef46db3751d8e999) % 5)},
		{"a", 5, int(uint64(0xd24ec4f1a98c6e5b) % 5)},
		{"a", 1, 0},
		{"a", 0, 0},
	}
	for _, tt := range tests {
		if got := Fold(tt.id, tt.k); got != tt.want {
			t.Errorf("Fold(%q, %d) = %d, want %d", tt.id, tt.k, got, tt.want)
		}
	}
}

func TestFoldBalance(t *testing.T) {
	var n [5]int
	for i := 0; i < 10000; i++ {
		n[Fold("doc-"+string(rune('a'+i%26))+string(rune(i)), 5)]++
	}
	for f, c := range n {
		if c < 1800 || c > 2200 {
			t.Errorf("fold %d has %d of 10000 documents", f, c)
		}
	}
}

func TestReport(t *testing.T) {
	var cf Confusion
	add := func(truth, pred string, n int) {
		for i := 0; i < n; i++ {
			cf.Add(truth, pred)
		}
	}
	add("sport", "sport", 8)
	add("sport", "crime", 2)
	add("crime", "crime", 3)
	add("crime", "sport", 1)
	add("crime", Unknown, 1)
	add("economy", "crime", 1) // a label never predicted
	r := cf.Report()
	if r.Documents != 16 || r.Correct != 11 || r.Accuracy != 11.0/16 {
		t.Errorf("documents %d correct %d accuracy %v, want 16 11 %v", r.Documents, r.Correct, r.Accuracy, 11.0/16)
	}
	wantNames := []string{"crime", "economy", "sport", Unknown}
	for i, n := range wantNames {
		if r.Names[i] != n {
			t.Fatalf("names %q, want %q", r.Names, wantNames)
		}
	}
	wantMatrix := [][]int{{3, 0, 1, 1}, {1, 0, 0, 0}, {2, 0, 8, 0}, {0, 0, 0, 0}}
	for i := range wantMatrix {
		for j := range wantMatrix[i] {
			if r.Matrix[i][j] != wantMatrix[i][j] {
				t.Fatalf("matrix %v, want %v", r.Matrix, wantMatrix)
			}
		}
	}
	f1 := func(p, r float64) float64 { return 2 * p * r / (p + r) }
	want := []LabelReport{
		{"crime", 3.0 / 6, 3.0 / 5, f1(3.0/6, 3.0/5), 5, 6},
		{"economy", 0, 0, 0, 1, 0},
		{"sport", 8.0 / 9, 8.0 / 10, f1(8.0/9, 8.0/10), 10, 9},
	}
	if len(r.Labels) != len(want) {
		t.Fatalf("labels %+v, want %+v", r.Labels, want)
	}
	var macro float64
	for i, w := range want {
		g := r.Labels[i]
		if g.Label != w.Label || g.Support != w.Support || g.Predicted != w.Predicted ||
			math.Abs(g.Precision-w.Precision) > 1e-15 || math.Abs(g.Recall-w.Recall) > 1e-15 || math.Abs(g.F1-w.F1) > 1e-15 {
			t.Errorf("label report %+v, want %+v", g, w)
		}
		macro += w.F1
	}
	if math.Abs(r.MacroF1-macro/3) > 1e-15 {
		t.Errorf("macro-F1 %v, want %v", r.MacroF1, macro/3)
	}

	var merged Confusion
	merged.Merge(&cf)
	merged.Merge(&cf)
	if m := merged.Report(); m.Documents != 32 || m.Correct != 22 {
		t.Errorf("merged twice: %d documents %d correct, want 32 22", m.Documents, m.Correct)
	}
}

func TestReportEmpty(t *testing.T) {
	var cf Confusion
	r := cf.Report()
	if r.Documents != 0 || r.Accuracy != 0 || r.MacroF1 != 0 || len(r.Labels) != 0 {
		t.Errorf("empty report = %+v", r)
	}
}
