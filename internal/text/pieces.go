package text

import (
	"iter"
	"strings"
)

// PieceSize is about the longest piece of a text that TokenPieces
// normalizes and tokenizes at once (1 MiB): a document of hundreds of
// megabytes then costs the Tokenizer a few megabytes of buffers, not its
// normalized copy and the 24 bytes per token of a slice of all of them.
const PieceSize = 1 << 20

// Pieces cuts s into pieces of about n bytes or less, each ending after a
// line break (the last one where s ends), so that the tokens of the pieces,
// one piece after another, are the tokens of s: a line break separates
// tokens, no normalization step joins or reorders characters across one
// (it is a starter that composes with nothing), and a line break byte is
// never part of a UTF-8 sequence, valid or not. A line longer than n is one
// piece. An empty s has no pieces.
func Pieces(s string, n int) iter.Seq[string] {
	return func(yield func(string) bool) {
		for len(s) > n {
			cut := strings.LastIndexByte(s[:n], '\n') + 1
			if cut == 0 {
				if cut = strings.IndexByte(s[n:], '\n') + 1; cut == 0 {
					break
				}
				cut += n
			}
			if !yield(s[:cut]) {
				return
			}
			s = s[cut:]
		}
		if len(s) > 0 {
			yield(s)
		}
	}
}

// TokenPieces returns the tokens of s, exactly as Tokens would, a piece of
// s (Pieces with n bytes; PieceSize is the usual n) at a time. Every
// slice, and the tokens in it, is valid until the next one is yielded; a
// piece without tokens yields nothing. It uses the Tokenizer's buffers:
// do not call Tokens or TokenPieces again before the loop ends.
func (t *Tokenizer) TokenPieces(s string, n int) iter.Seq[[][]byte] {
	return func(yield func([][]byte) bool) {
		for piece := range Pieces(s, n) {
			if toks := t.Tokens(piece); len(toks) > 0 && !yield(toks) {
				return
			}
		}
	}
}

// A Carry keeps copies of the last tokens of one piece of a text for the
// next (TokenPieces), so that n-grams and shingles can cross from one
// piece into the next. The zero value keeps nothing.
type Carry struct {
	toks [][]byte
	bufs [2][]byte
	cur  int // the buffer toks points into
	win  [][]byte
}

// Tokens returns the tokens kept; the slice is valid until the next Keep.
func (c *Carry) Tokens() [][]byte { return c.toks }

// Window returns the tokens kept followed by toks, in a buffer of c valid
// until the next Window (toks itself when nothing is kept).
func (c *Carry) Window(toks [][]byte) [][]byte {
	if len(c.toks) == 0 {
		return toks
	}
	c.win = append(append(c.win[:0], c.toks...), toks...)
	return c.win
}

// Keep keeps copies of toks, which may point into the tokens kept before.
func (c *Carry) Keep(toks [][]byte) {
	c.cur = 1 - c.cur
	b := c.bufs[c.cur][:0]
	for _, t := range toks {
		b = append(b, t...)
	}
	c.bufs[c.cur] = b
	c.toks = c.toks[:0]
	for _, t := range toks {
		c.toks = append(c.toks, b[:len(t):len(t)])
		b = b[len(t):]
	}
}

// Reset keeps nothing.
func (c *Carry) Reset() { c.toks = c.toks[:0] }
