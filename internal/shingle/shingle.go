// Package shingle turns the tokens of a passage into the hashes that dedup
// compares: its shingles (runs of words or of characters), its shingle set
// and its exact hash. dedup's Signer, analyze's within-page duplicates and
// the HTML report's highlighting share it, so that they agree on every
// hash; users of package dedup get the same hashes in the Records of a
// dedup.Signer.
package shingle

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

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
	chars   bool
	n       int
	buf     []byte   // word: token hashes, 8 bytes each; char: joined tokens
	runes   []int    // char: byte offset of every rune in buf, and len(buf)
	out     []uint64 // the shingle hashes
	set     []uint64 // the distinct shingle hashes, sorted
	scratch []uint64 // for SortedSet
}

// New returns a Shingler of n-grams of characters (chars) or of tokens;
// n must be at least 1.
func New(chars bool, n int) *Shingler {
	return &Shingler{chars: chars, n: n}
}

// Chars reports whether s makes character shingles.
func (s *Shingler) Chars() bool { return s.chars }

// N returns the number of tokens or characters in one of s's shingles.
func (s *Shingler) N() int { return s.n }

// Hashes returns the hashes of the shingles of toks, in text order, with
// repeats. The slice is valid until the next call.
func (s *Shingler) Hashes(toks [][]byte) []uint64 {
	s.out = s.out[:0]
	if len(toks) == 0 {
		return s.out
	}
	n := s.n
	if !s.chars {
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
	s.set, s.scratch = SortedSet(s.set[:0], s.scratch, s.Hashes(toks))
	return s.set
}

// SortedSet appends to dst the distinct values of hs in increasing order
// and returns it, with scratch (space for the sort, returned for reuse).
//
// Shingle hashes are uniformly distributed, so a bucket sort on their top
// bits, with about one value per bucket, is linear: count the values per
// bucket, place them, then sort each bucket by insertion. A bucket that
// gets many values (input that is not random) is sorted with slices.Sort.
func SortedSet(dst, scratch, hs []uint64) ([]uint64, []uint64) {
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
