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
