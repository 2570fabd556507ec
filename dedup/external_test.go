package dedup

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// variedDocs returns n documents made from the seeds' lines: each a few
// lines, some copied whole, some with a word changed, dropped or added,
// so that there are exact copies, near duplicates at every similarity and
// chains of them, within and across documents.
func variedDocs(t testing.TB, n int, seed uint64) []Doc {
	var lines []string
	for _, d := range seedDocs(t) {
		for _, l := range strings.Split(d.Text, "\n") {
			if len(strings.Fields(l)) >= 4 {
				lines = append(lines, l)
			}
		}
	}
	r := rand.New(rand.NewPCG(seed, 1))
	var docs []Doc
	for i := range n {
		var b strings.Builder
		for range 1 + r.IntN(6) {
			w := strings.Fields(lines[r.IntN(len(lines))])
			switch r.IntN(4) {
			case 1:
				w[r.IntN(len(w))] = fmt.Sprintf("كلمة%d", r.IntN(50))
			case 2:
				j := r.IntN(len(w))
				w = append(w[:j], w[j+1:]...)
			case 3:
				w = append(w, "وأضاف")
			}
			b.WriteString(strings.Join(w, " "))
			b.WriteString("\n")
			if r.IntN(5) == 0 {
				b.WriteString("\n")
			}
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("d%03d", i), Text: b.String()})
	}
	return docs
}

// sameResult fails t when got, a result of the external path, differs
// from want, the in-memory one, in anything but the options that choose
// the path.
func sameResult(t *testing.T, got, want *Result) {
	t.Helper()
	g := *got
	g.Options.Memory, g.Options.TempDir = 0, ""
	if reflect.DeepEqual(&g, want) {
		return
	}
	if g.Stats != want.Stats {
		t.Errorf("stats %+v, want %+v", g.Stats, want.Stats)
	}
	if len(g.Clusters) != len(want.Clusters) {
		t.Errorf("%d clusters, want %d", len(g.Clusters), len(want.Clusters))
	}
	for i := range min(len(g.Clusters), len(want.Clusters)) {
		if !reflect.DeepEqual(g.Clusters[i], want.Clusters[i]) {
			t.Errorf("cluster %d:\n%+v\nwant\n%+v", i, g.Clusters[i], want.Clusters[i])
			break
		}
	}
	if len(g.Pairs) != len(want.Pairs) {
		t.Errorf("%d pairs, want %d", len(g.Pairs), len(want.Pairs))
	}
	for i := range min(len(g.Pairs), len(want.Pairs)) {
		if g.Pairs[i] != want.Pairs[i] {
			t.Errorf("pair %d:\n%+v\nwant\n%+v", i, g.Pairs[i], want.Pairs[i])
			break
		}
	}
	if !reflect.DeepEqual(g.Options, want.Options) {
		t.Errorf("options %+v, want %+v", g.Options, want.Options)
	}
}

// checkExternal runs the external path on docs with o and a budget of
// mem bytes, checks that it gives want, and returns its result and the
// counts of its temporary files.
func checkExternal(t *testing.T, docs []Doc, o Options, mem int64, want *Result) (*Result, tempFiles) {
	t.Helper()
	o.Memory = mem
	r, err := o.resolve()
	if err != nil {
		t.Fatal(err)
	}
	got, tf, err := runExternal(slices.Values(docs), r)
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, got, want)
	return got, tf
}

// TestExternalMatchesFind checks that Options.Memory gives the same
// result as the in-memory path, with budgets small enough for many runs
// and merge passes, for every method, level, clustering and with pairs.
func TestExternalMatchesFind(t *testing.T) {
	docs := append(seedDocs(t), variedDocs(t, 400, 7)...)
	optsList := []Options{
		{},
		{Pairs: true},
		{Paragraphs: true, Pairs: true},
		{Level: DocumentLevel},
		{Level: DocumentLevel, Pairs: true},
		{Stars: true, Pairs: true},
		{Level: DocumentLevel, Stars: true},
		{Threshold: 0.5, Pairs: true},
		{Threshold: 0.5, Stars: true},
		{Shingle: Shingling{Chars: true, N: 5}, MinTokens: 5},
		{Method: SimHashBits, Pairs: true},
		{Method: SimHashBits, Level: DocumentLevel, Stars: true},
		{NoVerify: true, Pairs: true},
		{NoVerify: true, Method: SimHashBits, Stars: true},
		{Workers: 1, Pairs: true},
		{Workers: 3},
	}
	for _, o := range optsList {
		want, err := Find(slices.Values(docs), o)
		if err != nil {
			t.Fatal(err)
		}
		budgets := []int64{1 << 10, 200 << 10, 64 << 20}
		if raceEnabled {
			budgets = budgets[:1] // the most runs and merges; the race detector is slow
		}
		for _, mem := range budgets {
			spec, _ := want.Options.Spec()
			name := fmt.Sprintf("%s/%s/pairs=%v/stars=%v/mem%d", strings.Fields(spec.String())[1], spec.Method, o.Pairs, o.Stars, mem)
			t.Run(name, func(t *testing.T) {
				o := o
				o.TempDir = t.TempDir()
				_, tf := checkExternal(t, docs, o, mem, want)
				// At passage level there are thousands of band entries:
				// runs of 64 records, merged two at a time.
				if mem == 1<<10 && o.Level == PassageLevel && (tf.runs < 4 || tf.merges < 1) {
					t.Errorf("%d runs and %d merge passes with a budget of %d bytes: want several of both", tf.runs, tf.merges, mem)
				}
				if left, _ := os.ReadDir(o.TempDir); len(left) != 0 {
					t.Errorf("%d temporary files left behind", len(left))
				}
			})
		}
	}
	if len(docs) < 400 {
		t.Fatal("no varied documents")
	}
}

