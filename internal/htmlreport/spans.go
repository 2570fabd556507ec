package htmlreport

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/shingle"
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
	sh        *shingle.Shingler
	shingling dedup.Shingling
	fast      bool // no stop words, no stemming: one token per run
	small     [0x800]runeClass
	known     [0x800]bool
	big       map[rune]runeClass
	// scratch for tokenSpans
	runs        [][2]int
	lens        []int
	whole       []byte
	kept, other unitTokens
}

func newHighlighter(s text.Settings, sh dedup.Shingling) *highlighter {
	p := text.New(s)
	return &highlighter{
		pipe:      p,
		bare:      text.New(text.Settings{Skip: s.Skip}).NewTokenizer(),
		tk:        p.NewTokenizer(),
		sh:        shingle.New(sh.Chars, sh.N),
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

// unitTokens are the tokens of one unit with their byte ranges. Its
// slices are reused by the next tokenSpans into it.
type unitTokens struct {
	toks   [][]byte // point into buf
	starts []int    // byte offset of token i in the unit text
	ends   []int
	buf    []byte
}

func (ut *unitTokens) reset() {
	ut.toks, ut.starts, ut.ends, ut.buf = ut.toks[:0], ut.starts[:0], ut.ends[:0], ut.buf[:0]
}

// add appends a token found at s[start:end].
func (ut *unitTokens) add(t []byte, start, end int) {
	ut.buf = append(ut.buf, t...)
	ut.starts = append(ut.starts, start)
	ut.ends = append(ut.ends, end)
}

// slice makes toks point into buf, once every token is added.
func (ut *unitTokens) slice(lens []int) {
	off := 0
	for _, n := range lens {
		ut.toks = append(ut.toks, ut.buf[off:off+n:off+n])
		off += n
	}
}

// tokenSpans puts the tokens of s with their byte ranges into ut, and
// reports false when the ranges cannot be matched with the pipeline's
// tokens.
func (h *highlighter) tokenSpans(ut *unitTokens, s string) bool {
	ut.reset()
	runs := h.runs[:0]
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
	h.runs = runs
	want := h.tk.Tokens(s)
	lens := h.lens[:0]
	if h.fast && len(want) == len(runs) {
		for i, t := range want {
			ut.add(t, runs[i][0], runs[i][1])
			lens = append(lens, len(t))
		}
		ut.slice(lens)
		h.lens = lens
		return true
	}
	// Slow path (stop words, stemming, or a disagreement): tokenize each
	// run alone, then check the concatenation against the whole.
	whole := h.whole[:0]
	for _, t := range want {
		whole = append(whole, t...)
		whole = append(whole, ' ')
	}
	h.whole = whole
	for _, r := range runs {
		for _, t := range h.tk.Tokens(s[r[0]:r[1]]) {
			ut.add(t, r[0], r[1])
			lens = append(lens, len(t))
		}
	}
	ut.slice(lens)
	h.lens = lens
	if len(ut.toks) != len(want) {
		return false
	}
	off := 0
	for _, t := range ut.toks {
		if off+len(t) >= len(whole) || !bytes.Equal(whole[off:off+len(t)], t) || whole[off+len(t)] != ' ' {
			return false
		}
		off += len(t) + 1
	}
	return true
}

// covered returns, for each token of a, whether one of the shingles it is
// part of is also a shingle of b: hs are the shingle hashes of a in text
// order (Shingler.Hashes), bset the sorted distinct hashes of b.
func (h *highlighter) covered(a *unitTokens, hs, bset []uint64) []bool {
	cov := make([]bool, len(a.toks))
	n := h.shingling.N
	if !h.shingling.Chars {
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
func byteSpans(ut *unitTokens, cov []bool) []span {
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
	valid := utf8.ValidString(s)
	u, b := 0, 0
	for _, sp := range spans {
		for _, off := range [2]int{sp.start, sp.end} {
			if valid {
				// Valid UTF-8: a leading byte is one code unit, or two
				// for a 4-byte sequence; continuation bytes none.
				for ; b < off; b++ {
					switch c := s[b]; {
					case c < 0x80 || c >= 0xC0 && c < 0xF0:
						u++
					case c >= 0xF0:
						u += 2
					}
				}
			}
			for b < off {
				// Invalid UTF-8 reaches the browser as U+FFFD, one code
				// unit per bad byte.
				r, size := utf8.DecodeRuneInString(s[b:])
				u += utf16.RuneLen(r)
				b += size
			}
			out = append(out, u)
		}
	}
	return out
}

// wordBounds returns the range of s from the start of its first token to
// the end of its last (as tokenSpans places them), the span of all its
// tokens when the pipeline drops none (no stop words).
func (h *highlighter) wordBounds(s string) []span {
	start, end := -1, -1
	in := false // inside a token: dropped runes (harakat) continue it
	for i, r := range s {
		switch h.class(r) {
		case wordRune:
			if start < 0 {
				start = i
			}
			end, in = i+utf8.RuneLen(r), true
		case dropped:
			if in {
				end = i + utf8.RuneLen(r)
			}
		default:
			in = false
		}
	}
	if start < 0 {
		return nil
	}
	return []span{{start, end}}
}
