package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/classify"
)

// legacyRecipe are the flags of the recipe "khabar train" used before
// DefaultRecipe (multinomial, alpha 1, raw counts of words), which the
// tests on three-document corpora use: DefaultRecipe's minimum count of 3
// leaves them no word.
var legacyRecipe = []string{"--alpha", "1", "--tf", "raw", "--idf=false", "--length-norm=false", "--ngrams", "1", "--min-count", "0"}

// manyTSV returns n labeled lines of three labels whose words overlap.
func manyTSV(n int) string {
	var b strings.Builder
	labels := []string{"crime", "sport", "economy"}
	for i := 0; i < n; i++ {
		c := i % 3
		fmt.Fprintf(&b, "%s\t", labels[c])
		for w := 0; w < 12; w++ {
			k := (i*7 + w*13) % 20
			if w%3 == 0 {
				k += 10 * c
			}
			fmt.Fprintf(&b, "w%d ", k)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestTrainCalibratesAndAutotunes(t *testing.T) {
	dir := tempFiles(t, map[string]string{"train.tsv": manyTSV(150)})
	train := filepath.Join(dir, "train.tsv")
	model := filepath.Join(dir, "m.khm")
	_, errOut, code := run(t, "", "train", "-o", model, train)
	if code != 0 || !strings.Contains(errOut, "khabar: calibrated by 5-fold cross-validation on the training documents: temperature ") {
		t.Fatalf("train: exit %d, %s", code, errOut)
	}
	m, err := classify.LoadFile(model)
	if err != nil || m.CV() == nil || m.Temperature() == 1 {
		t.Fatalf("trained model: %v, CV %+v", err, m.CV())
	}

	out, errOut, code := run(t, "", "train", "--autotune", "--autotune-metric", "macro-f1", "-o", model, train)
	if code != 0 || !strings.HasPrefix(out, "autotune\taccuracy\tmacro_f1\tseconds\n"+DefaultRecipe.Settings()) ||
		!strings.Contains(out, " (chosen)\t") || !strings.Contains(errOut, "by macro-f1") {
		t.Fatalf("train --autotune: exit %d\n%s\n%s", code, out, errOut)
	}
	m, err = classify.LoadFile(model)
	if err != nil || m.CV() == nil || m.CV().Chosen != m.Options().Settings() || len(m.CV().Tried) < 10 {
		t.Fatalf("autotuned model: %v, options %q, CV %+v", err, m.Options().Settings(), m.CV())
	}

	_, errOut, code = run(t, "", "eval", "-m", model, "--test", train)
	if code != 0 || !strings.Contains(errOut, ", chosen by --autotune (macro-f1); 5-fold cross-validation on its training documents: accuracy ") {
		t.Errorf("eval -m of an autotuned model: exit %d, stderr %q", code, errOut)
	}

	// eval: ECE and the reliability table, in --json too.
	out, _, code = run(t, "", "eval", "--json", "--folds", "3", train)
	var rep classify.Report
	if err := json.Unmarshal([]byte(out), &rep); code != 0 || err != nil || len(rep.Reliability) != classify.CalibrationBins || !(rep.ECE >= 0 && rep.ECE < 0.5) {
		t.Errorf("eval --json: exit %d, %v, %+v", code, err, rep)
	}
	// The ECE is the table's: the mean gap between accuracy and confidence,
	// weighted by the documents of each bin. (It can be 0: the documents'
	// ids hold the temporary folder's name, so the folds differ from run
	// to run, and some runs get every document right with probability 1.)
	n, ece := 0, 0.0
	for _, b := range rep.Reliability {
		n += b.Count
		ece += float64(b.Count) * math.Abs(b.Accuracy-b.Confidence)
	}
	if n != rep.Documents {
		t.Errorf("reliability table counts %d documents of %d", n, rep.Documents)
	} else if ece /= float64(n); math.Abs(ece-rep.ECE) > 1e-9 {
		t.Errorf("ECE %v, but the reliability table gives %v", rep.ECE, ece)
	}
	out, _, code = run(t, "", "eval", "--folds", "3", "--autotune", "--tf", "log", train)
	if code != 0 || !strings.Contains(out, "\nece\t") || !strings.Contains(out, "probability\tdocuments\taccuracy\tmean_prob\n") {
		t.Errorf("eval --autotune: exit %d\n%s", code, out)
	}
}

// swappedJSONL returns n articles of two outlets that use the labels a
// and b the other way round (as groupedJSONL), each outlet with its own
// punctuation, their words drawn from overlapping sets.
func swappedJSONL(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		src, label := "x", "a"
		if i%2 == 1 {
			src = "y"
		}
		if i%4 >= 2 {
			label = "b"
		}
		fruit := "apple"
		if (label == "a") != (src == "x") {
			fruit = "banana"
		}
		mark := map[string]string{"x": "!", "y": "?"}[src]
		fmt.Fprintf(&b, `{"id":"d%d","source":%q,"label":%q,"text":"%s w%d w%d %s %s"}`+"\n", i, src, label, fruit, i%7, i%5, fruit, mark)
	}
	return b.String()
}

// TestAutotuneGrouped: with --group-field, autotune tries grouping, here
// the only way to tell the labels apart, and the chosen model is grouped
// and calibrated per group. (The grouped model file, format 2, does not
// hold the cross-validation report: it is printed, not saved.)
func TestAutotuneGrouped(t *testing.T) {
	dir := tempFiles(t, map[string]string{"g.jsonl": swappedJSONL(120)})
	model := filepath.Join(dir, "g.khm")
	out, errOut, code := run(t, "", "train", "--autotune", "--group-field", "source", "-o", model, filepath.Join(dir, "g.jsonl"))
	if code != 0 || !strings.Contains(out, " grouped (chosen)\t") || !strings.Contains(errOut, " grouped\" by accuracy") {
		t.Fatalf("train --autotune --group-field: exit %d\n%s\n%s", code, out, errOut)
	}
	m, err := classify.LoadClassifierFile(model)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m.(*classify.GroupedModel); !ok {
		t.Fatalf("autotuned model is a %T, want a *classify.GroupedModel", m)
	}
	if got := m.Groups(); len(got) != 2 {
		t.Fatalf("autotuned model: groups %q", got)
	}
	for _, tt := range []struct{ text, want string }{{"apple w1 !", "a"}, {"apple w1 ?", "b"}, {"banana w3 ?", "a"}} {
		if got := m.Classify(tt.text).Label; got != tt.want {
			t.Errorf("Classify(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestTransformFlagErrors(t *testing.T) {
	dir := tempFiles(t, map[string]string{"train.tsv": trainTSV, "g.jsonl": `{"label":"a","text":"x","source":"s"}` + "\n"})
	train := filepath.Join(dir, "train.tsv")
	out := filepath.Join(dir, "m.khm")
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"train", "-o", out, "--tf", "sqrt", train}, `--tf "sqrt": want raw, log or sublinear`},
		{[]string{"train", "-o", out, "--ngrams", "4", train}, "--ngrams 4: want 1 to 3"},
		{[]string{"train", "-o", out, "--temperature", "-1", train}, "--temperature -1: want a positive number"},
		{[]string{"train", "-o", out, "--calibration-folds", "1", train}, "--calibration-folds 1: want 2 or more"},
		{[]string{"train", "-o", out, "--autotune", "--autotune-metric", "f2", train}, `--autotune-metric "f2": want accuracy or macro-f1`},
		{[]string{"eval", "-m", out, "--test", train, "--idf"}, "leave out the training flags"},
		{[]string{"train", "-o", out, "--learner", "svm", train}, `--learner "svm": want nb or nbsvm`},
		{[]string{"train", "-o", out, "--learner", "nbsvm", "--svm-cost", "0", train}, "--svm-cost 0: want a positive number"},
		{[]string{"train", "-o", out, "--learner", "nbsvm", "--tf", "raw", "--idf=false", "--length-norm=false", train}, "--learner nbsvm needs --tf log or sublinear, --idf or --length-norm"},
	}
	for _, tt := range tests {
		expectError(t, "", tt.args, 2, tt.msg)
	}
	// A transformed model holds weights: it cannot be trained further.
	if _, errOut, code := run(t, "", "train", "-o", out, "--idf", train); code != 0 {
		t.Fatalf("train --idf: %s", errOut)
	}
	expectError(t, "", []string{"train", "-o", filepath.Join(dir, "m2.khm"), "--model", out, train}, 1, "cannot be trained further")
}

// TestTrainNBSVM: train --learner nbsvm writes a model that says its
// learner and classifies.
func TestTrainNBSVM(t *testing.T) {
	dir := tempFiles(t, map[string]string{"train.tsv": trainTSV})
	train := filepath.Join(dir, "train.tsv")
	model := filepath.Join(dir, "m.khm")
	_, errOut, code := run(t, "", "train", "-o", model, "--learner", "nbsvm", "--svm-cost", "0.5", "--calibration-folds", "2", train)
	if code != 0 {
		t.Fatalf("train --learner nbsvm: exit %d, %s", code, errOut)
	}
	if !strings.Contains(errOut, "nbsvm C=0.5") {
		t.Errorf("train --learner nbsvm printed %q, want the settings with nbsvm C=0.5", errOut)
	}
	out, errOut, code := run(t, "", "eval", "-m", model, "--test", train)
	if code != 0 {
		t.Fatalf("eval -m: exit %d, %s", code, errOut)
	}
	if !strings.Contains(out, "accuracy") {
		t.Errorf("eval -m printed %q, want an accuracy", out)
	}
}
