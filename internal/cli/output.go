package cli

import (
	"path/filepath"

	"github.com/khabar-nlp/khabar/internal/corpus"
)

// checkOutput refuses an --output that is, holds or is inside an input, so
// that no command can replace the files it reads. Links are followed: an
// input is where its links lead, and the output is the entry that will be
// replaced, in the folder its parent's links lead to (the output file is
// renamed into place, which replaces a link at that name, not its target).
func checkOutput(out string, paths []string) error {
	o, err := filepath.Abs(out)
	if err != nil {
		return usagef("--output %s: %v", out, err)
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(o)); err == nil {
		o = filepath.Join(dir, filepath.Base(o))
	}
	for _, p := range paths {
		if p == "-" {
			continue
		}
		a, err := filepath.Abs(p)
		if err != nil {
			return usagef("%s: %v", p, err)
		}
		if r, err := filepath.EvalSymlinks(a); err == nil {
			a = r
		}
		if o == a || corpus.Within(o, a) || corpus.Within(a, o) {
			return usagef("--output %s overlaps the input %s; it must be elsewhere", out, p)
		}
	}
	return nil
}
