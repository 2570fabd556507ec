package beamdedup

import (
	"fmt"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/text"
)

func init() {
	register.DoFn3x1[docRec, func(*int, *int) bool, func(unitRec), error](&signFn{})
	register.Emitter1[unitRec]()
	register.Iter2[int, int]()
}

// Unit keys: a unit is named by its document's index in input order and
// its passage number, doc<<passageBits | passage, so that the order of
// the keys is the input order of the units.
const (
	passageBits = 24
	maxDocs     = 1 << (64 - passageBits)
)

func unitKey(doc, passage int) uint64 { return uint64(doc)<<passageBits | uint64(passage) }

// A unitInfo is what the outputs say of a unit.
type unitInfo struct {
	Key      uint64
	Doc      int
	ID       string
	Passage  int
	Line     int
	EndLine  int
	Start    int
	End      int
	Tokens   int
	Shingles int
	// Excerpt is the unit's text cut as the JSON report cuts it.
	Excerpt string
}

// unit returns the dedup.Unit of u.
func (u unitInfo) unit() dedup.Unit {
	return dedup.Unit{
		Doc: u.Doc, ID: u.ID, Passage: u.Passage, Line: u.Line, EndLine: u.EndLine,
		Start: u.Start, End: u.End, Tokens: u.Tokens, Shingles: u.Shingles,
	}
}

// A unitRec is a unit with what the search needs: its exact hash, shingle
// set (increasing) and band keys.
type unitRec struct {
	Info  unitInfo
	Exact uint64
	Set   []uint64
	Bands []uint64
}

// signFn makes the units of a document, with the dedup package's steps.
type signFn struct {
	Spec spec

	first []int // index of the first document of each file, from the side input
	o     dedup.Options
	tk    *text.Tokenizer
	sh    *dedup.Shingler
	mh    *dedup.MinHash
	lsh   dedup.LSH
	mode  text.PassageMode
	set   []uint64
	scr   []uint64
	buf   []byte
	sig   []uint32
	keyb  []byte
}

func (fn *signFn) Setup() error {
	o, err := fn.Spec.dedupOptions()
	if err != nil {
		return err
	}
	fn.o = o
	fn.tk = text.New(o.Text).NewTokenizer()
	fn.sh = dedup.NewShingler(o.Shingle)
	if fn.mh, err = dedup.NewMinHash(o.Hashes, o.Seed); err != nil {
		return err
	}
	fn.lsh = dedup.LSH{Bands: o.Bands, Rows: o.Rows}
	fn.mode = text.Lines
	if o.Paragraphs {
		fn.mode = text.Paragraphs
	}
	return nil
}

func (fn *signFn) ProcessElement(d docRec, counts func(*int, *int) bool, emit func(unitRec)) error {
	if fn.first == nil {
		fn.first = firstDocs(counts)
	}
	if d.File >= len(fn.first) {
		return fmt.Errorf("beamdedup: file %d without a count", d.File)
	}
	doc := fn.first[d.File] + d.Ord
	if doc >= maxDocs {
		return fmt.Errorf("beamdedup: more than %d documents", maxDocs)
	}
	if fn.o.Level == dedup.DocumentLevel {
		end := len(strings.TrimRight(d.Text, "\r\n"))
		p := text.Passage{Line: 1, EndLine: 1 + strings.Count(d.Text[:end], "\n"), End: len(d.Text)}
		return fn.unit(emit, doc, d, p)
	}
	for _, p := range text.Passages(d.Text, fn.mode) {
		if err := fn.unit(emit, doc, d, p); err != nil {
			return err
		}
	}
	return nil
}

// unit emits the unit of passage p of document d, number doc, unless it
// has no tokens or fewer than MinTokens.
func (fn *signFn) unit(emit func(unitRec), doc int, d docRec, p text.Passage) error {
	if p.Index >= 1<<passageBits {
		return fmt.Errorf("beamdedup: %s: more than %d passages", d.ID, 1<<passageBits)
	}
	s := d.Text[p.Start:p.End]
	toks := fn.tk.Tokens(s)
	if len(toks) == 0 || len(toks) < fn.o.MinTokens {
		return nil
	}
	hs := fn.sh.Hashes(toks)
	fn.set, fn.scr = dedup.SortedSet(fn.set[:0], fn.scr, hs)
	var ex uint64
	ex, fn.buf = dedup.ExactHash(fn.buf, toks)
	fn.sig = fn.mh.Sign(fn.sig[:0], fn.set)
	var keys []uint64
	keys, fn.keyb = fn.lsh.Keys(nil, fn.keyb, fn.sig)
	emit(unitRec{
		Info: unitInfo{
			Key: unitKey(doc, p.Index), Doc: doc, ID: d.ID, Passage: p.Index, Line: p.Line, EndLine: p.EndLine,
			Start: p.Start, End: p.End, Tokens: len(toks), Shingles: len(fn.set),
			Excerpt: dedup.Cut(s, dedup.JSONExcerptChars),
		},
		Exact: ex,
		Set:   append([]uint64(nil), fn.set...),
		Bands: keys,
	})
	return nil
}

// firstDocs reads the per-file document counts of the side input into the
// index of each file's first document.
func firstDocs(counts func(*int, *int) bool) []int {
	m := map[int]int{}
	files := 0
	var f, n int
	for counts(&f, &n) {
		m[f] = n
		files = max(files, f+1)
	}
	first, _ := offsets(m, files)
	return first
}

// sign makes the units of the documents.
func sign(s beam.Scope, docs, counts beam.PCollection, sp spec) beam.PCollection {
	s = s.Scope("sign")
	return beam.ParDo(s, &signFn{Spec: sp}, docs, beam.SideInput{Input: counts})
}
