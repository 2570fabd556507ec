package analyze

import (
	"runtime"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/internal/corpus/corpustest"
	"github.com/khabar-nlp/khabar/models"
	"github.com/khabar-nlp/khabar/seeds"
)

// benchPages returns the seed pages, or the first pages of news-2013 up
// to about n bytes (skipping without KHABAR_DATA).
func benchPages(b *testing.B, n int) []Page {
	var pages []Page
	if n == 0 {
		for _, p := range seeds.Pages() {
			pages = append(pages, Page{ID: p.Name, Text: p.Text})
		}
		return pages
	}
	for _, d := range corpustest.Read(b, corpustest.News2013, false, 0, n) {
		pages = append(pages, Page{ID: d.ID, Text: d.Text})
	}
	return pages
}

// nextOf returns a source of pages for Analyze: pages, in order.
func nextOf(pages []Page) func() (Page, bool) {
	k := 0
	return func() (Page, bool) {
		if k == len(pages) {
			return Page{}, false
		}
		k++
		return pages[k-1], true
	}
}

// BenchmarkAnalyze runs both passes (no report writing) with the default
// model and in-page duplicate finder.
func BenchmarkAnalyze(b *testing.B) {
	m, err := models.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		bytes int
	}{{"seeds", 0}, {"news2013-10MB", 10 << 20}} {
		b.Run(bc.name, func(b *testing.B) {
			pages := benchPages(b, bc.bytes)
			size := 0
			for _, p := range pages {
				size += len(p.Text)
			}
			a := New(m, DefaultPageDups(), Options{})
			b.SetBytes(int64(size))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := a.Analyze(nextOf(pages), func(*PageReport) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRepeatedLines runs a whole analysis of one page of identical
// lines: time and bytes per line must stay flat as the page grows (the
// in-page search groups exact copies by hash). The pages are lines "x",
// and, as "line59-N", a 59-byte Arabic line (bench/analyze.sh measures
// the peak memory of both in a whole process).
func BenchmarkRepeatedLines(b *testing.B) {
	m, err := models.Default()
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		line string
		n    int
	}{
		{"10000", "x", 10000}, {"100000", "x", 100000}, {"1000000", "x", 1000000},
		{"line59-100000", "انفجار في مخزن للأسلحة والذخيرة", 100000},
		{"line59-1000000", "انفجار في مخزن للأسلحة والذخيرة", 1000000},
	} {
		b.Run(c.name, func(b *testing.B) {
			page := Page{ID: "x", Text: strings.Repeat(c.line+"\n", c.n)}
			a := New(m, DefaultPageDups(), Options{})
			b.SetBytes(int64(len(page.Text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				done := false
				next := func() (Page, bool) {
					if done {
						return Page{}, false
					}
					done = true
					return page, true
				}
				if _, err := a.Analyze(next, func(*PageReport) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFirstPassKept reports, as kept-MB, what the first pass keeps
// of the first 40,000 pages of news-2013 until the second (the live heap
// after a garbage collection, less that before the pass, the pages' texts
// being held throughout): the memory of analyze on a corpus is about
// twice that at its peak (skipped without KHABAR_DATA).
func BenchmarkFirstPassKept(b *testing.B) {
	m, err := models.Default()
	if err != nil {
		b.Fatal(err)
	}
	var pages []Page
	for _, d := range corpustest.Read(b, corpustest.News2013, false, 40000, 0) {
		pages = append(pages, Page{ID: d.ID, Text: d.Text})
	}
	a := New(m, DefaultPageDups(), Options{})
	var kept float64
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		states, err := a.scanAll(nextOf(pages))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept = float64(after.HeapAlloc-before.HeapAlloc) / (1 << 20)
		runtime.KeepAlive(states)
	}
	b.ReportMetric(kept, "kept-MB")
}
