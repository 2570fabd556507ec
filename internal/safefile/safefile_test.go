package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// files returns the names in dir.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	for _, body := range []string{"first\n", "second, longer\n"} {
		if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, body); return err }); err != nil {
			t.Fatalf("Write(%q) = %v, want nil", body, err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != body {
			t.Errorf("after Write(%q): file holds %q, %v", body, got, err)
		}
		info, err := os.Stat(path)
		if err != nil || info.Mode().Perm() != Mode {
			t.Errorf("after Write(%q): mode %v, %v; want %v", body, info.Mode().Perm(), err, os.FileMode(Mode))
		}
		if names := files(t, dir); len(names) != 1 {
			t.Errorf("after Write(%q): folder holds %q, want only out.txt", body, names)
		}
	}
}

func TestWriteFailureKeepsOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(path, func(w io.Writer) error {
		io.WriteString(w, "half a ")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("Write with a failing writer = %v, want %v", err, boom)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("after a failed Write the file holds %q, want %q", got, "old")
	}
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("after a failed Write the folder holds %q, want only out.txt", names)
	}
}

func TestWriteMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "out.txt")
	called := false
	err := Write(path, func(io.Writer) error { called = true; return nil })
	if err == nil || called {
		t.Errorf("Write(%q) = %v (writer called %v), want an error before writing", path, err, called)
	}
}

// TestWriteFolder: writing to a folder fails before anything is written,
// with an error on the path (not on a temporary name), and leaves no
// temporary file.
func TestWriteFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out")
	os.Mkdir(path, 0o755)
	called := false
	err := Write(path, func(io.Writer) error { called = true; return nil })
	if want := "write " + path + ": is a folder"; err == nil || err.Error() != want || !errors.Is(err, ErrFolder) || called {
		t.Errorf("Write(folder) = %v (writer called %v), want %q before writing", err, called, want)
	}
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("after Write(folder) the parent holds %q, want only out", names)
	}
}

// TestWriteRenameError: when the rename fails (here: path is a non-empty
// folder that appears after the check), the error names path, not the
// temporary file, which is removed.
func TestWriteRenameError(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out")
	err := Write(path, func(io.Writer) error {
		os.MkdirAll(filepath.Join(path, "x"), 0o755)
		return nil
	})
	var pe *os.PathError
	if err == nil || !errors.As(err, &pe) || pe.Path != path || strings.Contains(err.Error(), "~") {
		t.Errorf("Write with a failing rename = %v, want an *os.PathError on %s", err, path)
	}
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("after a failed rename the folder holds %q, want only out", names)
	}
}

// TestStaleTempFiles: a successful write removes the temporary files of
// the same destination left by an earlier, killed process, and keeps those
// of other destinations, of a writer running now (newer than this
// process), and names that os.CreateTemp does not make.
func TestStaleTempFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.txt")
	old := started.Add(-time.Hour)
	stale := []string{".out.txt.123~", ".out.txt.4567890~"}
	kept := []string{".out.txt.99~" /* newer: a writer running now */, ".out.txt.old~", ".other.txt.123~", ".out.txt.123"}
	for _, n := range append(append([]string{}, stale...), kept...) {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
		if n != ".out.txt.99~" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A failed write removes nothing.
	if err := Write(path, func(io.Writer) error { return errors.New("boom") }); err == nil {
		t.Fatal("failing Write returned nil")
	}
	if got := files(t, dir); len(got) != len(stale)+len(kept) {
		t.Errorf("after a failed Write the folder holds %q, want the temporary files untouched", got)
	}
	if err := Write(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	want := append([]string{"out.txt"}, kept...)
	slices.Sort(want)
	if got := files(t, dir); !slices.Equal(got, want) {
		t.Errorf("after Write the folder holds %q, want %q", got, want)
	}
}

// TestCreateBeforeWork: Create fails at once for a folder that does not
// exist, with an error on the path; Abort leaves nothing behind, and
// Commit puts the file in place.
func TestCreateBeforeWork(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no", "out.txt")
	var pe *os.PathError
	if f, err := Create(missing); err == nil || !errors.As(err, &pe) || pe.Path != missing || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Create(%q) = %v, %v; want an *os.PathError on it, not exist", missing, f, err)
	}
	path := filepath.Join(dir, "out.txt")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "abandoned")
	f.Abort()
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("after Abort the folder holds %q, want nothing", got)
	}
	f, err = Create(path)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "kept")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // after Commit: nothing
	if got, err := os.ReadFile(path); err != nil || string(got) != "kept" {
		t.Errorf("after Commit: %q, %v; want %q", got, err, "kept")
	}
}
