package dedup

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"iter"
	"slices"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// Add adds docs to the index in batches of IndexOptions.BatchDocs
// documents, each one transaction: when Add fails or the process dies,
// the index holds every batch committed before, and none of the others.
// Signatures are made on IndexOptions.Workers goroutines; what is stored
// does not depend on their number. It returns the counts of the batches
// committed (DiskBytes is left 0: see Stats).
func (x *Index) Add(docs iter.Seq[Doc]) (IndexStats, error) {
	// One goroutine commits while the pool signs the next batch: the
	// database's writing and syncing overlap with the signing.
	jobs := make(chan signedBatch, 1)
	var st IndexStats
	var err error
	var failed atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := range jobs {
			if err != nil {
				continue
			}
			var reps int
			if reps, err = x.commit(b); err != nil {
				failed.Store(true)
				continue
			}
			st.Batches++
			st.Reps += reps
			for _, p := range b.parts {
				st.Documents += len(p.ids)
				st.Units += len(p.units)
				st.Skipped += p.skipped
				st.Bytes += p.bytes
			}
			if x.io.Progress != nil {
				x.io.Progress(st.Documents)
			}
		}
	}()
	x.sign(docs, func(b signedBatch) bool {
		if failed.Load() {
			return false
		}
		// What does not depend on the index is made here, while the
		// batch before is committed; the shingle sets are then in the
		// reps values only.
		b.prep = x.prepare(b)
		for _, p := range b.parts {
			p.sets, p.own = nil, nil
		}
		jobs <- b
		return true
	})
	close(jobs)
	<-done
	return st, err
}

// A signedBatch is one batch of documents, signed: the outputs of the
// pool's work items, in order. Unit doc numbers count from 0 in the
// input; first is the number of the batch's first document, docs the
// number of its documents.
type signedBatch struct {
	parts       []*batchOut
	first, docs int
	prep        *preparedBatch // nil until prepare
}

// A preparedBatch is what the commit of a batch writes that does not
// depend on the index. Units are numbered from 0 in the batch.
type preparedBatch struct {
	repVals [][]byte   // each unit's reps value, for when it is a representative
	ents    [][]uint64 // per table, each unit's bandValue(key, unit), ascending
	hashes  []uint64   // the units' exact hashes, ascending, distinct
}

func (x *Index) prepare(sb signedBatch) *preparedBatch {
	tables := x.tables()
	p := &preparedBatch{ents: make([][]uint64, tables)}
	n := 0
	for _, b := range sb.parts {
		n += len(b.units)
	}
	for t := range p.ents {
		p.ents[t] = make([]uint64, 0, n)
	}
	p.repVals = make([][]byte, 0, n)
	p.hashes = make([]uint64, 0, n)
	for _, b := range sb.parts {
		for i, set := range b.unitSets(true) {
			u := uint32(len(p.repVals))
			r := repRec{exact: b.exact[i], keys: b.keys[i*tables : (i+1)*tables], set: set}
			if x.o.Method == SimHashBits {
				r.fp = b.fps[i]
			}
			p.repVals = append(p.repVals, x.encodeRep(r))
			for t, k := range r.keys {
				p.ents[t] = append(p.ents[t], bandValue(k, u))
			}
			p.hashes = append(p.hashes, r.exact)
		}
	}
	for _, e := range p.ents {
		slices.Sort(e)
	}
	slices.Sort(p.hashes)
	p.hashes = slices.Compact(p.hashes)
	return p
}

// sign makes the signatures of docs on the worker pool and calls emit
// with each batch of BatchDocs documents (the last may have fewer), in
// input order, until emit returns false.
func (x *Index) sign(docs iter.Seq[Doc], emit func(signedBatch) bool) {
	f := newFinder(x.o) // x.o is resolved
	var cur signedBatch
	var stop atomic.Bool // set by emit's goroutine, read by the source's
	// Find's work items (batches), made from each run of BatchDocs
	// documents apart, so that none spans two batches; the source stops
	// once emit has said stop.
	src := func(yield func(docBatch) bool) {
		next, done := iter.Pull(docs)
		defer done()
		for start := 0; ; start += x.io.BatchDocs {
			n := 0
			run := func(yield func(Doc) bool) {
				for n < x.io.BatchDocs {
					d, ok := next()
					if !ok {
						return
					}
					n++
					if !yield(d) {
						return
					}
				}
			}
			for b := range f.batches(run) {
				b.first += start
				if stop.Load() || !yield(b) {
					return
				}
			}
			if n < x.io.BatchDocs {
				return
			}
		}
	}
	orderedPool(x.o.Workers, src, f.newWorker, func(b *batchOut) {
		if stop.Load() {
			return
		}
		cur.parts = append(cur.parts, b)
		cur.docs += len(b.ids)
		if cur.docs >= x.io.BatchDocs {
			stop.Store(!emit(cur))
			cur = signedBatch{first: cur.first + cur.docs}
		}
	})
	if cur.docs > 0 && !stop.Load() {
		emit(cur)
	}
}

