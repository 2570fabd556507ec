package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReread reads a third of the documents of a JSON Lines file
// again at their positions, plain and gzip-compressed, beside a Reader's
// whole pass over the same file (what dedup's excerpts cost before
// Reread). MB/s are of the whole file.
func BenchmarkReread(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, `{"id":"%d","text":"%s\n%s"}`+"\n", i, strings.Repeat("سطر من خبر ", 20+i%30), strings.Repeat("line ", 40))
	}
	data := sb.String()
	dir := b.TempDir()
	for _, gz := range []bool{false, true} {
		name, content := "in.jsonl", data
		if gz {
			name, content = "in.jsonl.gz", gzipped(data)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
		r := NewReader([]string{path}, Options{})
		var pos []Position
		for i := 0; r.Next(); i++ {
			if i%3 == 0 {
				pos = append(pos, PositionOf(r))
			}
		}
		r.Close()
		b.Run(name+"/reread-third", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := Reread(pos, Options{}, "", func(int, string) {}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/read-all", func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				r := NewReader([]string{path}, Options{})
				for r.Next() {
				}
				if err := r.Close(); err != nil || r.Err() != nil {
					b.Fatal(err, r.Err())
				}
			}
		})
	}
}
