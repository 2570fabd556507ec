package beamdedup

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/khabar-nlp/khabar/internal/corpus"
)

func init() {
	register.DoFn3x1[context.Context, fileRef, func(docRec), error](&readFn{})
	register.Emitter1[docRec]()
	register.Function1x1(fileOf)
}

// A fileRef is an input file and its number in input order.
type fileRef struct {
	Index int
	Path  string
}

// A docRec is a document read: the number of its file, its number in the
// file, from 0, its id and its text.
type docRec struct {
	File int
	Ord  int
	ID   string
	Text string
}

// listInputs lists the files of the globs, when the pipeline is built: in
// the order of the globs, each glob's files in lexical order, a file named
// by two globs read twice (as khabar dedup reads a file named twice). A
// glob that matches nothing is an error.
func listInputs(ctx context.Context, globs []string) ([]fileRef, error) {
	var out []fileRef
	for _, g := range globs {
		fs, err := filesystem.New(ctx, g)
		if err != nil {
			return nil, fmt.Errorf("beamdedup: %s: %v", g, err)
		}
		files, err := fs.List(ctx, g)
		fs.Close()
		if err != nil {
			return nil, fmt.Errorf("beamdedup: %s: %v", g, err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("beamdedup: no file matches %s", g)
		}
		slices.Sort(files)
		for _, f := range files {
			out = append(out, fileRef{Index: len(out), Path: f})
		}
	}
	return out, nil
}

// readFn reads one file with the corpus package's reader, as khabar dedup
// reads it.
type readFn struct {
	Spec spec
}

func (fn *readFn) ProcessElement(ctx context.Context, f fileRef, emit func(docRec)) error {
	r, done, err := openDocs(ctx, f.Path, fn.Spec.corpusOptions())
	if err != nil {
		return err
	}
	defer done()
	n := 0
	for r.Next() {
		d := r.Document()
		emit(docRec{File: f.Index, Ord: n, ID: d.ID, Text: d.Text})
		n++
	}
	if err := r.Err(); err != nil {
		return err
	}
	if r.Stats().Files == 0 {
		return fmt.Errorf("beamdedup: %s: cannot be read", f.Path)
	}
	return nil
}

// openDocs returns the corpus reader of one input file, read as khabar
// dedup reads it, and the function that closes it.
func openDocs(ctx context.Context, path string, opt corpus.Options) (*corpus.Reader, func(), error) {
	opt.Warn = func(err error) { log.Warnf(ctx, "%v", err) }
	done := func() {}
	if !isLocal(path) {
		// The reader opens local files only: read the others through
		// Beam's file system, as the reader's standard input.
		fs, err := filesystem.New(ctx, path)
		if err != nil {
			return nil, nil, err
		}
		rc, err := fs.OpenRead(ctx, path)
		if err != nil {
			fs.Close()
			return nil, nil, fmt.Errorf("beamdedup: %s: %v", path, err)
		}
		done = func() { rc.Close(); fs.Close() }
		opt.Stdin = rc
		if opt.Format == corpus.FormatAuto {
			opt.Format = corpus.FormatOf(path, corpus.FormatAuto)
		}
		path = "-"
	}
	r := corpus.NewReader([]string{path}, opt)
	return r, func() { r.Close(); done() }, nil
}

// isLocal tells whether path is on the local file system (it has no
// "SCHEME://" prefix), which the corpus reader opens itself.
func isLocal(path string) bool {
	scheme, _, ok := strings.Cut(path, "://")
	return !ok || strings.ContainsAny(scheme, "/\\")
}

// fileOf returns the number of a document's file.
func fileOf(d docRec) int { return d.File }

// readDocs reads the files and returns the documents and, per file
// number, the number of its documents (KV<int, int>).
func readDocs(s beam.Scope, files []fileRef, sp spec) (docs, counts beam.PCollection) {
	s = s.Scope("read")
	refs := make([]any, len(files))
	for i, f := range files {
		refs[i] = f
	}
	col := beam.Reshuffle(s, beam.Create(s, refs...))
	docs = beam.ParDo(s, &readFn{Spec: sp}, col)
	counts = stats.Count(s, beam.ParDo(s, fileOf, docs))
	return docs, counts
}

// offsets turns the per-file document counts into the index of each file's
// first document, and the total.
func offsets(counts map[int]int, files int) ([]int, int) {
	first := make([]int, files+1)
	for i := range files {
		first[i+1] = first[i] + counts[i]
	}
	return first[:files], first[files]
}
