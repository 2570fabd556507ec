package dedup

import (
	"fmt"
	"math/bits"
)

// A minHash makes MinHash signatures of sets of 64-bit shingle hashes with
// one permutation hashing and optimal densification (Li, Owen and Zhang
// 2012; Shrivastava 2017): a signature of k values is made in one pass over
// the set instead of k, and two signatures agree on each value with
// probability equal to the Jaccard similarity of their sets, as with k
// independent permutations.
//
//  1. Every shingle hash x is mixed with the seed, v = mix(x ^ s), where
//     mix is the splitmix64 finalizer and s comes from the seed. The high
//     32 bits of v choose one of k bins, (v>>32)*k>>32; the low 32 bits
//     are its value. Each bin keeps the smallest value it gets.
//  2. A bin that got no shingle (a set with few shingles leaves many)
//     takes the value of the first non-empty bin in its own probe sequence:
//     a fixed pseudo-random sequence of bins drawn from a splitmix64 stream
//     started at a value derived from the seed and the bin number. The
//     sequences do not depend on the set, which is what keeps the collision
//     probability exactly J.
//
// Step 2 either walks the probe sequence or, when the set filled few bins,
// looks up for each filled bin the first position at which it appears in
// the sequence (a table of k*k positions made once per MinHash): both give
// the same bin, in time O(k*sqrt(k)) at worst.
//
// A minHash is immutable and safe for concurrent use.
type minHash struct {
	seed uint64
	k    int
	s    uint64   // mixed into every shingle hash
	seq  []uint16 // seq[i*probeLen+a] is probe a of bin i
	// first[i*k+j] is the position of bin j's first appearance in bin i's
	// probe sequence.
	first []uint32
}

// probeLen is the number of probes kept per bin; more are generated when
// needed.
const probeLen = 32

// newMinHash returns the MinHash with size values per signature and the
// given seed. Two signatures can only be compared when they were made with
// the same size and seed.
func newMinHash(size int, seed uint64) (*minHash, error) {
	if size < 1 || size > MaxHashes {
		return nil, fmt.Errorf("%w: %d (want 1 to %d)", ErrHashes, size, MaxHashes)
	}
	state := seed
	m := &minHash{seed: seed, k: size, s: splitmix64(&state), seq: make([]uint16, size*probeLen), first: make([]uint32, size*size)}
	for i := 0; i < size; i++ {
		p := m.probes(i)
		for a := 0; a < probeLen; a++ {
			m.seq[i*probeLen+a] = uint16(p.next())
		}
		row := m.first[i*size : (i+1)*size]
		for j := range row {
			row[j] = ^uint32(0)
		}
		p = m.probes(i)
		for a, left := uint32(0), size; left > 0; a++ {
			if j := p.next(); row[j] == ^uint32(0) {
				row[j] = a
				left--
			}
		}
	}
	return m, nil
}

// A probeSeq generates the probe sequence of one bin.
type probeSeq struct {
	state uint64
	k     uint64
}

func (m *minHash) probes(bin int) probeSeq {
	return probeSeq{state: m.seed ^ 0x5851f42d4c957f2d*uint64(bin+1), k: uint64(m.k)}
}

func (p *probeSeq) next() int {
	hi, _ := bits.Mul64(splitmix64(&p.state), p.k)
	return int(hi)
}

// Size returns the number of values in a signature.
func (m *minHash) Size() int { return m.k }

// Seed returns the seed m was made with.
func (m *minHash) Seed() uint64 { return m.seed }

// mix64 is the splitmix64 finalizer, a bijection of 64-bit values with
// full avalanche.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Sign appends the signature of set to dst and returns it. set holds
// shingle hashes; order and repeats do not change the signature. The
// signature of an empty set has every value 0xFFFFFFFF; Find never signs an
// empty set.
func (m *minHash) Sign(dst []uint32, set []uint64) []uint32 {
	k := m.k
	start := len(dst)
	dst = append(dst, make([]uint32, k)...)
	sig := dst[start:]
	var filledBits [MaxHashes / 64]uint64
	filled := filledBits[:(k+63)/64]
	nfilled := 0
	for _, x := range set {
		v := mix64(x ^ m.s)
		b := (v >> 32) * uint64(k) >> 32
		val := uint32(v)
		w, bit := b>>6, uint64(1)<<(b&63)
		if filled[w]&bit == 0 {
			filled[w] |= bit
			sig[b] = val
			nfilled++
		} else if val < sig[b] {
			sig[b] = val
		}
	}
	switch {
	case nfilled == k:
		return dst
	case nfilled == 0:
		for i := range sig {
			sig[i] = ^uint32(0)
		}
		return dst
	}
	isFilled := func(j int) bool { return filled[j>>6]&(1<<(j&63)) != 0 }
	// With few filled bins, scanning them beats walking a sequence that
	// finds one only every k/nfilled probes.
	var list [MaxHashes]uint16
	var few []uint16
	if nfilled*nfilled < k {
		few = list[:0]
		for j := 0; j < k; j++ {
			if isFilled(j) {
				few = append(few, uint16(j))
			}
		}
	}
	for i := 0; i < k; i++ {
		if isFilled(i) {
			continue
		}
		src := -1
		if few != nil {
			row := m.first[i*k : (i+1)*k]
			best := ^uint32(0)
			for _, j := range few {
				if row[j] < best {
					best, src = row[j], int(j)
				}
			}
		} else {
			for _, j := range m.seq[i*probeLen : (i+1)*probeLen] {
				if isFilled(int(j)) {
					src = int(j)
					break
				}
			}
			if src < 0 {
				p := m.probes(i)
				for a := 0; ; a++ {
					j := p.next()
					if a >= probeLen && isFilled(j) {
						src = j
						break
					}
				}
			}
		}
		sig[i] = sig[src]
	}
	return dst
}

// estimateJaccard returns the fraction of equal values in two signatures
// of the same MinHash: an unbiased estimate of the Jaccard similarity of
// their sets.
func estimateJaccard(a, b []uint32) float64 {
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
	return mix64(*s)
}
