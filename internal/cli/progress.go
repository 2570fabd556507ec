package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/khabar-nlp/khabar/internal/corpus"
)

// The progress line
//
// When standard error is a terminal (and without --quiet), a long command
// keeps one line there up to date, and clears it at the end:
//
//	khabar: reading: 45,000 documents, 120.4 MB, 38.2 MB/s, 31%, ETA 0:07
//	khabar: verifying candidates: 1,203,000 of 2,400,000 (50%), 4.1 s
//
// The reading shows the documents read, the megabytes of input read as
// stored (compressed bytes of a .gz) and their rate, and, when the size of
// the input is known (files and folders, not standard input), the
// percentage and the time left at that rate. The later phases (dedup's
// verifying and clustering, --drop's writing, the training of eval's fold
// models) show their counts when they are known, and the time spent. Nothing of it reaches standard output, a
// redirected standard error, or the output of --quiet. It is redrawn every
// progressTick, and every progressEvery documents. No progress library is
// used: this is one line, drawn from one ticker goroutine, and costs
// nothing measurable when standard error is not a terminal (nothing
// starts).

// progressEvery is how many documents pass between forced redraws.
const progressEvery = 10000

// progressTick is how often the progress line is redrawn.
const progressTick = 250 * time.Millisecond

// A progressLine is the progress line of one command; a nil
// *progressLine, made when standard error is not a terminal, does
// nothing. Its methods are safe for concurrent use.
type progressLine struct {
	io *IOStreams

	mu         sync.Mutex
	phase      string
	phaseStart time.Time
	docs       int
	bytes      int64
	total      int64 // input size in bytes, 0 when not known
	done, of   int   // the work of a later phase, of 0 when not known
	shown      bool
	finished   bool

	stop chan struct{}
	wg   sync.WaitGroup
}

// startProgress starts the progress line of a command, or returns nil
// when standard error is not a terminal or --quiet is given.
func startProgress(io *IOStreams) *progressLine {
	if !io.ErrTTY || io.Quiet {
		return nil
	}
	p := &progressLine{io: io, phase: "reading", phaseStart: time.Now(), stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(progressTick)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// setTotal sets the size of the input in bytes (0: not known).
func (p *progressLine) setTotal(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.total = n
	p.mu.Unlock()
}

// read records the documents and bytes read so far.
func (p *progressLine) read(docs int, bytes int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.docs, p.bytes = docs, bytes
	if docs%progressEvery == 0 {
		p.draw()
	}
	p.mu.Unlock()
}

// setPhase starts or advances a phase after the reading; of is the total
// of the work when known, else 0.
func (p *progressLine) setPhase(phase string, done, of int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.done, p.of = done, of
	if phase != p.phase {
		// A new phase is shown at once, the rest on the ticker.
		p.phase, p.phaseStart = phase, time.Now()
		p.draw()
	}
	p.mu.Unlock()
}

// finish stops the line and clears it.
func (p *progressLine) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	done := p.finished
	p.finished = true
	p.mu.Unlock()
	if done {
		return
	}
	close(p.stop)
	p.wg.Wait()
	p.mu.Lock()
	if p.shown {
		fmt.Fprint(p.io.ErrOut, "\r\033[K")
		p.shown = false
	}
	p.mu.Unlock()
}

// draw writes the line; p.mu is held.
func (p *progressLine) draw() {
	elapsed := time.Since(p.phaseStart).Seconds()
	var b strings.Builder
	b.WriteString("\rkhabar: " + p.phase + ": ")
	if p.phase == "reading" {
		mb := float64(p.bytes) / 1e6
		fmt.Fprintf(&b, "%s documents, %.1f MB", thousandsInt(p.docs), mb)
		if elapsed > 0 {
			rate := mb / elapsed
			fmt.Fprintf(&b, ", %.1f MB/s", rate)
			if p.total > 0 && rate > 0 {
				frac := min(float64(p.bytes)/float64(p.total), 1)
				left := (float64(p.total-p.bytes) / 1e6) / rate
				fmt.Fprintf(&b, ", %d%%, ETA %s", int(frac*100), clock(max(left, 0)))
			}
		}
	} else {
		if p.of > 0 {
			fmt.Fprintf(&b, "%s of %s (%d%%), ", thousandsInt(p.done), thousandsInt(p.of), 100*p.done/p.of)
		} else if p.done > 0 {
			fmt.Fprintf(&b, "%s, ", thousandsInt(p.done))
		}
		fmt.Fprintf(&b, "%.1f s", elapsed)
	}
	b.WriteString("\033[K")
	fmt.Fprint(p.io.ErrOut, b.String())
	p.shown = true
}

// clock formats seconds as M:SS.
func clock(s float64) string {
	n := int(s + 0.5)
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

// thousandsInt formats n with commas between groups of three digits.
func thousandsInt(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// inputSize returns the size in bytes of the files paths name, folders
// walked, or 0 when it is not known (standard input).
func inputSize(paths []string) int64 {
	var n int64
	for _, p := range paths {
		if p == "-" {
			return 0
		}
		info, err := os.Stat(p)
		switch {
		case err != nil:
		case !info.IsDir():
			n += info.Size()
		default:
			filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
				if err == nil && d.Type().IsRegular() {
					if info, err := d.Info(); err == nil {
						n += info.Size()
					}
				}
				return nil
			})
		}
	}
	return n
}

// A corpusReader is a corpus.Reader that keeps the progress line up to
// date, and clears it at the end of the input unless the command goes on
// with later phases (keep). Results on standard output are not affected.
type corpusReader struct {
	*corpus.Reader
	progress *progressLine
	keep     bool
	n        int
}

// openCorpus returns a reader over paths for a command, with a progress
// line of its own.
func openCorpus(io *IOStreams, paths []string, opts corpus.Options) *corpusReader {
	r := &corpusReader{Reader: corpus.NewReader(paths, opts), progress: startProgress(io)}
	if r.progress != nil {
		r.progress.setTotal(inputSize(paths))
	}
	return r
}

// Next advances to the next document (see corpus.Reader.Next).
func (r *corpusReader) Next() bool {
	ok := r.Reader.Next()
	switch {
	case ok:
		r.n++
		if r.progress != nil {
			r.progress.read(r.n, r.Reader.Stats().Bytes)
		}
	case !r.keep:
		r.endProgress()
	}
	return ok
}

// Close closes the reader, and clears the progress line unless the
// command goes on.
func (r *corpusReader) Close() error {
	if !r.keep {
		r.endProgress()
	}
	return r.Reader.Close()
}

// endProgress clears the progress line.
func (r *corpusReader) endProgress() {
	r.progress.finish()
	r.progress = nil
}