// TestExternalFind checks the path through Find itself, and that
// the varied documents have duplicates of every kind (the test above
// would pass on a corpus without any).
func TestExternalFind(t *testing.T) {
	docs := variedDocs(t, 300, 3)
	o := Options{Pairs: true, Stars: true}
	want, err := Find(slices.Values(docs), o)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]int{}
	for _, p := range want.Pairs {
		kinds[p.Kind]++
	}
	if kinds[Exact] == 0 || kinds[Near] == 0 || len(want.Clusters) < 20 {
		t.Fatalf("varied documents: %d clusters, pairs by kind %v: want exact and near ones", len(want.Clusters), kinds)
	}
	o.Memory = 4 << 10
	got, err := Find(slices.Values(docs), o)
	if err != nil {
		t.Fatal(err)
	}
	sameResult(t, got, want)
}

// TestExternalEmpty checks the external path on no documents and on
// documents without tokens.
func TestExternalEmpty(t *testing.T) {
	for _, docs := range [][]Doc{nil, {{ID: "a", Text: ""}, {ID: "b", Text: "... ,,"}}} {
		want, err := Find(slices.Values(docs), Options{Pairs: true})
		if err != nil {
			t.Fatal(err)
		}
		checkExternal(t, docs, Options{Pairs: true}, 1<<20, want)
	}
}

// TestExternalOptionErrors checks the options the external path refuses.
func TestExternalOptionErrors(t *testing.T) {
	for _, o := range []Options{{Memory: -1}, {Memory: 1 << 20, Containment: 0.7}} {
		if _, err := Find(nil, o); err == nil {
			t.Errorf("Find(%+v) = nil error, want one", o)
		}
	}
	if _, err := Find(slices.Values(seedDocs(t)), Options{Memory: 1 << 20, TempDir: "/nonexistent/khabar"}); err == nil {
		t.Error("Find with a TempDir that does not exist: nil error, want one")
	}
}

// TestExternalMatchesFindNews checks the external path against Find on
// the first 20,000 articles of news-2013, at document and passage level,
// with a budget that makes many runs and merge passes.
func TestExternalMatchesFindNews(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	docs := newsDocs(t, 20000)
	for _, o := range []Options{{Level: DocumentLevel, Pairs: true}, {Level: DocumentLevel}, {Pairs: true}, {}} {
		t.Run(fmt.Sprintf("%s/pairs=%v", o.Level, o.Pairs), func(t *testing.T) {
			if o.Level == PassageLevel && raceEnabled {
				t.Skip("passage level under the race detector: minutes; the seeds' tests cover it")
			}
			want, err := Find(slices.Values(docs), o)
			if err != nil {
				t.Fatal(err)
			}
			// Runs of 1,024 band entries per table, merged 16 at a time.
			got, tf := checkExternal(t, docs, o, 512<<10, want)
			t.Logf("%d clusters, %d pairs, %d candidates; %d runs, %d merge passes, %d MB of runs", len(got.Clusters), len(got.Pairs), got.Stats.Candidates, tf.runs, tf.merges, tf.bytes>>20)
			if tf.runs < 4 || tf.merges < 1 {
				t.Errorf("%d runs and %d merge passes: want several of both", tf.runs, tf.merges)
			}
		})
	}
}

// TestSorter checks the external sort against slices.Sort, with budgets
// from one run to many runs merged in several passes.
func TestSorter(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 63, 64, 65, 1025, 50000} {
		in := make([][3]uint64, n)
		for i := range in {
			in[i] = [3]uint64{r.Uint64N(100), r.Uint64(), uint64(i)}
		}
		want := slices.Clone(in)
		slices.SortFunc(want, compareRecords)
		for _, mem := range []int64{1, 64 << 10, 64 << 20} {
			tf := newTempFiles(t.TempDir())
			s := newSorter[[3]uint64](tf, mem)
			for _, v := range in {
				s.add(v)
			}
			m, err := s.merge(mem)
			if err != nil {
				t.Fatal(err)
			}
			var got [][3]uint64
			for m.next() {
				got = append(got, m.cur)
			}
			if m.err != nil {
				t.Fatal(m.err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("n=%d mem=%d: %d records out, not in order or not the same (want %d)", n, mem, len(got), len(want))
			}
			if n == 50000 && mem == 1 && tf.merges == 0 {
				t.Errorf("n=%d mem=%d: %d runs, no merge pass", n, mem, tf.runs)
			}
			tf.close()
		}
	}
}

// BenchmarkFindExternal compares the external path (Options.Memory, 32
// MiB) with the in-memory one on the first 20,000 articles of news-2013,
// in the same run: at document level with every pair, at passage level
// the clusters.
//
//	KHABAR_DATA=../shared/data go test ./dedup -run '^$' -bench FindExternal -benchtime 3x
func BenchmarkFindExternal(b *testing.B) {
	docs := newsDocs(b, 20000)
	var size int64
	for _, d := range docs {
		size += int64(len(d.Text))
	}
	for _, o := range []Options{{Level: DocumentLevel, Pairs: true}, {Level: PassageLevel}} {
		for _, mem := range []int64{0, 32 << 20} {
			b.Run(fmt.Sprintf("news20k/%s/pairs=%v/mem=%dMiB", o.Level, o.Pairs, mem>>20), func(b *testing.B) {
				o := o
				o.Memory = mem
				b.SetBytes(size)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Find(slices.Values(docs), o); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
