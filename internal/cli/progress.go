package cli

import (
	"fmt"

	"github.com/khabar-nlp/khabar/internal/corpus"
)

// progressEvery is how many documents pass between progress updates.
const progressEvery = 10000

// A corpusReader is a corpus.Reader that shows how many documents it has
// read on standard error, when that is a terminal, and clears the line at
// the end. Results on standard output are not affected.
type corpusReader struct {
	*corpus.Reader
	io    *IOStreams
	n     int
	shown bool
}

// openCorpus returns a reader over paths for a command.
func openCorpus(io *IOStreams, paths []string, opts corpus.Options) *corpusReader {
	return &corpusReader{Reader: corpus.NewReader(paths, opts), io: io}
}

// Next advances to the next document (see corpus.Reader.Next).
func (r *corpusReader) Next() bool {
	ok := r.Reader.Next()
	switch {
	case ok:
		r.n++
		if r.io.ErrTTY && !r.io.Quiet && r.n%progressEvery == 0 {
			fmt.Fprintf(r.io.ErrOut, "\rkhabar: %d documents read", r.n)
			r.shown = true
		}
	case r.shown:
		fmt.Fprint(r.io.ErrOut, "\r\033[K")
		r.shown = false
	}
	return ok
}
