// Command gen rebuilds the default topic model from models/labels.tsv and
// the corpora under $KHABAR_DATA. It is run by "go generate ./models".
//
// With -cv K it evaluates the recipe (or the variant the flags describe) by
// K-fold cross-validation on the labeled articles instead of writing a
// model.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/datadir"
	"github.com/khabar-nlp/khabar/internal/safefile"
	"github.com/khabar-nlp/khabar/models"
)

func main() {
	out := flag.String("o", "default.khm", "model file to write")
	cv := flag.Int("cv", 0, "evaluate by this many cross-validation folds instead of writing")
	export := flag.String("export", "", "write the labeled articles as JSON Lines (id, label, text) to this file instead, for khabar eval")
	complement := flag.Bool("complement", models.Recipe.Complement, "complement naive Bayes")
	alpha := flag.Float64("alpha", models.Recipe.Alpha, "smoothing constant")
	stem := flag.Bool("stem", models.Recipe.Text.Stem, "light stemming")
	stop := flag.Bool("stop", models.Recipe.Text.StopWords, "drop stop words")
	bigrams := flag.Bool("bigrams", models.Recipe.Bigrams, "word bigrams")
	uniform := flag.Bool("uniform", models.Recipe.UniformPriors, "uniform priors")
	learner := flag.String("learner", models.Recipe.Learner.String(), "learner of the scoring table: nb or nbsvm")
	tf := flag.String("tf", models.Recipe.TF.String(), "transform of the counts: raw, log or sublinear")
	idf := flag.Bool("idf", models.Recipe.IDF, "inverse document frequency weights")
	lengthNorm := flag.Bool("length-norm", models.Recipe.LengthNorm, "length normalization")
	cross := flag.Bool("cross", false, "print leave-one-outlet-out and cross-corpus scores instead of writing")
	flag.Parse()
	opts := models.Recipe
	opts.Complement, opts.Alpha, opts.Text.Stem, opts.Text.StopWords, opts.Bigrams, opts.UniformPriors = *complement, *alpha, *stem, *stop, *bigrams, *uniform
	var err error
	if opts.Learner, err = classify.ParseLearner(*learner); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
	if opts.TF, err = classify.ParseTF(*tf); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
	opts.IDF, opts.LengthNorm = *idf, *lengthNorm
	switch {
	case *cross:
		err = crossSource(os.Stdout, opts)
	case *export != "":
		err = exportJSONL(*export)
	case *cv > 0:
		err = crossValidate(*cv, opts)
	default:
		err = write(*out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// write builds the default model with models.Recipe and writes it to out.
func write(out string) error {
	data, err := dataDir()
	if err != nil {
		return err
	}
	m, err := models.Build(data)
	if err != nil {
		return err
	}
	if err := m.WriteFile(out); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %s\n", out)
	return nil
}

func dataDir() (string, error) {
	data := datadir.Dir()
	if data == "" {
		return "", fmt.Errorf("set KHABAR_DATA to the folder of the shared corpora")
	}
	return data, nil
}

// labeled returns the labeled articles with their ids ("CORPUS/ID").
func labeled() ([]classify.Example, []string, error) {
	data, err := dataDir()
	if err != nil {
		return nil, nil, err
	}
	ex, err := models.Examples(data)
	if err != nil {
		return nil, nil, err
	}
	ids, err := models.IDs()
	return ex, ids, err
}

func crossValidate(k int, opts classify.Options) error {
	ex, ids, err := labeled()
	if err != nil {
		return err
	}
	var cf classify.Confusion
	for f := 0; f < k; f++ {
		t, err := classify.NewTrainer(opts)
		if err != nil {
			return err
		}
		var test []classify.Example
		for i, e := range ex {
			if classify.Fold(ids[i], k) == f {
				test = append(test, e)
			} else if err := t.AddDocument(ids[i], e.Text, e.Label); err != nil {
				return err
			}
		}
		// As models.Build: calibrated by cross-validation inside the
		// training part.
		if _, err := t.Calibrate(models.CalibrationFolds); err != nil {
			return err
		}
		m, err := t.Model()
		if err != nil {
			return err
		}
		for _, e := range test {
			p := m.Classify(e.Text)
			cf.AddPrediction(e.Label, p.Label, p.Prob)
		}
	}
	rep := cf.Report()
	b, _ := json.Marshal(struct {
		Accuracy float64 `json:"accuracy"`
		MacroF1  float64 `json:"macro_f1"`
		ECE      float64 `json:"ece"`
	}{rep.Accuracy, rep.MacroF1, rep.ECE})
	fmt.Println(string(b))
	return nil
}

// exportJSONL writes the labeled articles, with their texts from
// $KHABAR_DATA, as JSON Lines: {"id": "CORPUS/ID", "label": ..., "text": ...}.
// The file is written to a temporary name and renamed into place.
func exportJSONL(path string) error {
	ex, ids, err := labeled()
	if err != nil {
		return err
	}
	return safefile.Write(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for i, e := range ex {
			if err := enc.Encode(map[string]string{"id": ids[i], "label": e.Label, "text": e.Text}); err != nil {
				return err
			}
		}
		return nil
	})
}
