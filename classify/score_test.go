package classify

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jbrukh/bayesian"
	"github.com/khabar-nlp/khabar/internal/text"
)

// readTSV reads a LABEL<TAB>TEXT fixture.
func readTSV(t testing.TB, path string) []Example {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []Example
	for _, line := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		label, txt, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s: no tab in %q", path, line)
		}
		out = append(out, Example{Text: txt, Label: label})
	}
	return out
}

func mustTrain(t testing.TB, ex []Example, opts Options) *Model {
	t.Helper()
	m, err := Train(ex, opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// engineOf builds the bayesian engine's view of a frozen model: every
// feature of the vocabulary observed in every label, zero counts included,
// so that the engine smooths over the global vocabulary.
func engineOf(m *Model) *bayesian.Classifier {
	classes := make([]bayesian.Class, len(m.labels))
	for c, l := range m.labels {
		classes[c] = bayesian.Class(l)
	}
	e := bayesian.NewClassifier(classes...)
	C := len(m.labels)
	for i, w := range m.words {
		for c := range classes {
			e.Observe(w, int(m.counts[i*C+c]), classes[c])
		}
	}
	for j, b := range m.bigrams {
		i := len(m.words) + j
		for c := range classes {
			e.Observe(bigramKey(b), int(m.counts[i*C+c]), classes[c])
		}
	}
	return e
}

// TestTableEqualsLogScores proves that the compiled table gives exactly
// (bit for bit) the engine's LogScores, with the engine's own priors, for
// texts of known features.
func TestTableEqualsLogScores(t *testing.T) {
	train := readTSV(t, "testdata/nb_train.tsv")
	test := readTSV(t, "testdata/nb_test.tsv")
	for _, bigrams := range []bool{false, true} {
		m := mustTrain(t, train, Options{Bigrams: bigrams})
		e := engineOf(m)
		// LogScores of an empty document is the engine's log prior.
		prior, _, _ := e.LogScores(nil)
		s := m.NewScorer()
		tok := m.pipe.NewTokenizer()
		for _, ex := range append(train, test...) {
			// The engine's keys: each token, then the bigram it ends.
			var keys []string
			toks := tok.Tokens(ex.Text)
			for i, w := range toks {
				keys = append(keys, string(w))
				if bigrams && i > 0 {
					h, _ := bigramHash(nil, toks[i-1], w)
					keys = append(keys, bigramKey(h))
				}
			}
			var known []string
			for _, k := range keys {
				if _, ok := m.wordIdx.lookupWord([]byte(k), m.sharedWords); ok {
					known = append(known, k)
				} else if h, ok := parseBigramKey(k); ok {
					if _, ok := m.gramIdx.lookup(h); ok {
						known = append(known, k)
					}
				}
			}
			want, _, _ := e.LogScores(known)
			got, _ := s.score(ex.Text, prior, m.table, false)
			for c := range want {
				if got[c] != want[c] {
					t.Errorf("bigrams=%v: score(%q)[%s] = %v, engine LogScores = %v", bigrams, ex.Text, m.labels[c], got[c], want[c])
				}
			}
		}
	}
}

// refNB is a reference multinomial or complement naive Bayes written from
// the textbook formulas, independent of the package: white-space tokens,
// vocabulary = training tokens, unknown tokens ignored.
type refNB struct {
	labels []string
	logp   map[string][]float64
	prior  []float64
}

func newRefNB(train []Example, labels []string, alpha float64, complement, uniform bool) *refNB {
	C := len(labels)
	idx := map[string]int{}
	for i, l := range labels {
		idx[l] = i
	}
	count := map[string][]float64{}
	total := make([]float64, C)
	docs := make([]float64, C)
	for _, ex := range train {
		c := idx[ex.Label]
		docs[c]++
		for _, w := range strings.Fields(ex.Text) {
			if count[w] == nil {
				count[w] = make([]float64, C)
			}
			count[w][c]++
			total[c]++
		}
	}
	V := float64(len(count))
	r := &refNB{labels: labels, logp: map[string][]float64{}, prior: make([]float64, C)}
	for w, n := range count {
		lp := make([]float64, C)
		for c := 0; c < C; c++ {
			if complement {
				var nc, tc float64
				for o := 0; o < C; o++ {
					if o != c {
						nc += n[o]
						tc += total[o]
					}
				}
				lp[c] = -math.Log((nc + alpha) / (tc + alpha*V))
			} else {
				lp[c] = math.Log((n[c] + alpha) / (total[c] + alpha*V))
			}
		}
		r.logp[w] = lp
	}
	for c := range r.prior {
		if uniform {
			r.prior[c] = math.Log(1 / float64(C))
		} else {
			r.prior[c] = math.Log(docs[c] / float64(len(train)))
		}
	}
	return r
}

func (r *refNB) scores(s string) []float64 {
	out := append([]float64(nil), r.prior...)
	for _, w := range strings.Fields(s) {
		if lp, ok := r.logp[w]; ok {
			for c := range out {
				out[c] += lp[c]
			}
		}
	}
	return out
}

func TestConformsToReferenceNB(t *testing.T) {
	train := readTSV(t, "testdata/nb_train.tsv")
	test := readTSV(t, "testdata/nb_test.tsv")
	p := text.New(text.Settings{})
	for _, ex := range append(train, test...) {
		if got, want := strings.Join(p.Tokens(ex.Text), " "), strings.Join(strings.Fields(ex.Text), " "); got != want {
			t.Fatalf("fixture text %q: pipeline tokens %q, want the white-space tokens %q", ex.Text, got, want)
		}
	}
	for _, alpha := range []float64{1, 0.25, 0.01, 3} {
		for _, complement := range []bool{false, true} {
			for _, uniform := range []bool{false, true} {
				opts := Options{Alpha: alpha, Complement: complement, UniformPriors: uniform}
				m := mustTrain(t, train, opts)
				ref := newRefNB(train, m.Labels(), alpha, complement, uniform)
				s := m.NewScorer()
				for _, ex := range append(train, test...) {
					got, _ := s.LogScores(ex.Text)
					want := ref.scores(ex.Text)
					for c := range want {
						if math.Abs(got[c]-want[c]) > 1e-9 {
							t.Errorf("%+v: LogScores(%q)[%s] = %.15g, reference %.15g", opts, ex.Text, m.labels[c], got[c], want[c])
						}
					}
				}
			}
		}
	}
}

// TestConformsToSklearn compares with numbers from scikit-learn's
// MultinomialNB and ComplementNB (testdata/sklearn_fixture.py).
func TestConformsToSklearn(t *testing.T) {
	data, err := os.ReadFile("testdata/sklearn_fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Cases []struct {
			Model  string
			Alpha  float64
			Labels []string
			JLL    [][]float64 `json:"joint_log_likelihood"`
		}
	}
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) == 0 {
		t.Fatal("no cases in the fixture")
	}
	train := readTSV(t, "testdata/nb_train.tsv")
	test := readTSV(t, "testdata/nb_test.tsv")
	for _, cs := range fx.Cases {
		complement := cs.Model == "complement"
		// scikit-learn's ComplementNB adds no prior: compare with uniform
		// priors, a constant -log(C) that is removed below.
		m := mustTrain(t, train, Options{Alpha: cs.Alpha, Complement: complement, UniformPriors: complement})
		if strings.Join(m.Labels(), ",") != strings.Join(cs.Labels, ",") {
			t.Fatalf("labels %q, sklearn %q", m.Labels(), cs.Labels)
		}
		s := m.NewScorer()
		for i, ex := range test {
			got, _ := s.LogScores(ex.Text)
			for c, want := range cs.JLL[i] {
				g := got[c]
				if complement {
					g -= m.logPrior[c]
				}
				if math.Abs(g-want) > 1e-9 {
					t.Errorf("%s alpha %v: score(%q)[%s] = %.15g, sklearn %.15g", cs.Model, cs.Alpha, ex.Text, cs.Labels[c], g, want)
				}
			}
		}
	}
}

