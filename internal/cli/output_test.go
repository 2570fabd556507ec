package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputOverlapsInput: train -o and dedup --drop -o refuse to write
// over what they read, also through links, and leave the input as it was;
// an output elsewhere, or a link at the output's name, is fine.
func TestOutputOverlapsInput(t *testing.T) {
	dir := t.TempDir()
	tsv := "crime\tالشرطة تلقي القبض على المشتبه به\nisis\tتنظيم داعش يهاجم القرية\nisis\tتنظيم داعش يهاجم القرية\n"
	writeFiles(t, dir, map[string]string{
		"in.tsv":               tsv,
		"folder/crime/a.txt":   "الشرطة تلقي القبض على المشتبه به",
		"folder/isis/b.txt":    "تنظيم داعش يهاجم القرية",
		"elsewhere/.keep":      "",
		"other/placeholder.md": "",
	})
	p := func(rel string) string { return filepath.Join(dir, rel) }
	if err := os.Symlink("in.tsv", p("link.tsv")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	os.Symlink("folder", p("folderlink"))
	os.Symlink(dir, p("other/dirlink"))
	tests := []struct {
		args []string
		bad  string // the input named in the error, "" when the run is fine
	}{
		{[]string{"train", "-o", p("in.tsv"), p("in.tsv")}, "in.tsv"},
		{[]string{"train", "-o", p("in.tsv"), p("link.tsv")}, "link.tsv"},
		{[]string{"train", "-o", p("other/dirlink/in.tsv"), p("in.tsv")}, "in.tsv"},
		{[]string{"train", "-o", p("folder/crime/a.txt"), p("folder")}, "folder"},
		{[]string{"train", "-o", p("folder/m.khm"), p("folderlink")}, "folderlink"},
		{[]string{"train", "-o", p("folder"), p("folder/crime/a.txt"), p("folder/isis/b.txt")}, "folder/crime/a.txt"},
		{[]string{"dedup", "--drop", "-o", p("in.tsv"), p("link.tsv")}, "link.tsv"},
		{[]string{"dedup", "--drop", "-o", p("folderlink/out"), p("folder")}, "folder"},
		{[]string{"train", "-o", p("elsewhere/m.khm"), p("link.tsv")}, ""},
		{[]string{"train", "-o", p("link.tsv"), p("folder")}, ""}, // replaces the link, not in.tsv
	}
	for _, tt := range tests {
		_, errOut, code := run(t, "", tt.args...)
		switch {
		case tt.bad != "" && (code != 2 || !strings.Contains(errOut, "overlaps the input "+p(tt.bad))):
			t.Errorf("khabar %q: exit %d, stderr %q; want exit 2 and %q", tt.args, code, errOut, "overlaps the input "+p(tt.bad))
		case tt.bad == "" && code != 0:
			t.Errorf("khabar %q: exit %d, stderr %q; want success", tt.args, code, errOut)
		}
		if b, err := os.ReadFile(p("in.tsv")); err != nil || string(b) != tsv {
			t.Fatalf("khabar %q changed in.tsv", tt.args)
		}
	}
	if b, err := os.ReadFile(p("folder/crime/a.txt")); err != nil || string(b) != "الشرطة تلقي القبض على المشتبه به" {
		t.Errorf("folder/crime/a.txt changed")
	}
}
