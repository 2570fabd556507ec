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

// AddStats count what one Add stored.
type AddStats struct {
	Documents int   // documents added
	Units     int   // units with tokens
	Skipped   int   // units skipped
	Batches   int   // batches committed
	Bytes     int64 // bytes of document text
}

// Add adds docs to the index in batches of IndexOptions.BatchDocs
// documents, each one transaction: when Add fails or the process dies,
// the index holds every batch committed before, and none of the others.
// Signatures are made on IndexOptions.Workers goroutines; what is stored
// does not depend on their number. It returns the counts of the batches
// committed.
func (x *DiskIndex) Add(docs iter.Seq[Doc]) (AddStats, error) {
	// One goroutine commits while the pool signs the next batch: the
	// database's writing and syncing overlap with the signing.
	type job struct {
		b     *batchOut
		first int
	}
	jobs := make(chan job, 1)
	var st AddStats
	var err error
	var failed atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for j := range jobs {
			if err != nil {
				continue
			}
			if err = x.commit(j.b, j.first); err != nil {
				failed.Store(true)
				continue
			}
			b := j.b
			st.Documents += len(b.ids)
			st.Units += len(b.units)
			st.Skipped += b.skipped
			st.Bytes += b.bytes
			st.Batches++
			if x.io.Progress != nil {
				x.io.Progress(st.Documents)
			}
		}
	}()
	x.sign(docs, func(b *batchOut, first int) bool {
		if failed.Load() {
			return false
		}
		jobs <- job{b, first}
		return true
	})
	close(jobs)
	<-done
	return st, err
}

// sign makes the signatures of docs on the worker pool and calls emit
// with each batch of about BatchDocs documents, in input order, and the
// number of its first document, until emit returns false. Unit doc numbers
// count from 0 in docs.
func (x *DiskIndex) sign(docs iter.Seq[Doc], emit func(b *batchOut, first int) bool) {
	f, _ := newFinder(x.o) // x.o is resolved: no error
	var cur *batchOut
	var stop atomic.Bool // set by emit's goroutine, read by the source's
	first := 0
	// Work items of up to 64 documents or 1 MiB of text, as Find's, that
	// end where a batch ends; the source stops once emit has said stop.
	step := min(64, x.io.BatchDocs)
	src := func(yield func(docBatch) bool) {
		b := docBatch{}
		size, n := 0, 0
		for d := range docs {
			if stop.Load() {
				return
			}
			b.docs = append(b.docs, d)
			size += len(d.Text)
			n++
			if len(b.docs) == step || size >= 1<<20 || n%x.io.BatchDocs == 0 {
				if !yield(b) {
					return
				}
				b = docBatch{first: n}
				size = 0
			}
		}
		if len(b.docs) > 0 {
			yield(b)
		}
	}
	orderedPool(x.o.Workers, src, f.newWorker, func(b *batchOut) {
		if stop.Load() {
			return
		}
		if cur == nil {
			cur = b
		} else {
			cur.append(b)
		}
		if len(cur.ids) >= x.io.BatchDocs {
			stop.Store(!emit(cur, first))
			first += len(cur.ids)
			cur = nil
		}
	})
	if cur != nil && !stop.Load() {
		emit(cur, first)
	}
}

// append adds b's contents to a.
func (a *batchOut) append(b *batchOut) {
	a.ids = append(a.ids, b.ids...)
	a.bytes += b.bytes
	a.skipped += b.skipped
	a.units = append(a.units, b.units...)
	a.exact = append(a.exact, b.exact...)
	a.sets = append(a.sets, b.sets...)
	a.keys = append(a.keys, b.keys...)
	a.sigs = append(a.sigs, b.sigs...)
	a.fps = append(a.fps, b.fps...)
}

// commit writes one batch in one transaction; first is the doc number of
// its first document in the units.
func (x *DiskIndex) commit(b *batchOut, first int) error {
	tables := x.tables()
	err := x.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		c := readCounts(meta)
		docs, units, exact := tx.Bucket(bucketDocs), tx.Bucket(bucketUnits), tx.Bucket(bucketExact)
		reps, bands, members := tx.Bucket(bucketReps), tx.Bucket(bucketBands), tx.Bucket(bucketMembers)
		// Appends in key order fill pages completely.
		docs.FillPercent, units.FillPercent, reps.FillPercent = 1, 1, 1
		for i, id := range b.ids {
			if err := docs.Put(u32(uint32(c.docs)+uint32(i)), sealed([]byte(id))); err != nil {
				return err
			}
		}
		if c.units+uint64(len(b.units)) >= 1<<31 || c.docs+uint64(len(b.ids)) >= 1<<31 {
			return fmt.Errorf("dedup: index full (2^31 units or documents)")
		}
		var postings [][]byte
		off := 0
		for i, u := range b.units {
			n := uint32(c.units) + uint32(i)
			set := b.sets[off : off+int(u.shingles)]
			off += int(u.shingles)
			u.doc += int32(c.docs) - int32(first)
			ek := binary.BigEndian.AppendUint64(nil, b.exact[i])
			if v := exact.Get(ek); v != nil {
				u.rep = int32(binary.BigEndian.Uint32(v))
				if err := members.Put(append(slices.Clone(v), u32(n)...), nil); err != nil {
					return err
				}
			} else {
				u.rep = int32(n)
				if err := exact.Put(ek, u32(n)); err != nil {
					return err
				}
				r := repRec{exact: b.exact[i], keys: b.keys[i*tables : (i+1)*tables], set: set}
				if x.o.Method == SimHashBits {
					r.fp = b.fps[i]
				}
				if err := reps.Put(u32(n), x.encodeRep(r)); err != nil {
					return err
				}
				for t, k := range r.keys {
					postings = append(postings, bandKey(t, k, n))
				}
				c.reps++
			}
			if err := units.Put(u32(n), encodeUnit(u)); err != nil {
				return err
			}
		}
		// In key order: each page of the tree is visited once.
		slices.SortFunc(postings, bytes.Compare)
		for _, p := range postings {
			if err := bands.Put(p, nil); err != nil {
				return err
			}
		}
		c.docs += uint64(len(b.ids))
		c.units += uint64(len(b.units))
		c.skipped += uint64(b.skipped)
		c.bytes += uint64(b.bytes)
		c.batches++
		return c.write(meta)
	})
	if err != nil {
		return fmt.Errorf("dedup: adding to %s: %w", x.dir, err)
	}
	return nil
}
