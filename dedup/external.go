package dedup

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"iter"
	"math"
	"sync/atomic"
)

// The external-memory path
//
// With Options.Memory, Find keeps what grows with the corpus on disk,
// in temporary files (tempFiles: removed as soon as they are made), and
// returns the same Result, byte for byte, as the in-memory path:
//
//  1. Reading: the same pool of Signers makes every unit's record. Each
//     unit, numbered in input order, gets a fixed record in the units
//     file (doc, passage, lines, span, tokens, shingles, where its blob
//     is), a blob in the blobs file (its shingle set; its fingerprint
//     with SimHash; its signature with NoVerify), and sorted entries:
//     (exact hash, unit), and per band or block one (key, unit) word in
//     that table's sorter, the key cut to 32 bits as the in-memory
//     bandTable cuts it, so that a table sorts as a []uint64, as there.
//     Document ids go to the ids file.
//  2. Exact copies: the (exact hash, unit) entries, merged, come in groups
//     of one hash; the first unit of a group is its representative (rep),
//     as in memory. A bitmap marks the others, which are written as
//     (unit, rep) entries to another sorter, and another bitmap the reps with
//     copies.
//  3. Candidates: the band entries, merged table by table, come key by
//     key, unit by unit: the order in which bandTable.Buckets yields its
//     groups. The copies' entries are skipped; where the blob of a
//     group's unit is, is read from its record in the units file.
//     Without Options.Pairs each group is verified as searchClusters
//     does, skipping pairs already joined, so that the count of
//     candidates is the same too; with Pairs every pair of a group goes
//     to another sorter, and the merged pairs,
//     each once, are verified in parallel in order. Shingle sets are read
//     back from the blobs file with pread (a group's, up to a part of the
//     budget, are read once). A union-find over the units that were
//     joined (a map: the others are their own roots) holds the verified
//     pairs.
//  4. Clusters: one pass over the units file in order, beside the ids file
//     and the (unit, rep) entries, picks the units of clusters of two or
//     more: those whose rep has copies or whose root has other reps. A
//     finder of only those units, their reps and the verified pairs among
//     them, numbered in the same order, then builds the clusters and pairs
//     with the code of the in-memory path; the shingle sets it compares
//     are read from the blobs file as it asks for them.
//
// Memory beyond the budget, per unit: two bits (the bitmaps). What grows
// with the output is in memory: the clusters' members, the verified pairs
// and, with Options.Pairs, the Result's pairs.
//
// The units file's record is 40 bytes, little-endian: doc, passage,
// line, end line, start, end, tokens, shingles (u32 each), blob offset
// (u64). A blob is the unit's shingle set (u64 each, when sets are kept),
// then its fingerprint (u64, with SimHash), then its signature (u32 each,
// with NoVerify); its length follows from the shingles and the options.
// The ids file is, per document, the id's length (uvarint) and its bytes.
// These files live only in the process that writes them and have no
// version.

// unitRecSize is the size of a unit's record in the units file.
const unitRecSize = 40

// A bitset is a set of unit numbers.
type bitset []uint64

func (b bitset) set(i uint32)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i uint32) bool { return b[i/64]&(1<<(i%64)) != 0 }

// A sparseUnionFind is a unionFind over unit numbers that stores only the
// units joined to another: every other unit is its own root. The root of
// a set is its smallest unit.
type sparseUnionFind map[uint32]uint32

func (uf sparseUnionFind) find(i uint32) uint32 {
	for {
		p, ok := uf[i]
		if !ok {
			return i
		}
		if gp, ok := uf[p]; ok {
			uf[i] = gp
			i = gp
			continue
		}
		return p
	}
}

func (uf sparseUnionFind) union(a, b uint32) {
	ra, rb := uf.find(a), uf.find(b)
	switch {
	case ra < rb:
		uf[rb] = ra
	case rb < ra:
		uf[ra] = rb
	}
}

