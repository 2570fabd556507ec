package dedup

import (
	"fmt"
	"slices"
	"testing"

	"github.com/khabar-nlp/khabar/internal/corpus/corpustest"
	"github.com/khabar-nlp/khabar/internal/datadir"
	"github.com/khabar-nlp/khabar/internal/text"
)

// newsDocs returns the first n documents of news-2013 (title and text), or
// skips when KHABAR_DATA is not set.
func newsDocs(tb testing.TB, n int) []Doc {
	tb.Helper()
	var docs []Doc
	for _, d := range corpustest.Read(tb, corpustest.News2013, false, n, 0) {
		docs = append(docs, Doc{ID: d.ID, Text: d.Text})
	}
	return docs
}

// benchInputs returns token lists of the seeds and, with KHABAR_DATA, of
// 2,000 news documents, with their sizes in bytes.
func benchInputs(b *testing.B) []struct {
	name  string
	toks  [][][]byte
	bytes int64
} {
	var docs []Doc
	docs = append(docs, seedDocs(b)...)
	inputs := []struct {
		name  string
		toks  [][][]byte
		bytes int64
	}{{name: "seeds"}}
	if datadir.Dir() != "" {
		inputs = append(inputs, struct {
			name  string
			toks  [][][]byte
			bytes int64
		}{name: "news2k"})
	}
	p := text.New(text.Settings{})
	for i := range inputs {
		if inputs[i].name == "news2k" {
			docs = newsDocs(b, 2000)
		}
		for _, d := range docs {
			tk := p.NewTokenizer() // own buffers: the tokens are kept
			inputs[i].toks = append(inputs[i].toks, tk.Tokens(d.Text))
			inputs[i].bytes += int64(len(d.Text))
		}
	}
	return inputs
}

func BenchmarkShingle(b *testing.B) {
	for _, in := range benchInputs(b) {
		for _, s := range []Shingling{{N: 3}, {Chars: true, N: 5}} {
			b.Run(fmt.Sprintf("%s/%s", in.name, s), func(b *testing.B) {
				sh := newShingler(s)
				b.SetBytes(in.bytes)
				b.ReportAllocs()
				for b.Loop() {
					for _, t := range in.toks {
						sh.Set(t)
					}
				}
			})
		}
	}
}

// shingleSets returns the word 3-gram sets of the inputs.
func shingleSets(toks [][][]byte) [][]uint64 {
	sh := newShingler(defaultShingling)
	var sets [][]uint64
	for _, t := range toks {
		sets = append(sets, append([]uint64(nil), sh.Set(t)...))
	}
	return sets
}

func BenchmarkMinHash(b *testing.B) {
	for _, in := range benchInputs(b) {
		sets := shingleSets(in.toks)
		for _, k := range []int{64, 128, 256} {
			b.Run(fmt.Sprintf("%s/%d", in.name, k), func(b *testing.B) {
				mh, _ := newMinHash(k, 0)
				var sig []uint32
				b.SetBytes(in.bytes)
				b.ReportAllocs()
				for b.Loop() {
					for _, s := range sets {
						sig = mh.Sign(sig[:0], s)
					}
				}
			})
		}
	}
}

func BenchmarkSimHash(b *testing.B) {
	for _, in := range benchInputs(b) {
		sh := newShingler(defaultShingling)
		var all [][]uint64
		for _, t := range in.toks {
			all = append(all, append([]uint64(nil), sh.Hashes(t)...))
		}
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(in.bytes)
			b.ReportAllocs()
			for b.Loop() {
				for _, hs := range all {
					simHash(hs)
				}
			}
		})
	}
}

func BenchmarkLSH(b *testing.B) {
	for _, in := range benchInputs(b) {
		sets := shingleSets(in.toks)
		mh, _ := newMinHash(DefaultHashes, 0)
		lsh := optimalBanding(DefaultThreshold, DefaultHashes, 0.5, 0.5)
		var keys [][]uint64
		var buf []byte
		for _, s := range sets {
			var k []uint64
			k, buf = lsh.Keys(nil, buf, mh.Sign(nil, s))
			keys = append(keys, k)
		}
		b.Run(in.name+"/keys", func(b *testing.B) {
			sig := mh.Sign(nil, sets[0])
			var dst []uint64
			b.ReportAllocs()
			for b.Loop() {
				dst, buf = lsh.Keys(dst[:0], buf, sig)
			}
		})
		b.Run(in.name+"/index", func(b *testing.B) {
			b.SetBytes(in.bytes)
			b.ReportAllocs()
			for b.Loop() {
				x := newBandTable(lsh.Bands)
				for _, k := range keys {
					x.Add(k)
				}
				x.Buckets(func(int, []int32) bool { return true })
			}
		})
	}
}

func BenchmarkFind(b *testing.B) {
	docs := newsDocs(b, 20000)
	var size int64
	for _, d := range docs {
		size += int64(len(d.Text))
	}
	for _, o := range []Options{{Level: DocumentLevel}, {Level: DocumentLevel, Method: SimHashBits}, {}} {
		b.Run(fmt.Sprintf("news20k/%s/%s", o.Level, o.Method), func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Find(slices.Values(docs), o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFindLarge finds the duplicates of one document of 16 MB (the
// first news-2013 texts one after another), at passage and document
// level, signed as a long unit and in parts (the default) and at once (as
// before: every unit short, the document one batch): B/op is what one huge
// document costs.
func BenchmarkFindLarge(b *testing.B) {
	var sb []byte
	for _, d := range corpustest.Read(b, corpustest.News2013, false, 0, 16<<20) {
		sb = append(append(sb, d.Text...), '\n')
	}
	docs := []Doc{{ID: "big", Text: string(sb)}}
	for _, level := range []Level{PassageLevel, DocumentLevel} {
		for _, way := range []struct {
			name  string
			piece int
		}{{"long", pieceSize}, {"at-once", len(sb) + 1}} {
			b.Run(level.String()+"/"+way.name, func(b *testing.B) {
				defer withLong(way.piece, setRun)()
				b.SetBytes(int64(len(sb)))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := Find(slices.Values(docs), Options{Level: level}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
