// Package safefile writes output files so that a reader, or a crash, finds
// either the old file or the whole new one, never a part of it.
//
// A file is written under a temporary name ".NAME.<random>~" in the folder
// of its destination NAME, synced, given Mode and renamed to NAME; then
// the folder itself is synced, so that a power cut after the rename cannot
// lose the new name. A temporary file of the same destination left by a
// process that was killed is removed by the next successful write of that
// destination, when it is older than the process writing (a writer running
// at the same time has a newer one, which is left alone).
package safefile

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Mode is the permission of every file Write creates: what a file made by
// the shell would have under the usual umask, so that outputs can be read by
// the other users of a shared machine like any other file.
const Mode = 0o644

// started is about when this process started: temporary files older than
// it are stale.
var started = time.Now()

// A File is an output file being written under its temporary name. Write
// to it, then Commit to put it in place, or Abort to give it up. A File is
// not safe for concurrent use.
type File struct {
	path string
	tmp  *os.File
	bw   *bufio.Writer
	done bool
}

// Create starts writing the file path: it creates the temporary file, so
// that a folder that does not exist or cannot be written is an error now,
// before the caller's long work. A path that is a folder is an error
// (ErrFolder).
func Create(path string) (*File, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, &os.PathError{Op: "write", Path: path, Err: ErrFolder}
	}
	f, err := os.CreateTemp(filepath.Dir(path), tempPrefix(path)+"*~")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = &os.PathError{Op: "create", Path: path, Err: pe.Err}
		}
		return nil, err
	}
	return &File{path: path, tmp: f, bw: bufio.NewWriterSize(f, 1<<16)}, nil
}

// tempPrefix is the start of the temporary names of path.
func tempPrefix(path string) string { return "." + filepath.Base(path) + "." }

// Write writes p to the temporary file, through a buffer.
func (f *File) Write(p []byte) (int, error) { return f.bw.Write(p) }

// Abort removes the temporary file; path is untouched. It does nothing
// after Commit, so it can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// Commit flushes, syncs and closes the temporary file, gives it Mode,
// renames it to path, syncs the folder and removes stale temporary files
// of path. On an error the temporary file is removed and path untouched; a
// failed rename is an *os.PathError on path, not on the temporary name.
func (f *File) Commit() (err error) {
	if f.done {
		return errors.New("safefile: " + f.path + ": already committed or aborted")
	}
	tmp := f.tmp.Name()
	defer func() {
		f.done = true
		if err != nil {
			os.Remove(tmp)
		}
	}()
	err = f.bw.Flush()
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, Mode)
	}
	if err != nil {
		return err
	}
	if rerr := os.Rename(tmp, f.path); rerr != nil {
		var le *os.LinkError
		if errors.As(rerr, &le) {
			rerr = le.Err
		}
		return &os.PathError{Op: "rename", Path: f.path, Err: rerr}
	}
	dir := filepath.Dir(f.path)
	if err := syncDir(dir); err != nil {
		return &os.PathError{Op: "sync", Path: dir, Err: unwrap(err)}
	}
	removeStale(f.path)
	return nil
}

// Write creates or replaces the file path with what write writes: Create,
// write, then Commit, or Abort when write fails. The first error is
// returned as it is, for the caller to name the file and its package.
func Write(path string, write func(w io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// syncDir syncs the folder dir, so that a rename in it is on disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	// Some file systems cannot sync a folder; the rename is done anyway.
	if errors.Is(err, os.ErrInvalid) || errors.Is(err, errors.ErrUnsupported) {
		return nil
	}
	return err
}

// removeStale removes the temporary files of path older than this
// process: those of writers that were killed. Failures are ignored: the
// new file is in place.
func removeStale(path string) {
	dir, prefix := filepath.Dir(path), tempPrefix(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, "~") || !e.Type().IsRegular() {
			continue
		}
		// The random part of os.CreateTemp is digits only: this keeps
		// ".a.txt.old~" of a file "a.txt.old" out.
		if !allDigits(name[len(prefix) : len(name)-1]) {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().Before(started) {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func unwrap(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ErrFolder is the error of a Write to a folder.
var ErrFolder = errors.New("is a folder")
