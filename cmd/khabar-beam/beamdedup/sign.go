package beamdedup

import (
	"context"
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/report"
)

func init() {
	register.DoFn4x1[context.Context, fileRef, func(*int, *int) bool, func(unitRec), error](&signFn{})
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

// signFn reads a file and makes the units of its documents with the dedup
// package's Signer.
type signFn struct {
	Spec spec

	first  []int // index of the first document of each file, from the side input
	counts []int // documents of each file
	g      *dedup.Signer
	recs   []dedup.Record
}

func (fn *signFn) Setup() error {
	ds, err := fn.Spec.dedupSpec()
	if err != nil {
		return err
	}
	fn.g, err = ds.NewSigner()
	return err
}

func (fn *signFn) ProcessElement(ctx context.Context, f fileRef, counts func(*int, *int) bool, emit func(unitRec)) error {
	if fn.first == nil {
		fn.first, fn.counts = firstDocs(counts)
	}
	if f.Index >= len(fn.first) {
		return fmt.Errorf("beamdedup: file %d without a count", f.Index)
	}
	n, err := eachDoc(ctx, f, fn.Spec.corpusOptions(), func(ord int, d *corpus.Document) error {
		if ord >= fn.counts[f.Index] {
			return fmt.Errorf("beamdedup: %s: more documents than when it was first read", f.Path)
		}
		return fn.sign(fn.first[f.Index]+ord, d, emit)
	})
	if err == nil && n != fn.counts[f.Index] {
		err = fmt.Errorf("beamdedup: %s: %d documents, %d when it was first read", f.Path, n, fn.counts[f.Index])
	}
	return err
}

// sign emits the units of document doc.
func (fn *signFn) sign(doc int, d *corpus.Document, emit func(unitRec)) error {
	if doc >= maxDocs {
		return fmt.Errorf("beamdedup: more than %d documents", maxDocs)
	}
	fn.recs, _ = fn.g.Sign(fn.recs[:0], doc, dedup.Doc{ID: d.ID, Text: d.Text})
	for i := range fn.recs {
		r := &fn.recs[i]
		if r.Tokens < fn.Spec.MinTokens {
			continue // as Find skips them
		}
		if r.Passage >= 1<<passageBits {
			return fmt.Errorf("beamdedup: %s: more than %d passages", d.ID, 1<<passageBits)
		}
		emit(unitRec{
			Info: unitInfo{
				Key: unitKey(doc, r.Passage), Doc: doc, ID: d.ID, Passage: r.Passage, Line: r.Line, EndLine: r.EndLine,
				Start: r.Start, End: r.End, Tokens: r.Tokens, Shingles: r.Shingles,
				Excerpt: report.Cut(d.Text[r.Start:r.End], report.JSONExcerptChars),
			},
			Exact: r.Exact,
			Set:   slices.Clone(r.Set),
			Bands: slices.Clone(r.Keys),
		})
	}
	return nil
}

// firstDocs reads the per-file document counts of the side input into the
// index of each file's first document.
func firstDocs(counts func(*int, *int) bool) (first, n []int) {
	m := map[int]int{}
	files := 0
	var f, c int
	for counts(&f, &c) {
		m[f] = c
		files = max(files, f+1)
	}
	first, _ = offsets(m, files)
	n = make([]int, files)
	for f, c := range m {
		n[f] = c
	}
	return first, n
}

// sign reads the files again and makes the units of their documents.
func sign(s beam.Scope, files, counts beam.PCollection, sp spec) beam.PCollection {
	s = s.Scope("sign")
	return beam.ParDo(s, &signFn{Spec: sp}, files, beam.SideInput{Input: counts})
}
