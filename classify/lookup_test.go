package classify

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// TestFeatIndex looks up hashes in indexes of every size up to a few
// directory cells per entry, present and absent, at the ends of the hash
// range too.
func TestFeatIndex(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 17, 100, 1000} {
		var grams []uint64
		for i := range n {
			grams = append(grams, uint64(i)*(^uint64(0)/uint64(n+1))+7)
		}
		x := gramIndex(grams, 5)
		for j, h := range grams {
			if r, ok := x.lookup(h); !ok || r != uint32(5+j) {
				t.Errorf("n=%d: lookup(%#x) = %d, %v, want %d, true", n, h, r, ok, 5+j)
			}
			if r, ok := x.lookup(h + 1); ok {
				t.Errorf("n=%d: lookup(%#x) = %d, true, want not found", n, h+1, r)
			}
		}
		for _, h := range []uint64{0, 1, ^uint64(0)} { // none of grams
			if r, ok := x.lookup(h); ok {
				t.Errorf("n=%d: lookup(%#x) = %d, true, want not found", n, h, r)
			}
		}
	}
}

// TestWordIndexSharedHash checks that words of the model sharing a hash
// are told apart by their bytes, and that other words are found by hash.
func TestWordIndexSharedHash(t *testing.T) {
	words := []string{"alpha", "beta", "gamma", "delta"}
	hashes := make([]uint64, len(words))
	for i, w := range words {
		hashes[i] = xxhash.Sum64String(w)
	}
	// Give "gamma" the hash of "beta", as if the two collided.
	hashes[2] = hashes[1]
	x := wordIndex(hashes)
	shared := map[uint32]string{1: "beta", 2: "gamma"}
	for _, tc := range []struct {
		word string
		hash uint64
		row  uint32
		ok   bool
	}{
		{"alpha", hashes[0], 0, true},
		{"beta", hashes[1], 1, true},
		{"gamma", hashes[1], 2, true},
		{"epsilon", hashes[1], 0, false}, // the shared hash, other bytes
		{"delta", hashes[3], 3, true},
		{"zeta", xxhash.Sum64String("zeta"), 0, false},
	} {
		i, _ := x.start(tc.hash, 0)
		r, ok := x.matchWord(tc.hash, i, []byte(tc.word), shared)
		if ok != tc.ok || ok && r != tc.row {
			t.Errorf("matchWord(%q) = %d, %v, want %d, %v", tc.word, r, ok, tc.row, tc.ok)
		}
	}
}

// TestLoadedModelDecodesLazily checks that a model read from a file, which
// keeps only its file's body beside the compiled tables, gives the counts,
// bytes, predictions and further training of the model it was saved from,
// with those asked for from several goroutines at once (go test -race).
func TestLoadedModelDecodesLazily(t *testing.T) {
	train := readTSV(t, "testdata/nb_train.tsv")
	for _, opts := range []Options{{}, {Complement: true, Bigrams: true, Alpha: 0.5},
		{NGrams: 3, TF: TFLog, IDF: true, LengthNorm: true, Temperature: 2}} {
		orig := mustTrain(t, train, opts)
		data, err := orig.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		m, err := Load("m", data)
		if err != nil {
			t.Fatal(err)
		}
		if m.counts != nil || m.sums != nil || m.words != nil || m.bigrams != nil {
			t.Fatalf("%+v: Load kept decoded counts", opts)
		}
		texts := oldFormatTexts(t)
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Go(func() {
				switch g {
				case 0:
					if !slices.Equal(m.LabelCounts(), orig.LabelCounts()) {
						t.Errorf("%+v: LabelCounts = %v, want %v", opts, m.LabelCounts(), orig.LabelCounts())
					}
				case 1:
					if again, err := m.MarshalBinary(); err != nil || !bytes.Equal(again, data) {
						t.Errorf("%+v: MarshalBinary of the loaded model differs (%v)", opts, err)
					}
				case 2:
					if !m.Equal(orig) {
						t.Errorf("%+v: loaded model not Equal to the saved one", opts)
					}
				case 3:
					got, want := oldPredictions(m, texts), oldPredictions(orig, texts)
					if !slices.EqualFunc(got, want, func(a, b oldPrediction) bool {
						return a.Label == b.Label && a.Known == b.Known && slices.Equal(a.Probs, b.Probs)
					}) {
						t.Errorf("%+v: predictions of the loaded model differ", opts)
					}
				}
			})
		}
		wg.Wait()
		ll, _ := m.LogLikelihoods(texts[0])
		want, _ := orig.LogLikelihoods(texts[0])
		if !slices.Equal(ll, want) {
			t.Errorf("%+v: LogLikelihoods = %v, want %v", opts, ll, want)
		}
		if opts.perDocument() {
			continue // such a model cannot be trained further
		}
		tr, err := NewTrainer(opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.AddModel(m); err != nil {
			t.Fatal(err)
		}
		more, err := tr.Model()
		if err != nil {
			t.Fatal(err)
		}
		if !more.Equal(orig) {
			t.Errorf("%+v: a Trainer given the loaded model does not hold its counts", opts)
		}
	}
}

// TestSortRows compares sortRows with slices.Sort on rows of models of
// every number of radix passes, short and long, with repeats.
func TestSortRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var spare []int32
	for _, R := range []int{1, 2, 255, 256, 257, 1 << 16, 359047, 1 << 24, 1<<31 - 1} {
		for _, n := range []int{0, 1, 63, 64, 65, 500, 3000} {
			rows := make([]int32, n)
			for i := range rows {
				rows[i] = int32(rng.IntN(R))
				if i > 0 && rng.IntN(4) == 0 {
					rows[i] = rows[i-1] // a repeated feature
				}
			}
			want := slices.Clone(rows)
			slices.Sort(want)
			var got []int32
			got, spare = sortRows(rows, spare, R)
			if !slices.Equal(got, want) {
				t.Errorf("sortRows of %d rows below %d: not sorted as slices.Sort sorts them", n, R)
			}
		}
	}
}
