package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/report"
)

// TestSniffFormat: without --format, standard input and files whose name
// gives no line format are read in the format of their first non-empty
// line, and a note on standard error says which.
func TestSniffFormat(t *testing.T) {
	jsonl := `{"id":"a","title":"عنوان","text":"الشرطة تعتقل متهما"}` + "\n" + `{"id":"b","title":"عنوان","text":"داعش يهاجم قرية"}` + "\n"
	out, errOut, code := run(t, jsonl, "classify", "--text-field", "title,text")
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.HasPrefix(out, "a\t") {
		t.Errorf("khabar classify < JSON Lines: exit %d, %q, %s; want a line per document", code, out, errOut)
	}
	if want := "khabar: classify: -: no --format given; reading it as JSON Lines, from its first line\n"; errOut != want {
		t.Errorf("khabar classify < JSON Lines: stderr %q, want %q", errOut, want)
	}
	if _, errOut, _ := run(t, jsonl, "classify", "--quiet", "--text-field", "title,text"); errOut != "" {
		t.Errorf("khabar classify --quiet < JSON Lines: stderr %q, want nothing", errOut)
	}
	// fastText under its usual names.
	dir := t.TempDir()
	var ft strings.Builder
	for i := 0; i < 4; i++ {
		fmt.Fprintf(&ft, "__label__crime الشرطة تعتقل متهما %d\n__label__isis داعش يهاجم قرية %d\n", i, i)
	}
	writeFiles(t, dir, map[string]string{"cooking.train": ft.String(), "train.txt": ft.String()})
	for _, name := range []string{"cooking.train", "train.txt"} {
		in := filepath.Join(dir, name)
		out, errOut, code := run(t, "", "train", "-o", filepath.Join(dir, name+".khm"), in)
		if code != 0 || !strings.Contains(out, "total\t8") || !strings.Contains(errOut, in+": no --format given; reading it as fastText") {
			t.Errorf("khabar train %s: exit %d, %q, %s", name, code, out, errOut)
		}
	}
	// A text document has no fields.
	expectError(t, "الشرطة تعتقل متهما\n", []string{"tokens", "--text-field", "title,text"}, 2,
		"khabar: tokens: -: --text-field names JSON Lines fields, but this input is read as one text document: give --format jsonl")
	writeFiles(t, dir, map[string]string{"a.jsonl": `{"title":"عنوان","text":"نص"}` + "\n"})
	expectError(t, "", []string{"analyze", "--text-field", "title,text", filepath.Join(dir, "a.jsonl"), filepath.Join("..", "..", "seeds")}, 2,
		"khabar: analyze: "+filepath.Join("..", "..", "seeds"))
}

// TestOutputDash: -o - writes train's model and dedup --drop's corpus to
// standard output (then the summaries go to standard error), and train
// refuses a terminal.
func TestOutputDash(t *testing.T) {
	labeled := "crime\tالشرطة تعتقل متهما\nisis\tداعش يهاجم قرية\n"
	out, errOut, code := run(t, labeled, "train", "--format", "tsv", "-o", "-", "-")
	if code != 0 {
		t.Fatalf("khabar train -o - -: exit %d, %s", code, errOut)
	}
	m, err := classify.Load("stdout", []byte(out))
	if err != nil || len(m.Labels()) != 2 {
		t.Errorf("khabar train -o -: standard output is not the model: %v", err)
	}
	if !strings.Contains(errOut, "total\t2") {
		t.Errorf("khabar train -o -: stderr %q, want the table", errOut)
	}
	var o, e bytes.Buffer
	code = Main([]string{"train", "--format", "tsv", "-o", "-", "-"}, &IOStreams{In: strings.NewReader(labeled), Out: &o, ErrOut: &e, OutTTY: true})
	if code != 2 || o.Len() != 0 || !strings.Contains(e.String(), "khabar: train: -o -: standard output is a terminal") {
		t.Errorf("khabar train -o - at a terminal: exit %d, stdout %d bytes, stderr %q; want exit 2", code, o.Len(), e.String())
	}

	jsonl := `{"id":"a","text":"داعش يهاجم قرية في شمال العراق"}` + "\n" +
		`{"id":"b","text":"داعش يهاجم قرية في شمال العراق"}` + "\n" +
		`{"id":"c","text":"الشرطة تعتقل متهما"}` + "\n"
	out, errOut, code = run(t, jsonl, "dedup", "--level", "document", "--drop", "-o", "-")
	if want := `{"id":"a","text":"داعش يهاجم قرية في شمال العراق"}` + "\n" + `{"id":"c","text":"الشرطة تعتقل متهما"}` + "\n"; code != 0 || out != want {
		t.Errorf("khabar dedup --drop -o - < JSON Lines: exit %d, stdout %q; want %q", code, out, want)
	}
	if !strings.HasSuffix(errOut, "khabar: dedup: wrote standard output: kept 2 documents, dropped 1 as duplicates in 1 cluster\n") {
		t.Errorf("khabar dedup --drop -o -: stderr %q, want the summary line", errOut)
	}
	expectError(t, "", []string{"dedup", "--drop", "-o", "-", t.TempDir()}, 2, "khabar: dedup: --drop -o - writes one file to standard output")
	expectError(t, "", []string{"dedup", "--drop", "-o", "-", "a", "b"}, 2, "khabar: dedup: --drop -o - writes one file to standard output")
}

