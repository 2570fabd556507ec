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
	"github.com/khabar-nlp/khabar/internal/corpus"
)

func init() {
	register.DoFn3x1[context.Context, fileRef, func(int, int), error](&countFn{})
	register.Emitter2[int, int]()
}

// A fileRef is an input file and its number in input order.
type fileRef struct {
	Index int
	Path  string
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

// countFn counts the documents of one file, read as khabar dedup reads
// it (its warnings are left to the second reading, signFn's).
type countFn struct {
	Spec spec
}

func (fn *countFn) ProcessElement(ctx context.Context, f fileRef, emit func(int, int)) error {
	opt := fn.Spec.corpusOptions()
	opt.Warn = func(error) {}
	n, err := eachDoc(ctx, f, opt, func(int, *corpus.Document) error { return nil })
	if err != nil {
		return err
	}
	emit(f.Index, n)
	return nil
}

// eachDoc reads one file with the corpus package's reader, as khabar dedup
// reads it, and calls fn with the number of each document in the file,
// from 0, and the document; it returns the number of documents.
func eachDoc(ctx context.Context, f fileRef, opt corpus.Options, fn func(int, *corpus.Document) error) (int, error) {
	r, done, err := openDocs(ctx, f.Path, opt)
	if err != nil {
		return 0, err
	}
	defer done()
	n := 0
	for r.Next() {
		if err := fn(n, r.Document()); err != nil {
			return n, err
		}
		n++
	}
	if err := r.Err(); err != nil {
		return n, err
	}
	if r.Stats().Files == 0 {
		return n, fmt.Errorf("beamdedup: %s: cannot be read", f.Path)
	}
	return n, nil
}

// openDocs returns the corpus reader of one input file, read as khabar
// dedup reads it, and the function that closes it.
func openDocs(ctx context.Context, path string, opt corpus.Options) (*corpus.Reader, func(), error) {
	if opt.Warn == nil {
		opt.Warn = func(err error) { log.Warnf(ctx, "%v", err) }
	}
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

// readDocs returns the input files, one per element, and, per file
// number, the number of its documents (KV<int, int>), counted by a first
// reading of every file. The documents are read again where they are
// signed (signFn), so that their texts, the largest data of the job, are
// never a collection the runner has to hold.
func readDocs(s beam.Scope, files []fileRef, sp spec) (refs, counts beam.PCollection) {
	s = s.Scope("read")
	all := make([]any, len(files))
	for i, f := range files {
		all[i] = f
	}
	refs = beam.Reshuffle(s, beam.Create(s, all...))
	counts = beam.ParDo(s, &countFn{Spec: sp}, refs)
	return refs, counts
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
