package cli

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/khabar-nlp/khabar/internal/corpus"
)

// errNotFolder says that a path on the way to an output is a file.
var errNotFolder = errors.New("a file is in the way of its folder")

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

// probeWritable checks, before the long work, that out (a file, or a
// folder that --drop fills) can be written: the nearest folder that exists
// on its way must take a new file. Folders that do not exist yet are made
// by the writing, as before.
func probeWritable(out string) error {
	dir := filepath.Dir(out)
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		dir = out
	}
	for {
		info, err := os.Stat(dir)
		if err == nil {
			if !info.IsDir() {
				return cannotWrite(out, &os.PathError{Op: "write", Path: dir, Err: errNotFolder})
			}
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	f, err := os.CreateTemp(dir, ".khabar-probe-*~")
	if err != nil {
		return cannotWrite(out, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}
