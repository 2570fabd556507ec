package htmlreport

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/khabar-nlp/khabar/dedup"
)

// BenchmarkDedup times the writing of the dedup report alone (the dedup
// run is set-up), to a file, for the seeds and for news-2013 at document
// level (title + text): its first 20,000 documents and all of it (175,015
// documents, about 1.2 GB of memory). Bytes are the clusters' own text.
func BenchmarkDedup(b *testing.B) {
	sizes := []struct {
		name string
		docs func(testing.TB) []dedup.Doc
		opts dedup.Options
	}{
		{"seeds", func(testing.TB) []dedup.Doc { return seedDocs() }, dedup.Options{Containment: 0.7}},
		{"news-2013-20k", func(t testing.TB) []dedup.Doc { return news2013(t, 20_000) }, dedup.Options{Level: dedup.DocumentLevel}},
		{"news-2013-all", func(t testing.TB) []dedup.Doc { return news2013(t, 1<<30) }, dedup.Options{Level: dedup.DocumentLevel}},
	}
	for _, s := range sizes {
		b.Run(s.name, func(b *testing.B) {
			docs := s.docs(b)
			res, err := dedup.Find(slices.Values(docs), s.opts)
			if err != nil {
				b.Fatal(err)
			}
			var text int64
			for _, c := range res.Clusters {
				for _, m := range c.Members {
					text += int64(m.Bytes())
				}
			}
			textOf := func(u dedup.Unit) string { return docs[u.Doc].Text[u.Start:u.End] }
			path := filepath.Join(b.TempDir(), "report.html")
			b.SetBytes(text)
			b.ReportAllocs()
			for b.Loop() {
				f, err := os.Create(path)
				if err != nil {
					b.Fatal(err)
				}
				w := bufio.NewWriterSize(f, 1<<16)
				if err := Dedup(w, res, textOf, Options{}); err != nil {
					b.Fatal(err)
				}
				if err := w.Flush(); err != nil {
					b.Fatal(err)
				}
				if err := f.Close(); err != nil {
					b.Fatal(err)
				}
			}
			fi, _ := os.Stat(path)
			b.ReportMetric(float64(len(res.Clusters)), "clusters")
			b.ReportMetric(float64(fi.Size())/float64(max(text, 1)), "file/text")
		})
	}
}
