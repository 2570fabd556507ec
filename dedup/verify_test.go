package dedup

import "testing"

func TestJaccardContainment(t *testing.T) {
	tests := []struct {
		a, b                 []uint64
		inter                int
		jaccard, containAinB float64
	}{
		{nil, nil, 0, 0, 0},
		{[]uint64{1}, nil, 0, 0, 0},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 3, 1, 1},
		{[]uint64{1, 2, 3, 4}, []uint64{3, 4, 5, 6}, 2, 2.0 / 6, 0.5},
		{[]uint64{2, 4}, []uint64{1, 2, 3, 4, 5}, 2, 0.4, 1},
		{[]uint64{7}, []uint64{1, 2}, 0, 0, 0},
	}
	for _, tt := range tests {
		if got := intersection(tt.a, tt.b); got != tt.inter {
			t.Errorf("intersection(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.inter)
		}
		if got := jaccard(tt.a, tt.b); got != tt.jaccard {
			t.Errorf("Jaccard(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.jaccard)
		}
		if got := containment(tt.a, tt.b); got != tt.containAinB {
			t.Errorf("Containment(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.containAinB)
		}
	}
}

func TestAtLeast(t *testing.T) {
	tests := []struct {
		num, den int
		t        float64
		want     bool
	}{
		{4, 5, 0.8, true},
		{8, 10, 0.8, true},
		{79, 100, 0.8, false},
		{7, 10, 0.7, true},
		{1, 1, 1, true},
		{99, 100, 1, false},
	}
	for _, tt := range tests {
		if got := atLeast(tt.num, tt.den, tt.t); got != tt.want {
			t.Errorf("atLeast(%d, %d, %v) = %v, want %v", tt.num, tt.den, tt.t, got, tt.want)
		}
	}
}
