package dedup

// Index format
//
// A persistent index (khabar index) is a folder holding one bbolt database,
// index.db (go.etcd.io/bbolt: a single-file copy-on-write B+tree whose
// transactions are atomic and durable). Every Add batch is one write
// transaction: after a crash the database is at the last committed batch.
// All integers in keys are big-endian, so keys sort in number order; values
// are unsigned varints (encoding/binary.AppendUvarint) unless said
// otherwise, and every value of the docs, units and reps buckets ends with a
// checksum: the low 32 bits of the xxhash of the bytes before it,
// little-endian.
//
//	bucket meta
//	  "magic"   "khabar-index"
//	  "format"  uvarint format version (2)
//	  "spec"    the settings the index was made with: Spec.String (see
//	            spec.go), a space and "min-tokens=N" (Options.MinTokens)
//	  "docs", "units", "reps", "batches", "bytes", "skipped"
//	            uvarint counts: documents, units, representatives, committed
//	            batches, bytes of document text, units skipped (no tokens)
//	  "runs"    the runs of band entries, oldest first: uvarint count, then
//	            each run's id and number of entries (uvarints)
//	bucket docs     doc (u32)  -> id bytes, checksum
//	bucket units    unit (u32) -> doc, passage, line, end line, start, end,
//	                              tokens, shingles, rep; checksum
//	bucket exact    exact hash (u64) -> rep (u32): the first unit with it
//	bucket reps     rep (u32)  -> exact hash (u64 LE), one key per table
//	                              (u64 LE each), SimHash fingerprint (u64
//	                              LE, SimHash only), shingle set (sorted,
//	                              u64 LE each); checksum
//	bucket runs     run id (u32) -> a bucket of the run's blocks:
//	                  table (u16), first value (u64) -> values (u64 each,
//	                              ascending, 1 to 500 of them); checksum
//	bucket members  rep (u32), unit (u32) -> empty, for every unit that is an
//	                              exact copy of an earlier one (rep != unit)
//
// Documents and units are numbered from 0 in the order they were added,
// across all batches. A representative ("rep") is the first unit of its
// exact-duplicate group, named by its unit number; only representatives
// are in reps and runs. A band key is the LSH band key (or SimHash block
// key) mixed and cut to 32 bits, as the in-memory search keeps it, so that
// the index finds exactly the candidates Find finds. Every representative
// has one band entry per table: the value key<<32 | rep, in one block of
// one run. A run holds the entries of consecutive batches sorted by table
// and value, in blocks of up to 500 values of one table, each block's key
// its table and first value; runs are merged as batches are added (see
// index_runs.go). Verification is exact: the stored shingle sets are the
// ones Find verifies with, so no corpus text is kept.
//
// Worked example: adding one document "a b c d" (id "x") at document level
// with word 3-grams writes docs[0] = "x", units[0] = 0 0 1 1 0 7 4 2 0,
// exact[h] = 0, reps[0] = h, 16 keys, the 2 shingle hashes, run 0 with 16
// blocks (t, key_t<<32 | 0) -> key_t<<32 | 0; meta docs = 1, units = 1,
// reps = 1, batches = 1, runs = 1 (0 16).
//
// Version history: 1 had, instead of runs, a bucket bands of one key per
// entry (table (u8), key (u32), rep (u32)) -> empty: every batch's entries
// went all over one B+tree, which each batch rewrote nearly whole. A
// format 1 index is read as it is, and the first Add turns its bands into
// run 0 in the batch's transaction, making it format 2.
//
// Concurrency: the database file is locked by bbolt (flock): exclusive while
// a batch is written, shared while a query reads. Add opens the file for
// each batch and closes it after the commit, so that a query from another
// process waits at most for one batch and then reads one consistent
// snapshot; a batch waits for the queries reading. A second lock file,
// readers.lock (empty), makes this fair on Unix: a reader holds it shared
// for its whole read, and the writer takes it exclusive (and lets it go)
// before each batch, so that a waiting reader goes before the next batch.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"
	bolt "go.etcd.io/bbolt"
)

// indexFormat is the format version this program writes; it reads 1 to
// indexFormat.
const indexFormat = 2

const indexMagic = "khabar-index"

var (
	bucketMeta    = []byte("meta")
	bucketDocs    = []byte("docs")
	bucketUnits   = []byte("units")
	bucketExact   = []byte("exact")
	bucketReps    = []byte("reps")
	bucketBands   = []byte("bands") // format 1
	bucketRuns    = []byte("runs")
	bucketMembers = []byte("members")
	allBuckets    = [][]byte{bucketMeta, bucketDocs, bucketUnits, bucketExact, bucketReps, bucketRuns, bucketMembers}
)