// An extFinder is the state of one Find with Options.Memory.
type extFinder struct {
	f      *finder // the options, spec and workers; its tables stay empty
	o      Options
	budget int64
	tmp    *tempFiles
	failed atomic.Bool // reading stops: err is set
	err    error

	units, ids, blobs *spill
	exact             *sorter[[2]uint64]   // exact hash, unit
	bands             []*sorter[[1]uint64] // per table: key<<32 | unit
	dups              *sorter[[2]uint64]   // unit, rep: the units that are copies
	n                 uint32               // units
	stats             Stats
	scratch           []byte

	isDup, hasDups bitset
	uf             sparseUnionFind
	near           []extPair // verified near pairs of reps, with Options.Pairs
}

// An extPair is a verified pair of reps, by unit number.
type extPair struct {
	a, b uint32
	sim  float64
}

// findExternal is Find with o.Memory > 0; o is resolved.
func findExternal(docs iter.Seq[Doc], o Options) (*Result, error) {
	res, _, err := runExternal(docs, o)
	return res, err
}

// runExternal is findExternal, and also returns the temporary files'
// counts: runs written, merge passes, bytes.
func runExternal(docs iter.Seq[Doc], o Options) (*Result, tempFiles, error) {
	e := &extFinder{f: newFinder(o), o: o, budget: o.Memory, tmp: newTempFiles(o.TempDir), uf: make(sparseUnionFind)}
	e.f.index = nil
	defer e.close()
	res, err := e.run(docs)
	return res, *e.tmp, err
}

// run is the four steps.
func (e *extFinder) run(docs iter.Seq[Doc]) (*Result, error) {
	if err := e.ingest(docs); err != nil {
		return nil, err
	}
	if err := e.resolveExact(); err != nil {
		return nil, err
	}
	if err := e.search(); err != nil {
		return nil, err
	}
	return e.result()
}

// close removes the temporary files.
func (e *extFinder) close() {
	for _, s := range []*spill{e.units, e.ids, e.blobs} {
		if s != nil {
			e.tmp.release(s.f)
		}
	}
	for _, s := range []*sorter[[2]uint64]{e.exact, e.dups} {
		if s != nil {
			s.releaseRuns()
		}
	}
	for _, s := range e.bands {
		if s != nil {
			s.releaseRuns()
		}
	}
	e.tmp.close()
}

// fail records the first error and stops the reading.
func (e *extFinder) fail(err error) {
	if e.err == nil {
		e.err = err
		e.failed.Store(true)
	}
}

// blobLen is the length of the blob of a unit with n shingles.
func (e *extFinder) blobLen(n uint32) int64 {
	l := int64(0)
	if e.f.keepSets {
		l += 8 * int64(n)
	}
	if e.o.Method == SimHashBits {
		l += 8
	}
	if e.f.keepSigs {
		l += 4 * int64(e.o.Hashes)
	}
	return l
}

// ingest reads docs through the Signers' pool and writes every unit's
// record, blob and entries (step 1).
func (e *extFinder) ingest(docs iter.Seq[Doc]) error {
	var err error
	for _, s := range []**spill{&e.units, &e.ids, &e.blobs} {
		if *s, err = newSpill(e.tmp); err != nil {
			return err
		}
	}
	e.bands = make([]*sorter[[1]uint64], e.f.tables)
	for t := range e.bands {
		e.bands[t] = newSorter[[1]uint64](e.tmp, e.budget/4/int64(e.f.tables))
	}
	e.exact = newSorter[[2]uint64](e.tmp, e.budget/32)
	stopping := func(yield func(Doc) bool) {
		for d := range docs {
			if e.failed.Load() || !yield(d) {
				return
			}
		}
	}
	orderedPool(e.o.Workers, e.f.batches(stopping), e.f.newWorker, e.add)
	if e.err != nil {
		return e.err
	}
	for _, s := range []*spill{e.units, e.ids, e.blobs} {
		if err := s.done(); err != nil {
			return err
		}
	}
	words := (int(e.n) + 63) / 64
	e.isDup, e.hasDups = make(bitset, words), make(bitset, words)
	return nil
}

