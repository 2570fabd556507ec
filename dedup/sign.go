package dedup

import (
	"strings"

	"github.com/khabar-nlp/khabar/internal/shingle"
	"github.com/khabar-nlp/khabar/internal/text"
)

// A Record is one unit as a Signer makes it: where the unit is, and what
// the later stages compare. Records are comparable only when made under
// the same Spec.
type Record struct {
	Unit
	// Exact is the hash of the unit's token stream: units with the same
	// Exact are exact duplicates (up to 64-bit hash collisions).
	Exact uint64
	// Keys are the unit's band keys, one per LSH band (MinHash) or SimHash
	// block: two units with the same key at the same position are a
	// candidate pair.
	Keys []uint64
	// Set is the unit's distinct shingle hashes in increasing order, what
	// the exact Jaccard similarity is computed on; len(Set) is
	// Unit.Shingles.
	Set []uint64
	// Sig is the MinHash signature (Spec.Hashes values), with MinHash.
	Sig []uint32
	// Fingerprint is the 64-bit SimHash of the shingles, with SimHash.
	Fingerprint uint64
}

// A Signer turns documents into records, the first stage of Find: it
// splits a document into units (Spec.Level, Spec.Paragraphs), tokenizes
// each with the text pipeline (Spec.Text), and makes its exact hash,
// shingle set, signature or fingerprint, and band keys. A Signer is not
// safe for concurrent use: give each goroutine its own.
type Signer struct {
	spec   Spec
	tk     *text.Tokenizer
	sh     *shingle.Shingler
	mh     *minHash
	lsh    banding
	blocks simBlocks

	// A long unit's: shingles and set a piece at a time.
	stream shingleStream
	setb   setBuilder

	buf     []byte
	set     []uint64
	scratch []uint64
	sig     []uint32
	keyb    []byte

	// The records' slices of the last Sign, flat, and where each starts.
	sets []uint64
	keys []uint64
	sigs []uint32
	offs []int
}

// NewSigner returns a new Signer for s, which must be valid (from
// Options.Spec or Spec.UnmarshalText).
func (s Spec) NewSigner() (*Signer, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	return newSigner(s), nil
}

// newSigner returns a Signer for s, which is valid.
func newSigner(s Spec) *Signer {
	g := &Signer{spec: s, tk: text.New(s.Text).NewTokenizer(), sh: newShingler(s.Shingle)}
	switch s.Method {
	case MinHashLSH:
		g.mh, _ = newMinHash(s.Hashes, s.Seed) // checked with s
		g.lsh = banding{Bands: s.Bands, Rows: s.Rows}
	case SimHashBits:
		g.blocks, _ = newSimBlocks(s.K)
	}
	return g
}

// Sign appends to dst the records of the units of d, document number doc
// in input order, and returns it with the number of units skipped for
// having no tokens. Records come in text order. Their Keys, Set and Sig
// share buffers of the Signer, valid until its next Sign; copy what is
// kept longer. (But the Set of a unit longer than text.PieceSize, signed
// a piece at a time, is the record's own.)
func (g *Signer) Sign(dst []Record, doc int, d Doc) ([]Record, int) {
	if g.spec.Level == DocumentLevel {
		end := len(strings.TrimRight(d.Text, "\r\n"))
		whole := []text.Passage{{Line: 1, EndLine: 1 + strings.Count(d.Text[:end], "\n"), End: len(d.Text)}}
		return g.signPassages(dst, doc, d, whole)
	}
	mode := text.Lines
	if g.spec.Paragraphs {
		mode = text.Paragraphs
	}
	return g.signPassages(dst, doc, d, text.Passages(d.Text, mode))
}

// signPassages is Sign for the units ps of d.
func (g *Signer) signPassages(dst []Record, doc int, d Doc, ps []text.Passage) ([]Record, int) {
	g.sets, g.keys, g.sigs, g.offs = g.sets[:0], g.keys[:0], g.sigs[:0], g.offs[:0]
	start := len(dst)
	skipped := 0
	var own [][]uint64 // the sets of long units
	for _, p := range ps {
		s := d.Text[p.Start:p.End]
		r := Record{Unit: Unit{
			Doc: doc, ID: d.ID, Passage: p.Index, Line: p.Line, EndLine: p.EndLine,
			Start: p.Start, End: p.End,
		}}
		var hs []uint64
		if isLong(len(s)) {
			u := g.signLong(s)
			if u.tokens == 0 {
				skipped++
				continue
			}
			g.set = u.set
			own = append(own, u.set)
			r.Tokens, r.Exact, r.Fingerprint = u.tokens, u.exact, u.fingerprint
		} else {
			toks := g.tk.Tokens(s)
			if len(toks) == 0 {
				skipped++
				continue
			}
			hs = g.sh.Hashes(toks)
			g.set, g.scratch = shingle.SortedSet(g.set[:0], g.scratch, hs)
			r.Tokens = len(toks)
			r.Exact, g.buf = shingle.ExactHash(g.buf, toks)
			if g.spec.Method == SimHashBits {
				r.Fingerprint = simHash(hs)
			}
		}
		r.Shingles = len(g.set)
		g.offs = append(g.offs, len(g.sets), len(g.keys), len(g.sigs))
		if !isLong(len(s)) {
			g.sets = append(g.sets, g.set...)
		}
		switch g.spec.Method {
		case MinHashLSH:
			g.sig = g.mh.Sign(g.sig[:0], g.set)
			g.keys, g.keyb = g.lsh.Keys(g.keys, g.keyb, g.sig)
			g.sigs = append(g.sigs, g.sig...)
		case SimHashBits:
			g.keys = g.blocks.Keys(g.keys, r.Fingerprint)
		}
		if isLong(len(s)) {
			g.set = nil // the record's own
		}
		dst = append(dst, r)
	}
	// The flat buffers may have moved while growing: slice them now.
	g.offs = append(g.offs, len(g.sets), len(g.keys), len(g.sigs))
	for i := range dst[start:] {
		o := g.offs[3*i : 3*i+6]
		r := &dst[start+i]
		if isLong(r.End - r.Start) {
			r.Set, own = own[0], own[1:]
		} else {
			r.Set = g.sets[o[0]:o[3]:o[3]]
		}
		r.Keys = g.keys[o[1]:o[4]:o[4]]
		if g.spec.Method == MinHashLSH {
			r.Sig = g.sigs[o[2]:o[5]:o[5]]
		}
	}
	return dst, skipped
}
