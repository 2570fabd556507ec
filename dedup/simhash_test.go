package dedup

import (
	"math/bits"
	"math/rand/v2"
	"testing"
)

// simHashNaive is the definition of SimHash, bit by bit.
func simHashNaive(hs []uint64) uint64 {
	var fp uint64
	for b := 0; b < 64; b++ {
		d := 0
		for _, h := range hs {
			if h>>b&1 == 1 {
				d++
			} else {
				d--
			}
		}
		if d > 0 {
			fp |= 1 << b
		}
	}
	return fp
}

func TestSimHash(t *testing.T) {
	tests := []struct {
		hs   []uint64
		want uint64
	}{
		{nil, 0},
		{[]uint64{0xf0}, 0xf0},
		{[]uint64{0b1100, 0b1010, 0b1001}, 0b1000},
		{[]uint64{0b11, 0b01}, 0b01}, // a tie is 0
		{[]uint64{0b10, 0b10, 0b01}, 0b10},
	}
	for _, tt := range tests {
		if got := simHash(tt.hs); got != tt.want {
			t.Errorf("SimHash(%b) = %b, want %b", tt.hs, got, tt.want)
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 254, 255, 256, 600, 1000} {
		hs := make([]uint64, n)
		for i := range hs {
			hs[i] = rng.Uint64() & rng.Uint64() // biased, so bits are not ties
			if i%3 == 0 && i > 0 {
				hs[i] = hs[i-1]
			}
		}
		if got, want := simHash(hs), simHashNaive(hs); got != want {
			t.Errorf("SimHash of %d hashes = %#x, want %#x", n, got, want)
		}
	}
}

func TestSimHashBlocks(t *testing.T) {
	for k := 0; k <= MaxK; k++ {
		sb, err := newSimBlocks(k)
		if err != nil {
			t.Fatal(err)
		}
		if sb.Tables() != k+1 {
			t.Errorf("k=%d: %d tables, want %d", k, sb.Tables(), k+1)
		}
		// The blocks cover the 64 bits exactly once.
		var cover uint64
		total := 0
		for i, s := range sb.shift {
			cover |= sb.mask[i] << s
			total += bits.OnesCount64(sb.mask[i])
		}
		if cover != ^uint64(0) || total != 64 {
			t.Errorf("k=%d: blocks cover %#x with %d bits, want all 64 once", k, cover, total)
		}
	}
	for _, k := range []int{-1, MaxK + 1} {
		if _, err := newSimBlocks(k); err == nil {
			t.Errorf("newSimBlocks(%d) = nil error, want one", k)
		}
	}
	// Pigeonhole: fingerprints within distance k share a block.
	rng := rand.New(rand.NewPCG(5, 6))
	sb, _ := newSimBlocks(3)
	for range 1000 {
		a := rng.Uint64()
		b := a
		for range rng.IntN(4) {
			b ^= 1 << rng.IntN(64)
		}
		ka, kb := sb.Keys(nil, a), sb.Keys(nil, b)
		shared := false
		for i := range ka {
			shared = shared || ka[i] == kb[i]
		}
		if !shared {
			t.Fatalf("%#x and %#x at distance %d share no block", a, b, hamming(a, b))
		}
	}
}
