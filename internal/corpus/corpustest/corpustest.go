// Package corpustest gives tests and benchmarks slices of the shared
// corpora under $KHABAR_DATA (see ../shared/data/README.md), skipping them
// when KHABAR_DATA is unset.
package corpustest

import (
	"path/filepath"
	"testing"

	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/datadir"
)

// The shared corpora, relative to $KHABAR_DATA.
const (
	News2013 = "news-2013/articles.jsonl.gz"
	ANT      = "ant-multisource/train.jsonl.gz"
)

// Path returns $KHABAR_DATA/rel, and skips tb when KHABAR_DATA is unset.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	dir := datadir.Dir()
	if dir == "" {
		tb.Skip("KHABAR_DATA not set")
	}
	return filepath.Join(dir, rel)
}

// Read returns the first documents of the corpus rel under $KHABAR_DATA,
// title and text joined, with the "source" field (which both corpora
// have) as Group, in file order: at most maxDocs of them and only
// until their texts reach maxBytes (0 means no limit). With labels, every
// document must have a label. Any problem (a missing file, a skipped or
// malformed line) fails tb; without KHABAR_DATA, tb is skipped.
func Read(tb testing.TB, rel string, labels bool, maxDocs, maxBytes int) []corpus.Document {
	tb.Helper()
	r := corpus.NewReader([]string{Path(tb, rel)}, corpus.Options{
		TextFields:    []string{"title", "text"},
		RequireLabels: labels,
		GroupField:    "source",
		Warn:          func(err error) { tb.Fatal(err) },
	})
	defer r.Close()
	var docs []corpus.Document
	size := 0
	for (maxDocs == 0 || len(docs) < maxDocs) && (maxBytes == 0 || size < maxBytes) && r.Next() {
		d := *r.Document()
		docs = append(docs, d)
		size += len(d.Text)
	}
	if err := r.Err(); err != nil {
		tb.Fatal(err)
	}
	return docs
}
