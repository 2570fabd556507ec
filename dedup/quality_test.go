package dedup

import (
	"cmp"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/khabar-nlp/khabar/internal/text"
)

// exactPairs returns every pair i < j of sets with Jaccard similarity at
// least t, computed exactly: the all-pairs algorithm of Bayardo, Ma and
// Srikant (2007) with prefix filtering. Shingles are renumbered from the
// rarest to the most common and each set sorted that way; two sets with
// Jaccard similarity >= t share at least ceil(t max(|x|, |y|)) shingles, so
// each shares one of its first |x| - ceil(t|x|) + 1 shingles with the
// other. Sets are taken from the smallest up, each probing the index of the
// prefixes of the smaller ones seen before it (which must hold at least
// t|x| shingles), then adding its own prefix. Every candidate is verified.
func exactPairs(sets [][]uint64, t float64) map[[2]int]bool {
	freq := make(map[uint64]int32)
	for _, s := range sets {
		for _, h := range s {
			freq[h]++
		}
	}
	type shingle struct {
		h uint64
		n int32
	}
	all := make([]shingle, 0, len(freq))
	for h, n := range freq {
		all = append(all, shingle{h, n})
	}
	slices.SortFunc(all, func(a, b shingle) int { return cmp.Or(cmp.Compare(a.n, b.n), cmp.Compare(a.h, b.h)) })
	rank := make(map[uint64]int32, len(all))
	for i, s := range all {
		rank[s.h] = int32(i)
	}
	ranked := make([][]int32, len(sets))
	for i, s := range sets {
		r := make([]int32, len(s))
		for k, h := range s {
			r[k] = rank[h]
		}
		slices.Sort(r)
		ranked[i] = r
	}
	order := make([]int, 0, len(sets))
	for i, s := range sets {
		if len(s) > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(len(sets[a]), len(sets[b])) })

	index := make(map[int32][]int)
	seen := make(map[int]int)
	pairs := make(map[[2]int]bool)
	for _, x := range order {
		rx := ranked[x]
		prefix := len(rx) - int(math.Ceil(t*float64(len(rx))-1e-9)) + 1
		for _, tok := range rx[:prefix] {
			for _, y := range index[tok] {
				if seen[y] == x+1 || float64(len(ranked[y])) < t*float64(len(rx))-1e-9 {
					continue
				}
				seen[y] = x + 1
				in := intersection(rx, ranked[y])
				if float64(in) >= t*float64(len(rx)+len(ranked[y])-in)-1e-9 {
					pairs[[2]int{min(x, y), max(x, y)}] = true
				}
			}
		}
		for _, tok := range rx[:prefix] {
			index[tok] = append(index[tok], x)
		}
	}
	return pairs
}

func TestExactPairs(t *testing.T) {
	sets := [][]uint64{
		{1, 2, 3, 4, 5},
		{1, 2, 3, 4, 6},    // J with 0 = 4/6
		{1, 2, 3, 4, 5},    // = 0
		{},                 // never a pair
		{},                 //
		{1, 2, 3, 4, 5, 7}, // J with 0 = 5/6
		{9},
	}
	got := exactPairs(sets, 0.8)
	want := map[[2]int]bool{{0, 2}: true, {0, 5}: true, {2, 5}: true}
	if len(got) != len(want) {
		t.Errorf("exactPairs = %v, want %v", got, want)
	}
	for p := range want {
		if !got[p] {
			t.Errorf("exactPairs = %v, want %v", got, want)
		}
	}
	if got := exactPairs(sets, 0.6); len(got) != 5 || !got[[2]int{0, 1}] || !got[[2]int{1, 2}] {
		t.Errorf("exactPairs at 0.6 = %v, want the 3 pairs and (0,1), (1,2) (J(1,5) = 4/7)", got)
	}
}