func TestSoftmax(t *testing.T) {
	tests := []struct {
		in, want []float64
	}{
		{[]float64{0, 0}, []float64{0.5, 0.5}},
		{[]float64{-10000, -10000 - math.Log(3)}, []float64{0.75, 0.25}},
		{[]float64{-1e6, 0}, []float64{0, 1}},
		{[]float64{math.Inf(-1), math.Inf(-1)}, []float64{0.5, 0.5}},
		{[]float64{math.Inf(-1), -5}, []float64{0, 1}},
		{[]float64{}, []float64{}},
	}
	for _, tt := range tests {
		got := Softmax(make([]float64, len(tt.in)), tt.in)
		if len(got) != len(tt.want) {
			t.Fatalf("Softmax(%v) = %v, want %v", tt.in, got, tt.want)
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-12 {
				t.Errorf("Softmax(%v) = %v, want %v", tt.in, got, tt.want)
				break
			}
		}
	}
}

// TestLongTextProbabilities checks pitfall 3: on a long text the engine's
// ProbScores underflows to uniform scores, Classify does not.
func TestLongTextProbabilities(t *testing.T) {
	train := readTSV(t, "testdata/nb_train.tsv")
	m := mustTrain(t, train, Options{})
	long := strings.Repeat("police arrest suspect after robbery ", 200)
	engScores, _, _ := engineOf(m).ProbScores(strings.Fields(long))
	if engScores[0] != engScores[1] {
		t.Logf("the engine no longer underflows here: %v", engScores)
	}
	p := m.Classify(long)
	if p.Label != "crime" || p.Prob < 0.999 || math.IsNaN(p.Prob) {
		t.Errorf("Classify(long crime text) = %s %v, want crime with probability near 1", p.Label, p.Prob)
	}
}

