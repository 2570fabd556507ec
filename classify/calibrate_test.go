package classify

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestCalibrationECE(t *testing.T) {
	tests := []struct {
		probs []float64
		right []bool
		want  float64
	}{
		{nil, nil, 0},
		// One bin, 0.95 confidence, all right: |1 - 0.95|.
		{[]float64{0.95, 0.95}, []bool{true, true}, 0.05},
		// Bin 9 (0.9, right) and bin 5 (0.5, wrong): (0.1 + 0.5) / 2.
		{[]float64{0.9, 0.5}, []bool{true, false}, 0.3},
		// Probability 1 is in the last bin.
		{[]float64{1, 1, 1, 1}, []bool{true, true, true, false}, 0.25},
	}
	for _, tt := range tests {
		var c Calibration
		for i, p := range tt.probs {
			c.Add(p, tt.right[i])
		}
		if got := c.ECE(); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("ECE(%v, %v) = %v, want %v", tt.probs, tt.right, got, tt.want)
		}
	}
	var c Calibration
	c.Add(0.05, false)
	c.Add(0.97, true)
	c.Add(0.93, false)
	bins := c.Bins()
	if len(bins) != CalibrationBins || bins[0].Count != 1 || bins[9].Count != 2 || bins[9].Accuracy != 0.5 || math.Abs(bins[9].Confidence-0.95) > 1e-12 {
		t.Errorf("Bins() = %+v", bins)
	}
}

// noisyExamples returns n documents of three labels whose words overlap,
// so that a naive Bayes model is often wrong and overconfident.
func noisyExamples(n int) []Example {
	r := rand.New(rand.NewPCG(1, 2))
	labels := []string{"a", "b", "c"}
	var out []Example
	for i := 0; i < n; i++ {
		c := i % 3
		text := ""
		for w := 0; w < 40; w++ {
			k := r.IntN(30)
			if r.Float64() < 0.3 {
				k += 10 * c // a third of the words lean to the label
			}
			text += fmt.Sprintf("w%d ", k)
		}
		out = append(out, Example{Text: text, Label: labels[c]})
	}
	return out
}

func TestCalibrate(t *testing.T) {
	ex := noisyExamples(600)
	for _, opts := range []Options{{}, {Complement: true, UniformPriors: true}, {TF: TFLog, IDF: true, LengthNorm: true, Complement: true, WeightNorm: true, UniformPriors: true, NGrams: 2}} {
		tr, err := NewTrainer(opts)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range ex {
			if err := tr.AddDocument(fmt.Sprint("doc", i), e.Text, e.Label); err != nil {
				t.Fatal(err)
			}
		}
		raw, err := tr.Model()
		if err != nil {
			t.Fatal(err)
		}
		rep, err := tr.Calibrate(5)
		if err != nil {
			t.Fatal(err)
		}
		m, err := tr.Model()
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("%+v", opts)
		if m.Temperature() != rep.Temperature || rep.Temperature == 1 || m.CV() != rep {
			t.Errorf("%s: model temperature %v, CV %+v", name, m.Temperature(), rep)
		}
		if rep.Documents != len(ex) || rep.Folds != 5 || !(rep.Accuracy > 0.5 && rep.Accuracy < 1) {
			t.Errorf("%s: CV report %+v", name, rep)
		}
		if !(rep.ECE < rep.ECEUncalibrated) {
			t.Errorf("%s: ECE %v calibrated, %v uncalibrated", name, rep.ECE, rep.ECEUncalibrated)
		}
		// The temperature changes probabilities, not labels; it survives
		// the file.
		b, _ := m.MarshalBinary()
		loaded, err := Load("m", b)
		if err != nil {
			t.Fatal(err)
		}
		if loaded.Temperature() != m.Temperature() || loaded.CV() == nil || loaded.CV().ECE != rep.ECE {
			t.Errorf("%s: loaded temperature %v, CV %+v", name, loaded.Temperature(), loaded.CV())
		}
		for _, e := range ex[:50] {
			p, q, l := raw.Classify(e.Text), m.Classify(e.Text), loaded.Classify(e.Text)
			if p.Label != q.Label || !slices.Equal(q.Probs, l.Probs) {
				t.Errorf("%s: %q: uncalibrated %v, calibrated %v, loaded %v", name, e.Text, p, q, l)
			}
		}
	}
}

// TestFitTemperature checks the fit on held-out scores whose best
// temperature is known: scores of 2 nats for the right label of 9 in 10
// documents give probability 0.9 at T = 2/ln 9.
func TestFitTemperature(t *testing.T) {
	h := &heldOut{C: 2, labels: []string{"a", "b"}}
	for d := 0; d < 100; d++ {
		h.scores = append(h.scores, 2, 0)
		h.truth = append(h.truth, int32(min(d%10, 1))) // 1 of 10 is a
		h.known = append(h.known, true)
		h.scale = append(h.scale, 1)
	}
	// d%10 == 0 is label a (index 0), with the high score; others b.
	// Make the high score go to the truth 9 times in 10.
	for d := 0; d < 100; d++ {
		if d%10 != 0 {
			h.truth[d] = 0
		} else {
			h.truth[d] = 1
		}
	}
	want := 2 / math.Log(9)
	if got := h.fitTemperature(); math.Abs(got-want) > 1e-6 {
		t.Errorf("fitTemperature = %v, want %v", got, want)
	}
}

func TestCVFoldsCutAcrossFold(t *testing.T) {
	// Within one Fold of 5, the calibration folds are all used.
	seen := map[int]bool{}
	for i := 0; i < 1000; i++ {
		id := fmt.Sprint("id", i)
		if Fold(id, 5) == 0 {
			seen[cvFold(docHash(id, 0), 5)] = true
		}
	}
	if len(seen) != 5 {
		t.Errorf("calibration folds inside eval fold 0: %v, want all 5", seen)
	}
}
