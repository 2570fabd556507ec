package corpus

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestVeryLongLines: lines longer than largeBuffer, read in blocks, give
// the documents, lines and offsets of the file, with LF, CRLF and no line
// break at the end, plain and gzip, and Reread finds them again.
func TestVeryLongLines(t *testing.T) {
	defer func(n int) { largeBuffer = n }(largeBuffer)
	largeBuffer = 3 << 20 // blocks of 3 MiB: lines of a few MiB cross several
	unit := "نص عربي \"x\" "
	var lines strings.Builder
	var want []string
	var offsets []int64
	sizes := []int{largeBuffer - 40, 10, largeBuffer + readBufSize, 2*largeBuffer + 3, 5, largeBuffer}
	for i, n := range sizes {
		text := strings.Repeat(unit, n/len(unit)+1)[:n]
		text = strings.ToValidUTF8(text, "") // cut in a letter
		esc, _ := json.Marshal(text)
		want = append(want, text)
		offsets = append(offsets, int64(lines.Len()))
		fmt.Fprintf(&lines, `{"id":"d%d","text":%s}`, i, esc)
		switch {
		case i == len(sizes)-1: // no line break at the end
		case i%2 == 1:
			lines.WriteString("\r\n")
		default:
			lines.WriteString("\n")
		}
	}
	dir := t.TempDir()
	write(t, dir, map[string]string{"long.jsonl": lines.String(), "long.jsonl.gz": gz(lines.String())})
	for _, name := range []string{"long.jsonl", "long.jsonl.gz"} {
		path := filepath.Join(dir, name)
		r := NewReader([]string{path}, Options{})
		var positions []Position
		i := 0
		for ; r.Next(); i++ {
			d := r.Document()
			if i >= len(want) {
				t.Fatalf("%s: more than %d documents", name, len(want))
			}
			if d.ID != fmt.Sprint("d", i) || d.Text != want[i] || d.Line != i+1 || d.Offset != offsets[i] {
				t.Errorf("%s: document %d: id %q, %d bytes (equal %v), line %d, offset %d; want d%d, %d bytes, line %d, offset %d",
					name, i, d.ID, len(d.Text), d.Text == want[i], d.Line, d.Offset, i, len(want[i]), i+1, offsets[i])
			}
			positions = append(positions, PositionOf(r))
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		if d := r.Document(); d.Text != "" || d.ID != "" {
			t.Errorf("%s: after the last document, Document() = id %q, %d bytes of text, want the zero Document", name, d.ID, len(d.Text))
		}
		r.Close()
		if i != len(want) {
			t.Fatalf("%s: %d documents, want %d", name, i, len(want))
		}
		err := Reread(positions, Options{}, "", func(i int, text string) {
			if text != want[i] {
				t.Errorf("%s: Reread document %d: %d bytes (equal %v), want %d bytes", name, i, len(text), text == want[i], len(want[i]))
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
