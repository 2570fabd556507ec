package classify

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/internal/text"
)

// Features
//
// A document's features are its tokens (as the text pipeline makes them)
// and, with Options.Bigrams or NGrams, one feature per run of 2 (to
// NGrams) adjacent tokens. An n-gram is the xxhash64 (seed 0) of the
// tokens joined by single spaces, "FIRST SECOND"; tokens never hold a
// space, so no two runs are joined to the same bytes. N-grams are counted
// by hash (docs.go), never in the bayesian engine, which counts words. In
// the engine of khabar before format 3 a bigram was the 9-byte string of
// a NUL byte and the hash in big-endian order (bigramKey); models of that
// time hold the same hashes.

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

// ngramHash returns the feature hash of the run of tokens toks (two or
// more), joined by single spaces, using buf as scratch space. For two
// tokens it is bigramHash.
func ngramHash(buf []byte, toks [][]byte) (uint64, []byte) {
	buf = buf[:0]
	for i, t := range toks {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, t...)
	}
	return xxhash.Sum64(buf), buf
}

// featurizer turns texts into features for training. It is not safe for
// concurrent use; a Trainer has one per goroutine that featurizes.
type featurizer struct {
	tok    *text.Tokenizer
	ngrams int
	buf    []byte
}

func newFeaturizer(s text.Settings, ngrams int) *featurizer {
	return &featurizer{tok: text.New(s).NewTokenizer(), ngrams: ngrams}
}

// A featured text is its features as hashes, made without the docStore
// (so that many texts can be featurized at once) and stored in it by
// docStore.addFeatured, in the order of the text: each token, then the
// n-grams that end with it, shortest first.
type featured struct {
	words   []uint64 // xxhash64 of each token
	toks    []byte   // the tokens, one after the other;
	ends    []int32  // token i ends at ends[i]
	gramsAt []uint8  // how many n-grams end at token i
	grams   []uint64 // the n-gram hashes
}

// featurize fills fd with the features of s.
func (f *featurizer) featurize(s string, fd *featured) {
	toks := f.tok.Tokens(s)
	fd.words, fd.toks, fd.ends, fd.gramsAt, fd.grams = fd.words[:0], fd.toks[:0], fd.ends[:0], fd.gramsAt[:0], fd.grams[:0]
	for i, t := range toks {
		fd.words = append(fd.words, xxhash.Sum64(t))
		fd.toks = append(fd.toks, t...)
		fd.ends = append(fd.ends, int32(len(fd.toks)))
		n := min(f.ngrams, i+1)
		fd.gramsAt = append(fd.gramsAt, uint8(max(n-1, 0)))
		for k := 2; k <= n; k++ {
			var h uint64
			h, f.buf = ngramHash(f.buf, toks[i+1-k:i+1])
			fd.grams = append(fd.grams, h)
		}
	}
}
