package models

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/datadir"
	"github.com/khabar-nlp/khabar/seeds"
)

// examples reads the labeled articles once for all the tests, or skips.
var examples = sync.OnceValues(func() ([]classify.Example, error) {
	return Examples(datadir.Dir())
})

func labeledExamples(t *testing.T) []classify.Example {
	t.Helper()
	if datadir.Dir() == "" {
		t.Skip("KHABAR_DATA not set")
	}
	if testing.Short() {
		t.Skip("reads both corpora")
	}
	ex, err := examples()
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func TestDefaultLoads(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(m.Labels(), ","), "crime,explosion-investigation,isis-resurgence,other"; got != want {
		t.Errorf("Default().Labels() = %s, want %s", got, want)
	}
	if got := m.Options(); got.Text != Recipe.Text || got.Complement != Recipe.Complement || got.Alpha != Recipe.Alpha {
		t.Errorf("Default().Options() = %+v, want the Recipe %+v", got, Recipe)
	}
}

// TestRebuildIsByteIdentical rebuilds the default model from the label file
// and $KHABAR_DATA and compares it with the embedded one.
func TestRebuildIsByteIdentical(t *testing.T) {
	ids, err := IDs()
	if err != nil {
		t.Fatal(err)
	}
	m, err := Train(labeledExamples(t), ids)
	if err != nil {
		t.Fatal(err)
	}
	if m.Temperature() == 1 || m.CV() == nil {
		t.Errorf("rebuilt model: temperature %v, CV %+v; want it calibrated", m.Temperature(), m.CV())
	}
	got, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, DefaultFile) {
		t.Errorf("rebuilt model (%d bytes) differs from default.khm (%d bytes): run KHABAR_DATA=... go generate ./models", len(got), len(DefaultFile))
	}
}

// TestSeedsNotInTraining checks that no seed page is among the training
// articles: no training text shares a line of 40 bytes or more with a seed.
func TestSeedsNotInTraining(t *testing.T) {
	ex := labeledExamples(t)
	train := map[string]bool{}
	for _, e := range ex {
		for _, l := range strings.Split(e.Text, "\n") {
			if l = strings.TrimSpace(l); len(l) >= 40 {
				train[l] = true
			}
		}
	}
	for _, p := range seeds.Pages() {
		for i, l := range strings.Split(p.Text, "\n") {
			if l = strings.TrimSpace(l); len(l) >= 40 && train[l] {
				t.Errorf("seed %s line %d is in the training articles", p.Name, i+1)
			}
		}
	}
}

func TestExamplesMissingCorpus(t *testing.T) {
	dir := t.TempDir()
	_, err := Examples(dir)
	if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Examples(%q) error = %v, want one naming the missing corpus file", dir, err)
	}
}
