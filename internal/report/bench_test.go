package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/dedup"
)

// benchResult is a dedup run over n generated documents of 20 lines, each
// line in three documents, so that every line is in a cluster of three.
func benchResult(b *testing.B, n int) (*dedup.Result, func(dedup.Unit) string) {
	b.Helper()
	docs := make([]dedup.Doc, n)
	words := strings.Fields(long)
	for i := range docs {
		var t strings.Builder
		for l := range 20 {
			// 12 words drawn from the sentence by the line's number k:
			// lines of different k share few word 3-grams.
			x := uint64((i/3)*20+l)*0x9e3779b97f4a7c15 + 1
			for range 12 {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				t.WriteString(words[x%uint64(len(words))])
				t.WriteByte(' ')
			}
			t.WriteString("\n")
		}
		docs[i] = dedup.Doc{ID: fmt.Sprintf("doc-%05d.txt", i), Text: t.String()}
	}
	res, err := dedup.Find(slices.Values(docs), dedup.Options{Pairs: true})
	if err != nil {
		b.Fatal(err)
	}
	return res, func(u dedup.Unit) string { return docs[u.Doc].Text[u.Start:u.End] }
}

// BenchmarkReports writes each dedup report of 30,000 cluster members to a
// regular file; the bytes are the report's.
func BenchmarkReports(b *testing.B) {
	res, textOf := benchResult(b, 1500)
	f, err := os.Create(filepath.Join(b.TempDir(), "report"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	for _, bc := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"text", func(w io.Writer) error { return WriteText(w, NewDedup(res, textOf)) }},
		{"members", func(w io.Writer) error { return WriteMembers(w, NewDedup(res, nil)) }},
		{"json", func(w io.Writer) error { return WriteJSON(w, NewDedup(res, textOf)) }},
		{"pairs", func(w io.Writer) error { return WritePairs(w, NewDedup(res, nil)) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var size int64
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Seek(0, io.SeekStart); err != nil {
					b.Fatal(err)
				}
				bw := bufio.NewWriter(f)
				if err := bc.write(bw); err != nil {
					b.Fatal(err)
				}
				bw.Flush()
				size, _ = f.Seek(0, io.SeekCurrent)
			}
			b.SetBytes(size)
		})
	}
}
