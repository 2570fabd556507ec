package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHTMLReports(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.txt")
	os.WriteFile(page, []byte("خبر عن انفجار في بغداد اليوم\nخبر عن انفجار في بغداد اليوم\n"), 0o644)
	tests := []struct {
		name string
		args []string
		file string // where the report goes; "" for stdout
	}{
		{"dedup seeds to stdout", []string{"dedup", "--html", "-"}, ""},
		{"dedup file", []string{"dedup", "--html", filepath.Join(dir, "d.html"), page}, filepath.Join(dir, "d.html")},
		{"analyze seeds to stdout", []string{"analyze", "--html", "-"}, ""},
		{"analyze file", []string{"analyze", "--html", filepath.Join(dir, "a.html"), page}, filepath.Join(dir, "a.html")},
	}
	for _, tt := range tests {
		stdout, stderr, code := run(t, "", tt.args...)
		if code != 0 {
			t.Errorf("%s: exit %d, stderr %q", tt.name, code, stderr)
			continue
		}
		got := stdout
		if tt.file != "" {
			if stdout != "" {
				t.Errorf("%s: stdout = %q, want nothing (the report goes to the file)", tt.name, stdout)
			}
			b, err := os.ReadFile(tt.file)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			got = string(b)
		}
		if !strings.HasPrefix(got, "<!DOCTYPE html>") || !strings.HasSuffix(got, "</html>\n") {
			t.Errorf("%s: report starts %q, want a whole HTML document", tt.name, got[:min(60, len(got))])
		}
	}
	// The dedup report of the page holds its duplicate.
	b, _ := os.ReadFile(filepath.Join(dir, "d.html"))
	if !strings.Contains(string(b), `"line":2`) {
		t.Errorf("dedup --html of %s does not list line 2", page)
	}
}

func TestHTMLUsageErrors(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "page.txt")
	os.WriteFile(page, []byte("سطر\n"), 0o644)
	tests := [][]string{
		{"dedup", "--html", "-", "--json"},
		{"dedup", "--html", "-", "--pairs"},
		{"dedup", "--html", dir},
		{"dedup", "--html", filepath.Join(dir, "missing", "r.html")},
		{"analyze", "--html", dir},
		{"analyze", "--html-timestamp"},
		{"analyze", "--html", "-", "--json"},
		{"dedup", "--html", page, page},
		{"dedup", "--html", "-", "--drop", "-o", "-", page},
	}
	for _, args := range tests {
		if _, stderr, code := run(t, "", args...); code != 2 {
			t.Errorf("khabar %s: exit %d, want 2 (stderr %q)", strings.Join(args, " "), code, stderr)
		}
	}
}

// TestHTMLTimestamp checks that the report has a time only when asked.
func TestHTMLTimestamp(t *testing.T) {
	for _, cmd := range []string{"dedup", "analyze"} {
		plain, _, _ := run(t, "", cmd, "--html", "-")
		stamped, _, code := run(t, "", cmd, "--html", "-", "--html-timestamp")
		if code != 0 || strings.Contains(plain, `class="stamp"`) || !strings.Contains(stamped, `class="stamp"`) {
			t.Errorf("%s: stamp without the flag %v, with it %v (exit %d); want false, true", cmd,
				strings.Contains(plain, `class="stamp"`), strings.Contains(stamped, `class="stamp"`), code)
		}
	}
}
