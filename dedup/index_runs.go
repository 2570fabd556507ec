package dedup

// Band entries of format 2 (see "Index format" in index.go): sorted runs
// of entries packed in blocks, one nested bucket of the runs bucket per
// run, merged as batches come.
//
// An entry is a table and a 64-bit value, the mixed 32-bit band key above
// the representative's number (key<<32 | rep), so that the entries of one
// key are together and ordered by representative. A run is the entries of
// one or more consecutive batches, sorted by (table, value) and cut into
// blocks of at most runBlock entries of one table; a block's bbolt key is
// its table (u16) and its first value (u64), so that the blocks of a run
// are in entry order. A batch's entries are written as a new run merged
// with the last runs of the index while their entries are fewer than twice
// the new run's (a binary counter for equal batches): an entry is
// rewritten about log2(batches) times, and there are about as many runs.
// A query looks up each table's keys in ascending order in every run, so
// that a block read for one key serves the next keys in it.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// runBlock is the number of entries of a full block: 4,000 bytes, so that
// a block and its key fit in one 4 KiB page.
const runBlock = 500

// A runInfo is one run in meta "runs".
type runInfo struct {
	id      uint32
	entries uint64
}

// readRuns returns the runs in meta "runs": a uvarint count, then each
// run's id and number of entries.
func readRuns(m *bolt.Bucket) ([]runInfo, error) { return parseRuns(m.Get([]byte("runs"))) }

func parseRuns(v []byte) ([]runInfo, error) {
	n, w := uvarint(v)
	if w <= 0 || n > uint64(len(v)) {
		return nil, fmt.Errorf("%w: bad runs list", ErrIndexDamaged)
	}
	v = v[w:]
	rs := make([]runInfo, n)
	for i := range rs {
		id, w1 := uvarint(v)
		if w1 <= 0 || id >= 1<<32 {
			return nil, fmt.Errorf("%w: bad runs list", ErrIndexDamaged)
		}
		e, w2 := uvarint(v[w1:])
		if w2 <= 0 {
			return nil, fmt.Errorf("%w: bad runs list", ErrIndexDamaged)
		}
		rs[i] = runInfo{uint32(id), e}
		v = v[w1+w2:]
	}
	if len(v) != 0 {
		return nil, fmt.Errorf("%w: bad runs list", ErrIndexDamaged)
	}
	return rs, nil
}

// uvarint is binary.Uvarint refusing longer encodings than
// binary.AppendUvarint's (w is 0 then).
func uvarint(b []byte) (v uint64, w int) {
	v, w = binary.Uvarint(b)
	if w > 1 && b[w-1] == 0 {
		return 0, 0
	}
	return v, w
}

func writeRuns(m *bolt.Bucket, rs []runInfo) error { return m.Put([]byte("runs"), encodeRuns(rs)) }

func encodeRuns(rs []runInfo) []byte {
	v := binary.AppendUvarint(nil, uint64(len(rs)))
	for _, r := range rs {
		v = binary.AppendUvarint(v, uint64(r.id))
		v = binary.AppendUvarint(v, r.entries)
	}
	return v
}

// blockKey is the key of a block of table t whose first value is v.
func blockKey(t int, v uint64) []byte {
	k := make([]byte, 10)
	binary.BigEndian.PutUint16(k, uint16(t))
	binary.BigEndian.PutUint64(k[2:], v)
	return k
}

// bandValue is the entry value of key k (a table's key as signed) of rep.
func bandValue(k uint64, rep uint32) uint64 {
	return uint64(uint32(mix64(k)>>32))<<32 | uint64(rep)
}

// A runWriter writes entries, given in order, as the blocks of one run.
type runWriter struct {
	b       *bolt.Bucket
	t       int
	buf     []byte
	entries uint64
}

func (w *runWriter) add(t int, v uint64) error {
	if len(w.buf) > 0 && (t != w.t || len(w.buf) == 8*runBlock) {
		if err := w.flush(); err != nil {
			return err
		}
	}
	w.t = t
	w.buf = binary.BigEndian.AppendUint64(w.buf, v)
	w.entries++
	return nil
}

func (w *runWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	// bbolt keeps the value until the commit: a new one for every block.
	v := sealed(append(make([]byte, 0, len(w.buf)+4), w.buf...))
	w.buf = w.buf[:0]
	return w.b.Put(blockKey(w.t, binary.BigEndian.Uint64(v)), v)
}

// A runReader reads the entries of one run in order.
type runReader struct {
	c     *bolt.Cursor
	t     int
	block []byte // the rest of the current block's values
	err   error
}

func newRunReader(b *bolt.Bucket) *runReader {
	r := &runReader{c: b.Cursor()}
	r.load(r.c.First())
	return r
}

