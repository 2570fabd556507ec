package dedup

import (
	"bytes"
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
		c := readCounts(meta)
		reps0 = c.reps
		docs, units, exact := tx.Bucket(bucketDocs), tx.Bucket(bucketUnits), tx.Bucket(bucketExact)
		reps, bands, members := tx.Bucket(bucketReps), tx.Bucket(bucketBands), tx.Bucket(bucketMembers)
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
		postings := make([]byte, 0, 9*tables*nUnits)
		doc := uint32(c.docs)
		n := uint32(c.units)
		for _, b := range sb.parts {
			for _, id := range b.ids {
				if err := docs.Put(u32k(doc), sealed([]byte(id))); err != nil {
					return err
				}
				doc++
			}
			for i, set := range b.unitSets(true) {
				u := b.units[i]
				u.doc += int32(c.docs) - int32(sb.first)
				ek := key(8)
				binary.BigEndian.PutUint64(ek, b.exact[i])
				if v := exact.Get(ek); v != nil {
					u.rep = int32(binary.BigEndian.Uint32(v))
					mk := key(8)
					copy(mk, v)
					binary.BigEndian.PutUint32(mk[4:], n)
					if err := members.Put(mk, nil); err != nil {
						return err
					}
				} else {
					u.rep = int32(n)
					if err := exact.Put(ek, u32k(n)); err != nil {
						return err
					}
					r := repRec{exact: b.exact[i], keys: b.keys[i*tables : (i+1)*tables], set: set}
					if x.o.Method == SimHashBits {
						r.fp = b.fps[i]
					}
					if err := reps.Put(u32k(n), x.encodeRep(r)); err != nil {
						return err
					}
					for t, k := range r.keys {
						postings = append(postings, bandKey(t, k, n)...)
					}
					c.reps++
				}
				if err := units.Put(u32k(n), encodeUnit(u)); err != nil {
					return err
				}
				n++
			}
		}
		// In key order: each page of the tree is visited once.
		order := make([]int32, len(postings)/9)
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int { return bytes.Compare(postings[9*a:9*a+9], postings[9*b:9*b+9]) })
		for _, i := range order {
			if err := bands.Put(postings[9*i:9*i+9:9*i+9], nil); err != nil {
				return err
			}
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
