package dedup

import (
	"fmt"
	"math/bits"
)

// simHash returns the 64-bit SimHash fingerprint (Charikar 2002) of a
// passage's shingle hashes hs, repeats included: bit b of the fingerprint
// is set when more than half of the shingles, each counted as many times
// as it occurs, have bit b set. Similar shingle multisets get fingerprints
// at a small Hamming distance. simHash(nil) is 0.
func simHash(hs []uint64) uint64 {
	// Count the set bits of every position with eight 8-lane byte
	// counters: lane[j] byte i counts bit 8i+j. A byte overflows after
	// 255 additions, so the lanes are flushed every 255 hashes.
	const ones = 0x0101010101010101
	var diff [64]int // set minus unset, per bit
	for len(hs) > 0 {
		chunk := hs[:min(len(hs), 255)]
		hs = hs[len(chunk):]
		var lane [8]uint64
		for _, h := range chunk {
			lane[0] += h & ones
			lane[1] += (h >> 1) & ones
			lane[2] += (h >> 2) & ones
			lane[3] += (h >> 3) & ones
			lane[4] += (h >> 4) & ones
			lane[5] += (h >> 5) & ones
			lane[6] += (h >> 6) & ones
			lane[7] += (h >> 7) & ones
		}
		for j, l := range lane {
			for i := 0; i < 8; i++ {
				diff[8*i+j] += 2*int(l>>(8*i)&0xff) - len(chunk)
			}
		}
	}
	var fp uint64
	for b, d := range diff {
		if d > 0 {
			fp |= 1 << b
		}
	}
	return fp
}

// hamming returns the number of bits in which a and b differ.
func hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// simBlocks is the multi-index for SimHash search with largest distance
// k (Manku, Jain and Das Sarma 2007; Norouzi, Punjani and Fleet 2012): the
// 64 bits are cut into k+1 blocks of consecutive bits, and by the
// pigeonhole principle two fingerprints within distance k agree exactly on
// at least one block. Table t of a bandTable keyed by block t therefore lists
// every such pair as a candidate, and a popcount keeps the true ones.
type simBlocks struct {
	shift []uint
	mask  []uint64
}

// newSimBlocks returns the blocks for distance k, 0 <= k <= MaxK.
func newSimBlocks(k int) (simBlocks, error) {
	if k < 0 || k > MaxK {
		return simBlocks{}, fmt.Errorf("%w: %d (want 0 to %d)", ErrK, k, MaxK)
	}
	n := k + 1
	var sb simBlocks
	pos := uint(0)
	for t := 0; t < n; t++ {
		width := uint(64 / n)
		if t < 64%n {
			width++
		}
		sb.shift = append(sb.shift, pos)
		sb.mask = append(sb.mask, 1<<width-1)
		pos += width
	}
	return sb, nil
}

// Tables returns the number of blocks, k+1.
func (sb simBlocks) Tables() int { return len(sb.shift) }

// Keys appends the block values of fingerprint fp to dst, one per table.
func (sb simBlocks) Keys(dst []uint64, fp uint64) []uint64 {
	for t, s := range sb.shift {
		dst = append(dst, fp>>s&sb.mask[t])
	}
	return dst
}
