package dedup

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSplitmix64(t *testing.T) {
	// Reference outputs of splitmix64 started at state 0.
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	var s uint64
	for i, w := range want {
		if got := splitmix64(&s); got != w {
			t.Errorf("splitmix64 output %d = %#x, want %#x", i, got, w)
		}
	}
}

func TestNewMinHashSize(t *testing.T) {
	for _, size := range []int{0, -1, MaxHashes + 1} {
		if _, err := newMinHash(size, 0); err == nil {
			t.Errorf("newMinHash(%d, 0) = nil error, want one", size)
		}
	}
}

// signNaive is the definition of a signature, written out: one
// permutation hashing, then every empty bin walks its probe sequence.
func signNaive(m *minHash, set []uint64) []uint32 {
	k := m.k
	sig := make([]uint32, k)
	filled := make([]bool, k)
	for _, x := range set {
		v := mix64(x ^ m.s)
		b := int((v >> 32) * uint64(k) >> 32)
		if !filled[b] || uint32(v) < sig[b] {
			sig[b] = uint32(v)
		}
		filled[b] = true
	}
	out := slices.Clone(sig)
	if !slices.Contains(filled, true) {
		for i := range out {
			out[i] = ^uint32(0)
		}
		return out
	}
	for i := range out {
		if filled[i] {
			continue
		}
		out[i] = ^uint32(0)
		p := m.probes(i)
		for a := 0; a < 1<<20; a++ {
			if j := p.next(); filled[j] {
				out[i] = sig[j]
				break
			}
		}
	}
	return out
}

func TestMinHashKnownAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, k := range []int{1, 7, 64, 128, 256} {
		mh, err := newMinHash(k, uint64(k))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 2, 3, 5, 11, 12, 40, 200, 1000} {
			set := make([]uint64, n)
			for i := range set {
				set[i] = rng.Uint64()
			}
			if got, want := mh.Sign(nil, set), signNaive(mh, set); !slices.Equal(got, want) {
				t.Errorf("k=%d, %d shingles: Sign = %x, want %x", k, n, got, want)
			}
		}
	}
	// Pinned values, so that a change of the scheme (which makes old
	// signatures incomparable) is noticed.
	mh, _ := newMinHash(4, 1)
	sig := mh.Sign(nil, []uint64{1, 2, 3, 0xdeadbeefcafef00d})
	if want := []uint32{0x77856b73, 0x54e958c9, 0x70c7f0ce, 0x70c7f0ce}; !slices.Equal(sig, want) {
		t.Errorf("Sign({1,2,3,0xdeadbeefcafef00d}) with seed 1 = %#x, want %#x", sig, want)
	}
}

func TestMinHashProperties(t *testing.T) {
	mh, _ := newMinHash(DefaultHashes, 7)
	a := []uint64{5, 1, 9, 3}
	// Order and repeats do not matter; a signature is appended to dst.
	s1 := mh.Sign(nil, a)
	s2 := mh.Sign([]uint32{42}, []uint64{9, 3, 3, 1, 5, 5})
	if s2[0] != 42 || !slices.Equal(s1, s2[1:]) {
		t.Errorf("Sign depends on order or repeats, or does not append")
	}
	other, _ := newMinHash(DefaultHashes, 8)
	if slices.Equal(s1, other.Sign(nil, a)) {
		t.Errorf("seeds 7 and 8 give the same signature")
	}
	empty := mh.Sign(nil, nil)
	for _, v := range empty {
		if v != ^uint32(0) {
			t.Fatalf("Sign(empty) has value %#x, want 0xffffffff", v)
		}
	}
	if got := estimateJaccard(s1, s1); got != 1 {
		t.Errorf("estimateJaccard(s, s) = %v, want 1", got)
	}
	if got := estimateJaccard(s1, s1[:3]); got != 0 {
		t.Errorf("estimateJaccard of different lengths = %v, want 0", got)
	}
}

// TestMinHashEstimate checks that the estimate is unbiased with the
// binomial spread: over many pairs of random sets with known Jaccard
// similarity, the mean error is near 0 and the spread near sqrt(J(1-J)/k).
func TestMinHashEstimate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mh, _ := newMinHash(DefaultHashes, 0)
	for _, j := range []float64{0.2, 0.5, 0.8, 0.95} {
		const trials, size = 400, 200
		// |A| = |B| = size, |A∩B| = in, J = in / (2 size - in).
		in := int(math.Round(2 * size * j / (1 + j)))
		exact := float64(in) / float64(2*size-in)
		var sum, sumSq float64
		for range trials {
			a := make([]uint64, 0, size)
			b := make([]uint64, 0, size)
			for i := 0; i < size; i++ {
				x := rng.Uint64()
				a = append(a, x)
				if i < in {
					b = append(b, x)
				} else {
					b = append(b, rng.Uint64())
				}
			}
			d := estimateJaccard(mh.Sign(nil, a), mh.Sign(nil, b)) - exact
			sum += d
			sumSq += d * d
		}
		mean := sum / trials
		sd := math.Sqrt(sumSq / trials)
		want := math.Sqrt(exact * (1 - exact) / DefaultHashes)
		// The mean of 400 trials has standard error want/20.
		if math.Abs(mean) > 4*want/20 || sd > 1.25*want || sd < 0.75*want {
			t.Errorf("J=%.3f: mean error %.4f, spread %.4f; want |mean| < %.4f and spread near %.4f", exact, mean, sd, 4*want/20, want)
		}
	}
}
