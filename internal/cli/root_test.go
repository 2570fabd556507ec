package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/internal/report"
)

// TestVersionFlags: --version and -V print what "khabar version" prints.
func TestVersionFlags(t *testing.T) {
	want, _, _ := run(t, "", "version")
	for _, flag := range []string{"--version", "-V"} {
		out, errOut, code := run(t, "", flag)
		if code != 0 || out != want || errOut != "" {
			t.Errorf("khabar %s = %q (exit %d, stderr %q), want %q", flag, out, code, errOut, want)
		}
	}
}

// TestHelpCompletionExit: help on a command that does not exist and
// completion for an unknown shell are usage errors.
func TestHelpCompletionExit(t *testing.T) {
	expectError(t, "", []string{"help", "nosuch"}, 2, `khabar: help: unknown help topic "nosuch"`)
	expectError(t, "", []string{"completion", "tcsh"}, 2, `khabar: completion: unknown shell "tcsh"`)
	for _, args := range [][]string{{"help", "dedup"}, {"completion", "bash"}, {"help"}} {
		if out, errOut, code := run(t, "", args...); code != 0 || out == "" {
			t.Errorf("khabar %q: exit %d, %d bytes, stderr %q; want a success", args, code, len(out), errOut)
		}
	}
}

// TestCompletionValues: completion offers the values of --level,
// --method, --format and --shingle.
func TestCompletionValues(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"dedup", "--level", ""}, []string{"passage", "document"}},
		{[]string{"dedup", "--method", ""}, []string{"minhash", "simhash"}},
		{[]string{"dedup", "--format", ""}, []string{"text", "jsonl", "tsv", "fasttext"}},
		{[]string{"classify", "--format", ""}, []string{"text", "jsonl", "tsv", "fasttext"}},
		{[]string{"train", "--format", "j"}, []string{"jsonl"}},
		{[]string{"dedup", "--shingle", ""}, []string{"word:3", "char:5"}},
	}
	for _, tt := range tests {
		out, _, code := run(t, "", append([]string{"__complete"}, tt.args...)...)
		got := strings.Split(strings.TrimSpace(out), "\n")
		for _, w := range tt.want {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			if code != 0 || !found {
				t.Errorf("khabar __complete %q = %q (exit %d), want %q among them", tt.args, got, code, w)
			}
		}
	}
}

// TestProbabilityRounding: classify and analyze print probabilities with
// 3 decimal places in tables and in full precision in JSON, the same
// number for the same text and model.
func TestProbabilityRounding(t *testing.T) {
	model := twoLabelModel(t, t.TempDir())
	page := "هجوم داعش\n"
	var c struct {
		Prob float64
		Top  []struct {
			Label string
			Prob  float64
		}
	}
	out, errOut, code := run(t, page, "classify", "-m", model, "--json")
	if code != 0 || json.Unmarshal([]byte(out), &c) != nil {
		t.Fatalf("khabar classify --json: exit %d, %q, %s", code, out, errOut)
	}
	var a struct {
		Articles []struct{ Prob float64 }
	}
	out, errOut, code = run(t, page, "analyze", "-m", model, "--json")
	if code != 0 || json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &a) != nil || len(a.Articles) != 1 {
		t.Fatalf("khabar analyze --json: exit %d, %q, %s", code, out, errOut)
	}
	if c.Prob != a.Articles[0].Prob || c.Prob == float64(int(c.Prob*1000))/1000 {
		t.Errorf("classify --json prob %v, analyze --json prob %v; want the same, in full precision", c.Prob, a.Articles[0].Prob)
	}
	want := strings.TrimRight(strings.TrimRight(report.Score(c.Prob), "0"), ".")
	table, _, _ := run(t, page, "classify", "-m", model)
	if got := strings.Split(strings.TrimSpace(table), "\t")[2]; got != report.Score(c.Prob) || len(got) != 5 {
		t.Errorf("classify table prob %q, want %q (3 places)", got, report.Score(c.Prob))
	}
	tsv, _, _ := run(t, page, "analyze", "-m", model)
	if !strings.Contains(tsv, "\t"+report.Score(c.Prob)+"\t") {
		t.Errorf("analyze TSV %q does not hold %q (%s)", tsv, report.Score(c.Prob), want)
	}
	// --top is given: "top" is always there, even for --top 1.
	for _, top := range []string{"1", "2"} {
		out, _, _ := run(t, page, "classify", "-m", model, "--json", "--top", top)
		c.Top = nil
		if json.Unmarshal([]byte(out), &c) != nil || len(c.Top) != map[string]int{"1": 1, "2": 2}[top] {
			t.Errorf("khabar classify --json --top %s = %q, want \"top\" with %s labels", top, out, top)
		}
	}
	if out, _, _ := run(t, page, "classify", "-m", model, "--json"); strings.Contains(out, `"top"`) {
		t.Errorf("khabar classify --json without --top = %q, want no \"top\"", out)
	}
}

// TestPlurals: summaries say "1 page, 1 article", "1 document has".
func TestPlurals(t *testing.T) {
	model := twoLabelModel(t, t.TempDir())
	out, _, _ := runTTY(t, "analyze", "-m", model, filepath.Join("..", "..", "seeds", "004_38057b0e451fbfbe.txt"))
	if !strings.Contains(out, "summary: 1 page, 1 article (") || !strings.Contains(out, "17 lines, 1 article\n") {
		t.Errorf("khabar analyze on one page: %q, want \"1 page, 1 article\"", out)
	}
	_, errOut, _ := run(t, "xyz\n", "classify", "-m", model)
	if !strings.Contains(errOut, "1 document has no word the model knows") {
		t.Errorf("khabar classify < unknown words: stderr %q, want \"1 document has\"", errOut)
	}
}