// TestUnseenWordsIgnored checks pitfall 1: words never seen in training do
// not move the decision toward small labels.
func TestUnseenWordsIgnored(t *testing.T) {
	train := readTSV(t, "testdata/nb_train.tsv")
	m := mustTrain(t, train, Options{})
	base := m.Classify("police arrest suspect")
	more := m.Classify("police arrest suspect zzzq qqqz wwwx xxxw")
	if base.Label != "crime" || more.Label != "crime" || base.Prob != more.Prob {
		t.Errorf("with unseen words: %s %v, without: %s %v; want the same crime prediction", more.Label, more.Prob, base.Label, base.Prob)
	}
}

func TestClassifyUnknown(t *testing.T) {
	m := mustTrain(t, readTSV(t, "testdata/nb_train.tsv"), Options{})
	for _, s := range []string{"", "   ", "!!! ...", "zzzq qqqz"} {
		p := m.Classify(s)
		if p.Label != Unknown || p.Known != 0 {
			t.Errorf("Classify(%q) = %s (known %d), want %s", s, p.Label, p.Known, Unknown)
		}
		var sum float64
		for c, pr := range p.Probs {
			sum += pr
			want := float64(m.docs[c]) / 12
			if math.Abs(pr-want) > 1e-12 {
				t.Errorf("Classify(%q).Probs[%d] = %v, want the prior %v", s, c, pr, want)
			}
		}
	}
}

func TestLogLikelihoods(t *testing.T) {
	train := readTSV(t, "testdata/nb_train.tsv")
	for _, complement := range []bool{false, true} {
		m := mustTrain(t, train, Options{Complement: complement})
		ref := newRefNB(train, m.Labels(), 1, false, false)
		for _, s := range []string{"police arrest", "team wins the cup", "oil oil oil", "nothing known zzz"} {
			got, n := m.LogLikelihoods(s)
			want := ref.scores(s)
			wantN := 0
			for _, w := range strings.Fields(s) {
				if ref.logp[w] != nil {
					wantN++
				}
			}
			if n != wantN {
				t.Errorf("complement=%v: LogLikelihoods(%q) known = %d, want %d", complement, s, n, wantN)
			}
			for c := range got {
				if w := want[c] - ref.prior[c]; math.Abs(got[c]-w) > 1e-9 {
					t.Errorf("complement=%v: LogLikelihoods(%q)[%s] = %v, want %v", complement, s, m.labels[c], got[c], w)
				}
			}
		}
	}
}

func TestTop(t *testing.T) {
	m := mustTrain(t, readTSV(t, "testdata/nb_train.tsv"), Options{})
	got := m.Top([]float64{0.2, 0.2, 0.6}, 2)
	want := []LabelProb{{"sport", 0.6}, {"crime", 0.2}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Top = %v, want %v", got, want)
	}
	if got := m.Top([]float64{0.2, 0.2, 0.6}, 10); len(got) != 3 {
		t.Errorf("Top(k=10) has %d labels, want 3", len(got))
	}
}

// TestConcurrentClassify runs many goroutines on one model; run with -race.
func TestConcurrentClassify(t *testing.T) {
	train := readTSV(t, "testdata/nb_train.tsv")
	m := mustTrain(t, train, Options{Bigrams: true})
	want := make([]Prediction, len(train))
	for i, ex := range train {
		want[i] = m.Classify(ex.Text)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := m.NewScorer()
			for k := 0; k < 50; k++ {
				for i, ex := range train {
					p := m.Classify(ex.Text)
					q := s.Classify(ex.Text)
					ll, _ := m.LogLikelihoods(ex.Text)
					if p.Label != want[i].Label || p.Prob != want[i].Prob || q.Prob != p.Prob || len(ll) != 3 {
						t.Errorf("concurrent Classify(%q) = %s %v, want %s %v", ex.Text, p.Label, p.Prob, want[i].Label, want[i].Prob)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestAddScores checks that the scores of tokens are LogScores without
// the priors, for multinomial and complement models.
func TestAddScores(t *testing.T) {
	train := readTSV(t, "testdata/nb_train.tsv")
	for _, opts := range []Options{{}, {Bigrams: true, Complement: true}} {
		m := mustTrain(t, train, opts)
		tk := m.Pipeline().NewTokenizer()
		prior := m.LogPriors()
		for _, s := range []string{"police arrest suspect after robbery", "team wins the cup", "", "zzz"} {
			scores, wantN := m.NewScorer().LogScores(s)
			got := make([]float64, 3)
			n := m.AddScores(got, tk.Tokens(s))
			if n != wantN {
				t.Errorf("%+v: AddScores(%q) = %d features, want %d", opts, s, n, wantN)
			}
			for c := range got {
				if want := scores[c] - prior[c]; math.Abs(got[c]-want) > 1e-9 {
					t.Errorf("%+v: AddScores(%q)[%d] = %v, want %v", opts, s, c, got[c], want)
				}
			}
		}
		if math.Abs(math.Exp(prior[0])-4.0/12) > 1e-15 {
			t.Errorf("LogPriors()[crime] = %v, want log(4/12)", prior[0])
		}
	}
}
