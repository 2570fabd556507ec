package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/seeds"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns the files below dir, decompressed, by slash-separated
// relative path, and reports an error for a file that is not mode 0644.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if info, err := d.Info(); err != nil || info.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, %v; want -rw-r--r--", p, info.Mode().Perm(), err)
		}
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			data, _ = io.ReadAll(zr)
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	return out
}

const (
	capA = "الانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي"
	capB = "عناصر من تنظيم داعش في الصحراء الغربية"
	lead = "قال مسؤول إن الانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي قرب بغداد مساء السبت"
)

func TestDropTextFolder(t *testing.T) {
	in := t.TempDir()
	files := map[string]string{
		"a.txt":       capA + "\r\n" + capA + "\r\n\r\n" + lead + "\r\n",
		"sub/b.txt":   capB + "\n\n" + capA + "\n",
		"sub/c.txt":   capB,
		"sub/.hidden": capB,
	}
	writeFiles(t, in, files)
	tests := []struct {
		args []string
		want map[string]string
	}{
		{[]string{"dedup"}, map[string]string{
			"a.txt":     capA + "\r\n\r\n" + lead + "\r\n",
			"sub/b.txt": capB + "\n\n",
			"sub/c.txt": "",
		}},
		{[]string{"dedup", "--containment", "0.8"}, map[string]string{
			"a.txt":     "\r\n" + lead + "\r\n",
			"sub/b.txt": capB + "\n\n",
			"sub/c.txt": "",
		}},
		{[]string{"dedup", "--level", "document"}, map[string]string{
			"a.txt": files["a.txt"], "sub/b.txt": files["sub/b.txt"], "sub/c.txt": files["sub/c.txt"],
		}},
	}
	for _, tt := range tests {
		out := filepath.Join(t.TempDir(), "out")
		_, errOut, code := run(t, "", append(tt.args, "--drop", "-o", out, in)...)
		if code != 0 {
			t.Fatalf("khabar %q: exit %d, %s", tt.args, code, errOut)
		}
		if got := readTree(t, out); !equalMaps(got, tt.want) {
			t.Errorf("khabar %q --drop wrote\n%q\nwant\n%q", tt.args, got, tt.want)
		}
	}
	if got := readTree(t, in); !equalMaps(got, files) {
		t.Errorf("--drop changed the input: %q", got)
	}
	// Document level: an identical document is left out.
	writeFiles(t, in, map[string]string{"sub/d.txt": capB})
	out := filepath.Join(t.TempDir(), "out")
	mustRun(t, "dedup", "--level", "document", "--drop", "-o", out, in)
	want := map[string]string{"a.txt": files["a.txt"], "sub/b.txt": files["sub/b.txt"], "sub/c.txt": capB}
	if got := readTree(t, out); !equalMaps(got, want) {
		t.Errorf("document level --drop wrote %q, want %q (the copy sub/d.txt left out)", got, want)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestDropJSONL(t *testing.T) {
	dir := t.TempDir()
	lines := []string{
		`{"id": "1", "title": "عنوان أول", "text": "` + capA + `\n` + lead + `", "extra": [1, {"x": null}]}`,
		``,
		`{"id": "2", "title": "عنوان ثان", "text": "` + capB + `\n` + capA + `", "source": "<b>"}`,
		`{"id": "3", "title": "عنوان أول", "text": "` + capA + `\n` + lead + `", "extra": [1, {"x": null}]}`,
	}
	in := filepath.Join(dir, "in.jsonl")
	writeFiles(t, dir, map[string]string{"in.jsonl": strings.Join(lines, "\r\n") + "\r\n"})
	tests := []struct {
		args []string
		out  string
		want []string
	}{
		{[]string{"--level", "document"}, "doc.jsonl", []string{lines[0], lines[1], lines[2]}},
		{[]string{"--level", "document"}, "doc.jsonl.gz", []string{lines[0], lines[1], lines[2]}},
		{nil, "passage.jsonl", []string{
			lines[0], lines[1],
			`{"id": "2", "title": "عنوان ثان", "text": "` + capB + `\n", "source": "<b>"}`,
			`{"id": "3", "title": "", "text": "", "extra": [1, {"x": null}]}`, // all repeated
		}},
	}
	for _, tt := range tests {
		out := filepath.Join(t.TempDir(), tt.out)
		args := append([]string{"dedup", "--text-field", "title,text", "--drop", "-o", out}, tt.args...)
		mustRun(t, append(args, in)...)
		got := readTree(t, filepath.Dir(out))[tt.out]
		if want := strings.Join(tt.want, "\r\n") + "\r\n"; got != want {
			t.Errorf("khabar %q wrote\n%s\nwant\n%s", tt.args, got, want)
		}
	}
}

func TestDropStdinAndSeeds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.txt")
	in := capA + "\n" + lead + "\n" + capA + "\n"
	_, errOut, code := run(t, in, "dedup", "--drop", "-o", out, "-")
	got, _ := os.ReadFile(out)
	if code != 0 || string(got) != capA+"\n"+lead+"\n" {
		t.Errorf("dedup --drop - wrote %q (exit %d, %s)", got, code, errOut)
	}
	dir := filepath.Join(t.TempDir(), "seeds")
	mustRun(t, "dedup", "--drop", "-o", dir)
	tree := readTree(t, dir)
	if len(tree) != len(seeds.Names()) {
		t.Fatalf("dedup --drop on the seeds wrote %d files, want %d", len(tree), len(seeds.Names()))
	}
	orig, _ := seeds.FS.ReadFile("003_33574edf90c30f57.txt")
	caption, _, _ := strings.Cut(string(orig), "\n")
	if got := tree["003_33574edf90c30f57.txt"]; got != strings.TrimPrefix(string(orig), caption+"\n") {
		t.Errorf("seed 003 after --drop starts %.200q, want the caption once", got)
	}
}

// TestDropJSONLInvalidUTF8 is the case of issue 14: invalid UTF-8 before
// a duplicated passage. The spans --drop cuts are the reader's byte
// offsets, so the rewriting must decode the line as the reader does
// ("\xff\xfe" is one U+FFFD, 3 bytes, not two): the duplicate goes, whole,
// and the text around it is left as it was read.
func TestDropJSONLInvalidUTF8(t *testing.T) {
	dir := t.TempDir()
	first := `{"id":"1","text":"` + capA + `\n` + lead + `"}`
	second := `{"id":"2","text":"` + "\xff\xfe" + ` بداية\n` + capA + `\nوالاقتصاد"}`
	writeFiles(t, dir, map[string]string{"in.jsonl": first + "\n" + second + "\n"})
	out := filepath.Join(t.TempDir(), "out.jsonl")
	// Exit 1: the repaired bytes are an input problem, told on standard
	// error; the corpus is written all the same.
	_, errOut, code := run(t, "", "dedup", "--drop", "-o", out, filepath.Join(dir, "in.jsonl"))
	got, err := os.ReadFile(out)
	if code != 1 || err != nil || !strings.Contains(errOut, "in.jsonl:2: replaced 1 invalid UTF-8 sequence") {
		t.Fatalf("dedup --drop: exit %d, %v, %s; want exit 1 and the repair told", code, err, errOut)
	}
	lines := strings.SplitAfter(string(got), "\n")
	if len(lines) != 3 || lines[0] != first+"\n" || lines[2] != "" {
		t.Fatalf("dedup --drop wrote %q, want the first line as it was and one more", got)
	}
	var doc struct{ ID, Text string }
	if err := json.Unmarshal([]byte(lines[1]), &doc); err != nil {
		t.Fatalf("second line %q: %v", lines[1], err)
	}
	if want := "\uFFFD بداية\nوالاقتصاد"; doc.ID != "2" || doc.Text != want {
		t.Errorf("second document after --drop: id %q, text %q; want id \"2\", text %q", doc.ID, doc.Text, want)
	}
}

// TestDedupExcerptsAtPositions: the excerpts are read again at the
// positions of the first reading, from a plain file, a gzip file and the
// copy of standard input, the same bytes after invalid UTF-8 and blank
// lines.
func TestDedupExcerptsAtPositions(t *testing.T) {
	dir := t.TempDir()
	data := `{"id":"1","text":"` + capA + `"}` + "\n\r\n" +
		`{"id":"2","text":"` + "\xff\xfe" + ` x\n` + capA + `\n` + lead + `"}` + "\n" +
		`{"id":"3","text":"` + capB + `"}` + "\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(data))
	zw.Close()
	writeFiles(t, dir, map[string]string{"a.jsonl": data, "b.jsonl.gz": gz.String()})
	for _, tt := range []struct{ stdin, path string }{
		{"", filepath.Join(dir, "a.jsonl")},
		{"", filepath.Join(dir, "b.jsonl.gz")},
		{data, "-"},
		{gz.String(), "-"},
	} {
		out, errOut, _ := run(t, tt.stdin, "dedup", "--json", tt.path)
		var c struct{ Members []struct{ Excerpt *string } }
		if err := json.Unmarshal([]byte(out), &c); err != nil {
			t.Fatalf("dedup --json %s: %q, %v (%s)", tt.path, out, err, errOut)
		}
		if len(c.Members) != 2 || c.Members[0].Excerpt == nil || *c.Members[0].Excerpt != capA || c.Members[1].Excerpt == nil || *c.Members[1].Excerpt != capA {
			t.Errorf("dedup --json %s (stdin %d bytes): %s; want two members with excerpt %q", tt.path, len(tt.stdin), out, capA)
		}
	}
}
