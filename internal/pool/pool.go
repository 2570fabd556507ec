// Package pool is khabar's one worker pool: it applies a function to a
// stream of items on several goroutines and hands the results back in
// input order, so that what a command writes does not depend on the
// number of workers. dedup (signatures, verification, LSH tables),
// analyze (the first pass over pages) and the command (classify, eval)
// all run their parallel work through it.
package pool

import (
	"iter"
	"runtime"
	"sync"
)

// Map runs work on every item of src on workers goroutines (0 or less: one
// per CPU, runtime.GOMAXPROCS) and calls emit, on the calling goroutine,
// with each item and its result in the order of src.
//
// src is iterated on a goroutine of its own, one item at a time. newWork
// is called once per worker goroutine, so that each can keep buffers that
// are not safe to share. Items travel in batches of batch (at least 1);
// at most about 3*workers batches are in flight, so memory does not grow
// with the input however long one slow item holds back the others. After
// emit returns an error, src is no longer read, the items in flight are
// finished but not emitted, and Map returns that error.
func Map[T, R any](workers, batch int, src iter.Seq[T], newWork func() func(T) R, emit func(T, R) error) error {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	batch = max(batch, 1)
	type job struct {
		in   []T
		out  []R
		done chan struct{}
	}
	jobs := make(chan *job)
	queue := make(chan *job, 2*workers)
	stop := make(chan struct{})

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := newWork()
			for j := range jobs {
				j.out = make([]R, len(j.in))
				for k, x := range j.in {
					j.out[k] = work(x)
				}
				close(j.done)
			}
		}()
	}
	go func() {
		defer close(queue)
		defer close(jobs)
		// send queues b (in order) and hands it to a worker; false once
		// emit has failed.
		send := func(b []T) bool {
			j := &job{in: b, done: make(chan struct{})}
			select {
			case queue <- j:
			case <-stop:
				return false
			}
			jobs <- j
			return true
		}
		b := make([]T, 0, batch)
		for x := range src {
			b = append(b, x)
			if len(b) == batch {
				if !send(b) {
					return
				}
				b = make([]T, 0, batch)
			}
		}
		if len(b) > 0 {
			send(b)
		}
	}()

	var err error
	for j := range queue {
		<-j.done
		if err != nil {
			continue
		}
		for k := range j.in {
			if err = emit(j.in[k], j.out[k]); err != nil {
				close(stop)
				break
			}
		}
	}
	wg.Wait()
	return err
}

// Next turns a function that returns the next item, or false at the end,
// into a sequence for Map.
func Next[T any](next func() (T, bool)) iter.Seq[T] {
	return func(yield func(T) bool) {
		for {
			x, ok := next()
			if !ok || !yield(x) {
				return
			}
		}
	}
}

// Chunks splits [0, n) into chunks of chunk (the last one shorter), runs
// work on each with workers goroutines (see Map), and calls emit with the
// results in chunk order.
func Chunks[R any](workers, n, chunk int, newWork func() func(lo, hi int) R, emit func(R)) {
	chunk = max(chunk, 1)
	type span struct{ lo, hi int }
	spans := func(yield func(span) bool) {
		for lo := 0; lo < n; lo += chunk {
			if !yield(span{lo, min(lo+chunk, n)}) {
				return
			}
		}
	}
	Map(workers, 1, spans, func() func(span) R {
		work := newWork()
		return func(s span) R { return work(s.lo, s.hi) }
	}, func(_ span, r R) error {
		emit(r)
		return nil
	})
}
