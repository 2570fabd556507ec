package beamdedup

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	pathpkg "path"
	"slices"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/khabar-nlp/khabar/internal/corpus"
)

// The --drop output: the input without its duplicates
//
// With Options.Drop every input file is written again into DIR/drop/,
// under its own base name (two input files with the same base name are
// an error when the pipeline is built), with the cuts of "khabar dedup
// --drop": every cluster member but the kept one is removed, at document
// level the whole document, at passage level the passage and the line
// break after it. The rewriting is corpus.Rewrite's, the same as khabar
// dedup's, so each file is byte for byte what "khabar dedup --drop -o OUT"
// writes for it when given the input files (OUT/NAME): JSON Lines copied
// line by line but for the dropped lines and the text fields with cuts, a
// text file written without its cuts, or not at all when dropped whole.
// A file without documents is not written (as in khabar dedup). A name
// ending in .gz is written gzip-compressed. Each file is read twice more: once
// to find the line of every document, once to rewrite it.

func init() {
	register.DoFn4x0[int, clusterRec, func(*int, *int) bool, func(int, cutRec)](&cutFn{})
	register.Emitter2[int, cutRec]()
	register.DoFn4x1[context.Context, int, func(*fileRef) bool, func(*cutRec) bool, error](&dropFn{})
	register.Iter1[fileRef]()
	register.Iter1[cutRec]()
	register.Function1x2(fileKV)
}

// A cutRec is the span of one dropped unit: the number of its document in
// its file, from 0, and its bytes in the document text.
type cutRec struct {
	Ord        int
	Start, End int
}

// dropTargets returns, per input file, the file its --drop output is
// written to: dir/NAME, NAME its base name (corpus.MirrorNames checks
// that no two files get the same name).
func dropTargets(dir string, files []fileRef) ([]string, error) {
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.Path
	}
	if len(slices.Compact(slices.Sorted(slices.Values(paths)))) < len(paths) {
		return nil, errors.New("beamdedup: --drop: an input file is named twice")
	}
	names := map[string]string{paths[0]: pathpkg.Base(paths[0])}
	if len(paths) > 1 {
		// Relative names, so that a "gs://" folder is not cleaned into "gs:/".
		var err error
		if names, err = corpus.MirrorNames("", paths, paths); err != nil {
			return nil, fmt.Errorf("beamdedup: --drop: %v", err)
		}
	}
	out := make([]string, len(files))
	for i, p := range paths {
		out[i] = dir + "/" + names[p]
	}
	return out, nil
}

// cutFn sends the dropped members of a cluster (all but the kept one) to
// their files.
type cutFn struct {
	Files int
	first []int
}

func (fn *cutFn) ProcessElement(_ int, c clusterRec, counts func(*int, *int) bool, emit func(int, cutRec)) {
	if fn.first == nil {
		m := make(map[int]int)
		var f, n int
		for counts(&f, &n) {
			m[f] = n
		}
		fn.first, _ = offsets(m, fn.Files)
	}
	for i, m := range c.Members {
		if i == c.Kept {
			continue
		}
		// The last file whose first document is at or before m.Doc (files
		// without documents start where the next one does).
		file := sort.Search(len(fn.first), func(j int) bool { return fn.first[j] > m.Doc }) - 1
		emit(file, cutRec{Ord: m.Doc - fn.first[file], Start: m.Start, End: m.End})
	}
}

func fileKV(f fileRef) (int, fileRef) { return f.Index, f }

// dropFn writes one input file without its dropped units, with
// corpus.Rewrite.
type dropFn struct {
	Spec     spec
	Document bool     // document level: a dropped unit is a whole document
	Targets  []string // by file number
}

func (fn *dropFn) ProcessElement(ctx context.Context, file int, refs func(*fileRef) bool, cs func(*cutRec) bool) error {
	var f fileRef
	if !refs(&f) {
		return fmt.Errorf("beamdedup: --drop: no input file %d", file)
	}
	spans := make(map[int][]corpus.Span) // by document number
	var c cutRec
	for cs(&c) {
		spans[c.Ord] = append(spans[c.Ord], corpus.Span{Start: c.Start, End: c.End})
	}
	// The line of every document and the format the file is read in.
	opt := fn.Spec.corpusOptions()
	r, done, err := openDocs(ctx, f.Path, opt)
	if err != nil {
		return err
	}
	var lines []int
	var format corpus.Format
	for r.Next() {
		lines = append(lines, r.Document().Line)
		format = r.Format()
	}
	err = r.Err()
	done()
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		return nil
	}
	if _, gone := spans[0]; gone && fn.Document && format == corpus.FormatText {
		return nil
	}
	edits := make(map[int]corpus.Edit, len(spans))
	for ord, ss := range spans {
		if ord >= len(lines) {
			return fmt.Errorf("beamdedup: --drop: %s has %d documents, not %d", f.Path, len(lines), ord+1)
		}
		slices.SortFunc(ss, func(a, b corpus.Span) int { return a.Start - b.Start })
		edits[lines[ord]] = corpus.Edit{Drop: fn.Document, Cuts: ss}
	}
	fs, err := filesystem.New(ctx, f.Path)
	if err != nil {
		return err
	}
	defer fs.Close()
	name := fn.Targets[file]
	return writeFile(ctx, name, func(w io.Writer) error {
		rc, err := fs.OpenRead(ctx, f.Path)
		if err != nil {
			return err
		}
		defer rc.Close()
		if !strings.HasSuffix(name, ".gz") {
			return corpus.Rewrite(w, rc, f.Path, format, opt, edits)
		}
		zw := gzip.NewWriter(w)
		if err := corpus.Rewrite(zw, rc, f.Path, format, opt, edits); err != nil {
			return err
		}
		return zw.Close()
	})
}

// drop writes the input files without their duplicates into o.Output/drop.
func drop(s beam.Scope, files []fileRef, numbered, counts beam.PCollection, targets []string, sp spec, document bool) {
	s = s.Scope("drop")
	cuts := beam.ParDo(s, &cutFn{Files: len(files)}, numbered, beam.SideInput{Input: counts})
	refs := make([]any, len(files))
	for i, f := range files {
		refs[i] = f
	}
	keyed := beam.ParDo(s, fileKV, beam.Create(s, refs...))
	beam.ParDo0(s, &dropFn{Spec: sp, Document: document, Targets: targets}, beam.CoGroupByKey(s, keyed, cuts))
}
