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
		if _, err := NewMinHash(size, 0); err == nil {
			t.Errorf("NewMinHash(%d, 0) = nil error, want one", size)
		}
	}
}

func TestMinHashKnownAnswer(t *testing.T) {
	mh, _ := NewMinHash(4, 1)
	sig := mh.Sign(nil, []uint64{1, 2, 3, 0xdeadbeefcafef00d})
	// Value i is min over x of (a[i]*fold(x)+b[i])>>32, written out.
	for i := range sig {
		want := ^uint32(0)
		for _, h := range []uint64{1, 2, 3, 0xdeadbeefcafef00d} {
			x := uint64(uint32(h) ^ uint32(h>>32))
			want = min(want, uint32((mh.a[i]*x+mh.b[i])>>32))
		}
		if sig[i] != want {
			t.Errorf("Sign value %d = %#x, want %#x", i, sig[i], want)
		}
	}
	if want := []uint32{0x424ac534, 0x5b7c6f5d, 0x187f0a8a, 0x27b58055}; !slices.Equal(sig, want) {
		t.Errorf("Sign({1,2,3,0xdeadbeefcafef00d}) with seed 1 = %#x, want %#x", sig, want)
	}
}

func TestMinHashProperties(t *testing.T) {
	mh, _ := NewMinHash(DefaultHashes, 7)
	a := []uint64{5, 1, 9, 3}
	// Order and repeats do not matter; a signature is appended to dst.
	s1 := mh.Sign(nil, a)
	s2 := mh.Sign([]uint32{42}, []uint64{9, 3, 3, 1, 5, 5})
	if s2[0] != 42 || !slices.Equal(s1, s2[1:]) {
		t.Errorf("Sign depends on order or repeats, or does not append")
	}
	other, _ := NewMinHash(DefaultHashes, 8)
	if slices.Equal(s1, other.Sign(nil, a)) {
		t.Errorf("seeds 7 and 8 give the same signature")
	}
	empty := mh.Sign(nil, nil)
	for _, v := range empty {
		if v != ^uint32(0) {
			t.Fatalf("Sign(empty) has value %#x, want 0xffffffff", v)
		}
	}
	if got := EstimateJaccard(s1, s1); got != 1 {
		t.Errorf("EstimateJaccard(s, s) = %v, want 1", got)
	}
	if got := EstimateJaccard(s1, s1[:3]); got != 0 {
		t.Errorf("EstimateJaccard of different lengths = %v, want 0", got)
	}
}

// TestMinHashEstimate checks that the estimate is unbiased with the
// binomial spread: over many pairs of random sets with known Jaccard
// similarity, the mean error is near 0 and the spread near sqrt(J(1-J)/k).
func TestMinHashEstimate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mh, _ := NewMinHash(DefaultHashes, 0)
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
			d := EstimateJaccard(mh.Sign(nil, a), mh.Sign(nil, b)) - exact
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
