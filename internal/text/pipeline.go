package text

import (
	"unicode"
	"unicode/utf8"
)

// A Pipeline turns raw text into normalized text and tokens according to
// one Settings value. A Pipeline is immutable and safe for concurrent use;
// the Tokenizers it makes are not.
type Pipeline struct {
	settings Settings
	norm     *normalizer
	stop     map[string]struct{}
}

// New returns the pipeline for s.
func New(s Settings) *Pipeline {
	p := &Pipeline{settings: s, norm: newNormalizer(s.Steps())}
	if s.StopWords {
		// The list is written in plain Arabic; normalize it with the same
		// steps as the text it is matched against.
		p.stop = make(map[string]struct{}, len(stopWords))
		for _, w := range stopWords {
			p.stop[string(p.norm.normalize(nil, w))] = struct{}{}
		}
	}
	return p
}

// Settings returns the settings p was made with.
func (p *Pipeline) Settings() Settings { return p.settings }

// Normalize returns the normalization of s. Invalid UTF-8 becomes U+FFFD, so
// the result is always valid UTF-8, and Normalize(Normalize(s)) ==
// Normalize(s).
func (p *Pipeline) Normalize(s string) string {
	return string(p.norm.normalize(nil, s))
}

// AppendNormalized appends the normalization of s to dst.
func (p *Pipeline) AppendNormalized(dst []byte, s string) []byte {
	return p.norm.normalize(dst, s)
}

// Tokens returns the tokens of s as new strings. It is a convenience for
// small inputs; hot loops use a Tokenizer.
func (p *Pipeline) Tokens(s string) []string {
	t := p.NewTokenizer()
	toks := t.Tokens(s)
	out := make([]string, len(toks))
	for i, tok := range toks {
		out[i] = string(tok)
	}
	return out
}

// A Tokenizer holds the buffers for tokenizing one text after another with
// one Pipeline. It is not safe for concurrent use: give each goroutine its
// own.
type Tokenizer struct {
	p    *Pipeline
	buf  []byte
	toks [][]byte
}

// NewTokenizer returns a Tokenizer for p.
func (p *Pipeline) NewTokenizer() *Tokenizer { return &Tokenizer{p: p} }

// Tokens normalizes s and returns its tokens, after stop-word removal and
// stemming when the settings ask for them. The returned slices point into
// the Tokenizer's buffer: they are valid until the next call and must be
// copied to be kept.
func (t *Tokenizer) Tokens(s string) [][]byte {
	t.buf = t.p.norm.normalize(t.buf[:0], s)
	t.toks = splitWords(t.toks[:0], t.buf)
	if t.p.stop == nil && !t.p.settings.Stem {
		return t.toks
	}
	t.toks = t.p.Refine(t.toks[:0], t.toks)
	return t.toks
}

// Refines reports whether Refine can turn the tokens of a pipeline with
// settings plain into those of p: plain has p's normalization steps and
// neither stop-word removal nor stemming.
func (p *Pipeline) Refines(plain Settings) bool {
	return plain.Skip == p.settings.Skip && !plain.StopWords && !plain.Stem
}

// Refine appends to dst the tokens of toks that p keeps, stemmed when p
// stems, and returns it: for toks from a Tokenizer of a pipeline that p
// Refines, the tokens p's own Tokenizer gives for the same text, without
// normalizing it again. The returned slices point into toks' bytes.
func (p *Pipeline) Refine(dst, toks [][]byte) [][]byte {
	for _, tok := range toks {
		if p.stop != nil {
			if _, ok := p.stop[string(tok)]; ok {
				continue
			}
		}
		if p.settings.Stem {
			tok = Stem(tok)
		}
		dst = append(dst, tok)
	}
	return dst
}

// wordRune[r] tells, for r < tableSize, whether r belongs to a token.
var wordRune [tableSize]bool

func init() {
	for r := rune(0); r < tableSize; r++ {
		wordRune[r] = isWordRune(r)
	}
}

// isWordRune reports whether r is part of a token: a letter, a digit or a
// combining mark (so that a vocalized word stays one token when harakat are
// kept). Underscores, hashtags, punctuation and spaces separate tokens.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// splitWords appends to dst the tokens of the normalized text b: maximal
// runs of word runes. Its rune decoding repeats the fast path of
// normalizer.mapString for []byte: one generic decoder for both was 20–25%
// slower in BenchmarkTokenize.
func splitWords(dst [][]byte, b []byte) [][]byte {
	start := -1
	for i := 0; i < len(b); {
		c := b[i]
		var r rune
		var size int
		if c < utf8.RuneSelf {
			r, size = rune(c), 1
		} else if c >= 0xC2 && c <= 0xDB && i+1 < len(b) {
			r, size = rune(c&0x1F)<<6|rune(b[i+1]&0x3F), 2
		} else {
			r, size = utf8.DecodeRune(b[i:])
		}
		var word bool
		if r < tableSize {
			word = wordRune[r]
		} else {
			word = isWordRune(r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			dst = append(dst, b[start:i:i])
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, b[start:len(b):len(b)])
	}
	return dst
}
