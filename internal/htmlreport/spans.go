package htmlreport

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/text"
)

// Highlighting
//
// The shared shingles of two units are found on the tokens the dedup run
// compared, and shown on the original text. The text pipeline gives
// tokens without positions, so tokenSpans finds where each token is in
// the original bytes: every rune is classed by running it alone through the
// pipeline's normalization (a letter or digit starts or continues a token;
// a rune normalization drops, such as a haraka or a tatweel, continues one;
// anything else ends it), and the runs found are checked against the
// pipeline's own tokens. When they disagree (a normalization that joins or
// splits runes across these classes), the unit gets no highlight rather
// than a wrong one.

// A span is a highlighted range of a unit's text, in UTF-16 code units
// (the indexes of a JavaScript string) from the start of the unit.
type span struct{ start, end int }

// runeClass is what a rune does to tokens.
type runeClass uint8

const (
	separator runeClass = iota
	wordRune
	dropped // removed by normalization: continues the token it is in
)

// highlighter computes shared-shingle spans with one pipeline and
// shingling. It is not safe for concurrent use.
type highlighter struct {
	pipe      *text.Pipeline
	bare      *text.Tokenizer // the same normalization, no stop words or stemming
	tk        *text.Tokenizer
	sh        *dedup.Shingler
	shingling dedup.Shingling
	fast      bool // no stop words, no stemming: one token per run
	small     [0x800]runeClass
	known     [0x800]bool
	big       map[rune]runeClass
}

func newHighlighter(s text.Settings, sh dedup.Shingling) *highlighter {
	p := text.New(s)
	return &highlighter{
		pipe:      p,
		bare:      text.New(text.Settings{Skip: s.Skip}).NewTokenizer(),
		tk:        p.NewTokenizer(),
		sh:        dedup.NewShingler(sh),
		shingling: sh,
		fast:      !s.StopWords && !s.Stem,
		big:       map[rune]runeClass{},
	}
}

func (h *highlighter) class(r rune) runeClass {
	if r < 0x80 {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return wordRune
		}
	}
	if r < rune(len(h.small)) && h.known[r] {
		return h.small[r]
	}
	if c, ok := h.big[r]; ok {
		return c
	}
	var c runeClass
	s := string(r)
	switch {
	case len(h.bare.Tokens(s)) > 0:
		c = wordRune
	case h.pipe.Normalize(s) == "":
		c = dropped
	}
	if r < rune(len(h.small)) {
		h.small[r], h.known[r] = c, true
	} else {
		h.big[r] = c
	}
	return c
}

// unitTokens are the tokens of one unit with their byte ranges.
type unitTokens struct {
	toks   [][]byte // copies, owned
	starts []int    // byte offset of token i in the unit text
	ends   []int
}

// tokenSpans returns the tokens of s with their byte ranges, or false when
// the ranges cannot be matched with the pipeline's tokens.
func (h *highlighter) tokenSpans(s string) (unitTokens, bool) {
	var runs [][2]int
	start := -1
	for i, r := range s {
		switch h.class(r) {
		case wordRune:
			if start < 0 {
				start = i
			}
		case separator:
			if start >= 0 {
				runs = append(runs, [2]int{start, i})
				start = -1
			}
		}
	}
	if start >= 0 {
		runs = append(runs, [2]int{start, len(s)})
	}
	want := h.tk.Tokens(s)
	var ut unitTokens
	if h.fast && len(want) == len(runs) {
		for i, t := range want {
			ut.toks = append(ut.toks, bytes.Clone(t))
			ut.starts = append(ut.starts, runs[i][0])
			ut.ends = append(ut.ends, runs[i][1])
		}
		return ut, true
	}
	// Slow path (stop words, stemming, or a disagreement): tokenize each
	// run alone, then check the concatenation against the whole.
	all := make([][]byte, len(want))
	for i, t := range want {
		all[i] = bytes.Clone(t)
	}
	for _, r := range runs {
		for _, t := range h.tk.Tokens(s[r[0]:r[1]]) {
			ut.toks = append(ut.toks, bytes.Clone(t))
			ut.starts = append(ut.starts, r[0])
			ut.ends = append(ut.ends, r[1])
		}
	}
	if len(ut.toks) != len(all) {
		return unitTokens{}, false
	}
	for i := range all {
		if !bytes.Equal(all[i], ut.toks[i]) {
			return unitTokens{}, false
		}
	}
	return ut, true
}

// covered returns, for each token of a, whether one of the shingles it is
// part of is also a shingle of b (whose sorted distinct hashes are bset).
func (h *highlighter) covered(a unitTokens, bset []uint64) []bool {
	hs := h.sh.Hashes(a.toks)
	cov := make([]bool, len(a.toks))
	n := h.shingling.N
	if h.shingling.Kind == dedup.WordShingles {
		if len(a.toks) < n {
			n = len(a.toks)
		}
		for i, x := range hs {
			if contains(bset, x) {
				for j := i; j < i+n; j++ {
					cov[j] = true
				}
			}
		}
		return cov
	}
	// Character shingles run over the tokens joined by single spaces:
	// map every rune of that string to its token (-1 for a space).
	var owner []int
	for ti, t := range a.toks {
		if ti > 0 {
			owner = append(owner, -1)
		}
		for k := utf8.RuneCount(t); k > 0; k-- {
			owner = append(owner, ti)
		}
	}
	if len(owner) < n {
		n = len(owner)
	}
	for i, x := range hs {
		if contains(bset, x) {
			for j := i; j < i+n && j < len(owner); j++ {
				if owner[j] >= 0 {
					cov[owner[j]] = true
				}
			}
		}
	}
	return cov
}

// set returns the sorted distinct shingle hashes of toks, a new slice.
func (h *highlighter) set(toks [][]byte) []uint64 {
	return append([]uint64(nil), h.sh.Set(toks)...)
}

func contains(set []uint64, x uint64) bool {
	lo, hi := 0, len(set)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if set[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(set) && set[lo] == x
}

// byteSpans merges runs of covered tokens into byte ranges of the text.
func byteSpans(ut unitTokens, cov []bool) []span {
	var out []span
	for i := 0; i < len(cov); i++ {
		if !cov[i] {
			continue
		}
		j := i
		for j+1 < len(cov) && cov[j+1] {
			j++
		}
		out = append(out, span{ut.starts[i], ut.ends[j]})
		i = j
	}
	return out
}

// toUTF16 converts the byte ranges (in increasing order) of s to UTF-16
// offsets and returns them as one list: start, end, start, end...
func toUTF16(s string, spans []span) []int {
	out := make([]int, 0, 2*len(spans))
	if len(spans) == 0 {
		return out
	}
	offs := make([]int, 0, 2*len(spans))
	for _, sp := range spans {
		offs = append(offs, sp.start, sp.end)
	}
	u, b, k := 0, 0, 0
	for k < len(offs) {
		for k < len(offs) && offs[k] <= b {
			out = append(out, u)
			k++
		}
		if b >= len(s) {
			break
		}
		// Invalid UTF-8 reaches the browser as U+FFFD, one code unit.
		r, size := utf8.DecodeRuneInString(s[b:])
		u += utf16.RuneLen(r)
		b += size
	}
	for len(out) < len(offs) {
		out = append(out, u)
	}
	return out
}
