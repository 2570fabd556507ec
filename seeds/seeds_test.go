package seeds

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func TestSeeds(t *testing.T) {
	names := Names()
	if len(names) != 5 {
		t.Fatalf("Names() = %q, want 5 pages", names)
	}
	for _, name := range names {
		data, err := FS.ReadFile(name)
		if err != nil || len(data) == 0 || !utf8.Valid(data) {
			t.Errorf("seed %s: %d bytes, err %v, valid UTF-8 %v", name, len(data), err, utf8.Valid(data))
		}
		// The embedded copy must be the shared one, unchanged.
		if shared, err := os.ReadFile(filepath.Join("..", "..", "shared", "seeds", name)); err == nil && string(shared) != string(data) {
			t.Errorf("seed %s differs from ../shared/seeds/%s", name, name)
		}
	}
}

func TestPages(t *testing.T) {
	pages := Pages()
	names := Names()
	if len(pages) != len(names) {
		t.Fatalf("Pages() = %d pages, want %d", len(pages), len(names))
	}
	for i, p := range pages {
		data, _ := FS.ReadFile(names[i])
		if p.Name != names[i] || p.Text != string(data) {
			t.Errorf("Pages()[%d] = %q (%d bytes), want %q (%d bytes)", i, p.Name, len(p.Text), names[i], len(data))
		}
	}
}
