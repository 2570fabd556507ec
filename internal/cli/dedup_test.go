package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// runTTY runs khabar with stdout taken for a terminal.
func runTTY(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, InTTY: true, OutTTY: true})
	return out.String(), errOut.String(), code
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run Golden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update if the change is intended):\n%s", path, got)
	}
}

// clusterLines reads --json output into "kind: file:line file:line" strings.
func clusterLines(t *testing.T, jsonl string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(jsonl), "\n") {
		var c struct {
			Kind    string
			Members []struct {
				Doc  string
				Line int
			}
		}
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		s := c.Kind + ":"
		for _, m := range c.Members {
			s += fmt.Sprintf(" %s:%d", m.Doc[:min(3, len(m.Doc))], m.Line)
		}
		out = append(out, s)
	}
	return out
}

// TestDedupSeedsGolden runs khabar dedup on the embedded sample pages: the
// three captions repeated on consecutive lines are exact duplicates, and
// with character shingles and containment the caption of 000 line 32 is
// inside the lead at line 35 and the headline at line 2 inside line 24.
func TestDedupSeedsGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
		must   []string // clusters that must be in the report
	}{
		{"dedup-seeds.golden", []string{"dedup"}, []string{
			"exact: 000:32 000:33", "exact: 002:5 002:6", "exact: 003:1 003:2",
		}},
		{"dedup-seeds-containment.golden", []string{"dedup", "--shingle", "char:5", "--containment", "0.7"}, []string{
			"contained: 000:2 000:24", "contained: 000:32 000:33 000:35", "exact: 002:5 002:6", "exact: 003:1 003:2",
		}},
	}
	for _, tt := range tests {
		out, errOut, code := runTTY(t, tt.args...)
		if code != 0 {
			t.Fatalf("khabar %q: exit %d, %s", tt.args, code, errOut)
		}
		golden(t, tt.golden, out)
		jsonOut, _, _ := runTerm(t, append(tt.args, "--json")...)
		got := clusterLines(t, jsonOut)
		for _, m := range tt.must {
			found := false
			for _, g := range got {
				found = found || g == m
			}
			if !found {
				t.Errorf("khabar %q: no cluster %q in %q", tt.args, m, got)
			}
		}
	}
	if len(clusterLines(t, mustRun(t, "dedup", "--json"))) != 3 {
		t.Errorf("khabar dedup: want exactly the three captions")
	}
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := runTerm(t, args...)
	if code != 0 {
		t.Fatalf("khabar %q: exit %d, %s", args, code, errOut)
	}
	return out
}

