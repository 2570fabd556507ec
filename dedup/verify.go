package dedup

import "cmp"

// intersection counts the values two increasing slices have in common.
func intersection[T cmp.Ordered](a, b []T) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}

// jaccard returns the Jaccard similarity |a∩b| / |a∪b| of two increasing
// slices of distinct shingle hashes (see Record.Set). Two empty sets have
// similarity 0: an empty passage is never a duplicate.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	in := intersection(a, b)
	return float64(in) / float64(len(a)+len(b)-in)
}

// containment returns |a∩b| / |a|, the fraction of a's shingles that are
// also in b. It is 0 when a is empty.
func containment(a, b []uint64) float64 {
	if len(a) == 0 {
		return 0
	}
	return float64(intersection(a, b)) / float64(len(a))
}

// atLeast reports whether num/den >= t, computed so that a similarity
// printed as t (such as 4/5 for 0.8) is not lost to rounding.
func atLeast(num, den int, t float64) bool {
	return float64(num) >= t*float64(den)-1e-9
}

// Verify is the verification stage of Find: it tells whether the
// candidate pair of records a and b, made under s, is a near duplicate,
// and returns their similarity. It is the exact Jaccard similarity of
// their shingle sets, accepted when it reaches s.Threshold; with SimHash
// the fingerprints must first be within distance s.K. With s.NoVerify it
// is estimated instead: the fraction of equal MinHash values, or 1 -
// distance/64 for SimHash, and then only Sig or Fingerprint is read. Exact
// duplicates are not a special case: their similarity is 1.
func (s Spec) Verify(a, b *Record) (float64, bool) {
	t := s.Threshold
	if s.Method == SimHashBits {
		d := hamming(a.Fingerprint, b.Fingerprint)
		if d > s.K {
			return 0, false
		}
		if s.NoVerify {
			return 1 - float64(d)/64, true
		}
	} else if s.NoVerify {
		sim := estimateJaccard(a.Sig, b.Sig)
		return sim, sim >= t-1e-9
	}
	small, large := min(len(a.Set), len(b.Set)), max(len(a.Set), len(b.Set))
	if !atLeast(small, large, t) {
		return 0, false // J <= small/large
	}
	in := intersection(a.Set, b.Set)
	union := len(a.Set) + len(b.Set) - in
	return float64(in) / float64(union), atLeast(in, union, t)
}
