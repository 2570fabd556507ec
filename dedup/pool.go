package dedup

import (
	"iter"

	"github.com/khabar-nlp/khabar/internal/pool"
)

// The parallel steps of dedup run on khabar's one worker pool
// (internal/pool), which keeps input order; these two keep their call
// sites short and read 0 workers as 1.

// orderedPool applies work to every item of src on n goroutines, each with
// the work function newWork made for it, and calls emit on the calling
// goroutine with the results in the order of src.
func orderedPool[In, Out any](n int, src iter.Seq[In], newWork func() func(In) Out, emit func(Out)) {
	pool.Map(max(n, 1), 1, src, newWork, func(_ In, out Out) error {
		emit(out)
		return nil
	})
}

// parallelChunks splits [0, n) into chunks of size chunk, runs work on each
// with workers goroutines, and calls emit with the results in chunk order.
func parallelChunks[Out any](workers, n, chunk int, newWork func() func(lo, hi int) Out, emit func(Out)) {
	pool.Chunks(max(workers, 1), n, chunk, newWork, emit)
}
