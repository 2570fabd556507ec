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
		for _, b := range formatBuckets(txFormat(tx)) {
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
	reps, members := tx.Bucket(bucketReps), tx.Bucket(bucketMembers)
	bands := tx.Bucket(bucketBands) // format 1; nil in format 2
	tables := x.tables()
	count := func(b *bolt.Bucket) uint64 { return uint64(b.Stats().KeyN) }
	checks := []struct {
		name      string
		got, want uint64
	}{
		{"docs", count(docs), c.docs},
		{"units", count(units), c.units},
		{"reps", count(reps), c.reps},
		{"exact", count(exact), c.reps},
		{"members", count(members), c.units - c.reps},
	}
	if bands != nil {
		checks = append(checks, struct {
			name      string
			got, want uint64
		}{"bands", count(bands), c.reps * uint64(tables)})
	}
	for _, chk := range checks {
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
	// Format 2: every representative's mixed keys (keys32[unit*tables+t]),
	// for the check of the runs.
	var keys32 []uint32
	var isRep []bool
	if bands == nil {
		keys32 = make([]uint32, c.units*uint64(tables))
		isRep = make([]bool, c.units)
	}
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
			if bands == nil {
				if uint64(r) >= c.units {
					return fmt.Errorf("representative %d: unit %d of %d", r, r, c.units)
				}
				keys32[int(r)*tables+t] = uint32(bandValue(key, 0) >> 32)
				isRep[r] = true
			} else if bands.Get(bandKey(t, key, r)) == nil {
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
	if bands == nil {
		return verifyRuns(tx, c, tables, keys32, isRep)
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

// verifyRuns checks the runs of format 2: the runs list against the runs
// bucket, every block (checksum, key, length, order within the run), and
// that the entries are exactly one per representative and table, each with
// the representative's key (keys32[unit*tables+t], for the units isRep).
func verifyRuns(tx *bolt.Tx, c counts, tables int, keys32 []uint32, isRep []bool) error {
	rs, err := readRuns(tx.Bucket(bucketMeta))
	if err != nil {
		return err
	}
	runs := tx.Bucket(bucketRuns)
	listed := make(map[uint32]bool, len(rs))
	for i, r := range rs {
		if i > 0 && r.id <= rs[i-1].id {
			return fmt.Errorf("runs list: run %d after run %d", r.id, rs[i-1].id)
		}
		listed[r.id] = true
	}
	err = runs.ForEach(func(k, v []byte) error {
		if len(k) != 4 || v != nil || !listed[binary.BigEndian.Uint32(k)] {
			return fmt.Errorf("runs bucket: %x is not a listed run", k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	seen := make([]bool, len(keys32))
	var total uint64
	for _, r := range rs {
		b := runs.Bucket(u32(r.id))
		if b == nil {
			return fmt.Errorf("run %d: not in the runs bucket", r.id)
		}
		var n uint64
		pt, pv := -1, uint64(0)
		rd := newRunReader(b)
		for t, v, ok := rd.peek(); ok; t, v, ok = rd.peek() {
			rep := uint32(v)
			i := int(rep)*tables + t
			switch {
			case pt >= 0 && !entryLess(pt, pv, t, v):
				return fmt.Errorf("run %d: band entry (%d %x) after (%d %x)", r.id, t, v, pt, pv)
			case t >= tables || uint64(rep) >= c.units || !isRep[rep]:
				return fmt.Errorf("run %d: band entry (%d %x): no such table or representative", r.id, t, v)
			case keys32[i] != uint32(v>>32):
				return fmt.Errorf("run %d: band entry (%d %x): not the key of representative %d", r.id, t, v, rep)
			case seen[i]:
				return fmt.Errorf("run %d: band entry (%d %x) twice", r.id, t, v)
			}
			seen[i] = true
			pt, pv = t, v
			n++
			rd.next()
		}
		if rd.err != nil {
			return fmt.Errorf("run %d: %w", r.id, rd.err)
		}
		if n != r.entries {
			return fmt.Errorf("run %d: %d band entries, listed %d", r.id, n, r.entries)
		}
		total += n
	}
	if total != c.reps*uint64(tables) {
		return fmt.Errorf("runs hold %d band entries, want %d (%d representatives, %d tables)", total, c.reps*uint64(tables), c.reps, tables)
	}
	return nil
}
