package dedup

import (
	"iter"
	"sync"
)

// orderedPool applies work to every item of src on n goroutines, each with
// the work function newWork made for it, and calls emit on the calling
// goroutine with the results in the order of src. src is iterated on a
// goroutine of its own. At most 4n items are in flight, so memory stays
// bounded however far one slow item holds back the others.
func orderedPool[In, Out any](n int, src iter.Seq[In], newWork func() func(In) Out, emit func(Out)) {
	type job struct {
		seq int
		in  In
	}
	type result struct {
		seq int
		out Out
	}
	n = max(n, 1)
	tokens := make(chan struct{}, 4*n)
	jobs := make(chan job, n)
	results := make(chan result, n)
	go func() {
		seq := 0
		for in := range src {
			tokens <- struct{}{}
			jobs <- job{seq, in}
			seq++
		}
		close(jobs)
	}()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := newWork()
			for j := range jobs {
				results <- result{j.seq, work(j.in)}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := make(map[int]Out)
	next := 0
	for r := range results {
		pending[r.seq] = r.out
		for {
			out, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			emit(out)
			<-tokens
			next++
		}
	}
}

// parallelChunks splits [0, n) into chunks of size chunk, runs work on each
// with n goroutines, and calls emit with the results in chunk order.
func parallelChunks[Out any](workers, n, chunk int, newWork func() func(lo, hi int) Out, emit func(Out)) {
	type span struct{ lo, hi int }
	spans := func(yield func(span) bool) {
		for lo := 0; lo < n; lo += chunk {
			if !yield(span{lo, min(lo+chunk, n)}) {
				return
			}
		}
	}
	orderedPool(workers, spans, func() func(span) Out {
		work := newWork()
		return func(s span) Out { return work(s.lo, s.hi) }
	}, emit)
}
