package classify

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/internal/text"
)

func TestCheckLabel(t *testing.T) {
	tests := []struct {
		label string
		err   error
	}{
		{"crime", nil},
		{"جريمة", nil},
		{"two words", nil},
		{"", ErrEmptyLabel},
		{" crime", ErrBadLabel},
		{"crime\n", ErrBadLabel},
		{"a\tb", ErrBadLabel},
		{"a\x00b", ErrBadLabel},
		{"\xff", ErrBadLabel},
		{Unknown, ErrBadLabel},
	}
	for _, tt := range tests {
		if err := CheckLabel(tt.label); !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("CheckLabel(%q) = %v, want %v", tt.label, err, tt.err)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	tests := []struct {
		name string
		ex   []Example
		opts Options
		err  error
		msg  string
	}{
		{"no documents", nil, Options{}, ErrTooFewLabels, "found 0"},
		{"one label", []Example{{"a b", "x"}, {"c", "x"}}, Options{}, ErrTooFewLabels, `found 1 ["x"]`},
		{"empty label", []Example{{"a b", "x"}, {"c", ""}}, Options{}, ErrEmptyLabel, "example 1: classify: empty label"},
		{"negative alpha", []Example{{"a", "x"}, {"b", "y"}}, Options{Alpha: -1}, ErrAlpha, "not -1"},
	}
	for _, tt := range tests {
		_, err := Train(tt.ex, tt.opts)
		if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: Train = %v, want %v with %q", tt.name, err, tt.err, tt.msg)
		}
	}
}

func TestTrainCounts(t *testing.T) {
	m := mustTrain(t, []Example{{"x y", "a"}, {"y", "b"}, {"y y z", "a"}}, Options{Bigrams: true})
	if got := strings.Join(m.Labels(), ","); got != "a,b" {
		t.Errorf("labels %q, want a,b", got)
	}
	w, b := m.Vocabulary()
	if w != 3 || b != 3 { // x y z; "x y", "y y", "y z"
		t.Errorf("vocabulary %d words %d bigrams, want 3 and 3", w, b)
	}
	lc := m.LabelCounts()
	want := []LabelCount{{"a", 2, 5, 6}, {"b", 1, 1, 1}}
	for i := range want {
		if lc[i] != want[i] {
			t.Errorf("LabelCounts()[%d] = %+v, want %+v", i, lc[i], want[i])
		}
	}
	wantCounts := []uint64{1, 0, 3, 1, 1, 0} // x, y, z in a and b
	for i, n := range wantCounts {
		if m.counts[i] != n {
			t.Errorf("counts = %v, want words %v", m.counts, wantCounts)
			break
		}
	}
}

// TestTrainDeterministic checks that the same documents give the same
// model file, byte for byte, whatever their order.
func TestTrainDeterministic(t *testing.T) {
	ex := readTSV(t, "testdata/nb_train.tsv")
	opts := Options{Bigrams: true, Text: text.Settings{Stem: true}}
	first, err := mustTrain(t, ex, opts).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		r.Shuffle(len(ex), func(i, j int) { ex[i], ex[j] = ex[j], ex[i] })
		got, err := mustTrain(t, ex, opts).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, first) {
			t.Fatalf("shuffle %d: model file differs", i)
		}
	}
}

// TestAddModel checks that continuing from a model equals training on all
// the documents at once, also when the continuation adds a label.
func TestAddModel(t *testing.T) {
	ex := readTSV(t, "testdata/nb_train.tsv")
	ex = append(ex, Example{"weather sunny and warm", "weather"}, Example{"rain tomorrow", "weather"})
	opts := Options{Bigrams: true}
	all := mustTrain(t, ex, opts)
	for split := 0; split <= len(ex); split++ {
		if split < 2 || split > len(ex)-2 {
			continue
		}
		part, err := Train(ex[:split], opts)
		if err != nil {
			continue // fewer than two labels in the first part
		}
		tr, err := NewTrainer(opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.AddModel(part); err != nil {
			t.Fatal(err)
		}
		for _, e := range ex[split:] {
			if err := tr.Add(e.Text, e.Label); err != nil {
				t.Fatal(err)
			}
		}
		got, err := tr.Model()
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(all) {
			t.Errorf("split at %d: continued model differs from the model of all documents", split)
		}
	}
}

func TestAddModelMismatch(t *testing.T) {
	ex := readTSV(t, "testdata/nb_train.tsv")
	m := mustTrain(t, ex, Options{})
	tests := []struct {
		opts Options
		msg  string
	}{
		{Options{Text: text.Settings{Stem: true}}, "text pipeline"},
		{Options{Bigrams: true}, "features are words, this training uses words+bigrams"},
	}
	for _, tt := range tests {
		tr, _ := NewTrainer(tt.opts)
		err := tr.AddModel(m)
		if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("AddModel(%+v) = %v, want %q", tt.opts, err, tt.msg)
		}
	}
}