// commit writes one batch in one transaction and returns the number of
// representatives it added.
func (x *Index) commit(sb signedBatch) (int, error) {
	tables := x.tables()
	var reps0, reps1 uint64 // the meta count before and after
	err := x.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if txFormat(tx) == 1 {
			if err := migrateBands(tx); err != nil {
				return err
			}
		}
		c := readCounts(meta)
		reps0 = c.reps
		docs, units, exact := tx.Bucket(bucketDocs), tx.Bucket(bucketUnits), tx.Bucket(bucketExact)
		reps, members := tx.Bucket(bucketReps), tx.Bucket(bucketMembers)
		// Appends in key order fill pages completely.
		docs.FillPercent, units.FillPercent, reps.FillPercent = 1, 1, 1
		nUnits := 0
		for _, b := range sb.parts {
			nUnits += len(b.units)
		}
		if c.units+uint64(nUnits) >= 1<<31 || c.docs+uint64(sb.docs) >= 1<<31 {
			return fmt.Errorf("dedup: index full (2^31 units or documents)")
		}
		// Keys and values must stay valid until the commit: they are cut
		// from large buffers, not allocated one by one.
		var keyBuf []byte
		key := func(n int) []byte {
			if len(keyBuf) < n {
				keyBuf = make([]byte, 1<<16)
			}
			k := keyBuf[:n:n]
			keyBuf = keyBuf[n:]
			return k
		}
		u32k := func(n uint32) []byte { k := key(4); binary.BigEndian.PutUint32(k, n); return k }
		prep := sb.prep
		if prep == nil {
			prep = x.prepare(sb)
		}
		isRep := make([]bool, nUnits)
		// The batch's new exact hashes (hash, rep) and members (rep<<32 |
		// unit) are put in key order once the batch is read: random keys
		// put one by one would go into the same few nodes of bbolt's tree
		// (all into one when the tree is new), each put moving the half of
		// a node's entries after it.
		type exactEntry struct {
			hash uint64
			rep  uint32
		}
		var newExact []exactEntry
		var newMembers []uint64
		// The reps of the batch's exact hashes already in the index, looked
		// up in key order (each lookup then walks the pages the one
		// before walked), then those of the batch's new reps.
		batchExact := make(map[uint64]uint32, len(prep.hashes))
		var ek [8]byte
		ec := exact.Cursor()
		for _, h := range prep.hashes {
			binary.BigEndian.PutUint64(ek[:], h)
			if k, v := ec.Seek(ek[:]); bytes.Equal(k, ek[:]) {
				batchExact[h] = binary.BigEndian.Uint32(v)
			}
		}
		doc := uint32(c.docs)
		n := uint32(c.units)
		for _, b := range sb.parts {
			for _, id := range b.ids {
				if err := docs.Put(u32k(doc), sealed([]byte(id))); err != nil {
					return err
				}
				doc++
			}
			for i := range b.units {
				u := b.units[i]
				u.doc += int32(c.docs) - int32(sb.first)
				h := b.exact[i]
				rep, ok := batchExact[h]
				if ok {
					u.rep = int32(rep)
					newMembers = append(newMembers, uint64(rep)<<32|uint64(n))
				} else {
					u.rep = int32(n)
					batchExact[h] = n
					newExact = append(newExact, exactEntry{h, n})
					if err := reps.Put(u32k(n), prep.repVals[n-uint32(c.units)]); err != nil {
						return err
					}
					isRep[n-uint32(c.units)] = true
					c.reps++
				}
				if err := units.Put(u32k(n), encodeUnit(u)); err != nil {
					return err
				}
				n++
			}
		}
		slices.SortFunc(newExact, func(a, b exactEntry) int { return cmp.Compare(a.hash, b.hash) })
		for _, e := range newExact {
			k := key(8)
			binary.BigEndian.PutUint64(k, e.hash)
			if err := exact.Put(k, u32k(e.rep)); err != nil {
				return err
			}
		}
		slices.Sort(newMembers)
		for _, m := range newMembers {
			k := key(8)
			binary.BigEndian.PutUint64(k, m)
			if err := members.Put(k, nil); err != nil {
				return err
			}
		}
		// The representatives' band entries, numbered in the index: in
		// the same order as prepared.
		ents := make([][]uint64, tables)
		for t, pe := range prep.ents {
			for _, e := range pe {
				if u := uint32(e); isRep[u] {
					ents[t] = append(ents[t], e&^(1<<32-1)|uint64(u+uint32(c.units)))
				}
			}
		}
		if err := writeBands(tx, ents); err != nil {
			return err
		}
		c.docs += uint64(sb.docs)
		c.units += uint64(nUnits)
		for _, b := range sb.parts {
			c.skipped += uint64(b.skipped)
			c.bytes += uint64(b.bytes)
		}
		c.batches++
		reps1 = c.reps
		return c.write(meta)
	})
	if err != nil {
		return 0, fmt.Errorf("dedup: adding to %s: %w", x.dir, err)
	}
	return int(reps1 - reps0), nil
}
