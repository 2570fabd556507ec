package classify

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// nbsvmTolerance is how far the scores of the NBSVM learner may be from
// scikit-learn's LinearSVC solved to 1e-10: the dual coordinate descent
// stops when the spread of the projected gradient is below svmEpsilon.
const nbsvmTolerance = 1e-3

// TestNBSVMConformsToSklearn compares the scores of the NBSVM learner on
// words and bigrams, with log and sublinear tf, idf and l2, with those of
// scikit-learn's LinearSVC on the same log-count-ratio-scaled features
// (testdata/sklearn_nbsvm.py).
func TestNBSVMConformsToSklearn(t *testing.T) {
	data, err := os.ReadFile("testdata/sklearn_nbsvm.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Cases []struct {
			NGrams  int     `json:"ngrams"`
			TF      string  `json:"tf"`
			IDF     bool    `json:"idf"`
			Alpha   float64 `json:"alpha"`
			SVMCost float64 `json:"svm_cost"`
			Labels  []string
			Scores  [][]float64
		}
	}
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) != 3 {
		t.Fatalf("%d cases in the fixture, want 3", len(fx.Cases))
	}
	train := readTSV(t, "testdata/nb_train.tsv")
	test := readTSV(t, "testdata/nb_test.tsv")
	for _, cs := range fx.Cases {
		tf, err := ParseTF(cs.TF)
		if err != nil {
			t.Fatal(err)
		}
		opts := Options{NGrams: cs.NGrams, TF: tf, IDF: cs.IDF, LengthNorm: true, Alpha: cs.Alpha,
			Learner: LearnerNBSVM, SVMCost: cs.SVMCost}
		name := opts.Settings()
		m := mustTrain(t, train, opts)
		if strings.Join(m.Labels(), ",") != strings.Join(cs.Labels, ",") {
			t.Fatalf("%s: labels %q, sklearn %q", name, m.Labels(), cs.Labels)
		}
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := Load("m", b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !loaded.Equal(m) {
			t.Errorf("%s: the loaded model differs from the trained one", name)
		}
		for _, mm := range []*Model{m, loaded} {
			s := mm.NewScorer()
			for i, ex := range test {
				got, _ := s.LogScores(ex.Text)
				for c, want := range cs.Scores[i] {
					if math.Abs(got[c]-want) > nbsvmTolerance {
						t.Errorf("%s: score(%q)[%s] = %.6f, sklearn %.6f", name, ex.Text, cs.Labels[c], got[c], want)
					}
				}
			}
		}
	}
}

// nbsvmExamples is a corpus of three labels for the NBSVM tests.
func nbsvmExamples() []Example {
	var ex []Example
	words := map[string][]string{
		"crime":  {"police", "arrest", "theft", "court", "suspect"},
		"sport":  {"match", "goal", "team", "league", "coach"},
		"health": {"doctor", "hospital", "virus", "vaccine", "clinic"},
	}
	shared := []string{"city", "today", "report", "people"}
	for i := range 60 {
		for _, l := range []string{"crime", "health", "sport"} {
			w := words[l]
			txt := fmt.Sprintf("%s %s %s %s %s", w[i%5], w[(i*3+1)%5], shared[i%4], shared[(i+1)%4], w[(i*7+2)%5])
			if i%6 == 0 { // some borrowed words, so that no label is trivially separable
				txt += " " + words["sport"][i%5] + " " + words["crime"][(i+2)%5]
			}
			ex = append(ex, Example{Text: txt, Label: l})
		}
	}
	return ex
}

// TestNBSVMDeterministic: the same documents give the same model file for
// any number of goroutines, and a calibrated model survives its file.
func TestNBSVMDeterministic(t *testing.T) {
	opts := Options{TF: TFLog, LengthNorm: true, Alpha: 0.1, Learner: LearnerNBSVM}
	build := func(procs int) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		tr, err := NewTrainer(opts)
		if err != nil {
			t.Fatal(err)
		}
		for i, ex := range nbsvmExamples() {
			if err := tr.AddDocument(fmt.Sprint(i), ex.Text, ex.Label); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := tr.Calibrate(5); err != nil {
			t.Fatal(err)
		}
		m, err := tr.Model()
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	one, four := build(1), build(4)
	if !bytes.Equal(one, four) {
		t.Fatalf("model file with GOMAXPROCS 1 (%d bytes) differs from GOMAXPROCS 4 (%d bytes)", len(one), len(four))
	}
	m, err := Load("m", one)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Options(); got.Learner != LearnerNBSVM || got.Temperature == 0 {
		t.Errorf("Options() = %+v, want the nbsvm learner with a fitted temperature", got)
	}
	if m.CV() == nil || m.topMap == nil {
		t.Errorf("loaded model has CV %v, map %v: want both", m.CV(), m.topMap)
	}
	again, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, one) {
		t.Errorf("a loaded model's file differs from the file it was loaded from")
	}
	for _, tc := range []struct{ text, want string }{
		{"police arrest the suspect", "crime"},
		{"the team scored a goal", "sport"},
		{"doctor at the hospital", "health"},
	} {
		if p := m.Classify(tc.text); p.Label != tc.want {
			t.Errorf("Classify(%q) = %v, want %s", tc.text, p, tc.want)
		}
	}
}

