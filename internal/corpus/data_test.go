package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// dataPath returns a file under $KHABAR_DATA, or skips the test.
func dataPath(t testing.TB, rel string) string {
	dir := os.Getenv("KHABAR_DATA")
	if dir == "" {
		t.Skip("KHABAR_DATA not set")
	}
	return filepath.Join(dir, rel)
}

func TestNews2013(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 390 MB")
	}
	path := dataPath(t, "news-2013/articles.jsonl.gz")
	r := NewReader([]string{path}, Options{TextFields: []string{"title", "text"}, Warn: func(err error) { t.Fatal(err) }})
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
