package dedup

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"iter"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// Query finds, for every unit of docs, its exact copies and verified near
// duplicates among the units of the index and among the earlier units of
// docs, without adding docs. The Result has every such pair (Result.Pairs,
// ordered as Find orders them) and the clusters they make
// (IndexOptions.Stars): connected components (or stars) of the new
// units, the index units they match and the pairs among all of these; a
// cluster without a new unit is left out. Units of the index keep their
// document numbers; the documents of docs are numbered after them, as if
// they had been added, so that the pairs are exactly those of Find over
// the index's documents followed by docs that involve a unit of docs.
// Stats count docs, and Stats.Duplicates the new units that an earlier
// unit (in the index or in docs) already had.
//
// The whole query reads one snapshot of the index. The signed units of
// docs are kept in memory.
func (x *Index) Query(docs iter.Seq[Doc]) (*Result, error) {
	return x.signAndQuery(docs, false)
}

// QueryAdd is Query, then Add of docs, in one pass: docs are signed once,
// queried against the index as it was, then added in batches as Add adds
// them. When adding fails, it returns the query's Result with the error;
// the batches committed before stay.
func (x *Index) QueryAdd(docs iter.Seq[Doc]) (*Result, error) {
	return x.signAndQuery(docs, true)
}

// signAndQuery signs docs, queries them and, with add, commits them.
func (x *Index) signAndQuery(docs iter.Seq[Doc], add bool) (*Result, error) {
	var outs []signedBatch
	var bs []*batchOut
	x.sign(docs, func(b signedBatch) bool {
		outs = append(outs, b)
		bs = append(bs, b.parts...)
		return true
	})
	var res *Result
	err := x.view(func(tx *bolt.Tx) error {
		var err error
		res, err = x.query(tx, bs)
		return err
	})
	if err != nil {
		return nil, err
	}
	if add {
		for _, b := range outs {
			if _, err := x.commit(b); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// query answers a query in tx: bs are the signed batches, unit doc numbers
// counting from 0 across them.
func (x *Index) query(tx *bolt.Tx, bs []*batchOut) (*Result, error) {
	o := x.o
	o.Pairs = true
	o.Stars = x.io.Stars
	f := newFinder(o)
	tables := x.tables()
	c := readCounts(tx.Bucket(bucketMeta))
	units, exact, reps := tx.Bucket(bucketUnits), tx.Bucket(bucketExact), tx.Bucket(bucketReps)
	members, docs := tx.Bucket(bucketMembers), tx.Bucket(bucketDocs)

	// The representatives in the index that an exact hash or a band key of
	// a new unit leads to.
	found := make(map[uint32]bool)
	bands, err := newBandLookup(tx)
	if err != nil {
		return nil, err
	}
	// The band keys of each table, looked up in order.
	keys := make([][]uint64, tables)
	for _, b := range bs {
		for i := range b.units {
			if v := exact.Get(binary.BigEndian.AppendUint64(nil, b.exact[i])); v != nil {
				found[binary.BigEndian.Uint32(v)] = true
			}
			for t, k := range b.keys[i*tables : (i+1)*tables] {
				keys[t] = append(keys[t], bandValue(k, 0))
			}
		}
	}
	add := func(rep uint32) { found[rep] = true }
	for t, ks := range keys {
		slices.Sort(ks)
		if err := bands.findAll(t, slices.Compact(ks), add); err != nil {
			return nil, err
		}
	}
	repNums := make([]uint32, 0, len(found))
	for r := range found {
		repNums = append(repNums, r)
	}
	slices.Sort(repNums)

	// Their units (the representatives and their exact copies), in index
	// order, and the documents of those.
	type oldUnit struct {
		n   uint32
		rec unitRec
	}
	var olds []oldUnit
	recs := make([]repRec, len(repNums))
	repLocal := make(map[uint32]int32, len(repNums))
	getUnit := func(n uint32) error {
		u, err := decodeUnit(units.Get(u32(n)))
		if err != nil {
			return fmt.Errorf("unit %d: %w", n, err)
		}
		olds = append(olds, oldUnit{n, u})
		return nil
	}
	mc := members.Cursor()
	for i, r := range repNums {
		repLocal[r] = int32(i)
		if recs[i], err = x.decodeRep(reps.Get(u32(r))); err != nil {
			return nil, fmt.Errorf("representative %d: %w", r, err)
		}
		if err := getUnit(r); err != nil {
			return nil, err
		}
		p := u32(r)
		for k, _ := mc.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = mc.Next() {
			if err := getUnit(binary.BigEndian.Uint32(k[4:])); err != nil {
				return nil, err
			}
		}
	}
	slices.SortFunc(olds, func(a, b oldUnit) int { return int(a.n) - int(b.n) })
	var docNums []int32
	for _, u := range olds {
		docNums = append(docNums, u.rec.doc)
	}
	slices.Sort(docNums)
	docNums = slices.Compact(docNums)
	docLocal := make(map[int32]int32, len(docNums))
	for i, d := range docNums {
		docLocal[d] = int32(i)
		id, ok := unseal(docs.Get(u32(uint32(d))))
		if !ok {
			return nil, fmt.Errorf("%w: document %d", ErrIndexDamaged, d)
		}
		f.ids = append(f.ids, string(id))
	}

	// The finder holds the index units first, in index order, then the
	// new ones. A representative comes before its copies, so addUnit
	// makes the finder's representatives those of the index, in order.
	for _, u := range olds {
		rec := u.rec
		rec.doc = docLocal[rec.doc]
		r := &recs[repLocal[uint32(rec.rep)]]
		f.addUnit(rec, r.exact, r.keys, r.set, false, nil, r.fp)
	}
	nOldDocs := int32(len(f.ids))
	for _, b := range bs {
		for i := range b.units {
			b.units[i].doc += nOldDocs
		}
		f.add(b)
		for i := range b.units {
			b.units[i].doc -= nOldDocs // as they were, for Add
		}
	}
	f.search()
	res := f.result()

	// Keep what involves a new unit, with index numbering.
	isNew := func(u Unit) bool { return int32(u.Doc) >= nOldDocs }
	renumber := func(u *Unit) {
		if isNew(*u) {
			u.Doc = int(c.docs) + u.Doc - int(nOldDocs)
		} else {
			u.Doc = int(docNums[u.Doc])
		}
	}
	pairs := res.Pairs[:0]
	for _, p := range res.Pairs {
		if isNew(p.A) || isNew(p.B) {
			renumber(&p.A)
			renumber(&p.B)
			pairs = append(pairs, p)
		}
	}
	res.Pairs = pairs
	clusters := res.Clusters[:0]
	res.Stats.Duplicates, res.Stats.DuplicateBytes = 0, 0
	for _, cl := range res.Clusters {
		if !slices.ContainsFunc(cl.Members, func(m Member) bool { return isNew(m.Unit) }) {
			continue
		}
		for i := range cl.Members {
			m := &cl.Members[i]
			if i != cl.Kept && isNew(m.Unit) {
				res.Stats.Duplicates++
				res.Stats.DuplicateBytes += int64(m.Bytes())
			}
			renumber(&m.Unit)
		}
		clusters = append(clusters, cl)
	}
	res.Clusters = clusters
	res.Stats.Clusters = len(clusters)
	return res, nil
}
