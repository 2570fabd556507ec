package dedup

import (
	"cmp"
	"math"
	"slices"
)

// Containment search
//
// A unit A is contained in a unit B, at level c, when |A∩B| >= c|A| and A
// has no more shingles than B (a caption inside the lead paragraph, a
// headline repeated in the text). MinHash estimates Jaccard similarity, which
// is small for a short A inside a long B, so containment is found exactly
// instead, with an inverted index and prefix filtering (Chaudhuri, Ganti and
// Kaushik 2006; Bayardo, Ma and Srikant 2007):
//
//  1. list every (shingle, rep) posting, sorted by shingle; the length of a
//     shingle's run is its document frequency;
//  2. order A's shingles from the rarest to the most common;
//  3. if |A∩B| >= need = ceil(c|A|), then B holds at least one of A's first
//     |A| - need + 1 shingles in that order (its prefix), so probing the
//     postings of the prefix finds every such B;
//  4. verify each candidate with the exact intersection.
//
// Rare shingles come first, so the probed posting lists are short. Queries
// run in parallel over the reps and their results are joined in rep order.

// containmentPairs returns every pair of reps (a, b) with a contained in b
// at level c, ordered by a then b. A pair whose Jaccard similarity also
// reaches the threshold is marked Near, with that similarity; the others
// are Contained, with the fraction of a's shingles in b. Two reps with the same number of shingles
// are reported once, as (smaller rep, larger rep).
func containmentPairs(f *finder, c float64) []repPair {
	n := len(f.reps)
	type posting struct {
		h   uint64
		rep int32
	}
	var postings []posting
	for r := range n {
		for _, h := range f.sets.get(int32(r)) {
			postings = append(postings, posting{h, int32(r)})
		}
	}
	slices.SortFunc(postings, func(x, y posting) int {
		return cmp.Or(cmp.Compare(x.h, y.h), cmp.Compare(x.rep, y.rep))
	})
	// uniq[i] is a shingle whose postings are reps[off[i]:off[i+1]].
	var uniq []uint64
	var off []int32
	reps := make([]int32, len(postings))
	for i, p := range postings {
		if i == 0 || p.h != postings[i-1].h {
			uniq = append(uniq, p.h)
			off = append(off, int32(i))
		}
		reps[i] = p.rep
	}
	off = append(off, int32(len(postings)))
	postings = nil
	lookup := func(h uint64) int {
		i, _ := slices.BinarySearch(uniq, h)
		return i
	}

	var out []repPair
	parallelChunks(f.o.Workers, n, 1024, func() func(lo, hi int) []repPair {
		stamp := make([]int32, n) // stamp[b] == a+1: b already a candidate of a
		type entry struct {
			df  int32
			idx int32 // into uniq
		}
		var order []entry
		return func(lo, hi int) []repPair {
			var found []repPair
			for a := int32(lo); a < int32(hi); a++ {
				set := f.sets.get(a)
				need := int(math.Ceil(c*float64(len(set)) - 1e-9))
				need = max(need, 1)
				prefix := len(set) - need + 1
				order = order[:0]
				for _, h := range set {
					i := lookup(h)
					order = append(order, entry{off[i+1] - off[i], int32(i)})
				}
				slices.SortFunc(order, func(x, y entry) int {
					return cmp.Or(cmp.Compare(x.df, y.df), cmp.Compare(x.idx, y.idx))
				})
				start := len(found)
				for _, e := range order[:prefix] {
					for _, b := range reps[off[e.idx]:off[e.idx+1]] {
						if b == a || stamp[b] == a+1 {
							continue
						}
						stamp[b] = a + 1
						sb := f.sets.get(b)
						if len(sb) < len(set) || (len(sb) == len(set) && b < a) {
							continue
						}
						in := intersection(set, sb)
						if in < need {
							continue
						}
						p := repPair{a: a, b: b, kind: Contained, sim: float64(in) / float64(len(set))}
						if union := len(set) + len(sb) - in; atLeast(in, union, f.o.Threshold) {
							p.kind, p.sim = Near, float64(in)/float64(union)
						}
						found = append(found, p)
					}
				}
				slices.SortFunc(found[start:], func(x, y repPair) int { return cmp.Compare(x.b, y.b) })
			}
			return found
		}
	}, func(ps []repPair) {
		out = append(out, ps...)
	})
	return out
}
