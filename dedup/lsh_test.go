package dedup

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

func TestOptimalLSH(t *testing.T) {
	// Expected values computed independently (Python, Simpson's rule on
	// 2000 intervals, datasketch's loop and weights 0.5/0.5).
	tests := []struct {
		threshold float64
		hashes    int
		want      banding
	}{
		{0.8, 128, banding{9, 13}},
		{0.5, 128, banding{25, 5}},
		{0.9, 128, banding{5, 25}},
		{0.7, 64, banding{8, 8}},
		{0.8, 256, banding{17, 15}},
		{1, 1, banding{1, 1}},
	}
	for _, tt := range tests {
		if got := optimalBanding(tt.threshold, tt.hashes, 0.5, 0.5); got != tt.want {
			t.Errorf("optimalBanding(%v, %d) = %+v, want %+v", tt.threshold, tt.hashes, got, tt.want)
		}
	}
}

func TestCandidateProbability(t *testing.T) {
	l := banding{9, 13}
	for _, tt := range []struct{ s, want float64 }{{0, 0}, {1, 1}, {0.8, 1 - math.Pow(1-math.Pow(0.8, 13), 9)}} {
		if got := l.CandidateProbability(tt.s); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("CandidateProbability(%v) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestLSHKeys(t *testing.T) {
	l := banding{Bands: 3, Rows: 2}
	a, _ := l.Keys(nil, nil, []uint32{1, 2, 3, 4, 5, 6, 7})
	b, _ := l.Keys(nil, nil, []uint32{1, 2, 0, 4, 5, 6, 8})
	if len(a) != 3 {
		t.Fatalf("Keys made %d keys, want 3", len(a))
	}
	// Bands 0 and 2 agree, band 1 differs; row 7 is outside every band.
	if a[0] != b[0] || a[1] == b[1] || a[2] != b[2] {
		t.Errorf("Keys = %x and %x, want equal bands 0 and 2 only", a, b)
	}
}

func TestIndex(t *testing.T) {
	x := newBandTable(2)
	for _, k := range [][]uint64{{1, 10}, {2, 10}, {1, 20}, {3, 30}, {1, 40}, {4, 30}} {
		x.Add(k)
	}
	var groups []string
	x.Buckets(func(table int, g []int32) bool {
		groups = append(groups, fmt.Sprint(table, g))
		return true
	})
	slices.Sort(groups) // within a table, the order of groups is the order of mixed keys
	if want := []string{"0 [0 2 4]", "1 [0 1]", "1 [3 5]"}; !slices.Equal(groups, want) {
		t.Errorf("Buckets = %q, want %q", groups, want)
	}
	var pairs []string
	x.Pairs(func(i, j int32) bool {
		pairs = append(pairs, fmt.Sprint(i, j))
		return true
	})
	if want := []string{"0 1", "0 2", "0 4", "2 4", "3 5"}; !slices.Equal(pairs, want) {
		t.Errorf("Pairs = %q, want %q", pairs, want)
	}
	n := 0
	x.Pairs(func(i, j int32) bool { n++; return false })
	if n != 1 {
		t.Errorf("Pairs went on after yield returned false: %d calls", n)
	}
}

// TestRecallLSH: the default banding makes a pair at the threshold a
// candidate with probability >= 0.99, and no banding with more rows (fewer
// false candidates) or fewer bands of the same rows does.
func TestRecallLSH(t *testing.T) {
	// 0.8, 128: 1 - (1 - 0.8^6)^16 = 0.9923, with 15 bands 0.9895, and
	// 7 rows need 20 bands (140 > 128 hashes).
	if got := recallBanding(0.8, 128, 0.99); got != (banding{16, 6}) {
		t.Errorf("recallBanding(0.8, 128, 0.99) = %+v, want {16 6}", got)
	}
	for _, th := range []float64{0.5, 0.7, 0.8, 0.9, 0.95} {
		for _, h := range []int{32, 64, 128, 256} {
			l := recallBanding(th, h, 0.99)
			if l.Bands*l.Rows > h || l.CandidateProbability(th) < 0.99 {
				t.Errorf("recallBanding(%v, %d) = %+v: probability %.4f at the threshold, %d hashes", th, h, l, l.CandidateProbability(th), l.Bands*l.Rows)
			}
			if fewer := (banding{l.Bands - 1, l.Rows}); fewer.Bands > 0 && fewer.CandidateProbability(th) >= 0.99 {
				t.Errorf("recallBanding(%v, %d) = %+v, but %+v reaches 0.99 with fewer false candidates", th, h, l, fewer)
			}
			for r := l.Rows + 1; r <= h; r++ {
				if more := (banding{h / r, r}); more.CandidateProbability(th) >= 0.99 {
					t.Errorf("recallBanding(%v, %d) = %+v, but %+v reaches 0.99 with more rows", th, h, l, more)
				}
			}
		}
	}
	// Unreachable: the closest.
	if got := recallBanding(0.3, 4, 0.99); got.CandidateProbability(0.3) != (banding{4, 1}).CandidateProbability(0.3) {
		t.Errorf("recallBanding(0.3, 4, 0.99) = %+v, want the most probable, {4 1}", got)
	}
}
