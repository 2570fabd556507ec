package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestStdinDefault: dedup and analyze given no PATH read standard input
// when something is piped in, and the embedded sample pages only when
// standard input is a terminal; "-" is standard input for every command.
func TestStdinDefault(t *testing.T) {
	page := "داعش يهاجم قرية في شمال العراق ويقتل عشرة\nداعش يهاجم قرية في شمال العراق ويقتل عشرة\n"
	const seed = "000_0a357c2f619dea6d.txt"
	dir := t.TempDir()
	model := filepath.Join(dir, "m.khm")
	labeled := "a\tداعش يهاجم قرية\nb\tمباراة كرة القدم\n"
	tests := []struct {
		args []string
		want string // in the output
	}{
		{[]string{"dedup", "--json"}, `"doc":"-"`},
		{[]string{"dedup", "--json", "-"}, `"doc":"-"`},
		{[]string{"analyze", "--json"}, `"id":"-"`},
		{[]string{"analyze", "--json", "-"}, `"id":"-"`},
		{[]string{"tokens", "-"}, "داعش يهاجم"},
		{[]string{"classify", "-"}, "-\t"},
	}
	for _, tt := range tests {
		out, errOut, code := run(t, page, tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) || strings.Contains(out, seed) {
			t.Errorf("khabar %q < page: exit %d, stdout %q, stderr %q; want %q and no sample page", tt.args, code, out, errOut, tt.want)
		}
	}
	if out, errOut, code := run(t, labeled, "train", "-o", model, "--format", "tsv", "-"); code != 0 || !strings.Contains(out, "total\t2") {
		t.Fatalf("khabar train -o m --format tsv - < labeled: exit %d, %q, %s", code, out, errOut)
	}
	if out, errOut, code := run(t, labeled, "eval", "-m", model, "--format", "tsv", "--test", "-"); code != 0 || !strings.Contains(out, "documents\t2") {
		t.Errorf("khabar eval -m m --test - < labeled: exit %d, %q, %s", code, out, errOut)
	}
	// Nothing piped in (empty standard input, not a terminal): no pages.
	for _, cmd := range []string{"dedup", "analyze"} {
		out, errOut, code := run(t, "", cmd, "--json")
		if code != 0 || strings.Contains(out, seed) {
			t.Errorf("khabar %s --json < empty pipe: exit %d, %q, %s; want no sample pages", cmd, code, out, errOut)
		}
		out, errOut, code = runTerm(t, cmd, "--json")
		if code != 0 || !strings.Contains(out, seed) {
			t.Errorf("khabar %s --json at a terminal: exit %d, %q, %s; want the sample pages", cmd, code, out, errOut)
		}
	}
}
