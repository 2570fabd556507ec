package dedup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// indexDocs are small documents with exact copies, near copies and
// unrelated ones, within and across what is added and what is queried.
var indexDocs = []Doc{
	{ID: "a", Text: "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لبحث الأوضاع الأمنية"},
	{ID: "b", Text: "the quick brown fox jumps over the lazy dog near the river bank today"},
	{ID: "c", Text: "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لبحث الأوضاع الأمنية"},
	{ID: "d", Text: "completely different words about football and the league table this season"},
	{ID: "e", Text: ""},
	{ID: "f", Text: "the quick brown fox jumps over the lazy dog near the river bank today again"},
}

var queryDocs = []Doc{
	{ID: "q1", Text: "قال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة لبحث الأوضاع الأمنية"},
	{ID: "q2", Text: "the quick brown fox jumps over the lazy dog near the river bank"},
	{ID: "q3", Text: "nothing like anything else in this small test corpus of documents"},
	{ID: "q4", Text: "nothing like anything else in this small test corpus of documents"},
}

// pairKeys returns the pairs as comparable strings.
func pairKeys(ps []Pair) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d/%d %d/%d %s %.9f", p.A.Doc, p.A.Passage, p.B.Doc, p.B.Passage, p.Kind, p.Similarity))
	}
	return out
}

// newPairs returns the pairs of Find over old followed by new that
// involve a unit of new.
func newPairs(t *testing.T, old, new []Doc, o Options) []string {
	t.Helper()
	o.Pairs = true
	res, err := Find(slices.Values(append(slices.Clone(old), new...)), o)
	if err != nil {
		t.Fatal(err)
	}
	var ps []Pair
	for _, p := range res.Pairs {
		if p.A.Doc >= len(old) || p.B.Doc >= len(old) {
			ps = append(ps, p)
		}
	}
	return pairKeys(ps)
}

