package classify

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/khabar-nlp/khabar/internal/text"
)

// FuzzLoad checks that Load never panics, and that a file it accepts
// survives a round trip. Each input is also loaded with its checksum
// fixed, so that the fuzzer reaches the header and body parsers.
func FuzzLoad(f *testing.F) {
	ex := []Example{{"x y z", "a"}, {"y", "b"}, {"جريمة في المدينة", "c"}}
	for _, opts := range []Options{{}, {Bigrams: true, Complement: true, Alpha: 0.5}, {Text: text.Settings{Stem: true}, UniformPriors: true},
		{NGrams: 3, TF: TFLog, IDF: true, LengthNorm: true, Temperature: 0.5}, {WeightNorm: true, Complement: true, Temperature: 2},
		{TF: TFLog, LengthNorm: true, Learner: LearnerNBSVM}, {NGrams: 2, IDF: true, LengthNorm: true, Learner: LearnerNBSVM, SVMCost: 0.5}} {
		m, err := Train(ex, opts)
		if err != nil {
			f.Fatal(err)
		}
		data, err := m.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)/2])
		f.Add(withChecksum(data[:len(data)-3]))
	}
	// Format 4: a map of the top probability in the header.
	m4 := mustTrain(f, ex, Options{TF: TFLog, Temperature: 2})
	m4.topMap = &topMap{x: []float64{0.4, 0.9}, y: []float64{0.3, 0.95}}
	data4, err := m4.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data4)
	f.Add(withChecksum(bytes.Replace(data4, []byte("0.95"), []byte("0.15"), 1))) // not monotone
	tr, _ := NewTrainer(Options{})
	for _, ex := range groupedExamples {
		tr.AddGrouped(ex.text, ex.label, ex.group)
	}
	g, err := tr.GroupedModel()
	if err != nil {
		f.Fatal(err)
	}
	data, _ := g.MarshalBinary()
	f.Add(data)
	f.Add(withChecksum(data[:len(data)-3]))
	f.Add([]byte("KHABARNB\x01\x00\x00\x00\xff\xff\xff\xff"))
	// The committed files of every format (oldformat_test.go).
	for _, o := range oldFormats {
		data, err := os.ReadFile(filepath.Join("testdata", o.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLoad(t, data)
		if len(data) >= prefixLen+checksumLen {
			checkLoad(t, withChecksum(data))
		}
	})
}

func checkLoad(t *testing.T, data []byte) {
	m, err := LoadClassifier("fuzz", data)
	flat, ferr := Load("fuzz", data)
	if _, grouped := m.(*GroupedModel); (ferr == nil) != (err == nil && !grouped) || (flat == nil) != (ferr != nil) {
		t.Fatalf("Load = %v, %v; LoadClassifier = %T, %v", flat, ferr, m, err)
	}
	if err != nil {
		if m != nil {
			t.Fatal("LoadClassifier returned a model and an error")
		}
		return
	}
	m.Classify("x y جريمة")
	m.LogLikelihoods("y z")
	enc, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	m2, err := LoadClassifier("again", enc)
	if err != nil {
		t.Fatalf("re-encoded model does not load: %v", err)
	}
	same := false
	switch m := m.(type) {
	case *Model:
		o, ok := m2.(*Model)
		same = ok && o.Equal(m)
	case *GroupedModel:
		o, ok := m2.(*GroupedModel)
		same = ok && o.Equal(m)
	}
	if !same {
		t.Fatal("re-encoded model differs")
	}
	enc2, _ := m2.MarshalBinary()
	if !bytes.Equal(enc, enc2) {
		t.Fatal("encoding is not stable")
	}
}
