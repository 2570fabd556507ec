package text

import (
	"bytes"
	"unicode/utf8"
)

// Light10 affixes, as in Larkey, Ballesteros and Connell (2002) and Lucene's
// ArabicStemmer, written after normalization (so ة and ى never occur when the
// teh and yeh steps are on, and "يه" and "ه" take their place).
var (
	stemPrefixes = affixes("ال", "وال", "بال", "كال", "فال", "لل", "و")
	stemSuffixes = affixes("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
)

type affix struct {
	b []byte
	n int // letters
}

func affixes(list ...string) []affix {
	out := make([]affix, len(list))
	for i, s := range list {
		out[i] = affix{[]byte(s), utf8.RuneCountInString(s)}
	}
	return out
}

// Stem applies Larkey's light10 stemmer to the normalized token w and
// returns a subslice of w: at most one prefix is removed (the first that
// matches, و only from words of four letters or more), then every suffix
// that matches, in list order; a removal must leave at least two letters.
// This is the algorithm of Lucene's ArabicStemmer.
func Stem(w []byte) []byte {
	n := utf8.RuneCount(w)
	if n < 3 {
		return w // no affix can go
	}
	for _, p := range stemPrefixes {
		if p.n == 1 && n < 4 {
			continue
		}
		if n >= p.n+2 && bytes.HasPrefix(w, p.b) {
			w = w[len(p.b):]
			n -= p.n
			break
		}
	}
	for _, s := range stemSuffixes {
		if n >= s.n+2 && bytes.HasSuffix(w, s.b) {
			w = w[:len(w)-len(s.b)]
			n -= s.n
		}
	}
	return w
}