func (r *runReader) load(k, v []byte) {
	r.block = nil
	if k == nil {
		return
	}
	body, ok := unseal(v)
	if !ok || len(k) != 10 || len(body) == 0 || len(body)%8 != 0 || len(body) > 8*runBlock || !bytes.Equal(k[2:], body[:8]) {
		r.err = fmt.Errorf("%w: bad band block %x", ErrIndexDamaged, k)
		return
	}
	r.t = int(binary.BigEndian.Uint16(k))
	r.block = body
}

// peek returns the next entry; ok is false at the end or on damage.
func (r *runReader) peek() (t int, v uint64, ok bool) {
	if len(r.block) == 0 {
		return 0, 0, false
	}
	return r.t, binary.BigEndian.Uint64(r.block), true
}

func (r *runReader) next() {
	r.block = r.block[8:]
	if len(r.block) == 0 {
		r.load(r.c.Next())
	}
}

// entryLess orders entries by table, then value.
func entryLess(t1 int, v1 uint64, t2 int, v2 uint64) bool {
	return t1 < t2 || t1 == t2 && v1 < v2
}

// writeBands adds a batch's entries (ents[t]: table t's values, sorted)
// as a run, merged with the last runs as the policy at the top says.
func writeBands(tx *bolt.Tx, ents [][]uint64) error {
	meta, runs := tx.Bucket(bucketMeta), tx.Bucket(bucketRuns)
	rs, err := readRuns(meta)
	if err != nil {
		return err
	}
	var s uint64
	for _, e := range ents {
		s += uint64(len(e))
	}
	if s == 0 {
		return nil
	}
	added := s
	j := len(rs)
	for j > 0 && rs[j-1].entries < 2*s {
		j--
		s += rs[j].entries
	}
	id := uint32(0)
	if len(rs) > 0 {
		id = rs[len(rs)-1].id + 1
	}
	nb, err := runs.CreateBucket(u32(id))
	if err != nil {
		return err
	}
	nb.FillPercent = 1 // written in key order
	w := runWriter{b: nb}
	var rd []*runReader
	for _, r := range rs[j:] {
		b := runs.Bucket(u32(r.id))
		if b == nil {
			return fmt.Errorf("%w: no run %d", ErrIndexDamaged, r.id)
		}
		rd = append(rd, newRunReader(b))
	}
	// A merge of the runs and the batch: few sources, the least found by
	// looking at each.
	t, i := 0, 0 // the batch's next entry: ents[t][i]
	for {
		for t < len(ents) && i == len(ents[t]) {
			t, i = t+1, 0
		}
		best := -1 // the batch
		bt, bv, ok := 0, uint64(0), t < len(ents)
		if ok {
			bt, bv = t, ents[t][i]
		}
		for k, r := range rd {
			if rt, rv, rok := r.peek(); rok && (!ok || entryLess(rt, rv, bt, bv)) {
				best, bt, bv, ok = k, rt, rv, true
			}
		}
		if !ok {
			break
		}
		if err := w.add(bt, bv); err != nil {
			return err
		}
		if best < 0 {
			i++
		} else {
			rd[best].next()
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	for k, r := range rd {
		if r.err != nil {
			return r.err
		}
		if err := runs.DeleteBucket(u32(rs[j+k].id)); err != nil {
			return err
		}
	}
	if w.entries != s {
		return fmt.Errorf("%w: the merged runs hold %d band entries, the runs list %d", ErrIndexDamaged, w.entries-added, s-added)
	}
	return writeRuns(meta, append(rs[:j], runInfo{id, s}))
}

// A bandLookup finds the representatives of a band key in one snapshot:
// format 2's runs, or format 1's bands bucket.
type bandLookup struct {
	runs []*bolt.Cursor
	flat *bolt.Cursor // format 1
}

func newBandLookup(tx *bolt.Tx) (*bandLookup, error) {
	l := &bandLookup{}
	if b := tx.Bucket(bucketBands); b != nil {
		l.flat = b.Cursor()
		return l, nil
	}
	runs := tx.Bucket(bucketRuns)
	if runs == nil {
		return nil, fmt.Errorf("%w: no runs bucket", ErrIndexDamaged)
	}
	rs, err := readRuns(tx.Bucket(bucketMeta))
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		b := runs.Bucket(u32(r.id))
		if b == nil {
			return nil, fmt.Errorf("%w: no run %d", ErrIndexDamaged, r.id)
		}
		l.runs = append(l.runs, b.Cursor())
	}
	return l, nil
}

// find calls found with every representative whose key in table t is k.
func (l *bandLookup) find(t int, k uint64, found func(rep uint32)) error {
	return l.findAll(t, []uint64{bandValue(k, 0)}, found)
}

// findAll calls found with every representative whose key in table t is
// one of keys: values bandValue(k, 0), ascending. The keys are looked up in
// order, so that a block read for one serves the next ones in it.
func (l *bandLookup) findAll(t int, keys []uint64, found func(rep uint32)) error {
	if l.flat != nil {
		for _, lo := range keys {
			p := make([]byte, 5)
			p[0] = byte(t)
			binary.BigEndian.PutUint32(p[1:], uint32(lo>>32))
			for key, _ := l.flat.Seek(p); key != nil && bytes.HasPrefix(key, p); key, _ = l.flat.Next() {
				found(binary.BigEndian.Uint32(key[5:]))
			}
		}
		return nil
	}
	for _, c := range l.runs {
		w := blockWalk{c: c, t: t}
		for _, lo := range keys {
			if err := w.find(lo, found); err != nil {
				return err
			}
		}
	}
	return nil
}

// A blockWalk looks up ascending keys of one table in one run, keeping the
// block it is at (its checksum checked when it was read).
type blockWalk struct {
	c    *bolt.Cursor
	t    int
	key  []byte // the current block's key; nil: none
	body []byte // its values
}

// load makes the cursor's block (k, v) the current one.
func (w *blockWalk) load(k, v []byte) error {
	w.key, w.body = nil, nil
	if k == nil || len(k) != 10 || int(binary.BigEndian.Uint16(k)) != w.t {
		return nil // past the table
	}
	body, ok := unseal(v)
	if !ok || len(body) == 0 || len(body)%8 != 0 {
		return fmt.Errorf("%w: bad band block %x", ErrIndexDamaged, k)
	}
	w.key, w.body = k, body
	return nil
}

func (w *blockWalk) first() uint64 { return binary.BigEndian.Uint64(w.key[2:]) }
func (w *blockWalk) last() uint64  { return binary.BigEndian.Uint64(w.body[len(w.body)-8:]) }

// find calls found with the representatives of key lo>>32, lo no lower
// than the keys before.
func (w *blockWalk) find(lo uint64, found func(rep uint32)) error {
	key32 := lo >> 32
	// The first value >= lo is in the current block when that starts at
	// or before lo and ends at or after it; otherwise it is in the last
	// block that starts at or before lo, or in the first one after.
	if w.key == nil || w.first() > lo || w.last() < lo {
		target := blockKey(w.t, lo)
		bk, bv := w.c.Seek(target)
		if !bytes.Equal(bk, target) {
			var pk, pv []byte
			if bk == nil {
				pk, pv = w.c.Last()
			} else {
				pk, pv = w.c.Prev()
			}
			if pk != nil && len(pk) == 10 && int(binary.BigEndian.Uint16(pk)) == w.t {
				bk, bv = pk, pv
			} else if bk != nil {
				bk, bv = w.c.Seek(target)
			}
		}
		if err := w.load(bk, bv); err != nil {
			return err
		}
	}
	for w.key != nil && w.first()>>32 <= key32 {
		n := len(w.body) / 8
		i := sort.Search(n, func(i int) bool { return binary.BigEndian.Uint64(w.body[8*i:]) >= lo })
		for ; i < n; i++ {
			v := binary.BigEndian.Uint64(w.body[8*i:])
			if v>>32 != key32 {
				return nil
			}
			found(uint32(v))
		}
		// The key's values may go on in the next block.
		if err := w.load(w.c.Next()); err != nil {
			return err
		}
	}
	return nil
}

// migrateBands turns a format 1 index's bands bucket into one run (its
// keys are in entry order already) and makes the index format 2, in tx.
func migrateBands(tx *bolt.Tx) error {
	flat := tx.Bucket(bucketBands)
	runs, err := tx.CreateBucket(bucketRuns)
	if err != nil {
		return err
	}
	meta := tx.Bucket(bucketMeta)
	if err := writeRuns(meta, nil); err != nil {
		return err
	}
	nb, err := runs.CreateBucket(u32(0))
	if err != nil {
		return err
	}
	nb.FillPercent = 1
	w := runWriter{b: nb}
	c := flat.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) != 9 {
			return fmt.Errorf("%w: band entry %x", ErrIndexDamaged, k)
		}
		if err := w.add(int(k[0]), binary.BigEndian.Uint64(k[1:])); err != nil {
			return err
		}
	}
	if err := w.flush(); err != nil {
		return err
	}
	if err := tx.DeleteBucket(bucketBands); err != nil {
		return err
	}
	var rs []runInfo
	if w.entries > 0 {
		rs = []runInfo{{0, w.entries}}
	} else if err := runs.DeleteBucket(u32(0)); err != nil {
		return err
	}
	if err := writeRuns(meta, rs); err != nil {
		return err
	}
	return meta.Put([]byte("format"), binary.AppendUvarint(nil, indexFormat))
}
