package dedup

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/internal/shingle"
)

// defaultShingling is word 3-grams.
var defaultShingling = Shingling{N: 3}

// Shingling says how a passage becomes a set of shingles. The zero value
// means word 3-grams.
//
// Every shingle is hashed with 64-bit xxhash (seed 0): a word shingle is the
// xxhash of the little-endian xxhashes of its tokens, a character shingle
// the xxhash of its UTF-8 bytes. A passage with fewer tokens (or
// characters) than N has one shingle made of all it has; a passage without
// tokens has no shingles.
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

// newShingler returns a Shingler for s (the zero value means word
// 3-grams).
func newShingler(s Shingling) *shingle.Shingler {
	if s == (Shingling{}) {
		s = defaultShingling
	}
	s = s.withDefaults()
	return shingle.New(s.Chars, s.N)
}