func TestDedupFlagsParsed(t *testing.T) {
	var got *DedupOptions
	cmd := NewCmdDedup(&IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *DedupOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--level", "document", "--shingle", "char:4", "--threshold", "0.9", "--containment", "0.5",
		"--method", "simhash", "--k", "5", "--hashes", "64", "--seed", "42", "--no-verify", "--min-tokens", "3",
		"--workers", "3", "--paragraphs", "--pairs", "--stem", "--text-field", "title,text", "a.jsonl"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	o := got.dedup
	if o.Level.String() != "document" || o.Shingle.String() != "char:4" || o.Threshold != 0.9 || o.Containment != 0.5 ||
		o.Method.String() != "simhash" || o.K != 5 || o.Hashes != 64 || o.Seed != 42 || !o.NoVerify || o.MinTokens != 3 ||
		o.Workers != 3 || !o.Paragraphs || !o.Pairs || !o.Text.Stem || strings.Join(got.corpus.TextFields, ",") != "title,text" ||
		strings.Join(got.Paths, ",") != "a.jsonl" {
		t.Errorf("parsed options = %+v", o)
	}
	cmd = NewCmdDedup(&IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *DedupOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--bands", "16", "--rows", "8"})
	if err := cmd.Execute(); err != nil || got.dedup.Bands != 16 || got.dedup.Rows != 8 || len(got.Paths) != 0 {
		t.Errorf("--bands 16 --rows 8: %v, %+v", err, got.dedup)
	}
}

func TestDedupErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"dedup", "--threshold", "0"}, 2, "threshold outside (0, 1]"},
		{[]string{"dedup", "--threshold", "1.5"}, 2, "threshold outside (0, 1]"},
		{[]string{"dedup", "--threshold", "-1"}, 2, "threshold outside (0, 1]"},
		{[]string{"dedup", "--shingle", "word:0"}, 2, `size 0 in "word:0"`},
		{[]string{"dedup", "--shingle", "char:0"}, 2, `size 0 in "char:0"`},
		{[]string{"dedup", "--shingle", "line:3"}, 2, "bad shingle spec"},
		{[]string{"dedup", "--bands", "20", "--rows", "10"}, 2, "20 bands x 10 rows = 200 (want 1 to 128 hashes)"},
		{[]string{"dedup", "--hashes", "64", "--bands", "9", "--rows", "13"}, 2, "bands x rows larger than the signature"},
		{[]string{"dedup", "--bands", "0"}, 2, "bands"},
		{[]string{"dedup", "--hashes", "0"}, 2, "bad number of hashes"},
		{[]string{"dedup", "--k", "0"}, 2, "distance k"},
		{[]string{"dedup", "--containment", "1.2"}, 2, "containment outside [0, 1]"},
		{[]string{"dedup", "--level", "line"}, 2, `level "line"`},
		{[]string{"dedup", "--method", "lsh"}, 2, `method "lsh"`},
		{[]string{"dedup", "--drop"}, 2, "--drop and --output go together"},
		{[]string{"dedup", "--drop", "-o", dir, dir}, 2, "overlaps the input"},
	}
	for _, tt := range tests {
		_, errOut, code := run(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("khabar %q: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.msg)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("khabar %q: error is not one line: %q", tt.args, errOut)
		}
	}
}