func TestMinCount(t *testing.T) {
	m := mustTrain(t, []Example{{"x y y", "a"}, {"y z", "b"}, {"x", "b"}}, Options{MinCount: 2})
	if strings.Join(m.words, ",") != "x,y" {
		t.Errorf("words with min count 2 = %q, want x,y", m.words)
	}
}

// TestSnapshotCache checks that the cached counts follow Add and survive
// pruning.
func TestSnapshotCache(t *testing.T) {
	tr, _ := NewTrainer(Options{MinCount: 2})
	tr.Add("x y y", "a")
	tr.Add("y z", "b")
	m1, err := tr.Model()
	if err != nil {
		t.Fatal(err)
	}
	m2, _ := tr.Model()
	if !m1.Equal(m2) || strings.Join(m1.words, ",") != "y" {
		t.Errorf("pruned words %q then %q, want y twice", m1.words, m2.words)
	}
	other, _ := NewTrainer(Options{})
	if err := other.AddTrainer(tr); err != nil {
		t.Fatal(err)
	}
	if all, _ := other.Model(); strings.Join(all.words, ",") != "x,y,z" {
		t.Errorf("AddTrainer after a pruned Model: words %q, want x,y,z", all.words)
	}
	tr.Add("x x", "a")
	m3, _ := tr.Model()
	if strings.Join(m3.words, ",") != "x,y" {
		t.Errorf("after Add: words %q, want x,y", m3.words)
	}
}

// TestAddDocumentsEqualsAddDocument: AddDocuments (texts featurized on
// parallel goroutines, n-grams interned a window at a time) gives the
// model file of AddDocument one document after the other, for any number
// of goroutines, calibration included; the corpus spans three windows.
func TestAddDocumentsEqualsAddDocument(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	labels := []string{"a", "b", "c"}
	docs := make([]Doc, 2600)
	for i := range docs {
		c := r.IntN(len(labels))
		var b strings.Builder
		for w := 0; w < 5+r.IntN(40); w++ {
			k := r.IntN(400)
			if r.IntN(3) == 0 {
				k = 400 + 50*c + r.IntN(50)
			}
			b.WriteString("w")
			b.WriteString(strconv.Itoa(k))
			b.WriteString(" ")
		}
		docs[i] = Doc{ID: "d" + strconv.Itoa(i), Text: b.String(), Label: labels[c]}
	}
	for _, opts := range []Options{
		{Alpha: 0.03, TF: TFLog, IDF: true, LengthNorm: true, NGrams: 2, MinCount: 3},
		{Complement: true, NGrams: 3, MinCount: 2},
	} {
		train := func(add func(*Trainer) error) []byte {
			tr, err := NewTrainer(opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := add(tr); err != nil {
				t.Fatal(err)
			}
			if _, err := tr.Calibrate(5); err != nil {
				t.Fatal(err)
			}
			m, err := tr.Model()
			if err != nil {
				t.Fatal(err)
			}
			data, err := m.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
		want := train(func(tr *Trainer) error {
			for _, d := range docs {
				if err := tr.AddDocument(d.ID, d.Text, d.Label); err != nil {
					return err
				}
			}
			return nil
		})
		for _, procs := range []int{1, 3} {
			old := runtime.GOMAXPROCS(procs)
			got := train(func(tr *Trainer) error {
				n, err := tr.AddDocuments(docs[:1500])
				if n != 1500 || err != nil {
					return fmt.Errorf("AddDocuments = %d, %v", n, err)
				}
				_, err = tr.AddDocuments(docs[1500:])
				return err
			})
			runtime.GOMAXPROCS(old)
			if !bytes.Equal(got, want) {
				t.Errorf("%s, GOMAXPROCS %d: AddDocuments' model file differs from AddDocument's", opts.Settings(), procs)
			}
		}
	}
	// A bad label stops AddDocuments there, the documents before it counted.
	tr, _ := NewTrainer(Options{})
	bad := append(slices.Clone(docs[:3]), Doc{Text: "x", Label: ""}, docs[4])
	if n, err := tr.AddDocuments(bad); n != 3 || !errors.Is(err, ErrEmptyLabel) {
		t.Errorf("AddDocuments with an empty label = %d, %v; want 3, %v", n, err, ErrEmptyLabel)
	}
	if got := tr.store.docs(); got != 3 {
		t.Errorf("after the error, %d documents stored, want 3", got)
	}
}
