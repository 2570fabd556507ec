package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// run runs khabar with args and stdin on in-memory streams: standard
// input is piped, standard output and error are not terminals.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut})
	return out.String(), errOut.String(), code
}

// runTerm runs khabar typed at a terminal (nothing piped in), with
// standard output redirected: dedup and analyze without a PATH run on the
// embedded sample pages.
func runTerm(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, InTTY: true})
	return out.String(), errOut.String(), code
}

func TestTokensCommand(t *testing.T) {
	tests := []struct {
		stdin string
		args  []string
		want  string
		code  int
	}{
		{"كَتَبَ\n", []string{"tokens"}, "كتب\n", 0},
		{"كَتَبَ\n", []string{"tokens", "-"}, "كتب\n", 0},
		{"وقال إن الهجمات\n", []string{"tokens", "--stem", "--stopwords"}, "هجم\n", 0},
		{"الدولة\n", []string{"tokens", "--skip-norm", "teh"}, "الدولة\n", 0},
		{"الدولة\n", []string{"tokens", "--json"}, `{"id":"-","tokens":["الدوله"]}` + "\n", 0},
		{"الدولة\n", []string{"tokens", "--ids"}, "-\tالدوله\n", 0},
		{"{\"id\":\"x\",\"title\":\"عنوان\",\"text\":\"نص\"}\n", []string{"tokens", "--format", "jsonl", "--text-field", "title,text", "--ids"}, "x\tعنوان نص\n", 0},
		{"{\"id\":\"x\\ty\\r\\nz\",\"text\":\"نص\"}\n", []string{"tokens", "--format", "jsonl", "--ids"}, "x y  z\tنص\n", 0},
	}
	for _, tt := range tests {
		got, errOut, code := run(t, tt.stdin, tt.args...)
		if got != tt.want || code != tt.code {
			t.Errorf("khabar %q < %q = %q (exit %d, stderr %q), want %q (exit %d)", tt.args, tt.stdin, got, code, errOut, tt.want, tt.code)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"tokens", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"tokens", "--skip-norm", "nope"}, 2, `unknown normalization step "nope"`},
		{[]string{"tokens", "--format", "xml"}, 2, `unknown format "xml"`},
		{[]string{"nosuchcommand"}, 2, "unknown command"},
		{[]string{"version", "extra"}, 2, "unknown command"},
		{[]string{"tokens", "--format", "jsonl", "-"}, 1, "khabar: tokens: -:1: malformed JSON"},
	}
	for _, tt := range tests {
		expectError(t, "{bad\n", tt.args, tt.code, tt.msg)
	}
}

// expectError runs khabar with args and stdin and reports an error unless
// it exits with code and prints one line to standard error holding msg.
func expectError(t *testing.T, stdin string, args []string, code int, msg string) {
	t.Helper()
	_, errOut, got := run(t, stdin, args...)
	if got != code || !strings.Contains(errOut, msg) {
		t.Errorf("khabar %q: exit %d, stderr %q; want exit %d and %q", args, got, errOut, code, msg)
	}
	if strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("khabar %q: error is not one line: %q", args, errOut)
	}
}

