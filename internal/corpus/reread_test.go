package corpus

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// readPositions reads paths with opt and returns every document's
// position and text.
func readPositions(t *testing.T, paths []string, opt Options) ([]Position, []string, error) {
	t.Helper()
	r := NewReader(paths, opt)
	defer r.Close()
	var pos []Position
	var texts []string
	for r.Next() {
		pos = append(pos, PositionOf(r))
		texts = append(texts, r.Document().Text)
	}
	return pos, texts, r.Err()
}

// reread returns the texts Reread finds at the positions, checking that
// it gives each once.
func reread(pos []Position, opt Options, stdinCopy string) ([]string, error) {
	texts := make([]string, len(pos))
	seen := make([]bool, len(pos))
	var twice error
	err := Reread(pos, opt, stdinCopy, func(i int, text string) {
		if seen[i] {
			twice = fmt.Errorf("position %d given twice", i)
		}
		seen[i], texts[i] = true, text
	})
	if err == nil && twice != nil {
		err = twice
	}
	if err == nil && slices.Contains(seen, false) {
		err = fmt.Errorf("a position not given")
	}
	return texts, err
}

func gzipped(data string) string {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(data))
	zw.Close()
	return buf.String()
}

func TestReread(t *testing.T) {
	dir := t.TempDir()
	jsonl := "\uFEFF{\"id\":1,\"title\":\"t\xff\xfe\",\"text\":\"a\\u00e9\\ud800\"}\r\n\n  \n{\"text\":\"b\\nc\"}\n{\"title\":\"only\"}\n"
	files := map[string]string{
		"a.jsonl":    jsonl,
		"b.jsonl.gz": gzipped(jsonl),
		"c.tsv":      "x\tone\ny\ttwo\xff\r\n",
		"d.ft":       "__label__x one\nplain two\n",
		"e.txt":      "\uFEFFwhole\xc3 file\n",
		"f.txt.gz":   gzipped("zipped text"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdinCopy := filepath.Join(t.TempDir(), "stdin")
	os.WriteFile(stdinCopy, []byte(gzipped(jsonl)), 0o644)
	opt := Options{TextFields: []string{"title", "text"}, Stdin: bytes.NewReader([]byte(gzipped(jsonl)))}
	pos, want, err := readPositions(t, []string{dir, "-"}, opt)
	if err != nil || len(pos) != 15 {
		t.Fatalf("read %d documents, %v; want 15", len(pos), err)
	}
	// All, backwards, every other one, one twice.
	var rev []Position
	for i := len(pos) - 1; i >= 0; i-- {
		rev = append(rev, pos[i])
	}
	var odd []Position
	var oddWant []string
	for i := 1; i < len(pos); i += 2 {
		odd = append(odd, pos[i], pos[i])
		oddWant = append(oddWant, want[i], want[i])
	}
	var revWant []string
	for i := len(want) - 1; i >= 0; i-- {
		revWant = append(revWant, want[i])
	}
	for _, tt := range []struct {
		name string
		pos  []Position
		want []string
	}{{"all", pos, want}, {"backwards", rev, revWant}, {"every other, twice", odd, oddWant}} {
		got, err := reread(tt.pos, opt, stdinCopy)
		if err != nil {
			t.Errorf("Reread %s: %v", tt.name, err)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Reread %s: %s:%d (offset %d) = %q, want %q", tt.name, tt.pos[i].Source, tt.pos[i].Line, tt.pos[i].Offset, got[i], tt.want[i])
			}
		}
	}
	// A file that changed since: an error naming it and the line.
	os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte("{}"), 0o644)
	if _, err := reread(pos[:3], opt, stdinCopy); err == nil {
		t.Errorf("Reread of a file cut short: no error")
	}
}

// FuzzReread reads arbitrary bytes as JSON Lines, TSV or fastText, plain
// or gzip-compressed, and checks that Reread finds every document's text
// again at its position.
func FuzzReread(f *testing.F) {
	f.Add([]byte("{\"text\":\"a\"}\n\n{\"text\":\"\xff\\ud800\"}\r\n"), uint8(0), false)
	f.Add([]byte("\uFEFF__label__x a\nb\n"), uint8(2), true)
	f.Add([]byte("x\ta\ny\tb\xfe\r\n"), uint8(1), false)
	f.Fuzz(func(t *testing.T, data []byte, format uint8, gz bool) {
		formats := []Format{FormatJSONL, FormatTSV, FormatFastText}
		opt := Options{Format: formats[int(format)%len(formats)]}
		if gz {
			data = []byte(gzipped(string(data)))
		}
		path := filepath.Join(t.TempDir(), "in")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		pos, want, _ := readPositions(t, []string{path}, opt)
		got, err := reread(pos, opt, "")
		if err != nil {
			t.Fatalf("Reread: %v", err)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("Reread line %d (offset %d) = %q, want %q", pos[i].Line, pos[i].Offset, got[i], want[i])
			}
		}
	})
}
