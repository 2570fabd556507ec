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
	// seen finds the features of the text being featurized among those
	// it had already: an open-addressing table of the text's distinct
	// features (linear probing, at most half full), whose slots are free
	// unless their gen is the current one, so that it is not cleared for
	// each text.
	seen []seenSlot
	gen  uint32
}

type seenSlot struct {
	hash uint64
	gen  uint32
	i    uint32 // the feature's index in featured.hashes
}

func newFeaturizer(s text.Settings, ngrams int) *featurizer {
	return &featurizer{tok: text.New(s).NewTokenizer(), ngrams: ngrams}
}

// A featured text is its distinct features as hashes, in the order of
// their first occurrence (each token, then the n-grams that end with it,
// shortest first), with their counts: made without the docStore (so that
// many texts can be featurized at once), and stored in it by
// docStore.addFeatured. A word feature is told apart from an n-gram
// with the same hash, and from a word with the same hash but other
// bytes.
type featured struct {
	ntok   int      // tokens
	hashes []uint64 // xxhash64 of each distinct word or n-gram
	counts []uint32 // its occurrences
	// A word feature's bytes are toks[start[i]:end[i]]; end[i] is -1
	// for an n-gram.
	start, end []int32
	toks       []byte
	words      int // distinct words; the others are n-grams
}

// featurize fills fd with the features of s.
func (f *featurizer) featurize(s string, fd *featured) {
	toks := f.tok.Tokens(s)
	fd.ntok = len(toks)
	fd.hashes, fd.counts, fd.start, fd.end, fd.toks, fd.words = fd.hashes[:0], fd.counts[:0], fd.start[:0], fd.end[:0], fd.toks[:0], 0
	f.reset()
	for i, t := range toks {
		f.add(fd, xxhash.Sum64(t), t)
		for k := 2; k <= min(f.ngrams, i+1); k++ {
			var h uint64
			h, f.buf = ngramHash(f.buf, toks[i+1-k:i+1])
			f.add(fd, h, nil)
		}
	}
}

// reset readies f.seen for a new text.
func (f *featurizer) reset() {
	f.gen++
	if len(f.seen) == 0 || f.gen == 0 {
		f.seen = make([]seenSlot, max(1024, len(f.seen)))
		f.gen = 1
	}
}

// grow doubles f.seen, keeping the features of fd.
func (f *featurizer) grow(fd *featured) {
	f.seen = make([]seenSlot, 2*len(f.seen))
	f.gen = 1
	mask := uint64(len(f.seen) - 1)
	for i, h := range fd.hashes {
		j := h & mask
		for f.seen[j].gen == f.gen {
			j = (j + 1) & mask
		}
		f.seen[j] = seenSlot{hash: h, gen: f.gen, i: uint32(i)}
	}
}

// add counts an occurrence of the feature with hash h: the word w, or an
// n-gram when w is nil.
func (f *featurizer) add(fd *featured, h uint64, w []byte) {
	if 2*(len(fd.hashes)+1) > len(f.seen) {
		f.grow(fd)
	}
	mask := uint64(len(f.seen) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		sl := &f.seen[j]
		if sl.gen != f.gen {
			*sl = seenSlot{hash: h, gen: f.gen, i: uint32(len(fd.hashes))}
			fd.hashes = append(fd.hashes, h)
			fd.counts = append(fd.counts, 1)
			if w == nil {
				fd.start, fd.end = append(fd.start, -1), append(fd.end, -1)
			} else {
				fd.start = append(fd.start, int32(len(fd.toks)))
				fd.toks = append(fd.toks, w...)
				fd.end = append(fd.end, int32(len(fd.toks)))
				fd.words++
			}
			return
		}
		if sl.hash != h {
			continue
		}
		i := sl.i
		if isWord := fd.end[i] >= 0; isWord != (w != nil) || isWord && string(fd.toks[fd.start[i]:fd.end[i]]) != string(w) {
			continue
		}
		fd.counts[i]++
		return
	}
}