// add writes a worker's output (step 1).
func (e *extFinder) add(b *batchOut) {
	if e.err != nil {
		return
	}
	e.stats.Documents += len(b.ids)
	e.stats.Bytes += b.bytes
	e.stats.Skipped += b.skipped
	e.stats.Units += len(b.units)
	for _, id := range b.ids {
		e.scratch = binary.AppendUvarint(e.scratch[:0], uint64(len(id)))
		e.scratch = append(e.scratch, id...)
		e.ids.Write(e.scratch)
	}
	tables := e.f.tables
	for i, set := range b.unitSets(e.f.keepSets) {
		if e.n == math.MaxUint32 {
			e.fail(fmt.Errorf("dedup: more than %d units", math.MaxUint32-1))
			return
		}
		u, id, off := b.units[i], e.n, e.blobs.off
		e.n++
		w := e.scratch[:0]
		for _, v := range set {
			w = binary.LittleEndian.AppendUint64(w, v)
		}
		if e.o.Method == SimHashBits {
			w = binary.LittleEndian.AppendUint64(w, b.fps[i])
		}
		if e.f.keepSigs {
			k := e.o.Hashes
			for _, v := range b.sigs[i*k : (i+1)*k] {
				w = binary.LittleEndian.AppendUint32(w, v)
			}
		}
		e.blobs.Write(w)
		w = w[:0]
		for _, v := range []int32{u.doc, u.passage, u.line, u.endLine, u.start, u.end, u.tokens, u.shingles} {
			w = binary.LittleEndian.AppendUint32(w, uint32(v))
		}
		w = binary.LittleEndian.AppendUint64(w, uint64(off))
		e.units.Write(w)
		e.scratch = w[:0]
		e.exact.add([2]uint64{b.exact[i], uint64(id)})
		for t, k := range b.keys[i*tables : (i+1)*tables] {
			e.bands[t].add([1]uint64{mix64(k)>>32<<32 | uint64(id)})
		}
	}
	if e.exact.err != nil {
		e.fail(e.exact.err)
	}
	for _, s := range e.bands {
		if s.err != nil {
			e.fail(s.err)
		}
	}
}

// resolveExact finds the exact copies (step 2).
func (e *extFinder) resolveExact() error {
	e.o.progress("exact duplicates", 0, 0)
	m, err := e.exact.merge(e.budget / 8)
	e.exact = nil
	if err != nil {
		return err
	}
	e.dups = newSorter[[2]uint64](e.tmp, e.budget/32)
	var hash uint64
	first := uint32(0)
	started := false
	for m.next() {
		h, u := m.cur[0], uint32(m.cur[1])
		if started && h == hash {
			e.isDup.set(u)
			e.hasDups.set(first)
			e.dups.add([2]uint64{uint64(u), uint64(first)})
			continue
		}
		hash, first, started = h, u, true
	}
	if m.err != nil {
		return m.err
	}
	return e.dups.err
}

// An extUnit is a rep as a band entry names it: its number and where its
// blob is.
type extUnit struct {
	id       uint32
	shingles uint32
	off      int64
}

