package classify

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// TestTransformsConformToSklearn compares the scores of every transform,
// alone and together, on words and on 1-3-grams with a minimum count, with
// scikit-learn's TfidfTransformer followed by MultinomialNB or
// ComplementNB (testdata/sklearn_transforms.py).
func TestTransformsConformToSklearn(t *testing.T) {
	data, err := os.ReadFile("testdata/sklearn_transforms.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Cases []struct {
			NGrams     int     `json:"ngrams"`
			MinCount   int     `json:"min_count"`
			TF         string  `json:"tf"`
			IDF        bool    `json:"idf"`
			LengthNorm bool    `json:"length_norm"`
			Model      string  `json:"model"`
			Alpha      float64 `json:"alpha"`
			WeightNorm bool    `json:"weight_norm"`
			Labels     []string
			JLL        [][]float64 `json:"joint_log_likelihood"`
		}
	}
	if err := json.Unmarshal(data, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) < 54 {
		t.Fatalf("%d cases in the fixture, want 54", len(fx.Cases))
	}
	train := readTSV(t, "testdata/nb_train.tsv")
	test := readTSV(t, "testdata/nb_test.tsv")
	for _, cs := range fx.Cases {
		tf, err := ParseTF(cs.TF)
		if err != nil {
			t.Fatal(err)
		}
		complement := cs.Model == "complement"
		opts := Options{NGrams: cs.NGrams, MinCount: cs.MinCount, TF: tf, IDF: cs.IDF, LengthNorm: cs.LengthNorm,
			Alpha: cs.Alpha, Complement: complement, UniformPriors: complement, WeightNorm: cs.WeightNorm}
		name := fmt.Sprintf("%+v", opts)
		m := mustTrain(t, train, opts)
		if strings.Join(m.Labels(), ",") != strings.Join(cs.Labels, ",") {
			t.Fatalf("%s: labels %q, sklearn %q", name, m.Labels(), cs.Labels)
		}
		for _, lc := range m.LabelCounts() {
			if lc.Features == 0 {
				t.Errorf("%s: label %s has no features", name, lc.Label)
			}
		}
		// The model must also survive its file.
		b, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := Load("m", b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, mm := range []*Model{m, loaded} {
			s := mm.NewScorer()
			for i, ex := range test {
				got, _ := s.LogScores(ex.Text)
				for c, want := range cs.JLL[i] {
					g := got[c]
					if complement {
						g -= mm.logPrior[c] // scikit-learn's ComplementNB has no prior
					}
					if math.Abs(g-want) > 1e-9 {
						t.Errorf("%s: score(%q)[%s] = %.15g, sklearn %.15g", name, ex.Text, cs.Labels[c], g, want)
					}
				}
			}
		}
	}
}
