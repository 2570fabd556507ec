package dedup

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Verify checks the whole index: the database's own page structure
// (bbolt's consistency check), every checksum, and every cross-reference
// between the buckets (see "Index format"): every unit's document and
// representative, every representative's exact hash, band entries and
// (MinHash) band keys recomputed from its shingle set, and the counts. It
// returns nil for a sound index and otherwise an error wrapping
// ErrIndexDamaged that names the first problem.
func (x *Index) Verify() error {
	return x.view(func(tx *bolt.Tx) error {
		// The whole channel is read: the check goroutine reads the pages
		// until it closes it.
		var first error
		for err := range tx.Check() {
			if first == nil {
				first = fmt.Errorf("%w: database: %v", ErrIndexDamaged, err)
			}
		}
		if first != nil {
			return first
		}
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				return fmt.Errorf("%w: no %s bucket", ErrIndexDamaged, b)
			}
		}
		err := x.verify(tx)
		if err != nil && !errors.Is(err, ErrIndexDamaged) {
			err = fmt.Errorf("%w: %v", ErrIndexDamaged, err)
		}
		return err
	})
}

func (x *Index) verify(tx *bolt.Tx) error {
	c := readCounts(tx.Bucket(bucketMeta))
	docs, units, exact := tx.Bucket(bucketDocs), tx.Bucket(bucketUnits), tx.Bucket(bucketExact)
	reps, bands, members := tx.Bucket(bucketReps), tx.Bucket(bucketBands), tx.Bucket(bucketMembers)
	tables := x.tables()
	count := func(b *bolt.Bucket) uint64 { return uint64(b.Stats().KeyN) }
	for _, chk := range []struct {
		name      string
		got, want uint64
	}{
		{"docs", count(docs), c.docs},
		{"units", count(units), c.units},
		{"reps", count(reps), c.reps},
		{"exact", count(exact), c.reps},
		{"members", count(members), c.units - c.reps},
		{"bands", count(bands), c.reps * uint64(tables)},
	} {
		if chk.got != chk.want {
			return fmt.Errorf("%w: %s bucket has %d entries, want %d", ErrIndexDamaged, chk.name, chk.got, chk.want)
		}
	}
	var n uint64
	err := docs.ForEach(func(k, v []byte) error {
		if len(k) != 4 || uint64(binary.BigEndian.Uint32(k)) != n {
			return fmt.Errorf("document %d: bad key %x", n, k)
		}
		if _, ok := unseal(v); !ok {
			return fmt.Errorf("document %d: bad checksum", n)
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	n = 0
	err = units.ForEach(func(k, v []byte) error {
		if len(k) != 4 || uint64(binary.BigEndian.Uint32(k)) != n {
			return fmt.Errorf("unit %d: bad key %x", n, k)
		}
		u, err := decodeUnit(v)
		if err != nil {
			return fmt.Errorf("unit %d: %w", n, err)
		}
		switch {
		case uint64(u.doc) >= c.docs:
			return fmt.Errorf("unit %d: document %d of %d", n, u.doc, c.docs)
		case uint64(u.rep) > n:
			return fmt.Errorf("unit %d: representative %d after it", n, u.rep)
		case uint64(u.rep) == n && reps.Get(k) == nil:
			return fmt.Errorf("unit %d: no representative record", n)
		case uint64(u.rep) < n && members.Get(append(u32(uint32(u.rep)), k...)) == nil:
			return fmt.Errorf("unit %d: not a member of representative %d", n, u.rep)
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	var mh *minHash
	if x.o.Method == MinHashLSH {
		mh, _ = newMinHash(x.o.Hashes, x.o.Seed)
	}
	lsh := banding{Bands: x.o.Bands, Rows: x.o.Rows}
	var sig []uint32
	var keys []uint64
	var kb []byte
	err = reps.ForEach(func(k, v []byte) error {
		r := binary.BigEndian.Uint32(k)
		rec, err := x.decodeRep(v)
		if err != nil {
			return fmt.Errorf("representative %d: %w", r, err)
		}
		u, err := decodeUnit(units.Get(k))
		if err != nil || u.rep != int32(r) {
			return fmt.Errorf("representative %d: its unit is not its own representative", r)
		}
		if int(u.shingles) != len(rec.set) || !slices.IsSorted(rec.set) || len(slices.Compact(slices.Clone(rec.set))) != len(rec.set) {
			return fmt.Errorf("representative %d: shingle set is not %d sorted distinct values", r, u.shingles)
		}
		if v := exact.Get(binary.BigEndian.AppendUint64(nil, rec.exact)); !bytes.Equal(v, k) {
			return fmt.Errorf("representative %d: exact hash leads to %x", r, v)
		}
		if mh != nil {
			sig = mh.Sign(sig[:0], rec.set)
			keys, kb = lsh.Keys(keys[:0], kb, sig)
			if !slices.Equal(keys, rec.keys) {
				return fmt.Errorf("representative %d: band keys do not match its shingle set", r)
			}
		}
		for t, key := range rec.keys {
			if bands.Get(bandKey(t, key, r)) == nil {
				return fmt.Errorf("representative %d: no band entry in table %d", r, t)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = members.ForEach(func(k, _ []byte) error {
		if len(k) != 8 {
			return fmt.Errorf("member key %x", k)
		}
		u, err := decodeUnit(units.Get(k[4:]))
		if err != nil || uint32(u.rep) != binary.BigEndian.Uint32(k) {
			return fmt.Errorf("member %x: its unit has another representative", k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Every representative's entries are there and the counts agree, so
	// the bands bucket has nothing else; check the keys' shape.
	return bands.ForEach(func(k, _ []byte) error {
		if len(k) != 9 || int(k[0]) >= tables || reps.Get(k[5:]) == nil {
			return fmt.Errorf("band entry %x: no such representative", k)
		}
		return nil
	})
}
