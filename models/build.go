package models

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/textset"
)

// modelLabels are the default model's labels.
var modelLabels = []string{"isis-resurgence", "explosion-investigation", "crime", "other"}

// Recipe is how the default model is trained from the labeled articles.
// It was chosen by 5-fold cross-validation on them (see README.md, "The
// default topic model"), not on the seeds, which are its test.
var Recipe = classify.Options{
	Text:       textset.Settings{StopWords: true},
	Complement: true,
	Alpha:      0.5,
}

// An Article is one labeled article of labels.tsv with its text (title and
// text, joined by a line break) and its outlet (the corpus's "source"
// field).
type Article struct {
	Corpus, ID, Source, Label, Text string
}

// Articles reads the labeled articles of labels.tsv from the corpora under
// dataDir ($KHABAR_DATA), in the order of the label file.
func Articles(dataDir string) ([]Article, error) {
	recs, err := readLabels(bytes.NewReader(labelsTSV), "labels.tsv", modelLabels)
	if err != nil {
		return nil, err
	}
	return collect(dataDir, recs)
}

// Examples reads the labeled articles of labels.tsv from the corpora under
// dataDir ($KHABAR_DATA), in the order of the label file.
func Examples(dataDir string) ([]classify.Example, error) {
	arts, err := Articles(dataDir)
	if err != nil {
		return nil, err
	}
	out := make([]classify.Example, len(arts))
	for i, a := range arts {
		out[i] = classify.Example{Text: a.Text, Label: a.Label}
	}
	return out, nil
}

// IDs returns the corpus ids of the labeled articles, in the order of
// Examples, for cross-validation folds.
func IDs() ([]string, error) {
	recs, err := readLabels(bytes.NewReader(labelsTSV), "labels.tsv", modelLabels)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.corpus + "/" + r.id
	}
	return ids, nil
}

// CalibrationFolds is the number of cross-validation folds that fit the
// default model's temperature (classify.Trainer.CalibrateTemperature).
const CalibrationFolds = 5

// Build trains the default model from the corpora under dataDir with
// Recipe, and calibrates it. The same label file and corpora always give
// the same bytes.
func Build(dataDir string) (*classify.Model, error) {
	ex, err := Examples(dataDir)
	if err != nil {
		return nil, err
	}
	ids, err := IDs()
	if err != nil {
		return nil, err
	}
	return Train(ex, ids)
}

// Train trains a model of examples (with their corpus ids, for the
// calibration folds) with Recipe, and calibrates it.
func Train(ex []classify.Example, ids []string) (*classify.Model, error) {
	t, err := classify.NewTrainer(Recipe)
	if err != nil {
		return nil, err
	}
	for i, e := range ex {
		if err := t.AddDocument(ids[i], e.Text, e.Label); err != nil {
			return nil, fmt.Errorf("models: %s: %w", ids[i], err)
		}
	}
	// The temperature alone (format 3): the map of the top probability
	// that khabar train fits too would change the embedded model's file
	// and every figure measured with it; it is for the next rebuild of
	// the default model.
	if _, err := t.CalibrateTemperature(CalibrationFolds); err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	return t.Model()
}

// collect reads the labeled articles' texts (title and text, joined by a
// line break) and outlets from the corpora under dataDir, in the order of
// recs.
func collect(dataDir string, recs []labeled) ([]Article, error) {
	want := map[string]map[string]int{} // corpus → id → index in recs
	for i, r := range recs {
		if want[r.corpus] == nil {
			want[r.corpus] = map[string]int{}
		}
		want[r.corpus][r.id] = i
	}
	out := make([]Article, len(recs))
	found := make([]bool, len(recs))
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		path := filepath.Join(dataDir, corpora[name])
		var problem error // a skipped file is an error here
		r := corpus.NewReader([]string{path}, corpus.Options{
			TextFields: []string{"title", "text"},
			GroupField: "source",
			Warn: func(err error) {
				if problem == nil {
					problem = err
				}
			},
		})
		for r.Next() {
			d := r.Document()
			if i, ok := want[name][d.ID]; ok && !found[i] {
				out[i] = Article{Corpus: recs[i].corpus, ID: recs[i].id, Source: d.Group, Label: recs[i].label, Text: d.Text}
				found[i] = true
			}
		}
		err := r.Err()
		r.Close()
		if err == nil {
			err = problem
		}
		if err != nil {
			return nil, fmt.Errorf("models: %w", err)
		}
	}
	for i, ok := range found {
		if !ok {
			return nil, fmt.Errorf("models: %s %q is not in %s", recs[i].corpus, recs[i].id, corpora[recs[i].corpus])
		}
	}
	return out, nil
}