// readRecord reads the blob of u into a record: its shingle set,
// fingerprint and signature as kept. buf is scratch space, returned.
func (e *extFinder) readRecord(u extUnit, buf []byte) (Record, []byte, error) {
	n := e.blobLen(u.shingles)
	if int64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := e.blobs.f.ReadAt(buf, u.off); err != nil {
		return Record{}, buf, fmt.Errorf("dedup: temporary file: %w", err)
	}
	var r Record
	p := buf
	if e.f.keepSets {
		r.Set = make([]uint64, u.shingles)
		for i := range r.Set {
			r.Set[i] = binary.LittleEndian.Uint64(p[8*i:])
		}
		p = p[8*len(r.Set):]
	}
	if e.o.Method == SimHashBits {
		r.Fingerprint = binary.LittleEndian.Uint64(p)
		p = p[8:]
	}
	if e.f.keepSigs {
		r.Sig = make([]uint32, e.o.Hashes)
		for i := range r.Sig {
			r.Sig[i] = binary.LittleEndian.Uint32(p[4*i:])
		}
	}
	return r, buf, nil
}

// unitAt returns unit id as the search needs it: where its blob is, read
// from its record in the units file.
func (e *extFinder) unitAt(id uint32) (extUnit, error) {
	var b [unitRecSize]byte
	if _, err := e.units.f.ReadAt(b[:], int64(id)*unitRecSize); err != nil {
		return extUnit{}, fmt.Errorf("dedup: temporary file: %w", err)
	}
	return extUnit{id: id, shingles: binary.LittleEndian.Uint32(b[28:]), off: int64(binary.LittleEndian.Uint64(b[32:]))}, nil
}

// search finds the candidates and verifies them (step 3).
func (e *extFinder) search() error {
	e.o.progress("verifying candidates", 0, 0)
	var pairs *sorter[[4]uint64]
	if e.o.Pairs {
		pairs = newSorter[[4]uint64](e.tmp, e.budget/4)
		defer pairs.releaseRuns()
	}
	var group []uint32
	var g []extUnit
	cache := &recordCache{e: e, limit: e.budget / 8}
	flush := func() error {
		ids := group
		group = group[:0]
		if len(ids) < 2 {
			return nil
		}
		// Where the units' blobs are: from the units file.
		g = g[:0]
		for _, id := range ids {
			u, err := e.unitAt(id)
			if err != nil {
				return err
			}
			g = append(g, u)
		}
		if pairs == nil {
			return e.verifyGroup(g, cache)
		}
		for i, a := range g {
			for _, b := range g[i+1:] {
				pairs.add([4]uint64{uint64(a.id)<<32 | uint64(b.id), uint64(a.off), uint64(b.off), uint64(a.shingles)<<32 | uint64(b.shingles)})
			}
		}
		return pairs.err
	}
	for t, s := range e.bands {
		m, err := s.merge(e.budget / 8)
		e.bands[t] = nil
		if err != nil {
			return err
		}
		key, started := uint64(0), false
		for m.next() {
			v := m.cur[0]
			u := uint32(v)
			if e.isDup.has(u) {
				continue
			}
			if started && v>>32 != key {
				if err := flush(); err != nil {
					m.close()
					return err
				}
			}
			key, started = v>>32, true
			group = append(group, u)
		}
		m.close()
		if m.err != nil {
			return m.err
		}
		if err := flush(); err != nil {
			return err
		}
	}
	if pairs != nil {
		return e.verifyPairs(pairs)
	}
	return nil
}

// A recordCache holds the records of one group read so far, up to about
// limit bytes of shingle sets; beyond that records are read each time.
type recordCache struct {
	e     *extFinder
	limit int64
	recs  []*Record
	bytes int64
	buf   []byte
}

// reset makes the cache ready for a group of n units.
func (c *recordCache) reset(n int) {
	clear(c.recs)
	c.recs = c.recs[:0]
	for range n {
		c.recs = append(c.recs, nil)
	}
	c.bytes = 0
}

// get returns the record of the group's unit i.
func (c *recordCache) get(i int, u extUnit) (*Record, error) {
	if r := c.recs[i]; r != nil {
		return r, nil
	}
	r, buf, err := c.e.readRecord(u, c.buf)
	c.buf = buf
	if err != nil {
		return nil, err
	}
	if n := c.e.blobLen(u.shingles); c.bytes+n <= c.limit {
		c.recs[i] = &r
		c.bytes += n
	}
	return &r, nil
}

