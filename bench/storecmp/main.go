// Command storecmp compares embedded databases on the workload of the
// persistent duplicate index (issue 17): it signs a corpus at document
// level with dedup's Signer (word 3-grams, 128 MinHash values, 16 bands
// of 6 rows, as `khabar dedup --level document`), writes each document's band-key
// postings and shingle set in batches, then looks up the candidates of new
// documents and verifies them with the stored shingle sets.
//
//	storecmp -engine bbolt|bbolt-runs|pebble -dir DIR -new NEW.jsonl.gz OLD.jsonl.gz
//	storecmp -engine ... -dir DIR -hold 2000 OLD.jsonl.gz
//
// It prints the time spent signing, in the database's write calls and
// commits, and in the queries, and the size of DIR. Run it under GNU
// time -v for the peak RSS (bench/storecmp.sh). It lives in its own
// module so that the khabar module does not carry both databases.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
	bolt "go.etcd.io/bbolt"
)

// A rec is one signed document.
type rec struct {
	id    string
	exact uint64
	keys  []uint64 // 16 band keys
	set   []uint64 // sorted shingle set
}

type signer struct {
	spec dedup.Spec
	sg   *dedup.Signer
	recs []dedup.Record
}

func newSigner() *signer {
	spec, err := dedup.Options{Level: dedup.DocumentLevel}.Spec()
	if err != nil {
		panic(err)
	}
	sg, err := spec.NewSigner()
	if err != nil {
		panic(err)
	}
	return &signer{spec: spec, sg: sg}
}

func (s *signer) sign(id, txt string) (rec, bool) {
	s.recs, _ = s.sg.Sign(s.recs[:0], 0, dedup.Doc{ID: id, Text: txt})
	if len(s.recs) == 0 {
		return rec{}, false
	}
	r := s.recs[0]
	return rec{id: id, exact: r.Exact, keys: slices.Clone(r.Keys), set: slices.Clone(r.Set)}, true
}

// store is what both engines do.
type store interface {
	// put writes one batch atomically; first is the number of its first
	// unit.
	put(first uint32, b []rec) error
	// candidates calls f for each unit sharing a band key with keys.
	candidates(keys []uint64, f func(unit uint32)) error
	// set returns the shingle set of a unit.
	set(unit uint32) ([]uint64, error)
	close() error
}

func bandKey(t int, k uint64, unit uint32) []byte {
	b := make([]byte, 0, 13)
	b = append(b, byte(t))
	b = binary.BigEndian.AppendUint64(b, k)
	return binary.BigEndian.AppendUint32(b, unit)
}

func unitValue(r rec) []byte {
	v := make([]byte, 0, 16+len(r.id)+8*len(r.set))
	v = binary.AppendUvarint(v, uint64(len(r.id)))
	v = append(v, r.id...)
	v = binary.LittleEndian.AppendUint64(v, r.exact)
	for _, h := range r.set {
		v = binary.LittleEndian.AppendUint64(v, h)
	}
	return v
}

func setOf(v []byte) []uint64 {
	n, w := binary.Uvarint(v)
	v = v[w+int(n)+8:]
	out := make([]uint64, len(v)/8)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(v[8*i:])
	}
	return out
}

// bbolt: bucket "units" (unit → id, exact hash, set), bucket "bands"
// (table, key, unit → empty).
type boltStore struct {
	db   *bolt.DB
	runs bool // bands as one nested bucket of sorted keys per batch
}

func openBolt(dir string, runs bool) (*boltStore, error) {
	os.MkdirAll(dir, 0o755)
	db, err := bolt.Open(filepath.Join(dir, "index.db"), 0o644, &bolt.Options{Timeout: time.Second, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, n := range []string{"units", "bands"} {
			if _, err := tx.CreateBucketIfNotExists([]byte(n)); err != nil {
				return err
			}
		}
		return nil
	})
	return &boltStore{db, runs}, err
}

func (s *boltStore) put(first uint32, b []rec) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		units, bands := tx.Bucket([]byte("units")), tx.Bucket([]byte("bands"))
		units.FillPercent = 1
		var keys [][]byte
		for i, r := range b {
			u := first + uint32(i)
			if err := units.Put(binary.BigEndian.AppendUint32(nil, u), unitValue(r)); err != nil {
				return err
			}
			for t, k := range r.keys {
				keys = append(keys, bandKey(t, k, u))
			}
		}
		slices.SortFunc(keys, bytes.Compare)
		if s.runs {
			var err error
			if bands, err = bands.CreateBucket(binary.BigEndian.AppendUint32(nil, first)); err != nil {
				return err
			}
			bands.FillPercent = 1
		}
		for _, k := range keys {
			if err := bands.Put(k, nil); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *boltStore) candidates(keys []uint64, f func(uint32)) error {
	return s.db.View(func(tx *bolt.Tx) error {
		scan := func(c *bolt.Cursor) {
			for t, k := range keys {
				p := bandKey(t, k, 0)[:9]
				for key, _ := c.Seek(p); key != nil && bytes.HasPrefix(key, p); key, _ = c.Next() {
					f(binary.BigEndian.Uint32(key[9:]))
				}
			}
		}
		b := tx.Bucket([]byte("bands"))
		if !s.runs {
			scan(b.Cursor())
			return nil
		}
		return b.ForEachBucket(func(k []byte) error {
			scan(b.Bucket(k).Cursor())
			return nil
		})
	})
}

func (s *boltStore) set(u uint32) (out []uint64, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		out = setOf(tx.Bucket([]byte("units")).Get(binary.BigEndian.AppendUint32(nil, u)))
		return nil
	})
	return out, err
}