// TestDropSummary: --drop ends with one line on standard error saying
// where the corpus went, and what was kept and dropped.
func TestDropSummary(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/a.txt": capA + "\n" + capA + "\n" + lead + "\n",
		"in/b.txt": capB + "\n" + capA + "\n",
	})
	out := filepath.Join(dir, "out")
	_, errOut, code := run(t, "", "dedup", "--drop", "-o", out, filepath.Join(dir, "in"))
	if want := "khabar: dedup: wrote " + out + " (2 files): kept 3 passages, dropped 2 as duplicates in 1 cluster\n"; code != 0 || errOut != want {
		t.Errorf("khabar dedup --drop: exit %d, stderr %q; want %q", code, errOut, want)
	}
	if _, errOut, _ := run(t, "", "dedup", "--quiet", "--drop", "-o", out, filepath.Join(dir, "in")); errOut != "" {
		t.Errorf("khabar dedup --quiet --drop: stderr %q, want nothing", errOut)
	}
}

// TestErrorShape: every error is one line "khabar: COMMAND: FILE:LINE:
// what", without the library packages' names, and train checks its
// output before it trains.
func TestErrorShape(t *testing.T) {
	dir := t.TempDir()
	p := func(s string) string { return filepath.Join(dir, s) }
	var lines strings.Builder
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&lines, "{\"id\":\"%d\",\"text\":\"نص رقم %d\",\"label\":\"l%d\"}\n", i, i, i%2)
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.NoCompression)
	w.Write([]byte(lines.String()))
	w.Close()
	garbled := b.Bytes()
	garbled[bytes.Index(garbled, []byte(`{"id":"50"`))+1] = 'x'
	writeFiles(t, dir, map[string]string{
		"tablabel.jsonl": "{\"text\":\"a\",\"label\":\"a\\tb\"}\n",
		"one.tsv":        "crime\tالشرطة\ncrime\tالمتهم\n",
		"more.tsv":       "crime\tالسجن\n",
		"bad.jsonl":      "{\"text\":\"a\"}\n{bad\n",
		"g.jsonl.gz":     string(garbled),
	})
	tests := []struct {
		args []string
		code int
		line string // the whole line
	}{
		{[]string{"train", "-o", p("m.khm"), p("tablabel.jsonl")}, 1, "khabar: train: " + p("tablabel.jsonl") + `:1: bad label "a\tb": holds a control character`},
		{[]string{"train", "-o", p("m.khm"), p("one.tsv"), p("more.tsv")}, 1, `khabar: train: need documents of at least two labels to train, found 1 ["crime"], in ` + p("one.tsv") + ", " + p("more.tsv")},
		{[]string{"train", "-o", "/nonexistent/dir/m.khm", p("one.tsv")}, 1, "khabar: train: cannot write /nonexistent/dir/m.khm: no such directory"},
		{[]string{"tokens", p("bad.jsonl")}, 1, "khabar: tokens: " + p("bad.jsonl") + ":2: malformed JSON at byte 2: want a string"},
		{[]string{"dedup", "--level", "document", p("g.jsonl.gz")}, 1, "khabar: dedup: " + p("g.jsonl.gz") + ":50: corrupt gzip: invalid checksum (this line, the first that could not be read, has malformed JSON at byte 2: want a string)"},
		{[]string{"classify", "-m", p("one.tsv"), p("one.tsv")}, 1, "khabar: classify: " + p("one.tsv") + ": not a khabar model"},
		{[]string{"dedup", "--level", "line"}, 2, `khabar: dedup: bad option: level "line" (want passage or document)`},
		{[]string{"nosuch"}, 2, `khabar: unknown command "nosuch" for "khabar"`},
	}
	for _, tt := range tests {
		out, errOut, code := run(t, "", tt.args...)
		if tt.args[0] == "dedup" && tt.code == 1 {
			// The report of the documents before the error comes first.
			if !strings.Contains(out, "#cluster") {
				t.Errorf("khabar %q: stdout %q, want the report of the 49 documents read", tt.args, out)
			}
		}
		if code != tt.code || errOut != tt.line+"\n" {
			t.Errorf("khabar %q: exit %d, stderr\n%q\nwant exit %d and\n%q", tt.args, code, errOut, tt.code, tt.line+"\n")
		}
	}
	if _, err := os.Stat(p("m.khm")); err == nil {
		t.Errorf("a failed training wrote its model")
	}
}

