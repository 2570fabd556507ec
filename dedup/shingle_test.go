package dedup

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
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

func toks(s string) [][]byte {
	var out [][]byte
	for _, f := range strings.Fields(s) {
		out = append(out, []byte(f))
	}
	return out
}

// wordShingle is the definition of a word shingle hash, written out.
func wordShingle(words ...string) uint64 {
	var b []byte
	for _, w := range words {
		b = binary.LittleEndian.AppendUint64(b, xxhash.Sum64String(w))
	}
	return xxhash.Sum64(b)
}

func TestShinglerWords(t *testing.T) {
	sh := NewShingler(Shingling{N: 3})
	tests := []struct {
		in   string
		want []uint64
	}{
		{"", nil},
		{"a", []uint64{wordShingle("a")}},
		{"a b", []uint64{wordShingle("a", "b")}},
		{"a b c", []uint64{wordShingle("a", "b", "c")}},
		{"a b c d a b c", []uint64{
			wordShingle("a", "b", "c"), wordShingle("b", "c", "d"), wordShingle("c", "d", "a"),
			wordShingle("d", "a", "b"), wordShingle("a", "b", "c"),
		}},
	}
	for _, tt := range tests {
		got := sh.Hashes(toks(tt.in))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Hashes(%q) = %x, want %x", tt.in, got, tt.want)
		}
	}
	// Known answers, so that a change of hashing (which would make stored
	// signatures incomparable) is noticed.
	if got, want := sh.Hashes(toks("تنظيم داعش الإرهابي")), []uint64{0xcdf7b71a269280a2}; !slices.Equal(got, want) {
		t.Errorf("Hashes(تنظيم داعش الإرهابي) = %#x, want %#x", got, want)
	}
	if got := xxhash.Sum64String(""); got != 0xef46db3751d8e999 {
		t.Errorf("xxhash(\"\") = %#x, want 0xef46db3751d8e999", got)
	}
}

func TestShinglerChars(t *testing.T) {
	sh := NewShingler(Shingling{Chars: true, N: 3})
	h := xxhash.Sum64String
	tests := []struct {
		in   string
		want []uint64
	}{
		{"", nil},
		{"ab", []uint64{h("ab")}},
		{"abc", []uint64{h("abc")}},
		{"ab cd", []uint64{h("ab "), h("b c"), h(" cd")}},
		{"داعش", []uint64{h("داع"), h("اعش")}},
		{"د ع", []uint64{h("د ع")}},
	}
	for _, tt := range tests {
		got := sh.Hashes(toks(tt.in))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Hashes(%q) = %x, want %x", tt.in, got, tt.want)
		}
	}
}

func TestShinglerSet(t *testing.T) {
	sh := NewShingler(Shingling{N: 1})
	got := sh.Set(toks("b a b c a"))
	want := []uint64{wordShingle("a"), wordShingle("b"), wordShingle("c")}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("Set(b a b c a) = %x, want %x", got, want)
	}
}

func TestExactHash(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"a b", "a b", true},
		{"a b", "ab", false},
		{"a b", "b a", false},
		{"", "", true},
	}
	for _, tt := range tests {
		ha, _ := ExactHash(nil, toks(tt.a))
		hb, _ := ExactHash(nil, toks(tt.b))
		if (ha == hb) != tt.same {
			t.Errorf("ExactHash(%q) == ExactHash(%q) is %v, want %v", tt.a, tt.b, ha == hb, tt.same)
		}
	}
	if h, _ := ExactHash(nil, toks("a b")); h != xxhash.Sum64String("a b") {
		t.Errorf("ExactHash(a b) = %#x, want xxhash(\"a b\")", h)
	}
}

func TestSortedSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	var scratch []uint64
	for _, n := range []int{0, 1, 5, 31, 32, 33, 100, 1000, 5000} {
		for _, kind := range []string{"random", "repeats", "small", "top bits equal"} {
			hs := make([]uint64, n)
			for i := range hs {
				switch kind {
				case "random":
					hs[i] = rng.Uint64()
				case "repeats":
					hs[i] = rng.Uint64() % uint64(n/3+1) * 0x9e3779b97f4a7c15
				case "small":
					hs[i] = uint64(rng.IntN(50))
				default:
					hs[i] = 0xffff<<48 | rng.Uint64()>>20
				}
			}
			want := slices.Clone(hs)
			slices.Sort(want)
			want = slices.Compact(want)
			var got []uint64
			got, scratch = sortedSet([]uint64{7}, scratch, hs)
			if got[0] != 7 || !slices.Equal(got[1:], want) {
				t.Errorf("sortedSet of %d %s values: %d values, want %d sorted distinct ones appended", n, kind, len(got)-1, len(want))
			}
		}
	}
}
