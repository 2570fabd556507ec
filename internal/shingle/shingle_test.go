package shingle

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

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
	sh := New(false, 3)
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
	sh := New(true, 3)
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
	sh := New(false, 1)
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
			got, scratch = SortedSet([]uint64{7}, scratch, hs)
			if got[0] != 7 || !slices.Equal(got[1:], want) {
				t.Errorf("SortedSet of %d %s values: %d values, want %d sorted distinct ones appended", n, kind, len(got)-1, len(want))
			}
		}
	}
}