func TestTokensFlagsParsed(t *testing.T) {
	var got *TokensOptions
	cmd := NewCmdTokens(&IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *TokensOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"--stem", "--json", "--text-field", "title, text", "a.jsonl", "b"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !got.settings.Stem || got.settings.StopWords || !got.JSON || strings.Join(got.Paths, ",") != "a.jsonl,b" || strings.Join(got.corpus.TextFields, ",") != "title,text" {
		t.Errorf("parsed options = %+v", got)
	}
}

func TestVersion(t *testing.T) {
	out, _, code := run(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "khabar 0.") {
		t.Errorf("khabar version = %q, exit %d", out, code)
	}
}

func TestHelpListsExitCodes(t *testing.T) {
	out, _, code := run(t, "", "--help")
	if code != 0 || !strings.Contains(out, "2  usage error") {
		t.Errorf("khabar --help (exit %d) does not document exit codes:\n%s", code, out)
	}
}

// TestProgress: on a terminal, long reads show a progress line on
// standard error and clear it at the end; results on standard output are
// unchanged, and nothing is shown with --quiet or off a terminal.
func TestProgress(t *testing.T) {
	var jsonl, tsv strings.Builder
	for i := 0; i < progressEvery+5; i++ {
		fmt.Fprintf(&jsonl, "{\"id\":\"%d\",\"text\":\"نص\"}\n", i)
		fmt.Fprintf(&tsv, "%s\tنص %d\n", []string{"a", "b"}[i%2], i%7)
	}
	dir := t.TempDir()
	model, labeled := filepath.Join(dir, "m.khm"), filepath.Join(dir, "l.tsv")
	if err := os.WriteFile(labeled, []byte(tsv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		stdin string
		args  []string
	}{
		{jsonl.String(), []string{"tokens", "--format", "jsonl", "-"}},
		{tsv.String(), []string{"train", "-o", model, "--format", "tsv", "-"}},
		{"", []string{"eval", "--test-every", "5", labeled}},
		{jsonl.String(), []string{"classify", "--format", "jsonl", "-"}},
		{jsonl.String(), []string{"dedup", "--format", "jsonl", "-"}},
	}
	for _, tt := range tests {
		for _, tty := range []bool{false, true} {
			var out, errOut bytes.Buffer
			code := Main(tt.args, &IOStreams{In: strings.NewReader(tt.stdin), Out: &out, ErrOut: &errOut, ErrTTY: tty})
			if code != 0 || out.Len() == 0 {
				t.Fatalf("khabar %q (tty %v): exit %d, stdout %d bytes, stderr %q", tt.args, tty, code, out.Len(), errOut.String())
			}
			// The line names the phase, the documents and megabytes read,
			// the rate, and for files the percentage and time left; it is
			// cleared at the end.
			progress := regexp.MustCompile(`\rkhabar: reading: 10,000 documents, [0-9.]+ MB, [0-9.]+ MB/s(, [0-9]+%, ETA [0-9]+:[0-9][0-9])?\x1b\[K`)
			shown := progress.MatchString(errOut.String()) && strings.Contains(errOut.String(), "\033[K\r\033[K")
			if file := !strings.Contains(strings.Join(tt.args, " "), " -"); tty && file && !strings.Contains(errOut.String(), "%, ETA ") {
				t.Errorf("khabar %q (tty): stderr %q, want a percentage and ETA for a file", tt.args, errOut.String())
			}
			if tt.args[0] == "eval" && tty && !strings.Contains(errOut.String(), "\rkhabar: training the models of the folds: 0 of 1 (0%), ") {
				t.Errorf("khabar %q (tty): stderr %q, want the folds' phase", tt.args, errOut.String())
			}
			if tt.args[0] == "dedup" && tty && !strings.Contains(errOut.String(), "\rkhabar: clustering: ") {
				t.Errorf("khabar %q (tty): stderr %q, want the clustering phase", tt.args, errOut.String())
			}
			if shown != tty || strings.Contains(errOut.String(), "\r") != tty {
				t.Errorf("khabar %q (tty %v): stderr %q", tt.args, tty, errOut.String())
			}
		}
	}
}

// TestInputProblems checks that a missing, binary or empty file and
// repaired invalid UTF-8 are each reported on a line naming the file, that the rest
// of the input is still processed, and that the exit code is 1.
func TestInputProblems(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"good.txt":      "داعش يهاجم قرية في شمال العراق\n",
		"binary.txt":    "PK\x03\x04\x00\x00binary",
		"empty.txt":     "",
		"badutf8.txt":   "قرية \xff\xfe في العراق\n",
		"t/crime/a.txt": "قتل رجل في شجار بالسوق\n",
		"t/isis/a.txt":  "داعش يهاجم قرية\n",
		"t/isis/b.txt":  "",
	}
	// Labeled lines for eval; its split goes by line number, so the test
	// does not depend on the temporary folder's name.
	var labeled strings.Builder
	for _, w := range []string{"رجل", "امراة", "طفل", "شاب", "تاجر", "سائق"} {
		fmt.Fprintf(&labeled, "a\tقتل %s في شجار\nb\tداعش يهاجم %s\n", w, w)
	}
	files["e.tsv"] = labeled.String()
	writeFiles(t, dir, files)
	p := func(name string) string { return filepath.Join(dir, name) }
	model := p("m.khm")
	tests := []struct {
		args    []string
		problem string // the line that names the bad file
		out     string // the good file's result is still printed
	}{
		{[]string{"tokens", p("good.txt"), p("binary.txt")}, p("binary.txt") + ": binary file", "داعش يهاجم"},
		{[]string{"tokens", p("empty.txt"), p("good.txt")}, p("empty.txt") + ": empty file", "داعش يهاجم"},
		{[]string{"tokens", p("badutf8.txt")}, p("badutf8.txt") + ":1: replaced 1 invalid UTF-8", "قريه في العراق"},
		{[]string{"classify", p("good.txt"), p("binary.txt")}, p("binary.txt") + ": binary file", p("good.txt") + "\t"},
		{[]string{"dedup", p("good.txt"), p("empty.txt")}, p("empty.txt") + ": empty file", "#cluster"},
		{[]string{"analyze", p("good.txt"), p("empty.txt")}, p("empty.txt") + ": empty file", p("good.txt")},
		{[]string{"train", "-o", model, p("t")}, p("t/isis/b.txt") + ": empty file", "total\t2"},
		{[]string{"eval", "--test-every", "3", p("empty.txt"), p("e.tsv")}, p("empty.txt") + ": empty file", "documents\t4"},
		{[]string{"tokens", p("missing.txt"), p("good.txt")}, p("missing.txt") + ": no such file or directory", "داعش يهاجم"},
		{[]string{"classify", p("good.txt"), p("missing.txt")}, p("missing.txt") + ": no such file or directory", p("good.txt") + "\t"},
		{[]string{"dedup", p("missing.txt"), p("good.txt")}, p("missing.txt") + ": no such file or directory", "#cluster"},
		{[]string{"analyze", p("missing.txt"), p("good.txt")}, p("missing.txt") + ": no such file or directory", p("good.txt")},
	}
	for _, tt := range tests {
		out, errOut, code := run(t, "", tt.args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != ExitFailure || !strings.Contains(lines[0], tt.problem) || strings.Count(errOut, tt.problem) != 1 ||
			!strings.HasSuffix(lines[len(lines)-1], "1 input problem reported above; the rest of the input was processed") {
			t.Errorf("khabar %q: exit %d, stderr %q; want exit 1, a line with %q and the count", tt.args, code, errOut, tt.problem)
		}
		if !strings.Contains(out, tt.out) {
			t.Errorf("khabar %q: stdout %q, want it to hold %q", tt.args, out, tt.out)
		}
	}
	if _, err := os.Stat(model); err != nil {
		t.Errorf("train with an empty file in the input: %v, want the model written from the other files", err)
	}
}

// TestTokensPieces: a long text tokenized a piece at a time gives the
// tokens of the whole, in both output forms.
func TestTokensPieces(t *testing.T) {
	var b strings.Builder
	for _, p := range []string{"000_0a357c2f619dea6d.txt", "003_33574edf90c30f57.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "seeds", p))
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteString("\nكَتَبَ\u2028\"x\\y\"\n\nlonglineاااااااااااااااااااااا")
	}
	text := b.String()
	for _, args := range [][]string{{"tokens"}, {"tokens", "--json"}, {"tokens", "--stem", "--stopwords", "--ids"}} {
		whole, _, _ := run(t, text, args...)
		defer func(n int) { tokensPiece = n }(tokensPiece)
		for _, n := range []int{1, 7, 100, 4096} {
			tokensPiece = n
			if got, _, _ := run(t, text, args...); got != whole {
				t.Errorf("khabar %q with pieces of %d bytes:\n%q\nwant\n%q", args, n, got, whole)
			}
		}
		tokensPiece = 1 << 20
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "كتب", "a\"b\\c", "\x00\x01\x1f\t\n\r\b\f", "\u2028\u2029", "bad\xff\xfe", "<&>", "\u00e9\U0001F600"} {
		want, _ := json.Marshal(s)
		want = bytes.ReplaceAll(want, []byte(`\u003c`), []byte("<"))
		want = bytes.ReplaceAll(want, []byte(`\u003e`), []byte(">"))
		want = bytes.ReplaceAll(want, []byte(`\u0026`), []byte("&"))
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}
