package dedup

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// defaultShingling is word 3-grams.
var defaultShingling = Shingling{N: 3}

// Shingling says how a passage becomes a set of shingles. The zero value
// means word 3-grams.
type Shingling struct {
	// Chars makes shingles of N consecutive characters (runes) of the
	// tokens joined by single spaces, so punctuation and runs of white
	// space do not count, instead of N consecutive tokens (words).
	Chars bool
	// N is the number of tokens or characters in a shingle; 0 means 3 for
	// word shingles and 5 for character shingles.
	N int
}

// String returns the spec form of s, "word:3" or "char:5".
func (s Shingling) String() string {
	s = s.withDefaults()
	kind := "word"
	if s.Chars {
		kind = "char"
	}
	return kind + ":" + strconv.Itoa(s.N)
}

// UnmarshalText sets s from a shingle spec, for flags and configuration
// files: "word:N" or "char:N" with N from 1 to MaxShingleSize, or just
// "word" or "char" for the default sizes 3 and 5; the inverse of String.
func (s *Shingling) UnmarshalText(b []byte) error {
	v, err := parseShingling(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

func (s Shingling) withDefaults() Shingling {
	if s.N == 0 {
		s.N = 3
		if s.Chars {
			s.N = 5
		}
	}
	return s
}

func (s Shingling) check() error {
	if s.N < 0 || s.N > MaxShingleSize {
		return fmt.Errorf("%w: size %d (want 1 to %d)", ErrShingle, s.N, MaxShingleSize)
	}
	return nil
}

// parseShingling parses a shingle spec: "word:N" or "char:N" with N from 1
// to MaxShingleSize, or just "word" or "char" for the default sizes 3 and
// 5 (UnmarshalText). It is the inverse of Shingling.String.
func parseShingling(spec string) (Shingling, error) {
	kind, size, hasSize := strings.Cut(spec, ":")
	var s Shingling
	switch kind {
	case "word":
	case "char":
		s.Chars = true
	default:
		return Shingling{}, fmt.Errorf("%w: %q (want word:N or char:N)", ErrShingle, spec)
	}
	if hasSize {
		n, err := strconv.Atoi(size)
		if err != nil || size != strconv.Itoa(n) {
			return Shingling{}, fmt.Errorf("%w: %q (want word:N or char:N)", ErrShingle, spec)
		}
		if n < 1 || n > MaxShingleSize {
			return Shingling{}, fmt.Errorf("%w: size %d in %q (want 1 to %d)", ErrShingle, n, spec, MaxShingleSize)
		}
		s.N = n
	}
	return s.withDefaults(), nil
}

// A Shingler turns the tokens of one passage after another into shingle
// hashes. A Shingler is not safe for concurrent use: give each goroutine
// its own.
//
// Every shingle is hashed with 64-bit xxhash (seed 0): a word shingle is the
// xxhash of the little-endian xxhashes of its tokens, a character shingle
// the xxhash of its UTF-8 bytes. A passage with fewer tokens (or
// characters) than N has one shingle made of all it has; a passage without
// tokens has no shingles.
type Shingler struct {
	sh      Shingling
	buf     []byte   // word: token hashes, 8 bytes each; char: joined tokens
	runes   []int    // char: byte offset of every rune in buf, and len(buf)
	out     []uint64 // the shingle hashes
	set     []uint64 // the distinct shingle hashes, sorted
	scratch []uint64 // for sortedSet
}

// NewShingler returns a Shingler for s (the zero value means word
// 3-grams).
func NewShingler(s Shingling) *Shingler {
	if s == (Shingling{}) {
		s = defaultShingling
	}
	return &Shingler{sh: s.withDefaults()}
}

// Hashes returns the hashes of the shingles of toks, in text order, with
// repeats. The slice is valid until the next call.
func (s *Shingler) Hashes(toks [][]byte) []uint64 {
	s.out = s.out[:0]
	if len(toks) == 0 {
		return s.out
	}
	n := s.sh.N
	if !s.sh.Chars {
		s.buf = s.buf[:0]
		for _, t := range toks {
			s.buf = binary.LittleEndian.AppendUint64(s.buf, xxhash.Sum64(t))
		}
		if len(toks) < n {
			n = len(toks)
		}
		for i := 0; i+n <= len(toks); i++ {
			s.out = append(s.out, xxhash.Sum64(s.buf[8*i:8*(i+n)]))
		}
		return s.out
	}
	s.buf = joinTokens(s.buf[:0], toks)
	s.runes = s.runes[:0]
	for i := 0; i < len(s.buf); {
		s.runes = append(s.runes, i)
		if s.buf[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRune(s.buf[i:])
			i += size
		}
	}
	nr := len(s.runes)
	s.runes = append(s.runes, len(s.buf))
	if nr < n {
		n = nr
	}
	for i := 0; i+n <= nr; i++ {
		s.out = append(s.out, xxhash.Sum64(s.buf[s.runes[i]:s.runes[i+n]]))
	}
	return s.out
}

// Set returns the distinct shingle hashes of toks in increasing order: the
// shingle set that Jaccard similarity is computed on. The slice is valid
// until the next call.
func (s *Shingler) Set(toks [][]byte) []uint64 {
	s.set, s.scratch = sortedSet(s.set[:0], s.scratch, s.Hashes(toks))
	return s.set
}

// sortedSet appends to dst the distinct values of hs in increasing order
// and returns it, with scratch (space for the sort, returned for reuse).
//
// Shingle hashes are uniformly distributed, so a bucket sort on their top
// bits, with about one value per bucket, is linear: count the values per
// bucket, place them, then sort each bucket by insertion. A bucket that
// gets many values (input that is not random) is sorted with slices.Sort.
func sortedSet(dst, scratch, hs []uint64) ([]uint64, []uint64) {
	n := len(hs)
	if n < 32 {
		start := len(dst)
		dst = append(dst, hs...)
		out := dst[start:]
		slices.Sort(out)
		return dst[:start+len(slices.Compact(out))], scratch
	}
	shift := 64 - bits.Len(uint(n)) // about one value per bucket
	nb := 1 << (64 - shift)
	if cap(scratch) < n+nb+1 {
		scratch = make([]uint64, n+nb+1)
	}
	scratch = scratch[:n+nb+1]
	placed, count := scratch[:n], scratch[n:]
	clear(count)
	for _, h := range hs {
		count[h>>shift+1]++
	}
	for b := 1; b <= nb; b++ {
		count[b] += count[b-1]
	}
	// count[b] is now where bucket b starts; place and advance it.
	for _, h := range hs {
		b := h >> shift
		placed[count[b]] = h
		count[b]++
	}
	// Bucket b is now placed[count[b-1]:count[b]] (from 0 for b == 0).
	lo := uint64(0)
	for b := 0; b < nb; b++ {
		hi := count[b]
		if bucket := placed[lo:hi]; len(bucket) > 16 {
			slices.Sort(bucket)
		} else {
			for i := 1; i < len(bucket); i++ {
				for j := i; j > 0 && bucket[j] < bucket[j-1]; j-- {
					bucket[j], bucket[j-1] = bucket[j-1], bucket[j]
				}
			}
		}
		lo = hi
	}
	for i, h := range placed {
		if i == 0 || h != placed[i-1] {
			dst = append(dst, h)
		}
	}
	return dst, scratch
}

// joinTokens appends toks to dst separated by single spaces.
func joinTokens(dst []byte, toks [][]byte) []byte {
	for i, t := range toks {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, t...)
	}
	return dst
}

// ExactHash returns the 64-bit xxhash of the token stream toks joined by
// single spaces: two passages with the same normalized tokens in the same
// order, and only those (up to hash collisions), have the same ExactHash.
// Tokens never contain spaces, so the joined form is unambiguous. buf is
// scratch space, returned for reuse.
func ExactHash(buf []byte, toks [][]byte) (uint64, []byte) {
	buf = joinTokens(buf[:0], toks)
	return xxhash.Sum64(buf), buf
}