// TestNBSVMFormat checks the layout of a format-5 file: the container, a
// whole naive Bayes file of format 3 inside it, and R×C cells.
func TestNBSVMFormat(t *testing.T) {
	m := mustTrain(t, nbsvmExamples(), Options{TF: TFLog, LengthNorm: true, Learner: LearnerNBSVM, SVMCost: 0.5})
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:8]) != magic || binary.LittleEndian.Uint32(b[8:]) != 5 {
		t.Fatalf("prefix %q version %d, want KHABARNB 5", b[:8], binary.LittleEndian.Uint32(b[8:]))
	}
	hlen := int(binary.LittleEndian.Uint32(b[12:]))
	var h map[string]any
	if err := json.Unmarshal(b[16:16+hlen], &h); err != nil {
		t.Fatal(err)
	}
	if h["learner"] != "nbsvm" || h["svm_cost"] != 0.5 || len(h["bias"].([]any)) != 3 {
		t.Errorf("header %v, want learner nbsvm, svm_cost 0.5, 3 biases", h)
	}
	n := int(binary.LittleEndian.Uint64(b[16+hlen:]))
	part := b[24+hlen : 24+hlen+n]
	nb, err := Load("part", part)
	if err != nil {
		t.Fatalf("the naive Bayes part does not load: %v", err)
	}
	if v := binary.LittleEndian.Uint32(part[8:]); v != 3 || nb.Options().Learner != LearnerNB {
		t.Errorf("part of format %d, learner %v: want a naive Bayes file of format 3", v, nb.Options().Learner)
	}
	R := len(m.words) + len(m.bigrams)
	if got := len(b) - (24 + hlen + n) - checksumLen; got != 8*R*3 {
		t.Errorf("table of %d bytes, want %d", got, 8*R*3)
	}
	// A naive Bayes model is still written as before.
	plain := mustTrain(t, nbsvmExamples(), Options{TF: TFLog, LengthNorm: true})
	pb, _ := plain.MarshalBinary()
	if v := binary.LittleEndian.Uint32(pb[8:]); v != 3 {
		t.Errorf("a naive Bayes model is written as format %d, want 3", v)
	}
	// Corrupt tables are refused with ErrMalformed, never a panic.
	// (withChecksum overwrites the last 8 bytes: each edit keeps a place
	// for the checksum.)
	sum := make([]byte, 8)
	body := b[:len(b)-8]
	nan := binary.LittleEndian.AppendUint64(nil, math.Float64bits(math.NaN()))
	for name, bad := range map[string][]byte{
		"NaN cell":     withChecksum(slices.Concat(body[:len(body)-8], nan, sum)),
		"short table":  withChecksum(slices.Concat(body[:len(body)-8], sum)),
		"long table":   withChecksum(slices.Concat(body, make([]byte, 8), sum)),
		"nb learner":   withChecksum(bytes.Replace(b, []byte(`"nbsvm"`), []byte(`"nb"   `), 1)),
		"zero cost":    withChecksum(bytes.Replace(b, []byte(`"svm_cost":0.5`), []byte(`"svm_cost":0.0`), 1)),
		"part too big": withChecksum(slices.Concat(b[:16+hlen], []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, b[24+hlen:])),
	} {
		if _, err := Load(name, bad); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Load error %v, want ErrMalformed", name, err)
		}
	}
}

// TestNBSVMOptions: the learner's settings are checked and named.
func TestNBSVMOptions(t *testing.T) {
	for _, o := range []Options{
		{Learner: LearnerNBSVM},                                        // no per-document transform
		{Learner: LearnerNBSVM, LengthNorm: true, SVMCost: -1},         // negative cost
		{Learner: LearnerNBSVM, LengthNorm: true, SVMCost: math.NaN()}, // NaN cost
		{SVMCost: 2},                   // a cost without the learner
		{Learner: 9, LengthNorm: true}, // unknown learner
	} {
		if _, err := NewTrainer(o); err == nil {
			t.Errorf("NewTrainer(%+v) = nil error, want one", o)
		}
	}
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{TF: TFLog, LengthNorm: true, Learner: LearnerNBSVM}, "multinomial alpha=1 tf=log l2 nbsvm C=1"},
		{Options{LengthNorm: true, Learner: LearnerNBSVM, SVMCost: 0.3}, "multinomial alpha=1 l2 nbsvm C=0.3"},
		{Options{TF: TFLog}, "multinomial alpha=1 tf=log"},
	} {
		if got := tc.o.Settings(); got != tc.want {
			t.Errorf("Settings(%+v) = %q, want %q", tc.o, got, tc.want)
		}
	}
	for _, s := range []string{"nb", "nbsvm"} {
		if l, err := ParseLearner(s); err != nil || l.String() != s {
			t.Errorf("ParseLearner(%q) = %v, %v", s, l, err)
		}
	}
	if _, err := ParseLearner("svm"); err == nil {
		t.Errorf("ParseLearner(%q) = nil error, want one", "svm")
	}
}