// TestDedupCorruptGzip checks that a truncated .gz is an error naming the
// file, and that the documents read before it are still in the report.
func TestDedupCorruptGzip(t *testing.T) {
	var raw bytes.Buffer
	for i := 0; i < 3000; i++ {
		text := "خبر عاجل عن الطقس في المدينة اليوم"
		if i%2 == 1 {
			text = fmt.Sprintf("نص مختلف رقم %d عن موضوع آخر تماما %d", i, i*7)
		}
		fmt.Fprintf(&raw, "{\"id\":\"d%d\",\"text\":%q}\n", i, text)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	path := filepath.Join(t.TempDir(), "broken.jsonl.gz")
	if err := os.WriteFile(path, gz.Bytes()[:gz.Len()*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tty := range []bool{false, true} {
		var out, errOut bytes.Buffer
		code := Main([]string{"dedup", path}, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, OutTTY: tty})
		if code != 1 || !strings.Contains(errOut.String(), path) || !strings.Contains(errOut.String(), "corrupt gzip") {
			t.Errorf("tty %v: exit %d, stderr %q; want exit 1 naming %s", tty, code, errOut.String(), path)
		}
		if !strings.Contains(out.String(), "d0") || !strings.Contains(out.String(), "d2") {
			t.Errorf("tty %v: the report lost the documents read before the error:\n%.300s", tty, out.String())
		}
	}
}

func TestDedupWorkersSameOutput(t *testing.T) {
	for _, args := range [][]string{
		{"dedup", "--json"},
		{"dedup", "--pairs", "--shingle", "char:5", "--containment", "0.7"},
		{"dedup", "--method", "simhash", "--k", "6"},
	} {
		one := mustRun(t, append(args, "--workers", "1")...)
		for _, w := range []string{"2", "5"} {
			if got := mustRun(t, append(args, "--workers", w)...); got != one {
				t.Errorf("khabar %q: output with %s workers differs from 1 worker", args, w)
			}
		}
	}
}

func TestDedupTextIn(t *testing.T) {
	in := "سطر أول مكرر هنا\nسطر ثان\nسطر أول مكرر هنا\n"
	out, errOut, code := run(t, in, "dedup", "--json", "-")
	want := []string{"exact: -:1 -:3"}
	if code != 0 || !reflect.DeepEqual(clusterLines(t, out), want) {
		t.Errorf("khabar dedup - < %q = %q (exit %d, %s), want %q", in, out, code, errOut, want)
	}
}

// TestDedupMemSameOutput checks that --mem, with a budget small enough
// for many runs, gives the same bytes as the in-memory search in every
// report format, and that its temporary files are gone after.
func TestDedupMemSameOutput(t *testing.T) {
	tmp := t.TempDir()
	for _, args := range [][]string{
		{"dedup"},
		{"dedup", "--json"},
		{"dedup", "--pairs"},
		{"dedup", "--pairs", "--json", "--cluster", "star", "--threshold", "0.5"},
		{"dedup", "--level", "document", "--pairs"},
		{"dedup", "--method", "simhash", "--k", "6", "--pairs"},
	} {
		want := mustRun(t, args...)
		for _, w := range []string{"1", "3"} {
			got := mustRun(t, append(args, "--mem", "1MiB", "--tmp", tmp, "--workers", w)...)
			if got != want {
				t.Errorf("khabar %q --mem 1MiB --workers %s: output differs from the in-memory search:\n%s\nwant\n%s", args, w, got, want)
			}
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("%d temporary files left in --tmp", len(left))
	}
	// The text report, terminal or not.
	out, errOut, code := runTTY(t, "dedup", "--mem", "1MiB")
	if want, _, _ := runTTY(t, "dedup"); code != 0 || out != want {
		t.Errorf("khabar dedup --mem 1MiB on a terminal: exit %d, %s\n%s", code, errOut, out)
	}
}

func TestDedupMemErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"dedup", "--mem", "256M"}, 2, `size "256M": unit "M"`},
		{[]string{"dedup", "--mem", "0"}, 2, `size "0": not more than 0`},
		{[]string{"dedup", "--mem", "100KiB"}, 2, "--mem 100KiB: want at least 1MiB"},
		{[]string{"dedup", "--tmp", "/tmp"}, 2, "--tmp goes with --mem"},
		{[]string{"dedup", "--mem", "1GiB", "--containment", "0.7"}, 2, "--mem cannot be used with --containment"},
		{[]string{"dedup", "--mem", "1GiB", "--tmp", file}, 1, "dedup: --tmp " + file + ": not a folder"},
	} {
		_, errOut, code := run(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("khabar %q: exit %d, stderr %q; want exit %d and one line with %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

// TestDedupMemDropAndHTML checks that --drop and --html write the same
// files with --mem as without.
func TestDedupMemDropAndHTML(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	var b strings.Builder
	for i := range 300 {
		text := fmt.Sprintf("خبر عاجل عن الطقس في المدينة اليوم رقم %d\nسطر ثابت يتكرر في كل خبر من الأخبار\n", i%40)
		if i%3 == 0 {
			text += fmt.Sprintf("نص مختلف رقم %d عن موضوع آخر تماما %d\n", i, i*7)
		}
		fmt.Fprintf(&b, "{\"id\":\"d%d\",\"text\":%q}\n", i, text)
	}
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, level := range []string{"passage", "document"} {
		var outs [2][]byte
		var htmls [2][]byte
		for i, mem := range [][]string{nil, {"--mem", "1MiB"}} {
			out := filepath.Join(dir, fmt.Sprintf("out-%s-%d.jsonl", level, i))
			html := filepath.Join(dir, fmt.Sprintf("out-%s-%d.html", level, i))
			mustRun(t, append([]string{"dedup", "--level", level, "--drop", "-o", out, in}, mem...)...)
			mustRun(t, append([]string{"dedup", "--level", level, "--html", html, in}, mem...)...)
			outs[i], _ = os.ReadFile(out)
			htmls[i], _ = os.ReadFile(html)
		}
		if len(outs[0]) == 0 || len(outs[0]) >= b.Len() || !bytes.Equal(outs[0], outs[1]) {
			t.Errorf("%s level: --drop wrote %d bytes of %d in memory, %d with --mem: want fewer, the same", level, len(outs[0]), b.Len(), len(outs[1]))
		}
		if len(htmls[0]) == 0 || !bytes.Equal(htmls[0], htmls[1]) {
			t.Errorf("%s level: --html wrote %d bytes in memory, %d with --mem: want the same", level, len(htmls[0]), len(htmls[1]))
		}
	}
}