func createIndex(t *testing.T, o Options, io IndexOptions) *Index {
	t.Helper()
	io.Create = &o
	x, err := OpenIndex(filepath.Join(t.TempDir(), "idx"), io)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

func TestIndexQueryMatchesFind(t *testing.T) {
	for _, long := range []bool{false, true} {
		if long {
			// Units longer than a piece are signed a piece at a time and
			// keep their own shingle sets (stream.go): the index must
			// store those too.
			defer withLong(16, 4)()
		}
		testIndexQueryMatchesFind(t, long)
	}
}

func testIndexQueryMatchesFind(t *testing.T, long bool) {
	for _, o := range []Options{
		{Level: DocumentLevel},
		{Level: PassageLevel},
		{Level: DocumentLevel, Method: SimHashBits},
		{Level: DocumentLevel, Shingle: Shingling{Chars: true, N: 5}, Threshold: 0.5},
	} {
		t.Run(fmt.Sprintf("%v-%v-%v-long=%v", o.Level, o.Method, o.Shingle, long), func(t *testing.T) {
			x := createIndex(t, o, IndexOptions{BatchDocs: 2})
			st, err := x.Add(slices.Values(indexDocs))
			if err != nil {
				t.Fatal(err)
			}
			if st.Documents != len(indexDocs) || st.Batches != 3 {
				t.Errorf("Add = %+v, want %d documents in 3 batches", st, len(indexDocs))
			}
			res, err := x.Query(slices.Values(queryDocs))
			if err != nil {
				t.Fatal(err)
			}
			got, want := pairKeys(res.Pairs), newPairs(t, indexDocs, queryDocs, o)
			if !slices.Equal(got, want) {
				t.Errorf("Query pairs =\n%s\nwant (Find)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(want) == 0 {
				t.Errorf("no pairs: the test documents do not test anything")
			}
			for _, c := range res.Clusters {
				if !slices.ContainsFunc(c.Members, func(m Member) bool { return m.Doc >= len(indexDocs) }) {
					t.Errorf("cluster without a new unit: %+v", c)
				}
			}
			if err := x.Verify(); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

func TestIndexQueryAdd(t *testing.T) {
	o := Options{Level: DocumentLevel}
	x := createIndex(t, o, IndexOptions{})
	added, err := x.Add(slices.Values(indexDocs))
	if err != nil {
		t.Fatal(err)
	}
	// Into an empty index, Add stores what Stats then counts.
	if st, err := x.Stats(); err != nil || st.DiskBytes == 0 || added.DiskBytes != 0 || added.Reps == 0 ||
		added != (IndexStats{Documents: st.Documents, Units: st.Units, Skipped: st.Skipped, Reps: st.Reps, Batches: st.Batches, Bytes: st.Bytes}) {
		t.Errorf("Add = %+v, want the counts of Stats %+v, %v without DiskBytes", added, st, err)
	}
	if _, err := x.QueryAdd(slices.Values(queryDocs)); err != nil {
		t.Fatal(err)
	}
	// The index now holds both: querying more gives what Find gives over
	// all three.
	all := append(slices.Clone(indexDocs), queryDocs...)
	more := []Doc{queryDocs[2], indexDocs[0]}
	res, err := x.Query(slices.Values(more))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pairKeys(res.Pairs), newPairs(t, all, more, o); !slices.Equal(got, want) {
		t.Errorf("pairs after --add =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	st, err := x.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != len(all) || st.Skipped != 1 || st.Units != len(all)-1 {
		t.Errorf("Stats = %+v, want %d documents, 1 skipped", st, len(all))
	}
	if err := x.Verify(); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

func TestIndexDeterministicAcrossWorkers(t *testing.T) {
	var want []byte
	for _, w := range []int{1, 2, 5} {
		x := createIndex(t, Options{Level: PassageLevel}, IndexOptions{Workers: w, BatchDocs: 3})
		if _, err := x.Add(slices.Values(indexDocs)); err != nil {
			t.Fatal(err)
		}
		res, err := x.Query(slices.Values(queryDocs))
		if err != nil {
			t.Fatal(err)
		}
		// The report writers live in internal/report, which imports this
		// package: the pairs and clusters themselves are compared.
		var b strings.Builder
		fmt.Fprintf(&b, "%+v\n%+v\n", res.Pairs, res.Clusters)
		if want == nil {
			want = []byte(b.String())
		} else if b.String() != string(want) {
			t.Errorf("workers %d:\n%s\nwant (1 worker)\n%s", w, b.String(), want)
		}
	}
}

func TestIndexRefusesOtherFormatAndSettings(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	x, err := OpenIndex(dir, IndexOptions{Create: &Options{Level: DocumentLevel}})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.CheckOptions(Options{Level: DocumentLevel, Seed: 7}); !errors.Is(err, ErrIndexSpec) {
		t.Errorf("CheckOptions(seed 7) = %v, want ErrIndexSpec", err)
	}
	if err := x.CheckOptions(Options{Level: DocumentLevel}); err != nil {
		t.Errorf("CheckOptions(same) = %v", err)
	}
	if _, err := OpenIndex(dir, IndexOptions{Create: &Options{}}); err == nil {
		t.Errorf("OpenIndex with Create over an index: no error")
	}
	// A newer format.
	db, err := bolt.Open(filepath.Join(dir, "index.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("format"), []byte{indexFormat + 1})
	})
	db.Close()
	_, err = OpenIndex(dir, IndexOptions{})
	if want := fmt.Sprintf("index format %d is newer than this program (reads 1-%d)", indexFormat+1, indexFormat); !errors.Is(err, ErrIndexFormat) || !strings.Contains(err.Error(), want) {
		t.Errorf("OpenIndex(format %d) = %v, want %q", indexFormat+1, err, want)
	}
	if _, err := OpenIndex(t.TempDir(), IndexOptions{}); !errors.Is(err, ErrIndexFormat) {
		t.Errorf("OpenIndex(empty folder) = %v, want ErrIndexFormat", err)
	}
	if _, err := OpenIndex(filepath.Join(t.TempDir(), "x"), IndexOptions{Create: &Options{Containment: 0.5}}); err == nil {
		t.Errorf("OpenIndex with Create and containment: no error")
	}
}

// TestIndexVerifyFindsDamage changes one stored value at a time and
// checks that Verify names it.
func TestIndexVerifyFindsDamage(t *testing.T) {
	top := func(name []byte) func(*bolt.Tx) *bolt.Bucket {
		return func(tx *bolt.Tx) *bolt.Bucket { return tx.Bucket(name) }
	}
	// The last run: the blocks of the last batch.
	lastRun := func(tx *bolt.Tx) *bolt.Bucket {
		k, _ := tx.Bucket(bucketRuns).Cursor().Last()
		return tx.Bucket(bucketRuns).Bucket(k)
	}
	flip := func(i int) func(k, v []byte) []byte {
		return func(k, v []byte) []byte {
			v = slices.Clone(v)
			v[(i+len(v))%len(v)] ^= 1
			return v
		}
	}
	for _, c := range []struct {
		name   string
		bucket func(*bolt.Tx) *bolt.Bucket
		change func(k, v []byte) []byte // nil value: delete
	}{
		{"doc checksum", top(bucketDocs), flip(0)},
		{"unit checksum", top(bucketUnits), flip(0)},
		{"rep checksum", top(bucketReps), flip(-5)},
		{"band block lost", lastRun, func(k, v []byte) []byte { return nil }},
		{"band block checksum", lastRun, flip(0)},
		{"band entry lost", lastRun, func(k, v []byte) []byte { b, _ := unseal(v); return sealed(slices.Clone(b[:len(b)-8])) }},
		{"band entry changed", lastRun, func(k, v []byte) []byte { b, _ := unseal(v); b = slices.Clone(b); b[len(b)-1] ^= 1; return sealed(b) }},
		{"runs list", top(bucketMeta), func(k, v []byte) []byte {
			if string(k) == "runs" {
				return append(slices.Clone(v), 0)
			}
			return v
		}},
		{"exact entry lost", top(bucketExact), func(k, v []byte) []byte { return nil }},
		{"member lost", top(bucketMembers), func(k, v []byte) []byte { return nil }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			x, err := OpenIndex(dir, IndexOptions{Create: &Options{Level: DocumentLevel}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := x.Add(slices.Values(indexDocs)); err != nil {
				t.Fatal(err)
			}
			if err := x.Verify(); err != nil {
				t.Fatalf("Verify before the damage: %v", err)
			}
			db, err := bolt.Open(filepath.Join(dir, "index.db"), 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error {
				b := c.bucket(tx)
				cur := b.Cursor()
				for k, v := cur.First(); k != nil; k, v = cur.Next() {
					if v == nil {
						continue // a bucket
					}
					if nv := c.change(k, v); nv == nil {
						return b.Delete(slices.Clone(k))
					} else if !slices.Equal(nv, v) {
						return b.Put(slices.Clone(k), nv)
					}
				}
				return fmt.Errorf("nothing changed")
			})
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			if err := x.Verify(); !errors.Is(err, ErrIndexDamaged) {
				t.Errorf("Verify after %s = %v, want ErrIndexDamaged", c.name, err)
			}
		})
	}
}

// TestIndexQueryMatchesFindNews checks on the first 20,000 articles of
// news-2013, 18,000 added and 2,000 queried, that the index answers the
// pairs Find gives over all 20,000.
func TestIndexQueryMatchesFindNews(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	docs := newsDocs(t, 20000)
	old, new := docs[:18000], docs[18000:]
	for _, level := range []Level{DocumentLevel, PassageLevel} {
		t.Run(level.String(), func(t *testing.T) {
			if level == PassageLevel && os.Getenv("KHABAR_SLOW") == "" {
				t.Skip("passage level on 20k: set KHABAR_SLOW=1")
			}
			o := Options{Level: level}
			// Batches of 3,500 leave the band entries of the document
			// level in three runs (the first four batches merged, the
			// fifth, the sixth): the query reads them all.
			x := createIndex(t, o, IndexOptions{BatchDocs: 3500})
			if _, err := x.Add(slices.Values(old)); err != nil {
				t.Fatal(err)
			}
			x.view(func(tx *bolt.Tx) error {
				rs, err := readRuns(tx.Bucket(bucketMeta))
				if err != nil || level == DocumentLevel && len(rs) < 2 {
					t.Errorf("runs %v (%v), want more than one", rs, err)
				}
				t.Logf("runs %v", rs)
				return nil
			})
			res, err := x.Query(slices.Values(new))
			if err != nil {
				t.Fatal(err)
			}
			got, want := pairKeys(res.Pairs), newPairs(t, old, new, o)
			if !slices.Equal(got, want) {
				t.Errorf("%d pairs from the index, %d from Find; first differences:", len(got), len(want))
				for _, s := range diff(got, want, 10) {
					t.Log(s)
				}
			}
			t.Logf("%d pairs", len(got))
		})
	}
}

// diff returns up to n lines only in a (-) or only in b (+).
func diff(a, b []string, n int) []string {
	var out []string
	in := func(s []string, x string) bool { _, ok := slices.BinarySearch(s, x); return ok }
	sa, sb := slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	for _, x := range sa {
		if !in(sb, x) && len(out) < n {
			out = append(out, "- "+x)
		}
	}
	for _, x := range sb {
		if !in(sa, x) && len(out) < n {
			out = append(out, "+ "+x)
		}
	}
	return out
}

// BenchmarkIndexAdd adds the first 20,000 articles of news-2013 to a new
// index at document level, beside Find over the same documents.
func BenchmarkIndexAdd(b *testing.B) {
	docs := newsDocs(b, 20000)
	var size int64
	for _, d := range docs {
		size += int64(len(d.Text))
	}
	b.Run("find", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Find(slices.Values(docs), Options{Level: DocumentLevel}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("index-add", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			x, err := OpenIndex(filepath.Join(b.TempDir(), "idx"), IndexOptions{Create: &Options{Level: DocumentLevel}, BatchDocs: 5000})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := x.Add(slices.Values(docs)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
