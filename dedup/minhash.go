package dedup

import "fmt"

// DefaultHashes is the default number of MinHash values in a signature.
const DefaultHashes = 128

// MaxHashes is the largest signature size.
const MaxHashes = 4096

// A MinHash makes MinHash signatures of sets of 64-bit shingle hashes
// (Broder 1997). Value i of the signature of a set S is
//
//	min over x in S of uint32((a[i]*fold(x) + b[i]) >> 32)
//
// where fold(x) xors the two 32-bit halves of x, and a[i] (odd) and b[i] are
// 64-bit numbers drawn from a splitmix64 stream started at the seed. This is
// Dietzfelbinger's multiply-add-shift scheme, a strongly universal family
// on 32-bit keys, evaluated with one multiplication and one addition per
// value: the shingles are hashed once (xxhash) and each permutation only
// mixes that hash. The probability that two sets agree on value i is close
// to their Jaccard similarity.
//
// A MinHash is immutable and safe for concurrent use.
type MinHash struct {
	seed uint64
	a, b []uint64
}

// NewMinHash returns the MinHash with size values per signature and the
// given seed. Two signatures can only be compared when they were made with
// the same size and seed.
func NewMinHash(size int, seed uint64) (*MinHash, error) {
	if size < 1 || size > MaxHashes {
		return nil, fmt.Errorf("%w: %d (want 1 to %d)", ErrHashes, size, MaxHashes)
	}
	m := &MinHash{seed: seed, a: make([]uint64, size), b: make([]uint64, size)}
	state := seed
	for i := range m.a {
		m.a[i] = splitmix64(&state) | 1
		m.b[i] = splitmix64(&state)
	}
	return m, nil
}

// Size returns the number of values in a signature.
func (m *MinHash) Size() int { return len(m.a) }

// Seed returns the seed m was made with.
func (m *MinHash) Seed() uint64 { return m.seed }

// Sign appends the signature of set to dst and returns it. set holds
// shingle hashes; repeats do not change the signature. The signature of an
// empty set has every value 0xFFFFFFFF; Find never signs an empty set.
func (m *MinHash) Sign(dst []uint32, set []uint64) []uint32 {
	k := len(m.a)
	start := len(dst)
	dst = append(dst, make([]uint32, k)...)
	sig := dst[start:]
	i := 0
	// Four permutations per pass over the set: each shingle is loaded
	// once for four multiply-adds, which keeps the loop compute-bound.
	for ; i+4 <= k; i += 4 {
		a0, a1, a2, a3 := m.a[i], m.a[i+1], m.a[i+2], m.a[i+3]
		b0, b1, b2, b3 := m.b[i], m.b[i+1], m.b[i+2], m.b[i+3]
		var m0, m1, m2, m3 uint32 = ^uint32(0), ^uint32(0), ^uint32(0), ^uint32(0)
		for _, h := range set {
			x := uint64(uint32(h) ^ uint32(h>>32))
			m0 = min(m0, uint32((a0*x+b0)>>32))
			m1 = min(m1, uint32((a1*x+b1)>>32))
			m2 = min(m2, uint32((a2*x+b2)>>32))
			m3 = min(m3, uint32((a3*x+b3)>>32))
		}
		sig[i], sig[i+1], sig[i+2], sig[i+3] = m0, m1, m2, m3
	}
	for ; i < k; i++ {
		a, b := m.a[i], m.b[i]
		v := ^uint32(0)
		for _, h := range set {
			x := uint64(uint32(h) ^ uint32(h>>32))
			v = min(v, uint32((a*x+b)>>32))
		}
		sig[i] = v
	}
	return dst
}

// EstimateJaccard returns the fraction of equal values in two signatures
// of the same MinHash: an unbiased estimate of the Jaccard similarity of
// their sets, with standard deviation sqrt(J(1-J)/len(a)).
func EstimateJaccard(a, b []uint32) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}

// splitmix64 returns the next value of the splitmix64 generator (Steele,
// Lea and Flood 2014) whose state is *s.
func splitmix64(s *uint64) uint64 {
	*s += 0x9e3779b97f4a7c15
	z := *s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
