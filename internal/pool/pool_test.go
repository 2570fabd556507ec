package pool

import (
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func count(n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

// TestMapOrder: the results come out in input order for any number of
// workers and any batch, even when later items finish first.
func TestMapOrder(t *testing.T) {
	for _, workers := range []int{0, 1, 2, 7} {
		for _, batch := range []int{0, 1, 3, 100} {
			for _, n := range []int{0, 1, 5, 250} {
				var got []int
				err := Map(workers, batch, count(n), func() func(int) int {
					return func(x int) int {
						if x%7 == 0 {
							time.Sleep(time.Microsecond * time.Duration(50-x%50))
						}
						return 2 * x
					}
				}, func(x, r int) error {
					if r != 2*x {
						t.Errorf("Map(%d workers, batch %d): emit(%d, %d), want result %d", workers, batch, x, r, 2*x)
					}
					got = append(got, x)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				want := slices.Collect(count(n))
				if !slices.Equal(got, want) && !(len(got) == 0 && n == 0) {
					t.Errorf("Map(%d workers, batch %d, %d items) emitted %v, want %v", workers, batch, n, got, want)
				}
			}
		}
	}
}

// TestMapError: after emit fails, nothing more is emitted, the source is
// not read to its end, and the error comes back.
func TestMapError(t *testing.T) {
	stop := errors.New("stop")
	var read atomic.Int64
	src := func(yield func(int) bool) {
		for i := range 1_000_000 {
			read.Add(1)
			if !yield(i) {
				return
			}
		}
	}
	var emitted []int
	err := Map(2, 4, src, func() func(int) int { return func(x int) int { return x } }, func(x, _ int) error {
		emitted = append(emitted, x)
		if x == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Errorf("Map = %v, want %v", err, stop)
	}
	if !slices.Equal(emitted, slices.Collect(count(11))) {
		t.Errorf("Map emitted %v, want 0 to 10", emitted)
	}
	if n := read.Load(); n > 1000 {
		t.Errorf("Map read %d items after emit failed at the 11th", n)
	}
}

// TestMapNewWork: each worker gets its own work function.
func TestMapNewWork(t *testing.T) {
	var made atomic.Int64
	err := Map(3, 1, count(100), func() func(int) int {
		made.Add(1)
		return func(x int) int { return x }
	}, func(int, int) error { return nil })
	if err != nil || made.Load() != 3 {
		t.Errorf("Map(3 workers) made %d work functions (err %v), want 3", made.Load(), err)
	}
}

func TestNext(t *testing.T) {
	i := 0
	next := func() (int, bool) {
		i++
		return i, i <= 3
	}
	if got := slices.Collect(Next(next)); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("Next = %v, want [1 2 3]", got)
	}
}

func TestChunks(t *testing.T) {
	for _, tt := range []struct{ workers, n, chunk int }{{1, 0, 4}, {2, 10, 3}, {4, 12, 4}, {3, 5, 0}, {0, 7, 100}} {
		var got [][2]int
		Chunks(tt.workers, tt.n, tt.chunk, func() func(lo, hi int) [2]int {
			return func(lo, hi int) [2]int { return [2]int{lo, hi} }
		}, func(r [2]int) { got = append(got, r) })
		var want [][2]int
		chunk := max(tt.chunk, 1)
		for lo := 0; lo < tt.n; lo += chunk {
			want = append(want, [2]int{lo, min(lo+chunk, tt.n)})
		}
		if !slices.Equal(got, want) {
			t.Errorf("Chunks(%d, %d, %d) = %v, want %v", tt.workers, tt.n, tt.chunk, got, want)
		}
	}
}
