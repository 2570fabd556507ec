package cli

import (
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // 0: an error
	}{
		{"256MiB", 256 << 20},
		{"2GiB", 2 << 30},
		{"500MB", 500_000_000},
		{"1.5GiB", 3 << 29},
		{"0.5KiB", 512},
		{".5KiB", 512},
		{"1kB", 1000},
		{"1KB", 1000},
		{"1kib", 1024},
		{"64 MiB", 64 << 20},
		{" 1TiB ", 1 << 40},
		{"3TB", 3e12},
		{"1000", 1000},
		{"1000B", 1000},
		{"1.9", 1},
		{"8388607TiB", 8388607 << 40},
		{"8388608TiB", 0}, // 2^63: too large
		{"99999999999999999999", 0},
		{"0", 0},
		{"0.1", 0},
		{"0MiB", 0},
		{"", 0},
		{"MiB", 0},
		{".", 0},
		{"1..5MiB", 0},
		{"1.2.3MiB", 0},
		{"-1MiB", 0},
		{"256M", 0},
		{"2G", 0},
		{"256 MiBs", 0},
		{"1e6", 0},
		{"0x10", 0},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if tt.want == 0 {
			if err == nil {
				t.Errorf("parseSize(%q) = %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v, want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for _, tt := range []struct {
		in   int64
		want string
	}{{256 << 20, "256MiB"}, {2 << 30, "2GiB"}, {500_000_000, "500000000B"}, {1536, "1536B"}, {3 << 10, "3KiB"}, {1 << 40, "1TiB"}} {
		if got := formatSize(tt.in); got != tt.want {
			t.Errorf("formatSize(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzParseSize checks that parseSize never panics, gives a positive
// size or an error that quotes its input, and reads formatSize's output
// back.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"256MiB", "2GiB", "500MB", "1.5GiB", "1000", "", "1..2", "9999999999TiB", "0.0000001KiB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseSize(s)
		if err != nil {
			if !strings.Contains(err.Error(), "size ") {
				t.Errorf("parseSize(%q): error %q does not say what it is about", s, err)
			}
			return
		}
		if n <= 0 {
			t.Errorf("parseSize(%q) = %d, want > 0", s, n)
		}
		back, err := parseSize(formatSize(n))
		if err != nil || back != n {
			t.Errorf("parseSize(formatSize(%d)) = %d, %v", n, back, err)
		}
	})
}
