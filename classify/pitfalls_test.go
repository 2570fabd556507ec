package classify

import (
	"math"
	"strings"
	"testing"

	"github.com/jbrukh/bayesian"
)

// The tests below reproduce pitfalls of the bayesian engine v1.1.0 used
// raw, and check that the package does not show them. If an engine check
// fails after an upgrade, the engine changed: review the wrapper.

// pitfallExamples: a large crime label and a small sport label.
var pitfallExamples = []Example{
	{"police arrest suspect after robbery in the city centre on friday night", "crime"},
	{"court jails robbery suspect for five years after long trial in the city", "crime"},
	{"police investigate theft and robbery at the bank in the old city", "crime"},
	{"suspect in bank robbery arrested by police after chase through the city", "crime"},
	{"team wins cup", "sport"},
	{"team loses", "sport"},
}

func rawEngine(ex []Example) *bayesian.Classifier {
	e := bayesian.NewClassifier("crime", "sport")
	for _, x := range ex {
		e.Learn(strings.Fields(x.Text), bayesian.Class(x.Label))
	}
	return e
}

// Pitfall 1: per-label vocabularies and scored unseen words push a clear
// crime text to the small label once two unseen words are added.
func TestPitfallUnseenWords(t *testing.T) {
	e := rawEngine(pitfallExamples)
	m := mustTrain(t, pitfallExamples, Options{})
	clear := "police robbery suspect"
	padded := clear + " zzzq qqqz"
	if _, inx, _ := e.LogScores(strings.Fields(clear)); e.Classes[inx] != "crime" {
		t.Errorf("engine: %q is not crime", clear)
	}
	if _, inx, _ := e.LogScores(strings.Fields(padded)); e.Classes[inx] != "sport" {
		t.Errorf("engine no longer flips %q to sport", padded)
	}
	p, q := m.Classify(clear), m.Classify(padded)
	if p.Label != "crime" || q.Label != "crime" || p.Prob != q.Prob {
		t.Errorf("Classify(%q) = %s %v, Classify(%q) = %s %v; want crime, the same probability", clear, p.Label, p.Prob, padded, q.Label, q.Prob)
	}
}

// Pitfall 2: the engine's priors come from token counts. Here two labels
// with one document each but very different lengths get equal priors.
func TestPitfallPriors(t *testing.T) {
	ex := []Example{{strings.Repeat("long crime words ", 30), "crime"}, {"short", "sport"}}
	e := rawEngine(ex)
	prior, _, _ := e.LogScores(nil)
	if math.Abs(prior[0]-prior[1]) < 1 {
		t.Errorf("engine priors %v no longer follow token counts", prior)
	}
	m := mustTrain(t, ex, Options{})
	if p := m.LogPriors(); p[0] != p[1] || math.Abs(p[0]-math.Log(0.5)) > 1e-15 {
		t.Errorf("LogPriors() = %v, want log(1/2) twice (one document each)", p)
	}
}

// Pitfall 3: ProbScores underflows to uniform scores on article-length
// text; Classify keeps the decision and a sharp probability.
func TestPitfallUnderflow(t *testing.T) {
	e := rawEngine(pitfallExamples)
	m := mustTrain(t, pitfallExamples, Options{})
	long := strings.Repeat("police robbery suspect city ", 150)
	probs, _, _ := e.ProbScores(strings.Fields(long))
	if probs[0] != 0.5 || probs[1] != 0.5 {
		t.Errorf("engine ProbScores no longer underflows to uniform: %v", probs)
	}
	if p := m.Classify(long); p.Label != "crime" || p.Prob < 0.999 {
		t.Errorf("Classify(long crime text) = %s %v", p.Label, p.Prob)
	}
}

// Pitfall 7: Learn with a label the engine does not know panics. A
// Trainer adds labels as they come.
func TestPitfallUnknownLabel(t *testing.T) {
	e := rawEngine(pitfallExamples)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("engine Learn with an unknown label no longer panics")
			}
		}()
		e.Learn([]string{"rain"}, "weather")
	}()
	tr, _ := NewTrainer(Options{})
	for _, ex := range append(pitfallExamples, Example{"rain tomorrow", "weather"}) {
		if err := tr.Add(ex.Text, ex.Label); err != nil {
			t.Fatal(err)
		}
	}
	if m, err := tr.Model(); err != nil || len(m.Labels()) != 3 {
		t.Errorf("Model() = %v, %v; want three labels", m, err)
	}
}
