package dedup

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"
)

// banding splits a MinHash signature into Bands bands of Rows values each; two
// signatures become a candidate pair when they agree on every value of at
// least one band. Two sets of Jaccard similarity s become candidates with
// probability 1 - (1 - s^Rows)^Bands, an S-curve around the threshold.
type banding struct {
	Bands, Rows int
}

// optimalBanding returns the bands and rows, with Bands*Rows <= hashes, that
// minimize fpWeight*FP + fnWeight*FN, where FP is the area under the
// candidate probability curve below the threshold (pairs found that are not
// similar enough) and FN the area above the curve above the threshold
// (similar pairs missed). This is the choice datasketch's MinHashLSH makes
// (_optimal_param), with the integrals computed by Simpson's rule.
func optimalBanding(threshold float64, hashes int, fpWeight, fnWeight float64) banding {
	best := banding{}
	minErr := math.Inf(1)
	for b := 1; b <= hashes; b++ {
		for r := 1; r <= hashes/b; r++ {
			fb, fr := float64(b), float64(r)
			prob := func(s float64) float64 { return 1 - math.Pow(1-math.Pow(s, fr), fb) }
			fp := simpson(prob, 0, threshold)
			fn := simpson(func(s float64) float64 { return 1 - prob(s) }, threshold, 1)
			if e := fp*fpWeight + fn*fnWeight; e < minErr {
				minErr = e
				best = banding{Bands: b, Rows: r}
			}
		}
	}
	return best
}

// recallBanding returns the bands and rows, with Bands*Rows <= hashes, that
// make two sets of Jaccard similarity threshold a candidate pair with
// probability at least minProb, and among those the fewest false
// candidates: the smallest area under the candidate probability curve
// below the threshold (the first in the order of optimalBanding's loop on a
// tie). When no banding reaches minProb, it is the one that comes
// closest. This is the default of Find (minCandidateProbability), since
// every candidate is then verified exactly: an extra candidate costs one
// Jaccard computation, a missed one a duplicate lost.
func recallBanding(threshold float64, hashes int, minProb float64) banding {
	best, closest := banding{}, banding{}
	minFP, maxP := math.Inf(1), -1.0
	for b := 1; b <= hashes; b++ {
		for r := 1; r <= hashes/b; r++ {
			l := banding{Bands: b, Rows: r}
			p := l.CandidateProbability(threshold)
			if p > maxP {
				maxP, closest = p, l
			}
			if p < minProb {
				continue
			}
			if fp := simpson(l.CandidateProbability, 0, threshold); fp < minFP {
				minFP, best = fp, l
			}
		}
	}
	if best == (banding{}) {
		return closest
	}
	return best
}

// simpson integrates f from a to b with Simpson's rule on 256 intervals;
// the curves integrated here are smooth polynomials, for which this is
// exact to about 1e-9.
func simpson(f func(float64) float64, a, b float64) float64 {
	const n = 256
	h := (b - a) / n
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}

// CandidateProbability returns the probability that two sets of Jaccard
// similarity s become a candidate pair.
func (l banding) CandidateProbability(s float64) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(l.Rows)), float64(l.Bands))
}

func (l banding) check(hashes int) error {
	if l.Bands < 1 || l.Rows < 1 || l.Bands*l.Rows > hashes {
		return fmt.Errorf("%w: %d bands x %d rows = %d (want 1 to %d hashes)", ErrBands, l.Bands, l.Rows, l.Bands*l.Rows, hashes)
	}
	return nil
}

// Keys appends to dst one key per band of sig: the xxhash of the band's
// values in little-endian order. buf is scratch space, returned for reuse.
func (l banding) Keys(dst []uint64, buf []byte, sig []uint32) ([]uint64, []byte) {
	for band := 0; band < l.Bands; band++ {
		buf = buf[:0]
		for _, v := range sig[band*l.Rows : (band+1)*l.Rows] {
			buf = binary.LittleEndian.AppendUint32(buf, v)
		}
		dst = append(dst, xxhash.Sum64(buf))
	}
	return dst, buf
}

// A bandTable groups items by their keys, one key per item in each of a fixed
// number of tables (LSH bands, or SimHash blocks), and lists the pairs of
// items that share a key in some table. Items are numbered from 0 in the
// order they are added. A bandTable is not safe for concurrent use.
type bandTable struct {
	tables int
	keys   []uint32 // item i's key in table t, mixed and cut to 32 bits, is keys[i*tables+t]
	// Workers is the number of goroutines that sort the tables; 0 means 1.
	Workers int
}

// newBandTable returns an empty Index with the given number of tables.
func newBandTable(tables int) *bandTable { return &bandTable{tables: tables} }

// Add adds an item with one key per table and returns its number.
func (x *bandTable) Add(keys []uint64) int32 {
	if len(keys) != x.tables {
		panic(fmt.Sprintf("dedup: bandTable.Add with %d keys, want %d", len(keys), x.tables))
	}
	for _, k := range keys {
		x.keys = append(x.keys, uint32(mix64(k)>>32))
	}
	return int32(x.Len() - 1)
}

// Len returns the number of items.
func (x *bandTable) Len() int {
	if x.tables == 0 {
		return 0
	}
	return len(x.keys) / x.tables
}

// Buckets calls yield for every group of two or more items that share a key
// in one table, table by table, each group in increasing item order; within
// a table, groups come in a fixed order that depends on the keys. The
// same two items may share keys in several tables. It stops when yield
// returns false. The group slice is valid during the call only.
//
// The bandTable keeps 32 bits of every key, mixed (mix64), so two different
// keys fall in one group with probability 2^-32: a few more candidate pairs
// to verify (about n*n/2^33 per table for n items), never one lost. Each
// table is sorted as one slice of uint64, key above item number, and the
// tables are sorted in parallel.
func (x *bandTable) Buckets(yield func(table int, group []int32) bool) {
	n := x.Len()
	const mask = 1<<32 - 1
	var group []int32
	var stop atomic.Bool
	table := 0
	parallelChunks(x.Workers, x.tables, 1, func() func(lo, hi int) []uint64 {
		return func(t, _ int) []uint64 {
			if stop.Load() {
				return nil
			}
			v := make([]uint64, n)
			for i := range v {
				v[i] = uint64(x.keys[i*x.tables+t])<<32 | uint64(i)
			}
			slices.Sort(v)
			return v
		}
	}, func(v []uint64) {
		t := table
		table++
		if stop.Load() {
			return
		}
		for i := 0; i < len(v); {
			j := i + 1
			for j < len(v) && v[j]&^mask == v[i]&^mask {
				j++
			}
			if j-i > 1 {
				group = group[:0]
				for _, e := range v[i:j] {
					group = append(group, int32(e&mask))
				}
				if !yield(t, group) {
					stop.Store(true)
					return
				}
			}
			i = j
		}
	})
}

// Pairs calls yield for every pair i < j of items that share a key in at
// least one table, each pair once, in increasing (i, j) order.
func (x *bandTable) Pairs(yield func(i, j int32) bool) {
	var pairs []uint64
	x.Buckets(func(_ int, g []int32) bool {
		for a := 0; a < len(g); a++ {
			for b := a + 1; b < len(g); b++ {
				pairs = append(pairs, uint64(g[a])<<32|uint64(g[b]))
			}
		}
		return true
	})
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	for _, p := range pairs {
		if !yield(int32(p>>32), int32(uint32(p))) {
			return
		}
	}
}
