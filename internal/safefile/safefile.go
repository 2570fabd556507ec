// Package safefile writes output files so that a reader, or a crash, finds
// either the old file or the whole new one, never a part of it.
package safefile

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
)

// Mode is the permission of every file Write creates: what a file made by
// the shell would have under the usual umask, so that outputs can be read by
// the other users of a shared machine like any other file.
const Mode = 0o644

// Write creates or replaces the file path with what write writes. It
// writes to a temporary file ".NAME.*~" in the same folder (so that the
// rename is atomic), through a buffer, then flushes and syncs it, gives it
// Mode and renames it to path. If write or any step fails, the temporary
// file is removed, path is untouched, and the first error is returned as it
// is, for the caller to name the file and its package.
//
// A path that is a folder is an error (ErrFolder) before anything is
// written; a failed rename is reported as an *os.PathError on path, not on
// the temporary name.
func Write(path string, write func(w io.Writer) error) (err error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return &os.PathError{Op: "write", Path: path, Err: ErrFolder}
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*~")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, Mode)
	}
	if err == nil {
		if rerr := os.Rename(tmp, path); rerr != nil {
			var le *os.LinkError
			if errors.As(rerr, &le) {
				rerr = le.Err
			}
			err = &os.PathError{Op: "rename", Path: path, Err: rerr}
		}
	}
	return err
}

// ErrFolder is the error of a Write to a folder.
var ErrFolder = errors.New("is a folder")
