package dedup

import (
	"errors"
	"strings"
	"testing"
)

func TestParseShingling(t *testing.T) {
	tests := []struct {
		spec string
		want Shingling
		err  bool
	}{
		{"word:3", Shingling{N: 3}, false},
		{"word:1", Shingling{N: 1}, false},
		{"char:5", Shingling{Chars: true, N: 5}, false},
		{"word", Shingling{N: 3}, false},
		{"char", Shingling{Chars: true, N: 5}, false},
		{"char:64", Shingling{Chars: true, N: 64}, false},
		{"word:0", Shingling{}, true},
		{"char:0", Shingling{}, true},
		{"char:65", Shingling{}, true},
		{"word:-1", Shingling{}, true},
		{"word:03", Shingling{}, true},
		{"word:+3", Shingling{}, true},
		{"word:", Shingling{}, true},
		{"token:3", Shingling{}, true},
		{"", Shingling{}, true},
		{"Word:3", Shingling{}, true},
	}
	for _, tt := range tests {
		got, err := parseShingling(tt.spec)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("parseShingling(%q) = %v, %v; want %v, error %v", tt.spec, got, err, tt.want, tt.err)
		}
		if err != nil && !errors.Is(err, ErrShingle) {
			t.Errorf("parseShingling(%q) error %v does not wrap ErrShingle", tt.spec, err)
		}
		if err == nil {
			if s := got.String(); s != tt.spec && !strings.HasPrefix(s, tt.spec+":") {
				t.Errorf("parseShingling(%q).String() = %q", tt.spec, s)
			}
		}
	}
}

func FuzzParseShingling(f *testing.F) {
	for _, s := range []string{"word:3", "char:5", "word", "char:0", "x:1", "word:99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := parseShingling(spec)
		if err != nil {
			return
		}
		if s.N < 1 || s.N > MaxShingleSize {
			t.Fatalf("parseShingling(%q) = %v: size out of range", spec, s)
		}
		again, err := parseShingling(s.String())
		if err != nil || again != s {
			t.Fatalf("parseShingling(%q) = %v, but parseShingling(%q) = %v, %v", spec, s, s.String(), again, err)
		}
	})
}
