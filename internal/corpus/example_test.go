package corpus_test

import (
	"fmt"
	"strings"

	"github.com/khabar-nlp/khabar/internal/corpus"
)

// A Reader returns one document at a time, in the bufio.Scanner shape.
func ExampleReader() {
	in := `{"id": "a1", "title": "عنوان", "text": "نص المقال", "label": "crime"}
{"id": "a2", "title": "عنوان آخر", "text": "", "label": "other"}
`
	r := corpus.NewReader([]string{"-"}, corpus.Options{
		Format:     corpus.FormatJSONL,
		TextFields: []string{"title", "text"},
		Stdin:      strings.NewReader(in),
	})
	defer r.Close()
	for r.Next() {
		d := r.Document()
		fmt.Printf("%s line %d %s %q\n", d.ID, d.Line, d.Label, d.Text)
	}
	if err := r.Err(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// a1 line 1 crime "عنوان\nنص المقال"
	// a2 line 2 other "عنوان آخر\n"
}

// Rewrite writes a file again without some documents and passages, the
// spans being byte offsets into the Document.Text the Reader returned.
func ExampleRewrite() {
	in := "{\"id\": \"a1\", \"text\": \"\xff\xfe خبر\\nسطر مكرر\"}\n{\"id\": \"a2\", \"text\": \"سطر مكرر\"}\n"
	opt := corpus.Options{Format: corpus.FormatJSONL, Stdin: strings.NewReader(in)}
	r := corpus.NewReader([]string{"-"}, opt)
	r.Next()
	text := r.Document().Text // "\uFFFD خبر\nسطر مكرر": one U+FFFD for the two bad bytes
	r.Close()
	start := strings.Index(text, "سطر")
	edits := map[int]corpus.Edit{
		1: {Cuts: []corpus.Span{{Start: start, End: len(text)}}},
		2: {Drop: true},
	}
	var out strings.Builder
	if err := corpus.Rewrite(&out, strings.NewReader(in), "-", corpus.FormatJSONL, opt, edits); err != nil {
		fmt.Println(err)
	}
	fmt.Print(out.String())
	// Output:
	// {"id": "a1", "text": "� خبر\n"}
}
