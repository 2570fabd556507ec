package cli

import (
	"runtime"
	"sync"
)

// orderedMap runs work on the items that next returns, on workers
// goroutines, and calls emit with each item and its result in input order.
// next is called from one goroutine at a time and returns false at the
// end; newWork is called once per worker goroutine, so that each can keep
// buffers that are not safe to share. Items travel in batches of batch;
// at most about 2*workers batches are in flight, so memory does not grow
// with the input. After emit returns an error, the items still in flight
// are finished but not emitted, and that error is returned.
func orderedMap[T, R any](workers, batch int, next func() (T, bool), newWork func() func(T) R, emit func(T, R) error) error {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	if batch < 1 {
		batch = 1
	}
	type job struct {
		in   []T
		out  []R
		done chan struct{}
	}
	jobs := make(chan *job)
	queue := make(chan *job, 2*workers)
	stop := make(chan struct{})

	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
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
		for {
			b := make([]T, 0, batch)
			for len(b) < batch {
				x, ok := next()
				if !ok {
					break
				}
				b = append(b, x)
			}
			if len(b) == 0 {
				return
			}
			j := &job{in: b, done: make(chan struct{})}
			select {
			case queue <- j:
			case <-stop:
				return
			}
			jobs <- j
			if len(b) < batch {
				return
			}
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
