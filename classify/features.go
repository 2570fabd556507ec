package classify

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/internal/text"
)

// Features
//
// A document's features are its tokens (as the text pipeline makes them)
// and, with Options.Bigrams, one feature per pair of adjacent tokens. A
// bigram is the xxhash64 (seed 0) of the two tokens joined by one space,
// "FIRST SECOND"; tokens never hold a space, so no two pairs are joined to
// the same bytes. Inside the bayesian engine a bigram is the 9-byte string
// of a NUL byte and the hash in big-endian order: tokens never hold a NUL
// byte, so bigrams and words never collide.

// bigramHash returns the feature hash of the adjacent tokens a and b, using
// buf as scratch space.
func bigramHash(buf []byte, a, b []byte) (uint64, []byte) {
	buf = append(buf[:0], a...)
	buf = append(buf, ' ')
	buf = append(buf, b...)
	return xxhash.Sum64(buf), buf
}

// bigramKeyLen is the length of a bigram's key in the engine.
const bigramKeyLen = 9

// bigramKey returns the engine's key for the bigram hash h.
func bigramKey(h uint64) string {
	var k [bigramKeyLen]byte
	binary.BigEndian.PutUint64(k[1:], h)
	return string(k[:])
}

// parseBigramKey reports whether key is a bigram key and returns its hash.
func parseBigramKey(key string) (uint64, bool) {
	if len(key) != bigramKeyLen || key[0] != 0 {
		return 0, false
	}
	return binary.BigEndian.Uint64([]byte(key[1:])), true
}

// featurizer turns texts into feature keys for training. It is not safe for
// concurrent use.
type featurizer struct {
	tok     *text.Tokenizer
	bigrams bool
	keys    []string
	buf     []byte
}

func newFeaturizer(s text.Settings, bigrams bool) *featurizer {
	return &featurizer{tok: text.New(s).NewTokenizer(), bigrams: bigrams}
}

// features returns the feature keys of s and its number of tokens. The slice is
// reused by the next call; the strings may be kept.
func (f *featurizer) features(s string) ([]string, int) {
	toks := f.tok.Tokens(s)
	f.keys = f.keys[:0]
	for i, t := range toks {
		f.keys = append(f.keys, string(t))
		if f.bigrams && i > 0 {
			var h uint64
			h, f.buf = bigramHash(f.buf, toks[i-1], t)
			f.keys = append(f.keys, bigramKey(h))
		}
	}
	return f.keys, len(toks)
}