// TestQualityNews2013 compares the verified pairs of document-level MinHash
// LSH on the first 20,000 documents of news-2013 (title and text, word
// 3-grams, Jaccard >= 0.8) with the exact all-pairs answer: every pair
// reported must be a true pair (precision 1) and at least 99% of the true
// pairs must be reported. With -short or the race detector it checks the
// first 5,000 documents.
func TestQualityNews2013(t *testing.T) {
	n := 20000
	if testing.Short() || raceEnabled {
		n = 5000
	}
	docs := newsDocs(t, n)
	res, err := Find(slices.Values(docs), Options{Level: DocumentLevel, Pairs: true})
	if err != nil {
		t.Fatal(err)
	}
	tk := text.New(text.Settings{}).NewTokenizer()
	sh := newShingler(defaultShingling)
	sets := make([][]uint64, len(docs))
	for i, d := range docs {
		sets[i] = slices.Clone(sh.Set(tk.Tokens(d.Text)))
	}
	truth := exactPairs(sets, 0.8)
	found := 0
	for _, p := range res.Pairs {
		key := [2]int{p.A.Doc, p.B.Doc}
		if !truth[key] {
			t.Errorf("pair %v (%s, %s, J %.3f) is not a true pair (exact J %.3f)", key, p.A.ID, p.B.ID, p.Similarity, jaccard(sets[key[0]], sets[key[1]]))
			continue
		}
		found++
	}
	recall := float64(found) / float64(len(truth))
	precision := float64(found) / float64(max(len(res.Pairs), 1))
	t.Logf("%d documents: %d true pairs, %d reported, recall %.4f, precision %.4f (%d candidates, %d bands x %d rows)",
		len(docs), len(truth), len(res.Pairs), recall, precision, res.Stats.Candidates, res.Options.Bands, res.Options.Rows)
	if recall < 0.99 {
		t.Errorf("recall %.4f < 0.99", recall)
	}
}

// TestBandingRecall measures the default LSH banding (recallBanding) against
// the earlier one (14 bands x 9 rows) on two slices of news-2013, the
// first 20,000 documents and the next 20,000 (held out: no setting was
// chosen on them), for MinHash seeds 0-7: recall against the exact
// all-pairs answer, candidates verified, and time. It takes about a
// minute, so it runs only with KHABAR_BANDING=1:
//
//	KHABAR_BANDING=1 KHABAR_DATA=../shared/data go test ./dedup -run BandingRecall -v
func TestBandingRecall(t *testing.T) {
	if os.Getenv("KHABAR_BANDING") != "1" {
		t.Skip("set KHABAR_BANDING=1 to measure")
	}
	all := newsDocs(t, 40000)
	tk := text.New(text.Settings{}).NewTokenizer()
	sh := newShingler(defaultShingling)
	def := recallBanding(DefaultThreshold, DefaultHashes, minCandidateProbability)
	for _, slice := range []struct {
		name   string
		lo, hi int
	}{{"first 20,000", 0, 20000}, {"next 20,000 (held out)", 20000, 40000}} {
		docs := all[slice.lo:slice.hi]
		sets := make([][]uint64, len(docs))
		for i, d := range docs {
			sets[i] = slices.Clone(sh.Set(tk.Tokens(d.Text)))
		}
		truth := exactPairs(sets, DefaultThreshold)
		for _, l := range []banding{{14, 9}, def} {
			minRecall := 1.0
			for seed := uint64(0); seed < 8; seed++ {
				start := time.Now()
				res, err := Find(slices.Values(docs), Options{Level: DocumentLevel, Pairs: true, Seed: seed, Bands: l.Bands, Rows: l.Rows})
				took := time.Since(start)
				if err != nil {
					t.Fatal(err)
				}
				found := 0
				for _, p := range res.Pairs {
					if truth[[2]int{p.A.Doc, p.B.Doc}] {
						found++
					}
				}
				recall := float64(found) / float64(len(truth))
				minRecall = min(minRecall, recall)
				t.Logf("%s, %d x %d (P(%.1f) = %.3f), seed %d: %d true pairs, recall %.4f, %d reported, %d candidates, %v",
					slice.name, l.Bands, l.Rows, DefaultThreshold, l.CandidateProbability(DefaultThreshold), seed, len(truth), recall, len(res.Pairs), res.Stats.Candidates, took.Round(time.Millisecond))
			}
			if l == def && minRecall < 0.999 {
				t.Errorf("%s: default banding recall %.4f < 0.999", slice.name, minRecall)
			}
		}
	}
}