// verifyGroup verifies the pairs of one group as searchClusters does:
// in order, skipping the pairs already joined.
func (e *extFinder) verifyGroup(g []extUnit, cache *recordCache) error {
	cache.reset(len(g))
	for i, a := range g {
		var ra *Record
		for j, b := range g[i+1:] {
			if e.uf.find(a.id) == e.uf.find(b.id) {
				continue
			}
			e.stats.Candidates++
			if e.stats.Candidates%(1<<16) == 0 {
				e.o.progress("verifying candidates", e.stats.Candidates, 0)
			}
			var err error
			if ra == nil {
				if ra, err = cache.get(i, a); err != nil {
					return err
				}
			}
			rb, err := cache.get(i+1+j, b)
			if err != nil {
				return err
			}
			if _, ok := e.f.spec.Verify(ra, rb); ok {
				e.uf.union(a.id, b.id)
			}
		}
	}
	return nil
}

// verifyPairs verifies the candidate pairs, each once, in parallel and in
// order, keeping the verified ones (Options.Pairs).
func (e *extFinder) verifyPairs(pairs *sorter[[4]uint64]) error {
	m, err := pairs.merge(e.budget / 8)
	if err != nil {
		return err
	}
	defer m.close()
	const chunk = 4096
	batch := make([][4]uint64, 0, 16*chunk)
	type verified struct {
		pairs []extPair
		err   error
	}
	verify := func() error {
		var ferr error
		parallelChunks(e.o.Workers, len(batch), chunk, func() func(lo, hi int) verified {
			var buf []byte
			var ra Record
			last, haveA := uint32(0), false
			return func(lo, hi int) verified {
				var out verified
				for _, p := range batch[lo:hi] {
					a, b := uint32(p[0]>>32), uint32(p[0])
					if !haveA || a != last {
						if ra, buf, out.err = e.readRecord(extUnit{a, uint32(p[3] >> 32), int64(p[1])}, buf); out.err != nil {
							return out
						}
						last, haveA = a, true
					}
					var rb Record
					if rb, buf, out.err = e.readRecord(extUnit{b, uint32(p[3]), int64(p[2])}, buf); out.err != nil {
						return out
					}
					if sim, ok := e.f.spec.Verify(&ra, &rb); ok {
						out.pairs = append(out.pairs, extPair{a, b, sim})
					}
				}
				return out
			}
		}, func(v verified) {
			if v.err != nil && ferr == nil {
				ferr = v.err
			}
			for _, p := range v.pairs {
				e.uf.union(p.a, p.b)
				e.near = append(e.near, p)
			}
		})
		e.o.progress("verifying candidates", e.stats.Candidates, 0)
		batch = batch[:0]
		return ferr
	}
	have := false
	var prev uint64
	for m.next() {
		if have && m.cur[0] == prev {
			continue
		}
		prev, have = m.cur[0], true
		e.stats.Candidates++
		batch = append(batch, m.cur)
		if len(batch) == cap(batch) {
			if err := verify(); err != nil {
				return err
			}
		}
	}
	if m.err != nil {
		return m.err
	}
	return verify()
}