// formatBuckets returns the buckets of an index of format v.
func formatBuckets(v uint64) [][]byte {
	if v == 1 {
		return [][]byte{bucketMeta, bucketDocs, bucketUnits, bucketExact, bucketReps, bucketBands, bucketMembers}
	}
	return allBuckets
}

// txFormat returns the format version of the index in tx: a writer may
// have changed it since the index was opened.
func txFormat(tx *bolt.Tx) uint64 {
	v, _ := binary.Uvarint(tx.Bucket(bucketMeta).Get([]byte("format")))
	return v
}

// indexSpec is what the index stores of its settings: the Spec, and
// Options.MinTokens, which decides which units there are (the Spec leaves
// it out).
func indexSpec(o Options) string {
	return fmt.Sprintf("%s min-tokens=%d", o.spec(), o.MinTokens)
}

// parseIndexSpec returns the resolved Options of a stored indexSpec.
func parseIndexSpec(str string) (Options, error) {
	head, mt, ok := strings.Cut(str, " min-tokens=")
	if !ok {
		return Options{}, fmt.Errorf("no min-tokens in %q", str)
	}
	sp, err := parseSpec(head)
	if err != nil {
		return Options{}, err
	}
	o := sp.Options()
	if o.MinTokens, err = strconv.Atoi(mt); err != nil || o.MinTokens < 0 {
		return Options{}, fmt.Errorf("bad min-tokens in %q", str)
	}
	return o.resolve()
}

// IndexOptions configure OpenIndex and the Index it returns. The zero
// value opens an existing index.
type IndexOptions struct {
	// Create, when not nil, makes a new, empty index in the folder, which
	// must not exist or be empty, with these settings: those of the Spec
	// (Options.Spec) and MinTokens are stored, and the index uses them
	// ever after (Containment and NoVerify are not supported: the index
	// verifies every candidate). Without Create the folder must hold an
	// index, whose stored settings are used.
	Create *Options
	// Workers is the number of goroutines that make signatures; 0 means
	// GOMAXPROCS. Nothing stored or answered depends on it.
	Workers int
	// BatchDocs is the number of documents in one Add batch (one
	// transaction); 0 means DefaultBatchDocs.
	BatchDocs int
	// Timeout is how long to wait for another process's lock on the
	// database (a batch being written, or queries reading); 0 means one
	// minute.
	Timeout time.Duration
	// Stars makes Query's clusters stars around their kept unit, as
	// Options.Stars does for Find.
	Stars bool
	// Progress, when not nil, is called after every committed batch with
	// the number of documents added so far in this call, from one
	// goroutine of Add's.
	Progress func(docs int)
}

// An Index is a persistent duplicate index in a folder (see "Index
// format" at the top of index.go). Its methods are safe for concurrent
// use; one process at a time should call Add (or QueryAdd), and any
// number may Query at the same time.
type Index struct {
	dir  string
	path string
	o    Options // resolved, from the stored spec
	io   IndexOptions
}

// initIndex makes a new, empty index in dir, which must not exist or be
// empty, with the settings of opts (IndexOptions.Create).
func initIndex(dir string, opts Options) error {
	o, err := opts.resolve()
	if err != nil {
		return err
	}
	if o.Containment > 0 || o.NoVerify {
		return fmt.Errorf("%w: an index verifies every pair exactly: no containment or no-verify", ErrOption)
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("dedup: %s is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dedup: %w", err)
	}
	spec := []byte(indexSpec(o))
	// The database is made under a temporary name and renamed, so that a
	// crash leaves no half-made index.
	path := filepath.Join(dir, "index.db")
	tmp := path + "~"
	db, err := bolt.Open(tmp, 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("dedup: %w", err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucket(b); err != nil {
				return err
			}
		}
		m := tx.Bucket(bucketMeta)
		if err := m.Put([]byte("magic"), []byte(indexMagic)); err != nil {
			return err
		}
		if err := m.Put([]byte("format"), binary.AppendUvarint(nil, indexFormat)); err != nil {
			return err
		}
		if err := writeRuns(m, nil); err != nil {
			return err
		}
		return m.Put([]byte("spec"), spec)
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("dedup: %w", err)
	}
	return nil
}

