package datadir

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDir(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"mod/pkg/local", "mod/data", "shared/data"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "mod/go.mod"), []byte("module x\n"), 0o644)
	t.Chdir(filepath.Join(root, "mod/pkg"))
	tests := []struct{ env, want string }{
		{"", ""},
		{"/abs/path", "/abs/path"},
		{"local", "local"}, // exists in the current folder
		{"data", filepath.Join(root, "mod/data")},
		{"../shared/data", filepath.Join(root, "shared/data")},
		{"missing", filepath.Join(root, "mod/missing")},
	}
	for _, tt := range tests {
		t.Setenv("KHABAR_DATA", tt.env)
		if got := Dir(); got != tt.want {
			t.Errorf("Dir() with KHABAR_DATA=%q = %q, want %q", tt.env, got, tt.want)
		}
	}
}
