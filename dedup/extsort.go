package dedup

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"unsafe"
)

// External sorting
//
// The external-memory path of Find (external.go, Options.Memory) sorts
// more records than its memory budget holds. A sorter keeps up to max
// records in memory; when they are that many it sorts them and writes
// them to a temporary file, one sorted run; at the end the runs are
// merged with a heap, in passes of at most fanIn runs while there are
// more, each run read through a buffer of its own. A sorter's runs share
// one file (a merge pass writes a new one), so the number of open files
// does not grow with the number of runs.
//
// A record is a fixed array of 2 to 4 uint64 words, ordered word by word.
// A run is its records one after the other, each word little-endian,
// with no header: a run is read only by the process that wrote it, in a
// file removed as soon as it is created (tempFiles), and no other program
// ever sees it, so it has no format version.

// A record is what a sorter sorts.
type record interface {
	[1]uint64 | [2]uint64 | [3]uint64 | [4]uint64
}

// sortRecords sorts records word by word; one-word records (the band
// entries, most of what is sorted) as a []uint64, which sorts about three
// times as fast as with a comparison function.
func sortRecords[T record](rs []T) {
	if one, ok := any(rs).([][1]uint64); ok {
		// [1]uint64 and uint64 have the same size and alignment.
		slices.Sort(unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(one))), len(one)))
		return
	}
	slices.SortFunc(rs, compareRecords[T])
}

