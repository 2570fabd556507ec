package cli

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// run runs khabar with args and stdin on in-memory streams.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(args, &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut})
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
		{[]string{"tokens", "/no/such/file"}, 1, "corpus: /no/such/file: no such file or directory"},
		{[]string{"tokens", "--format", "jsonl", "-"}, 1, "corpus: -:1: malformed JSON"},
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

// TestProgress: on a terminal, long reads show a count on standard error
// and clear it at the end; results on standard output are unchanged.
func TestProgress(t *testing.T) {
	var in strings.Builder
	for i := 0; i < progressEvery+5; i++ {
		fmt.Fprintf(&in, "{\"id\":\"%d\",\"text\":\"نص\"}\n", i)
	}
	for _, tty := range []bool{false, true} {
		var out, errOut bytes.Buffer
		code := Main([]string{"tokens", "--format", "jsonl", "-"}, &IOStreams{In: strings.NewReader(in.String()), Out: &out, ErrOut: &errOut, ErrTTY: tty})
		if code != 0 || strings.Count(out.String(), "\n") != progressEvery+5 {
			t.Fatalf("tty %v: exit %d, %d lines out", tty, code, strings.Count(out.String(), "\n"))
		}
		shown := strings.Contains(errOut.String(), fmt.Sprintf("\rkhabar: %d documents read", progressEvery)) && strings.HasSuffix(errOut.String(), "\r\033[K")
		if shown != tty {
			t.Errorf("tty %v: stderr %q", tty, errOut.String())
		}
	}
}
