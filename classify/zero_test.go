package classify

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
)

// TestZeroValues calls every method of the zero Model, GroupedModel,
// Scorer and Trainer: none panics, a zero model classifies every text as
// Unknown and cannot be written, and a zero Trainer trains as
// NewTrainer(Options{}) does.
func TestZeroValues(t *testing.T) {
	for _, c := range []Classifier{&Model{}, &GroupedModel{}} {
		if p := c.Classify("انفجار في بغداد"); p.Label != Unknown || p.Known != 0 {
			t.Errorf("%T{}.Classify = %+v, want Unknown", c, p)
		}
		if p := c.NewScorer().Classify("x"); p.Label != Unknown {
			t.Errorf("%T{}.NewScorer().Classify = %+v, want Unknown", c, p)
		}
		if ll, n := c.LogLikelihoods("x"); ll != nil || n != 0 {
			t.Errorf("%T{}.LogLikelihoods = %v, %d", c, ll, n)
		}
		if c.Labels() != nil || c.Groups() != nil || c.CV() != nil || len(c.LabelCounts()) != 0 || len(c.Top([]float64{1}, 1)) != 0 {
			t.Errorf("%T{} has labels, groups or counts", c)
		}
		if w, b := c.Vocabulary(); w != 0 || b != 0 {
			t.Errorf("%T{}.Vocabulary = %d, %d", c, w, b)
		}
		if _, err := c.MarshalBinary(); err == nil {
			t.Errorf("%T{}.MarshalBinary succeeded", c)
		}
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err == nil || buf.Len() != 0 {
			t.Errorf("%T{}.WriteTo = %v, wrote %d bytes", c, err, buf.Len())
		}
		if err := c.WriteFile(filepath.Join(t.TempDir(), "m.khm")); err == nil {
			t.Errorf("%T{}.WriteFile succeeded", c)
		}
		_ = c.Options()
		_ = c.Version()
	}
	var m Model
	if n := m.AddScores(make([]float64, 2), [][]byte{[]byte("x")}); n != 0 {
		t.Errorf("Model{}.AddScores = %d, want 0", n)
	}
	if toks := m.Pipeline().Tokens("الدولة"); len(toks) != 1 {
		t.Errorf("Model{}.Pipeline().Tokens = %q", toks)
	}
	_ = m.LogPriors()
	_ = m.Probabilities(nil, nil, 0)
	_ = m.Temperature()
	if !m.Equal(&Model{}) || m.Equal(nil) || !(&GroupedModel{}).Equal(&GroupedModel{}) {
		t.Error("Equal of zero models")
	}
	var s Scorer
	if p := s.Classify("x"); p.Label != Unknown {
		t.Errorf("Scorer{}.Classify = %+v", p)
	}
	s.LogScores("x")
	s.LogLikelihoods("x")

	var tr Trainer
	if err := tr.AddModel(&Model{}); err == nil {
		t.Error("AddModel(&Model{}) succeeded")
	}
	if err := tr.AddModel(nil); err == nil {
		t.Error("AddModel(nil) succeeded")
	}
	for _, ex := range []Example{{"انفجار سيارة مفخخة", "a"}, {"مباراة كرة القدم", "b"}} {
		if err := tr.Add(ex.Text, ex.Label); err != nil {
			t.Fatal(err)
		}
	}
	got, err := tr.Model()
	if err != nil {
		t.Fatal(err)
	}
	want := mustTrain(t, []Example{{"انفجار سيارة مفخخة", "a"}, {"مباراة كرة القدم", "b"}}, Options{})
	if !got.Equal(want) {
		t.Error("the zero Trainer trains another model than NewTrainer(Options{})")
	}
	if _, err := tr.GroupedModel(); !errors.Is(err, ErrGrouped) {
		t.Errorf("GroupedModel of an ungrouped Trainer = %v, want ErrGrouped", err)
	}
	var tr2 Trainer
	_ = tr2.Options()
	if _, err := tr2.Model(); !errors.Is(err, ErrTooFewLabels) {
		t.Errorf("Trainer{}.Model() = %v, want ErrTooFewLabels", err)
	}
	if c, err := tr2.Classifier(); !errors.Is(err, ErrTooFewLabels) || c != nil {
		t.Errorf("Trainer{}.Classifier() = %v, want ErrTooFewLabels", err)
	}
	if _, err := tr2.Calibrate(5); err == nil {
		t.Error("Trainer{}.Calibrate succeeded")
	}
	var tr3 Trainer
	if err := tr3.AddTrainer(&Trainer{}); err != nil {
		t.Errorf("Trainer{}.AddTrainer(&Trainer{}) = %v", err)
	}
	tr3.SetCV(nil)
}

// TestGroupedModelHasNoAddScores: a grouped model scores whole texts only,
// so it must not satisfy an interface that adds the scores of a text's
// parts (internal/analyze's Topics), and a Model is never grouped.
func TestGroupedModelHasNoAddScores(t *testing.T) {
	g := reflect.TypeOf(&GroupedModel{})
	for _, name := range []string{"AddScores", "Pipeline", "LogPriors", "Probabilities"} {
		if _, ok := g.MethodByName(name); ok {
			t.Errorf("GroupedModel has %s", name)
		}
	}
	tr, _ := NewTrainer(Options{})
	for _, ex := range groupedExamples {
		tr.AddGrouped(ex.text, ex.label, ex.group)
	}
	c, err := tr.Classifier()
	if _, ok := c.(*GroupedModel); err != nil || !ok {
		t.Errorf("Classifier of a grouped Trainer = %T, %v, want a *GroupedModel", c, err)
	}
}