func (s *boltStore) close() error { return s.db.Close() }

// pebble: keys "u" unit and "b" table key unit.
type pebbleStore struct {
	db *pebble.DB
	it *pebble.Iterator
}

func openPebble(dir string) (*pebbleStore, error) {
	db, err := pebble.Open(dir, &pebble.Options{})
	return &pebbleStore{db: db}, err
}

func (s *pebbleStore) put(first uint32, b []rec) error {
	wb := s.db.NewBatch()
	for i, r := range b {
		u := first + uint32(i)
		wb.Set(append([]byte("u"), binary.BigEndian.AppendUint32(nil, u)...), unitValue(r), nil)
		for t, k := range r.keys {
			wb.Set(append([]byte("b"), bandKey(t, k, u)...), nil, nil)
		}
	}
	return wb.Commit(pebble.Sync)
}

func (s *pebbleStore) candidates(keys []uint64, f func(uint32)) error {
	for t, k := range keys {
		p := append([]byte("b"), bandKey(t, k, 0)[:9]...)
		up := append(bytes.Clone(p), 0xff, 0xff, 0xff, 0xff, 0xff)
		if s.it == nil {
			var err error
			if s.it, err = s.db.NewIter(nil); err != nil {
				return err
			}
		}
		s.it.SetBounds(p, up)
		for s.it.First(); s.it.Valid(); s.it.Next() {
			f(binary.BigEndian.Uint32(s.it.Key()[10:]))
		}
	}
	return nil
}

func (s *pebbleStore) set(u uint32) ([]uint64, error) {
	v, c, err := s.db.Get(append([]byte("u"), binary.BigEndian.AppendUint32(nil, u)...))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return setOf(v), nil
}

func (s *pebbleStore) close() error {
	if s.it != nil {
		s.it.Close()
	}
	return s.db.Close()
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func main() {
	engine := flag.String("engine", "bbolt", "bbolt or pebble")
	dir := flag.String("dir", "", "database folder (must not exist)")
	newPath := flag.String("new", "", "corpus of new documents to query")
	nNew := flag.Int("n", 2000, "new documents to query")
	batch := flag.Int("batch", 10000, "documents per batch")
	hold := flag.Int("hold", 0, "leave out the last HOLD documents of the corpus and query them (instead of -new)")
	total := flag.Int("docs", 175015, "documents in the corpus, for -hold")
	flag.Parse()
	var s store
	var err error
	switch *engine {
	case "bbolt":
		s, err = openBolt(*dir, false)
	case "bbolt-runs":
		s, err = openBolt(*dir, true)
	case "pebble":
		s, err = openPebble(*dir)
	default:
		err = fmt.Errorf("unknown engine %q", *engine)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "storecmp:", err)
		os.Exit(1)
	}
	copts := corpus.Options{TextFields: []string{"title", "text"}}
	sg := newSigner()
	var signT, writeT time.Duration
	var b []rec
	var units uint32
	flush := func() {
		t := time.Now()
		if err := s.put(units, b); err != nil {
			fmt.Fprintln(os.Stderr, "storecmp:", err)
			os.Exit(1)
		}
		writeT += time.Since(t)
		units += uint32(len(b))
		b = b[:0]
	}
	r := corpus.NewReader(flag.Args(), copts)
	t0 := time.Now()
	var news []rec
	for r.Next() {
		d := r.Document()
		if *hold > 0 && r.Stats().Documents > *total-*hold {
			if rc, ok := sg.sign(d.ID, d.Text); ok {
				news = append(news, rc)
			}
			continue
		}
		t := time.Now()
		rc, ok := sg.sign(d.ID, d.Text)
		signT += time.Since(t)
		if ok {
			b = append(b, rc)
		}
		if len(b) == *batch {
			flush()
		}
	}
	if len(b) > 0 {
		flush()
	}
	if err := r.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "storecmp:", err)
		os.Exit(1)
	}
	addT := time.Since(t0)
	// Queries: candidates, then each candidate's set and exact Jaccard.
	r = corpus.NewReader([]string{*newPath}, copts)
	for *hold == 0 && r.Next() && len(news) < *nNew {
		d := r.Document()
		if rc, ok := sg.sign(d.ID, d.Text); ok {
			news = append(news, rc)
		}
	}
	t1 := time.Now()
	cands, pairs := 0, 0
	for _, q := range news {
		seen := map[uint32]bool{}
		if err := s.candidates(q.keys, func(u uint32) { seen[u] = true }); err != nil {
			fmt.Fprintln(os.Stderr, "storecmp:", err)
			os.Exit(1)
		}
		for u := range seen {
			cands++
			set, err := s.set(u)
			if err != nil {
				fmt.Fprintln(os.Stderr, "storecmp:", err)
				os.Exit(1)
			}
			if _, ok := sg.spec.Verify(&dedup.Record{Set: q.set}, &dedup.Record{Set: set}); ok {
				pairs++
			}
		}
	}
	queryT := time.Since(t1)
	if err := s.close(); err != nil {
		fmt.Fprintln(os.Stderr, "storecmp:", err)
		os.Exit(1)
	}
	fmt.Printf("engine %s: %d units in batches of %d; add %.1fs (sign %.1fs, db %.1fs); query %d new: %.3fs (%d candidates, %d pairs); disk %.0f MB\n",
		*engine, units, *batch, addT.Seconds(), signT.Seconds(), writeT.Seconds(), len(news), queryT.Seconds(), cands, pairs, float64(dirSize(*dir))/1e6)
}
