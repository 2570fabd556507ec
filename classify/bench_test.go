package classify

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/khabar-nlp/khabar/internal/corpus/corpustest"
	"github.com/khabar-nlp/khabar/internal/text"
)

// antSplit reads $KHABAR_DATA/ant-multisource/train.jsonl.gz (title and
// text) split as in issue 4: lines divisible by 5 are the dev set. It skips
// when KHABAR_DATA is unset.
func antSplit(tb testing.TB) (train, dev []Example) {
	corpustest.Path(tb, corpustest.ANT) // skips without KHABAR_DATA
	antOnce.Do(func() {
		for _, d := range corpustest.Read(tb, corpustest.ANT, true, 0, 0) {
			ex := Example{Text: d.Text, Label: d.Label}
			antGroups = append(antGroups, d.Group)
			if d.Line%5 == 0 {
				antDev = append(antDev, ex)
			} else {
				antTrain = append(antTrain, ex)
			}
		}
		antRead = true
	})
	if !antRead {
		tb.Fatal("reading the ANT corpus failed in an earlier test")
	}
	return antTrain, antDev
}

var (
	antOnce          sync.Once
	antTrain, antDev []Example
	antGroups        []string // the outlet of each article, in file order
	antRead          bool
)

// antGroupedModel trains a grouped model with opts on the training part
// of antSplit, each article in the group of its outlet.
func antGroupedModel(tb testing.TB, opts Options) *GroupedModel {
	train, _ := antSplit(tb)
	t, err := NewTrainer(opts)
	if err != nil {
		tb.Fatal(err)
	}
	for line, k := 1, 0; k < len(train); line++ {
		if line%5 != 0 {
			if err := t.AddGrouped(train[k].Text, train[k].Label, antGroups[line-1]); err != nil {
				tb.Fatal(err)
			}
			k++
		}
	}
	m, err := t.GroupedModel()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func textBytes(ex []Example) int64 {
	var n int64
	for _, e := range ex {
		n += int64(len(e.Text))
	}
	return n
}

func BenchmarkTrain(b *testing.B) {
	train, _ := antSplit(b)
	for _, n := range []int{1000, 5000, len(train)} {
		for _, opts := range []struct {
			name string
			o    Options
		}{{"words", Options{}}, {"bigrams", Options{Bigrams: true, MinCount: 3}}} {
			ex := train[:n]
			b.Run(fmt.Sprintf("%s/%d", opts.name, n), func(b *testing.B) {
				b.SetBytes(textBytes(ex))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := Train(ex, opts.o); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// defaultRecipe is the recipe of "khabar train" without model flags
// (cli.DefaultRecipe), uncalibrated.
var defaultRecipe = Options{Alpha: 0.03, TF: TFLog, IDF: true, LengthNorm: true, NGrams: 2, MinCount: 3}

func BenchmarkClassify(b *testing.B) {
	train, dev := antSplit(b)
	for _, opts := range []struct {
		name string
		o    Options
	}{{"words", Options{}}, {"complement", Options{Complement: true}}, {"bigrams", Options{Bigrams: true, MinCount: 3}}, {"default", defaultRecipe}} {
		m, err := Train(train, opts.o)
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range []int{100, len(dev)} {
			ex := dev[:n]
			b.Run(fmt.Sprintf("%s/%d", opts.name, n), func(b *testing.B) { benchClassify(b, m, ex) })
		}
	}
}

// benchClassify classifies the texts of ex with m, b.N times.
func benchClassify(b *testing.B, m Classifier, ex []Example) {
	s := m.NewScorer()
	b.SetBytes(textBytes(ex))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, e := range ex {
			s.Classify(e.Text)
		}
	}
}

// BenchmarkGrouped trains and uses the grouped model of the README: one
// model per outlet and a character n-gram router.
func BenchmarkGrouped(b *testing.B) {
	train, dev := antSplit(b)
	opts := Options{Complement: true, UniformPriors: true}
	b.Run("train", func(b *testing.B) {
		b.SetBytes(textBytes(train))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			antGroupedModel(b, opts)
		}
	})
	m := antGroupedModel(b, opts)
	b.Run(fmt.Sprintf("classify/%d", len(dev)), func(b *testing.B) { benchClassify(b, m, dev) })
	data, err := m.MarshalBinary()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("load", func(b *testing.B) { benchLoad(b, data) })
}

// benchLoad loads the model file data b.N times.
func benchLoad(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Load("bench", data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	train, _ := antSplit(b)
	for _, opts := range []struct {
		name string
		o    Options
	}{{"words", Options{}}, {"bigrams", Options{Bigrams: true, MinCount: 3}}} {
		m, err := Train(train, opts.o)
		if err != nil {
			b.Fatal(err)
		}
		data, err := m.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(opts.name, func(b *testing.B) { benchLoad(b, data) })
	}
}

// BenchmarkCalibrate times Trainer.Calibrate (5-fold cross-validation of
// the temperature) on the ANT training split, counts included once.
func BenchmarkCalibrate(b *testing.B) {
	train, _ := antSplit(b)
	for _, opts := range []struct {
		name string
		o    Options
	}{{"words", Options{}}, {"tfidf-bigrams", Options{TF: TFLog, IDF: true, LengthNorm: true, NGrams: 2, MinCount: 2}}} {
		t, err := NewTrainer(opts.o)
		if err != nil {
			b.Fatal(err)
		}
		for i, e := range train {
			if err := t.AddDocument(strconv.Itoa(i), e.Text, e.Label); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(opts.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := t.Calibrate(5); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkClassifyLarge classifies one text of 16 MB (the dev articles
// one after another), scored a piece at a time, beside the same text
// scored at once (as before pieces): B/op is what one huge document costs
// beyond its own bytes.
func BenchmarkClassifyLarge(b *testing.B) {
	train, dev := antSplit(b)
	var sb strings.Builder
	for i := 0; sb.Len() < 16<<20; i++ {
		sb.WriteString(dev[i%len(dev)].Text)
		sb.WriteByte('\n')
	}
	big := sb.String()
	for _, opts := range []struct {
		name string
		o    Options
	}{{"complement", Options{Complement: true}}, {"bigrams", Options{Bigrams: true, MinCount: 3}}, {"tf-idf", Options{TF: TFLog, IDF: true, LengthNorm: true}}} {
		m, err := Train(train, opts.o)
		if err != nil {
			b.Fatal(err)
		}
		for _, piece := range []struct {
			name string
			n    int
		}{{"pieces", text.PieceSize}, {"whole", len(big)}} {
			b.Run(opts.name+"/"+piece.name, func(b *testing.B) {
				s := m.NewScorer()
				s.piece = piece.n
				b.SetBytes(int64(len(big)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					s = m.NewScorer() // fresh buffers: count what one text costs
					s.piece = piece.n
					s.Classify(big)
				}
			})
		}
	}
}

// BenchmarkTrainDefault is what "khabar train" does with no model flags,
// the reading of the file aside: the default recipe's counts (the texts
// featurized in parallel, AddDocuments), its 5-fold calibration, the
// model and its file, on the ANT training split.
func BenchmarkTrainDefault(b *testing.B) {
	train, _ := antSplit(b)
	docs := make([]Doc, len(train))
	for i, e := range train {
		docs[i] = Doc{ID: strconv.Itoa(i), Text: e.Text, Label: e.Label}
	}
	b.SetBytes(textBytes(train))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		t, err := NewTrainer(defaultRecipe)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := t.AddDocuments(docs); err != nil {
			b.Fatal(err)
		}
		if _, err := t.Calibrate(5); err != nil {
			b.Fatal(err)
		}
		m, err := t.Model()
		if err != nil {
			b.Fatal(err)
		}
		if _, err := m.MarshalBinary(); err != nil {
			b.Fatal(err)
		}
	}
}