// result builds the Result from the units of clusters (step 4).
func (e *extFinder) result() (*Result, error) {
	e.o.progress("clustering", 0, 0)
	multi := make(map[uint32]bool) // roots with more than one rep
	for u := range e.uf {
		multi[e.uf.find(u)] = true
	}
	dups, err := e.dups.merge(e.budget / 8)
	e.dups = nil
	if err != nil {
		return nil, err
	}
	defer dups.close()
	haveDup := dups.next()

	c := newFinder(e.o)
	c.index, c.exact = nil, nil
	c.stats = e.stats
	compact := make(map[uint32]int32) // rep's unit -> c's rep
	var repUnit []extUnit             // c's rep -> its blob
	var global []uint32               // c's rep -> its unit

	units := bufio.NewReaderSize(io.NewSectionReader(e.units.f, 0, e.units.off), 256<<10)
	ids := bufio.NewReaderSize(io.NewSectionReader(e.ids.f, 0, e.ids.off), 64<<10)
	doc, id := -1, ""
	var b [unitRecSize]byte
	for u := range e.n {
		rep := u
		if haveDup && uint32(dups.cur[0]) == u {
			rep = uint32(dups.cur[1])
			haveDup = dups.next()
		}
		if !multi[e.uf.find(rep)] && !e.hasDups.has(rep) {
			if _, err := units.Discard(unitRecSize); err != nil {
				return nil, fmt.Errorf("dedup: temporary file: %w", err)
			}
			continue
		}
		if _, err := io.ReadFull(units, b[:]); err != nil {
			return nil, fmt.Errorf("dedup: temporary file: %w", err)
		}
		var v [8]int32
		for i := range v {
			v[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
		}
		off := int64(binary.LittleEndian.Uint64(b[32:]))
		for doc < int(v[0]) {
			if id, err = readID(ids); err != nil {
				return nil, err
			}
			doc++
		}
		cr, ok := compact[rep]
		if !ok {
			cr = int32(len(c.reps))
			compact[rep] = cr
			c.reps = append(c.reps, int32(len(c.units)))
			repUnit = append(repUnit, extUnit{rep, uint32(v[7]), off})
			global = append(global, rep)
		}
		c.units = append(c.units, unitRec{doc: v[0], passage: v[1], line: v[2], endLine: v[3], start: v[4], end: v[5], tokens: v[6], shingles: v[7], rep: cr})
		c.given = append(c.given, Unit{Doc: int(v[0]), ID: id, Passage: int(v[1]), Line: int(v[2]), EndLine: int(v[3]),
			Start: int(v[4]), End: int(v[5]), Tokens: int(v[6]), Shingles: int(v[7])})
	}
	if dups.err != nil {
		return nil, dups.err
	}

	c.uf = newUnionFind(len(c.reps))
	for cr, g := range global {
		c.uf.union(int32(cr), compact[e.uf.find(g)])
	}
	c.hasContained = make([]bool, len(c.reps))
	for _, p := range e.near {
		c.near = append(c.near, repPair{a: compact[p.a], b: compact[p.b], kind: Near, sim: p.sim})
	}
	// What the clusters compare: fingerprints and signatures in memory
	// (members only), shingle sets read as asked for.
	var readErr error
	if c.keepSigs || e.o.Method == SimHashBits {
		for _, u := range repUnit {
			r, _, err := e.readRecord(u, nil)
			if err != nil {
				return nil, err
			}
			c.sigs = append(c.sigs, r.Sig...)
			if e.o.Method == SimHashBits {
				c.fps = append(c.fps, r.Fingerprint)
			}
		}
	}
	if c.keepSets {
		// The last two sets read: a cluster's members are each compared
		// with the kept one.
		var buf []byte
		type read struct {
			r   int32
			set []uint64
		}
		last := [2]read{{r: -1}, {r: -1}}
		c.sets = &setArena{src: func(r int32) []uint64 {
			for _, l := range last {
				if l.r == r {
					return l.set
				}
			}
			rec, b, err := e.readRecord(repUnit[r], buf)
			buf = b
			if err != nil && readErr == nil {
				readErr = err
			}
			last[1], last[0] = last[0], read{r, rec.Set}
			return rec.Set
		}}
	}
	if e.o.Stars {
		c.makeStars()
	}
	res := c.result()
	if readErr != nil {
		return nil, readErr
	}
	return res, nil
}

// readID reads the next document id of the ids file.
func readID(r *bufio.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return "", fmt.Errorf("dedup: temporary file: %w", err)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", fmt.Errorf("dedup: temporary file: %w", err)
	}
	return string(b), nil
}
