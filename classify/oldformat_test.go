package classify

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// Old model files
//
// testdata/format1-*.khm and testdata/format2-grouped.khm were written by
// khabar before format 3 (commit 82299f6), with the options in oldFormats,
// from testdata/nb_train.tsv (the grouped one from groupedExamples);
// testdata/format3-*.khm and testdata/format4-*.khm by khabar at commit
// 6fbdfb5, before models read from a file kept their file's body and
// found features through a sorted hash index (lookup.go).
// testdata/oldformat.json holds what that khabar predicted for each text
// of nb_test.tsv: the label and every probability, printed with 17
// significant digits. TestOldFormatsClassifyIdentically checks that this
// program loads the files and predicts exactly that.
//
// KHABAR_WRITE_OLD_FIXTURES=1 go test ./classify -run OldFormats writes
// the fixtures missing from testdata, and the predictions of all;
// KHABAR_WRITE_OLD_FIXTURES=all rewrites every fixture. Run it only with
// a khabar that writes the old formats, and that predicts as the one that
// wrote the files.

var oldFormats = []struct {
	file string
	opts Options
	top  *topMap // a map of the top probability (format 4)
}{
	{"format1-multinomial.khm", Options{}, nil},
	{"format1-complement-bigrams.khm", Options{Complement: true, UniformPriors: true, Bigrams: true, Alpha: 0.5, MinCount: 2}, nil},
	{"format2-grouped.khm", Options{Complement: true}, nil},
	{"format3-complement-temperature.khm", Options{Complement: true, Alpha: 0.5, Temperature: 0.3}, nil},
	{"format3-tfidf-trigrams.khm", Options{NGrams: 3, TF: TFLog, IDF: true, LengthNorm: true, Alpha: 0.1, Temperature: 2}, nil},
	{"format4-tfidf-bigrams-map.khm", Options{NGrams: 2, TF: TFLog, IDF: true, LengthNorm: true, Alpha: 0.03, Temperature: 3},
		&topMap{x: []float64{0.3, 0.6, 0.9}, y: []float64{0.2, 0.7, 0.95}}},
}

type oldPrediction struct {
	Label string   `json:"label"`
	Probs []string `json:"probs"`
	Known int      `json:"known"`
}

func oldPredictions(m Classifier, texts []string) []oldPrediction {
	var out []oldPrediction
	for _, s := range texts {
		p := m.Classify(s)
		op := oldPrediction{Label: p.Label, Known: p.Known}
		for _, x := range p.Probs {
			op.Probs = append(op.Probs, strconv.FormatFloat(x, 'g', 17, 64))
		}
		out = append(out, op)
	}
	return out
}

func oldFormatTexts(t *testing.T) []string {
	var texts []string
	for _, e := range readTSV(t, "testdata/nb_test.tsv") {
		texts = append(texts, e.Text)
	}
	for _, e := range groupedExamples {
		texts = append(texts, e.text)
	}
	return texts
}

func TestOldFormatsClassifyIdentically(t *testing.T) {
	texts := oldFormatTexts(t)
	fixture := filepath.Join("testdata", "oldformat.json")
	if w := os.Getenv("KHABAR_WRITE_OLD_FIXTURES"); w == "1" || w == "all" {
		want := map[string][]oldPrediction{}
		for _, f := range oldFormats {
			var m Classifier
			if f.file == "format2-grouped.khm" {
				m = trainGrouped(t, f.opts, allExamples())
			} else {
				flat := mustTrain(t, readTSV(t, "testdata/nb_train.tsv"), f.opts)
				flat.topMap = f.top
				m = flat
			}
			if _, err := os.Stat(filepath.Join("testdata", f.file)); err == nil && os.Getenv("KHABAR_WRITE_OLD_FIXTURES") != "all" {
				// A committed fixture is kept: only new ones are written
				// (=all: every one).
				m, err = LoadClassifierFile(filepath.Join("testdata", f.file))
				if err != nil {
					t.Fatal(err)
				}
				want[f.file] = oldPredictions(m, texts)
				continue
			}
			if err := m.WriteFile(filepath.Join("testdata", f.file)); err != nil {
				t.Fatal(err)
			}
			want[f.file] = oldPredictions(m, texts)
		}
		data, _ := json.MarshalIndent(want, "", " ")
		if err := os.WriteFile(fixture, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string][]oldPrediction
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	for _, f := range oldFormats {
		m, err := LoadClassifierFile(filepath.Join("testdata", f.file))
		if err != nil {
			t.Fatalf("%s: %v", f.file, err)
		}
		got := oldPredictions(m, texts)
		if len(got) != len(want[f.file]) {
			t.Fatalf("%s: %d predictions, want %d", f.file, len(got), len(want[f.file]))
		}
		for i, g := range got {
			w := want[f.file][i]
			if g.Label != w.Label || g.Known != w.Known || !slices.Equal(g.Probs, w.Probs) {
				t.Errorf("%s: Classify(%q) = %+v, want %+v", f.file, texts[i], g, w)
			}
		}
	}
}
