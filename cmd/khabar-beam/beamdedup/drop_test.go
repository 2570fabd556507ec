package beamdedup

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/dedup"
)

// sameTree fails the test unless the folders hold the same files with the
// same bytes.
func sameTree(t *testing.T, got, want string) (files int) {
	t.Helper()
	list := func(dir string) map[string][]byte {
		m := make(map[string][]byte)
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[rel] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	g, w := list(got), list(want)
	gn, wn := slices.Sorted(mapKeys(g)), slices.Sorted(mapKeys(w))
	if !slices.Equal(gn, wn) {
		t.Fatalf("--drop wrote %q, want %q", gn, wn)
	}
	for _, n := range wn {
		if strings.HasSuffix(n, ".gz") && !bytes.Equal(g[n], w[n]) {
			sameLines(t, "drop/"+n+" (gunzipped)", gunzip(t, g[n]), gunzip(t, w[n]))
			t.Fatalf("drop/%s: not the same gzip bytes", n)
		}
		sameLines(t, "drop/"+n, g[n], w[n])
	}
	return len(wn)
}

func mapKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// compareDrop runs the pipeline with Drop and khabar dedup --drop on the
// same files with the same flags and checks that they write the same
// files, and that something was dropped.
func compareDrop(t *testing.T, o Options, files []string, flags ...string) (dropped string) {
	t.Helper()
	o.Drop = true
	return sameDrop(t, runBeam(t, o), files, flags...)
}

// sameDrop checks that the --drop output the pipeline wrote into dir holds
// the files of khabar dedup --drop with flags, and that something was
// dropped.
func sameDrop(t *testing.T, dir string, files []string, flags ...string) (dropped string) {
	t.Helper()
	want := t.TempDir()
	out := want // one folder per input file
	if len(files) == 1 {
		out = filepath.Join(want, filepath.Base(files[0])) // khabar dedup writes OUT itself
	}
	khabarDedup(t, append(append([]string{"--drop", "-o", out}, flags...), files...)...)
	n := sameTree(t, filepath.Join(dir, "drop"), want)
	dropped = dir
	var in, kept int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		in += st.Size()
	}
	filepath.WalkDir(want, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			st, _ := d.Info()
			kept += st.Size()
		}
		return err
	})
	t.Logf("%d files, %d of %d bytes kept", n, kept, in)
	if n == 0 || kept >= in {
		t.Errorf("%d files, %d of %d bytes kept: nothing dropped", n, kept, in)
	}
	return filepath.Join(dropped, "drop")
}

func TestDropSeeds(t *testing.T) {
	glob, files := seedFiles(t)
	t.Run("passage", func(t *testing.T) {
		o := Options{Inputs: []string{glob}, Shards: 2}
		compareDrop(t, o, files)
	})
	t.Run("document-char5-0.1", func(t *testing.T) {
		o := Options{Inputs: []string{glob}, Shards: 2}
		o.Dedup.Level = dedup.DocumentLevel
		o.Dedup.Threshold = 0.1
		if err := o.Dedup.Shingle.UnmarshalText([]byte("char:5")); err != nil {
			t.Fatal(err)
		}
		compareDrop(t, o, files, "--level", "document", "--shingle", "char:5", "--threshold", "0.1")
	})
}

// words returns n words wFROM... and last.
func words(from, n int, last string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "w%d ", from+i)
	}
	return b.String() + last
}

// dropFixture writes two JSON Lines files (one gzip) with exact and near
// duplicates of documents and passages, a blank line, and a line with
// invalid UTF-8 before a duplicated passage.
func dropFixture(t *testing.T) []string {
	p1, p2, p3 := words(0, 30, "end"), words(100, 30, "end"), words(200, 30, "end")
	near2 := words(100, 30, "other") // one word of 31 changed
	line := func(id, text, extra string) string {
		return fmt.Sprintf(`{"id":%q,%s"text":%q}`, id, extra, text) + "\n"
	}
	f1 := line("a", p1+"\n"+p2+"\n"+p3, "") +
		"\n" +
		// Invalid UTF-8 in the text, before a duplicated passage.
		`{"id":"b","text":"bad ` + "\xff\xfe" + ` bytes here\n` + p2 + `\nunique words only here"}` + "\n" +
		line("c", p1+"\n"+p2+"\n"+p3, `"title":"x", `) + // the same document as a
		line("d", "lead line\n"+near2, "")
	f2 := line("e", p3+"\n"+p1+" tail"+"\n"+p2+"\n"+p3, "") +
		line("f", p1+"\n"+p2+"\n"+p3+" more", "") // a near copy of a
	dir := t.TempDir()
	names := []string{filepath.Join(dir, "f1.jsonl"), filepath.Join(dir, "f2.jsonl.gz")}
	if err := os.WriteFile(names[0], []byte(f1), 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(f2))
	zw.Close()
	if err := os.WriteFile(names[1], gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return names
}

func TestDropFixture(t *testing.T) {
	files := dropFixture(t)
	for _, level := range []dedup.Level{dedup.PassageLevel, dedup.DocumentLevel} {
		t.Run(level.String(), func(t *testing.T) {
			o := Options{Inputs: files, Shards: 2}
			o.Dedup.Level = level
			dir := compareDrop(t, o, files, "--level", level.String())
			got, err := os.ReadFile(filepath.Join(dir, "f1.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			// Line 3 (document b): its copy of a's second passage cut at
			// passage level, the invalid UTF-8 repaired; kept whole at
			// document level.
			lines := strings.Split(string(got), "\n")
			b := lines[2] // after a and the blank line
			wantB := `{"id":"b","text":"bad ` + "\ufffd" + ` bytes here\nunique words only here"}`
			if level == dedup.DocumentLevel {
				wantB = `{"id":"b","text":"bad ` + "\xff\xfe" + ` bytes here\n` + words(100, 30, "end") + `\nunique words only here"}`
			}
			if b != wantB {
				t.Errorf("document b written as\n%q, want\n%q", b, wantB)
			}
		})
	}
}

func TestDropTargets(t *testing.T) {
	refs := func(paths ...string) []fileRef {
		var out []fileRef
		for i, p := range paths {
			out = append(out, fileRef{Index: i, Path: p})
		}
		return out
	}
	for _, tc := range []struct {
		in   []string
		want []string
		err  bool
	}{
		{[]string{"/a/x.jsonl"}, []string{"out/drop/x.jsonl"}, false},
		{[]string{"/a/x.jsonl", "/b/y.jsonl.gz"}, []string{"out/drop/x.jsonl", "out/drop/y.jsonl.gz"}, false},
		{[]string{"gs://b/a/x.jsonl", "gs://b/a/y.jsonl"}, []string{"gs://o/drop/x.jsonl", "gs://o/drop/y.jsonl"}, false},
		{[]string{"/a/x.jsonl", "/b/x.jsonl"}, nil, true},
		{[]string{"/a/x.jsonl", "/a/x.jsonl"}, nil, true},
	} {
		dir := "out/drop"
		if strings.HasPrefix(tc.in[0], "gs://") {
			dir = "gs://o/drop"
		}
		got, err := dropTargets(dir, refs(tc.in...))
		if (err != nil) != tc.err || !slices.Equal(got, tc.want) {
			t.Errorf("dropTargets(%q) = %q, %v, want %q (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
}