// TestPrettyReport: --pretty writes the report for a person into a file
// or a pipe, the same as on a terminal.
func TestPrettyReport(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.txt": capA + "\n" + capA + "\n" + lead + "\n"})
	in := filepath.Join(dir, "a.txt")
	for _, args := range [][]string{{"dedup", in}, {"analyze", in}, {"classify", "--top", "2", in}} {
		want, _, _ := runTTY(t, args...)
		got, errOut, code := run(t, "", append([]string{"--pretty"}, args...)...)
		plain, _, _ := run(t, "", args...)
		if code != 0 || got != want || got == plain {
			t.Errorf("khabar --pretty %q: exit %d, stderr %q,\n%q\nwant the terminal's\n%q", args, code, errOut, got, want)
		}
	}
}

// TestDedupJSONExcerpts: the JSON clusters carry each member's original
// text (cut to report.JSONExcerptChars characters), also when the input is
// a file that is read again for them; --json --pairs is JSON Lines.
func TestDedupJSONExcerpts(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat(lead+"  ", 4)
	writeFiles(t, dir, map[string]string{"a.txt": capA + "\n" + capA + "\n" + long + "\n" + long + "\n"})
	out := mustRun(t, "dedup", "--json", filepath.Join(dir, "a.txt"))
	var excerpts []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var c struct{ Members []struct{ Excerpt *string } }
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatal(err)
		}
		for _, m := range c.Members {
			if m.Excerpt == nil {
				t.Fatalf("member without excerpt in %s", line)
			}
			excerpts = append(excerpts, *m.Excerpt)
		}
	}
	cut := []rune(long)[:report.JSONExcerptChars]
	want := []string{capA, capA, string(cut) + "…", string(cut) + "…"}
	if !slices.Equal(excerpts, want) {
		t.Errorf("khabar dedup --json: excerpts %q, want %q", excerpts, want)
	}
	out = mustRun(t, "dedup", "--json", "--pairs", filepath.Join(dir, "a.txt"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, line := range lines {
		var p struct {
			A, B struct {
				Doc  string
				Line int
			}
			Kind       string
			Similarity float64
		}
		if err := json.Unmarshal([]byte(line), &p); err != nil || p.A.Line == 0 || p.B.Line <= p.A.Line || p.Kind != "exact" || p.Similarity != 1 {
			t.Errorf("khabar dedup --json --pairs: line %q (%v)", line, err)
		}
	}
	if len(lines) != 2 {
		t.Errorf("khabar dedup --json --pairs: %d pairs, want 2", len(lines))
	}
}

// TestDedupClusterFlag: --cluster chooses connected components or stars.
func TestDedupClusterFlag(t *testing.T) {
	for _, tt := range []struct {
		arg  string
		want bool // dedup.Options.Stars
	}{{"connected", false}, {"star", true}} {
		var got *DedupOptions
		cmd := NewCmdDedup(&IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *DedupOptions) error { got = o; return nil })
		cmd.SetArgs([]string{"--cluster", tt.arg})
		if err := cmd.Execute(); err != nil || got.dedup.Stars != tt.want {
			t.Errorf("--cluster %s: %v, Stars %v; want %v", tt.arg, err, got.dedup.Stars, tt.want)
		}
	}
	expectError(t, "", []string{"dedup", "--cluster", "ring"}, 2, `khabar: dedup: bad option: cluster "ring" (want connected or star)`)
	out := mustRun(t, "dedup", "--cluster", "star")
	if !strings.HasPrefix(out, "#cluster") {
		t.Errorf("khabar dedup --cluster star: %q", out)
	}
}

// TestDropOutputCheckedFirst: --drop says it cannot write its output
// before it reads anything, not after the search.
func TestDropOutputCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"file": "x", "ro/keep": "x"})
	if err := os.Chmod(filepath.Join(dir, "ro"), 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(filepath.Join(dir, "ro"), 0o755)
	missing := filepath.Join(dir, "nosuch.jsonl")
	tests := []struct {
		out, msg string
	}{
		{filepath.Join(dir, "file", "out.jsonl"), "khabar: dedup: cannot write " + filepath.Join(dir, "file", "out.jsonl") + ": a file is in the way of its folder"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		tests = append(tests, struct{ out, msg string }{filepath.Join(dir, "ro", "out.jsonl"), "khabar: dedup: cannot write " + filepath.Join(dir, "ro", "out.jsonl") + ": permission denied"})
	}
	for _, tt := range tests {
		// The input does not exist: had it been read first, the error
		// would name it.
		expectError(t, "", []string{"dedup", "--drop", "-o", tt.out, missing}, 1, tt.msg)
	}
}

// TestProblemLinesNameCommand: problems that do not stop the work, and
// their count, name the command as errors do.
func TestProblemLinesNameCommand(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.txt")
	_, errOut, code := run(t, "نص\n", "tokens", missing, "-")
	want := "khabar: tokens: " + missing + ": no such file or directory\n" +
		"khabar: tokens: 1 input problem reported above; the rest of the input was processed\n"
	if code != 1 || errOut != want {
		t.Errorf("khabar tokens MISSING -: exit %d, stderr %q; want exit 1 and %q", code, errOut, want)
	}
}
