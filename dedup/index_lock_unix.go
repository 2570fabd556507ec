//go:build unix

package dedup

import (
	"os"
	"path/filepath"
	"syscall"
)

// gate takes the index folder's readers.lock: shared for a reader, held
// for the whole read; exclusive for a writer, which waits there, before
// each batch, until no reader holds it. bbolt's own lock on index.db is
// polled (every 50 ms), so without the gate a writer that reopens the file
// for batch after batch would keep readers out until the end of Add. The
// returned function releases the lock. The gate is advisory: when the lock
// file cannot be opened (a read-only folder), there is none.
func (x *Index) gate(exclusive bool) func() {
	f, err := os.OpenFile(filepath.Join(x.dir, "readers.lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		if f, err = os.Open(filepath.Join(x.dir, "readers.lock")); err != nil {
			return func() {}
		}
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			break
		}
	}
	return func() { f.Close() } // closing releases the lock
}
