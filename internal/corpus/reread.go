package corpus

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"slices"
)

// A Position is where a Reader found a document: enough to read it again
// with Reread, not its text.
type Position struct {
	Source string // Document.Source
	Line   int    // Document.Line
	Offset int64  // Document.Offset
	Format Format // Reader.Format when the document was read
}

// PositionOf returns the position of the document r last returned.
func PositionOf(r *Reader) Position {
	d := r.Document()
	return Position{Source: d.Source, Line: d.Line, Offset: d.Offset, Format: r.Format()}
}

// Reread calls fn(i, text) with the text of the document at positions[i],
// for every i, which a Reader with opt returned, decoded as that Reader
// decoded them, without reading the rest of the corpus again: in a plain
// file it reads only their lines; a gzip-compressed file is decompressed
// again up to the last one, but only their lines are parsed; a text file
// is read whole. Standard input ("-") cannot be read twice: it is read
// from the file stdinCopy, a copy of its bytes (see the dedup command).
// The calls come in file and offset order, one text at a time (memory is
// bounded by the largest document, as for a Reader); text may be kept.
// Warnings are not told again (opt.Warn is not called). Reread stops at
// the first error and returns it.
func Reread(positions []Position, opt Options, stdinCopy string, fn func(i int, text string)) error {
	opt.Warn = nil
	opt.Sniffed = nil
	// By file, in the order of the offsets.
	order := make([]int, len(positions))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := positions[a], positions[b]
		if c := cmp.Compare(pa.Source, pb.Source); c != 0 {
			return c
		}
		return cmp.Compare(pa.Offset, pb.Offset)
	})
	for len(order) > 0 {
		n := 1
		for n < len(order) && positions[order[n]].Source == positions[order[0]].Source {
			n++
		}
		if err := rereadFile(positions, order[:n], opt, stdinCopy, fn); err != nil {
			return err
		}
		order = order[n:]
	}
	return nil
}

// rereadFile calls fn for the positions[i], i in ids, all of one file, in
// offset order.
func rereadFile(positions []Position, ids []int, opt Options, stdinCopy string, fn func(int, string)) error {
	src := positions[ids[0]].Source
	path := src
	if src == "-" {
		if stdinCopy == "" {
			return &Error{Path: src, Err: errors.New("standard input cannot be read again")}
		}
		path = stdinCopy
	}
	f, err := os.Open(path)
	if err != nil {
		return &Error{Path: src, Err: unwrapPathError(err)}
	}
	defer f.Close()
	r := NewReader(nil, opt)
	r.cur = input{path: src}
	fail := func(line int, err error) error {
		r.line = line
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF // the file is shorter than it was
		}
		return r.readError(err)
	}
	br := bufio.NewReaderSize(f, readBufSize)
	var (
		plain = true
		pos   int64 // of br in the decompressed file
	)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &Error{Path: src, Err: gzipError{err: err}}
		}
		r.gzip = true
		plain = false
		// Decompressed in a goroutine of its own, as by a Reader.
		ra := newReadAhead(zr)
		defer ra.Close()
		br = bufio.NewReaderSize(ra, readBufSize)
	}
	prev, prevText := -1, "" // the last position read
	for _, i := range ids {
		p := positions[i]
		if prev >= 0 && positions[prev].Offset == p.Offset {
			fn(i, prevText) // the same document again
			continue
		}
		prev = i
		r.format = p.Format
		if p.Format == FormatText {
			data, err := io.ReadAll(br)
			if err != nil {
				return fail(0, err)
			}
			r.line = 1
			r.setDoc(src, bytes.TrimPrefix(data, bom), "", "", 1)
			for _, j := range ids {
				fn(j, r.doc.Text)
			}
			return nil
		}
		switch {
		case p.Offset < pos && plain || p.Offset > pos && plain && p.Offset-pos > readBufSize:
			if _, err := f.Seek(p.Offset, io.SeekStart); err != nil {
				return fail(p.Line, err)
			}
			br.Reset(f)
			pos = p.Offset
		case p.Offset < pos:
			return fail(p.Line, errors.New("positions out of order"))
		}
		if p.Offset > pos {
			n, err := br.Discard(int(p.Offset - pos))
			pos += int64(n)
			if err != nil {
				return fail(p.Line, err)
			}
		}
		r.br = br
		r.line = p.Line - 1
		r.off = p.Offset
		line, err := r.readLine()
		pos = r.off
		if err != nil {
			return fail(p.Line, err)
		}
		if p.Line == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		// A line of its own: parseLine may decode over it and keep it.
		line = bytes.Clone(line)
		r.lineBuf = nil
		if ok, err := r.parseLine(line); err != nil || !ok {
			if err == nil {
				err = errors.New("no document on this line")
			}
			return &Error{Path: src, Line: p.Line, Err: err}
		}
		prevText = r.doc.Text
		fn(i, prevText)
	}
	return nil
}