// OpenIndex opens the index in dir, or with io.Create makes a new one
// there. It returns an error wrapping ErrIndexFormat for a folder without
// an index or an index of a newer format.
func OpenIndex(dir string, io IndexOptions) (*Index, error) {
	if io.Create != nil {
		if err := initIndex(dir, *io.Create); err != nil {
			return nil, err
		}
	}
	x := &Index{dir: dir, path: filepath.Join(dir, "index.db"), io: io}
	if x.io.BatchDocs <= 0 {
		x.io.BatchDocs = DefaultBatchDocs
	}
	if x.io.Timeout <= 0 {
		x.io.Timeout = time.Minute
	}
	if _, err := os.Stat(x.path); err != nil {
		return nil, fmt.Errorf("%w: %s has no index.db", ErrIndexFormat, dir)
	}
	err := x.view(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil || string(m.Get([]byte("magic"))) != indexMagic {
			return fmt.Errorf("%w: %s", ErrIndexFormat, x.path)
		}
		v, n := binary.Uvarint(m.Get([]byte("format")))
		if n <= 0 {
			return fmt.Errorf("%w: %s has no format version", ErrIndexFormat, x.path)
		}
		if v < 1 || v > indexFormat {
			return indexError{fmt.Sprintf("dedup: %s: index format %d is newer than this program (reads 1-%d)", x.path, v, indexFormat), ErrIndexFormat}
		}
		o, err := parseIndexSpec(string(m.Get([]byte("spec"))))
		if err != nil {
			return fmt.Errorf("%w: %s: bad settings: %v", ErrIndexFormat, x.path, err)
		}
		x.o = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	x.o.Workers = io.Workers
	if x.o, err = x.o.resolve(); err != nil {
		return nil, err
	}
	return x, nil
}

// Options returns the settings the index was made with.
func (x *Index) Options() Options { return x.o }

// CheckOptions returns an error wrapping ErrIndexSpec, naming the first
// setting that differs, when opts (resolved) would make units or
// signatures that differ from the index's.
func (x *Index) CheckOptions(opts Options) error {
	o, err := opts.resolve()
	if err != nil {
		return err
	}
	if a, b := indexSpec(o), indexSpec(x.o); a != b {
		return fmt.Errorf("%w: index has %q, asked for %q", ErrIndexSpec, b, a)
	}
	return nil
}

// Close releases the index. An Index holds no open file between calls,
// so Close only makes later calls fail.
func (x *Index) Close() error {
	x.path = ""
	return nil
}

var errClosed = errors.New("dedup: index is closed")

// An indexError is an error with its own message that wraps a sentinel.
type indexError struct {
	msg  string
	kind error
}

func (e indexError) Error() string { return e.msg }
func (e indexError) Unwrap() error { return e.kind }

// view runs f in a read transaction on the database opened read-only (a
// shared lock: it waits for a batch being written).
func (x *Index) view(f func(*bolt.Tx) error) error {
	if x.path == "" {
		return errClosed
	}
	defer x.gate(false)()
	db, err := bolt.Open(x.path, 0o644, &bolt.Options{ReadOnly: true, Timeout: x.io.Timeout})
	if err != nil {
		return fmt.Errorf("dedup: %s: %w", x.path, err)
	}
	err = db.View(f)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// update runs f in a write transaction, committed when f returns nil.
func (x *Index) update(f func(*bolt.Tx) error) error {
	if x.path == "" {
		return errClosed
	}
	x.gate(true)() // waits for the readers that came first
	// A mapping large enough for the batch: growing it within the
	// transaction copies every changed node (bbolt's remap); the file
	// grows by 64 MiB at a time, each growth synced.
	var size int64
	if info, err := os.Stat(x.path); err == nil {
		size = info.Size()
	}
	mmap := int64(0)
	if size+4<<30 <= math.MaxInt {
		mmap = size + 4<<30 // address space, not memory
	}
	db, err := bolt.Open(x.path, 0o644, &bolt.Options{Timeout: x.io.Timeout, FreelistType: bolt.FreelistMapType,
		InitialMmapSize: int(mmap)})
	if err != nil {
		return fmt.Errorf("dedup: %s: %w", x.path, err)
	}
	db.AllocSize = 64 << 20
	err = db.Update(f)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// IndexStats count what an index holds (Index.Stats), or what one
// Index.Add stored.
type IndexStats struct {
	Documents int   // documents added
	Units     int   // units with tokens
	Skipped   int   // units without tokens or with fewer than MinTokens
	Reps      int   // units that are not exact copies of an earlier one
	Batches   int   // committed batches
	Bytes     int64 // bytes of document text added
	// DiskBytes is the size of the database file (Index.Stats only).
	DiskBytes int64
}

// Stats returns the counts of the index.
func (x *Index) Stats() (IndexStats, error) {
	var s IndexStats
	err := x.view(func(tx *bolt.Tx) error {
		c := readCounts(tx.Bucket(bucketMeta))
		s = IndexStats{Documents: int(c.docs), Units: int(c.units), Skipped: int(c.skipped), Reps: int(c.reps), Batches: int(c.batches), Bytes: int64(c.bytes)}
		s.DiskBytes = tx.Size()
		return nil
	})
	return s, err
}

// counts are the meta counters.
type counts struct {
	docs, units, reps, batches, bytes, skipped uint64
}

var countNames = []string{"docs", "units", "reps", "batches", "bytes", "skipped"}

func (c *counts) fields() []*uint64 {
	return []*uint64{&c.docs, &c.units, &c.reps, &c.batches, &c.bytes, &c.skipped}
}

func readCounts(m *bolt.Bucket) counts {
	var c counts
	for i, p := range c.fields() {
		*p, _ = binary.Uvarint(m.Get([]byte(countNames[i])))
	}
	return c
}

func (c *counts) write(m *bolt.Bucket) error {
	for i, p := range c.fields() {
		if err := m.Put([]byte(countNames[i]), binary.AppendUvarint(nil, *p)); err != nil {
			return err
		}
	}
	return nil
}

// u32 returns the key of number n.
func u32(n uint32) []byte { return binary.BigEndian.AppendUint32(nil, n) }

// sealed appends v's checksum to v.
func sealed(v []byte) []byte {
	return binary.LittleEndian.AppendUint32(v, uint32(xxhash.Sum64(v)))
}

// unseal checks and strips v's checksum.
func unseal(v []byte) ([]byte, bool) {
	if len(v) < 4 {
		return nil, false
	}
	body := v[:len(v)-4]
	return body, binary.LittleEndian.Uint32(v[len(v)-4:]) == uint32(xxhash.Sum64(body))
}

// encodeUnit is the units value of u.
func encodeUnit(u unitRec) []byte {
	v := make([]byte, 0, 40)
	for _, n := range []int32{u.doc, u.passage, u.line, u.endLine, u.start, u.end, u.tokens, u.shingles, u.rep} {
		v = binary.AppendUvarint(v, uint64(uint32(n)))
	}
	return sealed(v)
}

// decodeUnit decodes a units value.
func decodeUnit(v []byte) (unitRec, error) {
	body, ok := unseal(v)
	if !ok {
		return unitRec{}, fmt.Errorf("%w: bad checksum of a unit", ErrIndexDamaged)
	}
	var f [9]int32
	for i := range f {
		n, w := binary.Uvarint(body)
		if w <= 0 || n > 1<<31-1 {
			return unitRec{}, fmt.Errorf("%w: bad unit record", ErrIndexDamaged)
		}
		f[i] = int32(n)
		body = body[w:]
	}
	if len(body) != 0 {
		return unitRec{}, fmt.Errorf("%w: bad unit record", ErrIndexDamaged)
	}
	return unitRec{doc: f[0], passage: f[1], line: f[2], endLine: f[3], start: f[4], end: f[5], tokens: f[6], shingles: f[7], rep: f[8]}, nil
}

// A repRec is what reps holds for a representative.
type repRec struct {
	exact uint64
	keys  []uint64
	fp    uint64
	set   []uint64
}

func (x *Index) encodeRep(r repRec) []byte {
	v := make([]byte, 0, 8*(2+len(r.keys)+len(r.set))+4)
	v = binary.LittleEndian.AppendUint64(v, r.exact)
	for _, k := range r.keys {
		v = binary.LittleEndian.AppendUint64(v, k)
	}
	if x.o.Method == SimHashBits {
		v = binary.LittleEndian.AppendUint64(v, r.fp)
	}
	for _, h := range r.set {
		v = binary.LittleEndian.AppendUint64(v, h)
	}
	return sealed(v)
}

func (x *Index) tables() int { return newFinder(x.o).tables }

func (x *Index) decodeRep(v []byte) (repRec, error) {
	body, ok := unseal(v)
	head := 8 * (1 + x.tables())
	if x.o.Method == SimHashBits {
		head += 8
	}
	if !ok || len(body) < head || len(body)%8 != 0 {
		return repRec{}, fmt.Errorf("%w: bad representative record", ErrIndexDamaged)
	}
	u64 := func(i int) uint64 { return binary.LittleEndian.Uint64(body[8*i:]) }
	r := repRec{exact: u64(0), keys: make([]uint64, x.tables())}
	for t := range r.keys {
		r.keys[t] = u64(1 + t)
	}
	i := 1 + len(r.keys)
	if x.o.Method == SimHashBits {
		r.fp = u64(i)
		i++
	}
	r.set = make([]uint64, len(body)/8-i)
	for j := range r.set {
		r.set[j] = u64(i + j)
	}
	return r, nil
}

// bandKey is format 1's bands key of rep's key k in table t; bandKey(t,
// k, 0)[:5] is the prefix of every rep with that key.
func bandKey(t int, k uint64, rep uint32) []byte {
	b := make([]byte, 0, 9)
	b = append(b, byte(t))
	b = binary.BigEndian.AppendUint32(b, uint32(mix64(k)>>32))
	return binary.BigEndian.AppendUint32(b, rep)
}