// compareRecords orders records word by word.
func compareRecords[T record](a, b T) int {
	for i := 0; i < len(a); i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// tempFiles makes the temporary files of one external run, in dir (""
// means os.TempDir()). Each file is removed as soon as it is created, so
// that nothing is left behind when the process ends, however it ends;
// where the system cannot remove an open file, it is removed on release
// or on close.
type tempFiles struct {
	dir  string
	left map[*os.File]string // files not yet removed, by their names
	// runs, merges count the runs written and the merge passes that
	// wrote a run from others (for tests and the benchmark).
	runs, merges int
	bytes        int64 // bytes written to temporary files
}

func newTempFiles(dir string) *tempFiles {
	return &tempFiles{dir: dir, left: make(map[*os.File]string)}
}

// create returns a new empty temporary file, open for reading and
// writing.
func (t *tempFiles) create() (*os.File, error) {
	f, err := os.CreateTemp(t.dir, "khabar-dedup-*")
	if err != nil {
		return nil, fmt.Errorf("dedup: temporary file: %w", err)
	}
	if os.Remove(f.Name()) != nil {
		t.left[f] = f.Name()
	}
	return f, nil
}

// release closes f, a file of t, and removes it if it is still there.
func (t *tempFiles) release(f *os.File) {
	if f == nil {
		return
	}
	f.Close()
	if name, ok := t.left[f]; ok {
		os.Remove(name)
		delete(t.left, f)
	}
}

// close removes the files still there.
func (t *tempFiles) close() {
	for f := range t.left {
		t.release(f)
	}
}

// A spill is a temporary file written once, front to back, and then read
// at any offset (ReadAt, which reads with pread: its pages are the
// system's cache, not the process's memory).
type spill struct {
	f   *os.File
	w   *bufio.Writer
	off int64 // bytes written
}

func newSpill(t *tempFiles) (*spill, error) {
	f, err := t.create()
	if err != nil {
		return nil, err
	}
	return &spill{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

func (s *spill) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	s.off += int64(n)
	return n, err
}

// done flushes what is buffered: the file can be read from then on.
func (s *spill) done() error {
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("dedup: temporary file: %w", err)
	}
	s.w = nil
	return nil
}

// A run is a sorted run on disk: n records from byte off of its file.
type run struct {
	off, n int64
}

// A sorter sorts records of type T beyond its memory: see External
// sorting above. Its runs are written one after the other to one file,
// and a merge pass writes the merged runs to a new one, so that a sorter
// has one file open however many runs it makes. The zero value is not
// usable: use newSorter.
type sorter[T record] struct {
	t    *tempFiles
	max  int // records held in memory before a run is written
	buf  []T
	f    *os.File // the runs
	size int64    // bytes in f
	runs []run
	err  error
}

// newSorter returns a sorter that holds at most about mem bytes of
// records in memory (at least 64 records).
func newSorter[T record](t *tempFiles, mem int64) *sorter[T] {
	var zero T
	return &sorter[T]{t: t, max: int(max(64, mem/int64(8*len(zero))))}
}

// add adds v; errors are kept for merge.
func (s *sorter[T]) add(v T) {
	if s.buf == nil {
		// At once, not grown by doubling (each step garbage): the
		// pages are only resident once written.
		s.buf = make([]T, 0, s.max)
	}
	s.buf = append(s.buf, v)
	if len(s.buf) >= s.max {
		s.flush()
	}
}

// flush writes the records in memory as one sorted run.
func (s *sorter[T]) flush() {
	if len(s.buf) == 0 || s.err != nil {
		s.buf = s.buf[:0]
		return
	}
	sortRecords(s.buf)
	if s.f == nil {
		if s.f, s.err = s.t.create(); s.err != nil {
			return
		}
	}
	r, err := s.writeRun(s.f, s.size, slices.Values(s.buf))
	s.buf = s.buf[:0]
	if err != nil {
		s.err = err
		return
	}
	s.runs = append(s.runs, r)
	s.size += r.n * recordSize[T]()
}

// recordSize returns the size of a T on disk.
func recordSize[T record]() int64 {
	var zero T
	return int64(8 * len(zero))
}

// writeRun writes the records of seq, in order, to f from byte off.
func (s *sorter[T]) writeRun(f *os.File, off int64, seq iter.Seq[T]) (run, error) {
	w := bufio.NewWriterSize(io.NewOffsetWriter(f, off), 64<<10)
	var b [32]byte
	size := recordSize[T]()
	n := int64(0)
	for v := range seq {
		for i := 0; i < len(v); i++ {
			binary.LittleEndian.PutUint64(b[8*i:], v[i])
		}
		if _, err := w.Write(b[:size]); err != nil {
			break
		}
		n++
	}
	if err := w.Flush(); err != nil {
		return run{}, fmt.Errorf("dedup: temporary file: %w", err)
	}
	s.t.runs++
	s.t.bytes += n * size
	return run{off: off, n: n}, nil
}

// merge writes what is left in memory as a run, frees the buffer, and
// returns a merger over all the records added, in order, that holds at
// most about mem bytes of read buffers: while there are more than mem/4
// KiB runs (at least 2), merge passes merge them that many at a time
// into a new file. The sorter is spent.
func (s *sorter[T]) merge(mem int64) (*merger[T], error) {
	s.flush()
	s.buf = nil
	if s.err != nil {
		s.releaseRuns()
		return nil, s.err
	}
	const minBuf = 4 << 10
	fanIn := int(max(2, mem/minBuf))
	for len(s.runs) > fanIn {
		out, err := s.t.create()
		if err != nil {
			s.releaseRuns()
			return nil, err
		}
		var next []run
		size := int64(0)
		for i := 0; i < len(s.runs); i += fanIn {
			m := newMerger[T](s.t, s.f, s.runs[i:min(i+fanIn, len(s.runs))], mem)
			r, err := s.writeRun(out, size, m.all)
			if err == nil {
				err = m.err
			}
			if err != nil {
				s.t.release(out)
				s.releaseRuns()
				return nil, err
			}
			next = append(next, r)
			size += r.n * recordSize[T]()
		}
		s.t.merges++
		s.t.release(s.f)
		s.f, s.size, s.runs = out, size, next
	}
	m := newMerger[T](s.t, s.f, s.runs, mem)
	m.owned = s.f
	s.f, s.runs = nil, nil
	return m, nil
}

// releaseRuns removes the sorter's file.
func (s *sorter[T]) releaseRuns() {
	s.t.release(s.f)
	s.f, s.runs = nil, nil
}

// A sortedRunReader reads one run front to back.
type sortedRunReader[T record] struct {
	r    *bufio.Reader
	left int64
	cur  T
	b    [32]byte
}

// next reads the next record into cur.
func (rr *sortedRunReader[T]) next() (bool, error) {
	if rr.left == 0 {
		return false, nil
	}
	size := 8 * len(rr.cur)
	if _, err := io.ReadFull(rr.r, rr.b[:size]); err != nil {
		return false, fmt.Errorf("dedup: temporary file: %w", err)
	}
	for i := 0; i < len(rr.cur); i++ {
		rr.cur[i] = binary.LittleEndian.Uint64(rr.b[8*i:])
	}
	rr.left--
	return true, nil
}

// A merger yields the records of several runs in order, in the
// bufio.Scanner shape: for m.next() { m.cur }; m.err.
type merger[T record] struct {
	t     *tempFiles
	owned *os.File // released by close, when not nil
	heap  []*sortedRunReader[T]
	all   iter.Seq[T] // the records in order
	cur   T
	err   error
}

// newMerger returns a merger over runs of f, with read buffers of about
// mem bytes in all (4 KiB to 1 MiB each).
func newMerger[T record](t *tempFiles, f *os.File, runs []run, mem int64) *merger[T] {
	m := &merger[T]{t: t}
	bufSize := 4 << 10
	if len(runs) > 0 {
		bufSize = int(min(1<<20, max(4<<10, mem/int64(len(runs)))))
	}
	size := recordSize[T]()
	for _, r := range runs {
		rr := &sortedRunReader[T]{r: bufio.NewReaderSize(io.NewSectionReader(f, r.off, r.n*size), bufSize), left: r.n}
		ok, err := rr.next()
		if err != nil && m.err == nil {
			m.err = err
		}
		if ok {
			m.heap = append(m.heap, rr)
		}
	}
	for i := len(m.heap)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	m.all = func(yield func(T) bool) {
		for m.next() {
			if !yield(m.cur) {
				return
			}
		}
	}
	return m
}

// next moves to the next record, cur; it returns false at the end or on
// an error (err).
func (m *merger[T]) next() bool {
	if m.err != nil || len(m.heap) == 0 {
		m.close()
		return false
	}
	top := m.heap[0]
	m.cur = top.cur
	ok, err := top.next()
	if err != nil {
		m.err = err
		m.close()
		return false
	}
	if !ok {
		last := len(m.heap) - 1
		m.heap[0] = m.heap[last]
		m.heap = m.heap[:last]
	}
	if len(m.heap) > 0 {
		m.down(0)
	}
	return true
}

// down restores the heap order below i.
func (m *merger[T]) down(i int) {
	h := m.heap
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		c := l
		if r := l + 1; r < len(h) && compareRecords(h[r].cur, h[l].cur) < 0 {
			c = r
		}
		if compareRecords(h[c].cur, h[i].cur) >= 0 {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// close drops the runs not yet read to their end and releases the file
// the merger owns.
func (m *merger[T]) close() {
	m.heap = nil
	if m.owned != nil {
		m.t.release(m.owned)
		m.owned = nil
	}
}
