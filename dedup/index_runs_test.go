package dedup

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestBandRuns writes batches of band entries as runs and checks, after
// each batch, that every key's lookup finds exactly its representatives
// (some keys have thousands, over several blocks), and that the runs stay
// few and are merged as the policy says.
func TestBandRuns(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "runs.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		m, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketRuns); err != nil {
			return err
		}
		return writeRuns(m, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	const tables = 3
	rng := rand.New(rand.NewPCG(1, 2))
	want := make(map[[2]uint64][]uint32) // (table, key) -> reps, ascending
	rep := uint32(0)
	sizes := []int{1000, 1000, 10, 3000, 1000, 0, 1000, 1000, 1000, 5}
	for bi, n := range sizes {
		ents := make([][]uint64, tables)
		for range n {
			for tb := range tables {
				// A few frequent keys, and rare ones.
				k := uint64(rng.IntN(4))
				if rng.IntN(3) == 0 {
					k = rng.Uint64()
				}
				ents[tb] = append(ents[tb], bandValue(k, rep))
				want[[2]uint64{uint64(tb), k}] = append(want[[2]uint64{uint64(tb), k}], rep)
			}
			rep++
		}
		for _, e := range ents {
			slices.Sort(e)
		}
		err := db.Update(func(tx *bolt.Tx) error { return writeBands(tx, ents) })
		if err != nil {
			t.Fatal(err)
		}
		err = db.View(func(tx *bolt.Tx) error {
			rs, err := readRuns(tx.Bucket(bucketMeta))
			if err != nil {
				return err
			}
			var total uint64
			for i, r := range rs {
				total += r.entries
				if i > 0 && rs[i-1].entries < 2*r.entries {
					t.Errorf("batch %d: runs %v: run %d not merged into the one before", bi, rs, i)
				}
			}
			if total != uint64(tables)*uint64(rep) {
				t.Errorf("batch %d: runs %v hold %d entries, want %d", bi, rs, total, tables*rep)
			}
			l, err := newBandLookup(tx)
			if err != nil {
				return err
			}
			for tk, reps := range want {
				var got []uint32
				if err := l.find(int(tk[0]), tk[1], func(r uint32) { got = append(got, r) }); err != nil {
					return err
				}
				slices.Sort(got)
				if !slices.Equal(got, reps) {
					t.Fatalf("batch %d: find(%d, %d) = %d reps, want %d", bi, tk[0], tk[1], len(got), len(reps))
				}
			}
			// All of a table's keys at once, ascending, with absent ones
			// between: the same representatives.
			for tb := range tables {
				var keys []uint64
				var all []uint32
				for tk, reps := range want2(want, tb) {
					keys = append(keys, bandValue(tk, 0))
					all = append(all, reps...)
				}
				for range 50 {
					keys = append(keys, bandValue(rng.Uint64(), 0))
				}
				slices.Sort(keys)
				keys = slices.Compact(keys)
				var got []uint32
				if err := l.findAll(tb, keys, func(r uint32) { got = append(got, r) }); err != nil {
					return err
				}
				slices.Sort(got)
				slices.Sort(all)
				if !slices.Equal(got, all) {
					t.Fatalf("batch %d: findAll(%d, %d keys) = %d reps, want %d", bi, tb, len(keys), len(got), len(all))
				}
			}
			var none []uint32
			l.find(0, 1<<40, func(r uint32) { none = append(none, r) })
			l.find(tables, 0, func(r uint32) { none = append(none, r) })
			if len(none) > 0 {
				t.Errorf("batch %d: absent keys found %v", bi, none)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestIndexFormat1 opens an index written by the format 1 program
// (testdata/index-v1: indexDocs at passage level in batches of 4), checks
// its queries and Verify, then adds to it, which makes it format 2, and
// checks them again.
func TestIndexFormat1(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("testdata/index-v1/index.db")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "index.db"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	x, err := OpenIndex(dir, IndexOptions{BatchDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	format := func() uint64 {
		var v uint64
		x.view(func(tx *bolt.Tx) error { v = txFormat(tx); return nil })
		return v
	}
	o := Options{Level: PassageLevel}
	if err := x.CheckOptions(o); err != nil {
		t.Fatal(err)
	}
	old := slices.Clone(indexDocs)
	for step := range 2 {
		if err := x.Verify(); err != nil {
			t.Errorf("step %d: Verify: %v", step, err)
		}
		res, err := x.Query(slices.Values(queryDocs))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := pairKeys(res.Pairs), newPairs(t, old, queryDocs, o); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("step %d (format %d): pairs\n%s\nwant\n%s", step, format(), strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if step == 0 {
			if v := format(); v != 1 {
				t.Fatalf("testdata index has format %d, want 1", v)
			}
			more := []Doc{queryDocs[2], indexDocs[5], {ID: "z", Text: "a new document of its own with words nobody else has used here"}}
			if _, err := x.Add(slices.Values(more)); err != nil {
				t.Fatal(err)
			}
			old = append(old, more...)
			if v := format(); v != indexFormat {
				t.Errorf("after Add: format %d, want %d", v, indexFormat)
			}
		}
	}
	// The format 1 bands are gone, their entries in the runs.
	x.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketBands) != nil {
			t.Errorf("format 1 bands bucket still there")
		}
		rs, _ := readRuns(tx.Bucket(bucketMeta))
		if len(rs) == 0 || rs[0].id != 0 {
			t.Errorf("runs %v, want run 0 first", rs)
		}
		return nil
	})
}

// want2 returns the keys of table tb in want and their representatives.
func want2(want map[[2]uint64][]uint32, tb int) map[uint64][]uint32 {
	m := make(map[uint64][]uint32)
	for tk, reps := range want {
		if tk[0] == uint64(tb) {
			m[tk[1]] = reps
		}
	}
	return m
}
