package text

import (
	"testing"

	"github.com/khabar-nlp/khabar/internal/corpus/corpustest"
	"github.com/khabar-nlp/khabar/seeds"
)

func seedTexts(b *testing.B) []string {
	var out []string
	for _, p := range seeds.Pages() {
		out = append(out, p.Text)
	}
	return out
}

// news2013Slice returns the first documents of news-2013 (title and text)
// up to about n bytes, or skips.
func news2013Slice(b *testing.B, n int) []string {
	var out []string
	for _, d := range corpustest.Read(b, corpustest.News2013, false, 0, n) {
		out = append(out, d.Text)
	}
	return out
}

func benchTokenize(b *testing.B, texts []string, s Settings) {
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	tk := New(s).NewTokenizer()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			tk.Tokens(t)
		}
	}
}

func BenchmarkTokenize(b *testing.B) {
	for _, bc := range []struct {
		name     string
		texts    func(*testing.B) []string
		settings Settings
	}{
		{"seeds", seedTexts, Settings{}},
		{"seeds/stem+stop", seedTexts, Settings{Stem: true, StopWords: true}},
		{"news2013-10MB", func(b *testing.B) []string { return news2013Slice(b, 10<<20) }, Settings{}},
		{"news2013-10MB/stem+stop", func(b *testing.B) []string { return news2013Slice(b, 10<<20) }, Settings{Stem: true, StopWords: true}},
	} {
		b.Run(bc.name, func(b *testing.B) { benchTokenize(b, bc.texts(b), bc.settings) })
	}
}

func BenchmarkNormalize(b *testing.B) {
	texts := seedTexts(b)
	p := New(Settings{})
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	var buf []byte
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, t := range texts {
			buf = p.AppendNormalized(buf[:0], t)
		}
	}
}
