package corpus

import (
	"io"
	"sync"
)

// A readAhead reads its source in a goroutine of its own, a block ahead of
// its consumer, so that gzip decompression runs beside the parsing of what
// it has already produced. Data and the source's error reach the consumer
// in order. It is not safe for concurrent use; Close stops the goroutine.
type readAhead struct {
	blocks chan raBlock
	free   chan []byte
	done   chan struct{}
	once   sync.Once
	block  []byte // the block being read, whole
	cur    []byte // its unread part
	err    error
}

type raBlock struct {
	data []byte
	err  error
}

const (
	raBlockSize = 1 << 20
	raBlocks    = 4
)

func newReadAhead(src io.Reader) *readAhead {
	ra := &readAhead{
		blocks: make(chan raBlock, raBlocks),
		free:   make(chan []byte, raBlocks+1),
		done:   make(chan struct{}),
	}
	for i := 0; i < raBlocks+1; i++ {
		ra.free <- make([]byte, raBlockSize)
	}
	go ra.fill(src)
	return ra
}

func (ra *readAhead) fill(src io.Reader) {
	defer close(ra.blocks)
	for {
		var buf []byte
		select {
		case buf = <-ra.free:
		case <-ra.done:
			return
		}
		// Fill the block; the source's errors, gzip's io.ErrUnexpectedEOF
		// for a cut file among them, pass through as they are.
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = src.Read(buf[n:])
			n += m
		}
		select {
		case ra.blocks <- raBlock{buf[:n], err}:
		case <-ra.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.err != nil {
			return 0, ra.err
		}
		if ra.block != nil {
			ra.free <- ra.block
			ra.block = nil
		}
		b, ok := <-ra.blocks
		if !ok {
			ra.err = io.ErrClosedPipe
			return 0, ra.err
		}
		ra.block = b.data[:cap(b.data)]
		ra.cur, ra.err = b.data, b.err
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// Close stops the reading goroutine, which exits after the read it may be
// in. It does not close the source, and the source must not be used after.
func (ra *readAhead) Close() error {
	ra.once.Do(func() { close(ra.done) })
	return nil
}
