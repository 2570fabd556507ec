package corpus_test

import (
	"testing"

	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/corpus/corpustest"
)

func TestNews2013(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 390 MB")
	}
	path := corpustest.Path(t, corpustest.News2013)
	r := corpus.NewReader([]string{path}, corpus.Options{TextFields: []string{"title", "text"}, Warn: func(err error) { t.Fatal(err) }})
	defer r.Close()
	seen := make(map[string]struct{}, 175015)
	n := 0
	for r.Next() {
		id := r.Document().ID
		if _, dup := seen[id]; dup {
			t.Errorf("id %q occurs twice", id)
		}
		seen[id] = struct{}{}
		n++
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 175015 {
		t.Errorf("read %d documents, want 175015", n)
	}
}
