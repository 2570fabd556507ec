// Package corpus reads documents from files, folders, JSON Lines, labeled
// training formats and standard input, gzip-compressed or not, one document
// at a time; it also reads chosen documents again at the positions it
// recorded (Reread, reread.go) and writes a file again with documents or
// spans of their text removed (Rewrite, rewrite.go), with the same decoder,
// so that a byte offset into Document.Text means the same bytes in all
// three.
//
// Formats, chosen by Options.Format or else by the file name without a
// ".gz" suffix:
//
//   - text (any other name): the whole file is one document; its id is the
//     path. Under Options.LabelDirs, a file in ROOT/LABEL/... gets LABEL.
//   - jsonl (.jsonl, .ndjson, .json): one JSON object per line; see json.go.
//   - tsv (.tsv): "LABEL<TAB>TEXT" per line; id "PATH:LINE".
//   - fasttext (.ft, .fasttext): "__label__LABEL TEXT" per line, the label
//     optional unless labels are required; id "PATH:LINE".
//
// Sniffing: when Options.Format is FormatAuto and the name does not name a
// line format (standard input, .txt, cooking.train), the first non-empty
// line decides: one starting with "{" is JSON Lines, one starting with
// "__label__" fastText, anything else text. Options.Sniffed is told when
// the content chose a line format.
//
// Compressed input is recognised by its gzip header, whatever its name.
// Folders are walked recursively in lexical order, skipping names that
// start with a dot and following links: a link to a folder that holds it,
// or to a folder another link already led to, is skipped with a warning.
// "-" is standard input.
//
// Bad input: invalid UTF-8 is replaced by U+FFFD and counted in
// Document.Repaired; a leading BOM is removed; CR before LF is removed in
// line formats (text documents keep it, and passages leave it out); a file
// holding a NUL byte in its first 8 KiB is binary and skipped with a
// warning; an empty file (not standard input) gives no documents and a
// warning; a path, file or folder that cannot be opened or listed, and a
// named pipe or device met in a folder, is skipped with a warning, so that
// one bad entry does not cost the rest. A malformed line, or a read that
// fails part-way through a file, is an *Error naming the file (and line),
// and ends the reading.
package corpus

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"
)

// Format names an input format.
type Format string

// The input formats. FormatAuto chooses by file name.
const (
	FormatAuto     Format = ""
	FormatText     Format = "text"
	FormatJSONL    Format = "jsonl"
	FormatTSV      Format = "tsv"
	FormatFastText Format = "fasttext"
)

// ParseFormat checks a format name given on the command line.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatAuto, FormatText, FormatJSONL, FormatTSV, FormatFastText:
		return f, nil
	case "auto":
		return FormatAuto, nil
	}
	return "", fmt.Errorf("corpus: unknown format %q (want text, jsonl, tsv or fasttext)", s)
}

// Options configure a Reader. The zero value reads files by their names,
// with JSON fields "id" and "text" and no labels.
type Options struct {
	// Format forces one format for every file; FormatAuto chooses by name.
	Format Format
	// TextFields are the JSON fields joined (with a line break) into the
	// document text; default ["text"].
	TextFields []string
	// IDField is the JSON field holding the id; default "id". Documents
	// without one get "PATH:LINE".
	IDField string
	// LabelField is the JSON field holding the label; default "label".
	LabelField string
	// LabelDirs labels a text file in ROOT/LABEL/... with LABEL, where ROOT
	// is the folder named on the command line.
	LabelDirs bool
	// RequireLabels makes a document without a label an error.
	RequireLabels bool
	// GroupField is the JSON field holding the document's group (for
	// example the outlet that published it), read into Document.Group.
	// When set, a document without a group is an error, and so is a file
	// in a format other than JSON Lines, which has no fields.
	GroupField string
	// Warn receives the problems that do not end the reading, each an
	// *Error naming the file (and line): a skipped unreadable, binary or
	// empty file, repaired invalid UTF-8. Nil discards them.
	Warn func(error)
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
	// Sniffed, when not nil, is told the format chosen from the content of
	// a file whose name does not give one (see Sniffing above), when that
	// is a line format.
	Sniffed func(path string, f Format)
	// FieldsGiven says the text fields were chosen by the user: a file read
	// as one text document, which has no fields, is then an error
	// (ErrFieldsOnText) rather than a document.
	FieldsGiven bool
}

// A Document is one unit of input.
type Document struct {
	// ID names the document: the file path for text files, the id field
	// for JSON Lines, "PATH:LINE" otherwise.
	ID string
	// Text is the document text, valid UTF-8.
	Text string
	// Label is the document's label, or "".
	Label string
	// Group is the document's group under Options.GroupField, or "".
	Group string
	// Source is the file it came from ("-" for standard input).
	Source string
	// Line is the 1-based line of Source where the document starts.
	Line int
	// Offset is the byte offset in Source, decompressed, of the start of
	// that line (0 for a text file): where Reread finds it again.
	Offset int64
	// Repaired counts the invalid UTF-8 sequences replaced by U+FFFD in
	// the text, id, label and group.
	Repaired int
}

// Stats counts what a Reader has read so far.
type Stats struct {
	Files     int // files opened
	Documents int // documents returned
	Skipped   int // files and folders skipped: unreadable, binary or empty
	Repaired  int // invalid UTF-8 sequences replaced, over all documents
	// Bytes is how much has been read from the input files so far, as
	// stored (compressed bytes of a gzip file), a little ahead of the
	// documents returned: for a progress line.
	Bytes int64
}

// An Error is a problem with one input file, at a line when Line > 0.
type Error struct {
	Path string
	Line int
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("corpus: %s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("corpus: %s: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// ErrBinary is wrapped by the warning for a skipped binary file.
var ErrBinary = errors.New("binary file (NUL byte), skipped")

// ErrEmpty is wrapped by the warning for an empty file.
var ErrEmpty = errors.New("empty file")

// ErrFieldsOnText is wrapped by the error for a file read as one text
// document under Options.FieldsGiven.
var ErrFieldsOnText = errors.New("text fields are given, but the file is read as one text document")

// An input is one file to read, with the label its folder gives it.
type input struct {
	path  string
	label string
}

// A Reader returns documents one at a time, in input order:
//
//	r := corpus.NewReader(paths, opts)
//	defer r.Close()
//	for r.Next() {
//		doc := r.Document()
//	}
//	if err := r.Err(); err != nil { ... }
//
// Memory is bounded by the largest document, not the corpus. A Reader is not
// safe for concurrent use.
type Reader struct {
	opt    Options
	paths  []string
	inputs []input // files still to open, in order
	fields *jsonFields
	textIx []int // indexes into fields for the text fields
	idIx   int
	labIx  int
	// groupIx indexes the group field in fields, -1 without GroupField.
	groupIx int

	cur    input
	format Format
	file   io.Closer
	br     *bufio.Reader
	line   int
	// off is the offset in the open file, decompressed, of the next
	// line; lineOff that of the line last read.
	off, lineOff int64
	gzip         bool // the open file is gzip-compressed
	// size is the size of the open file when it is a regular file, not
	// compressed (0: unknown): a text file is read into a buffer of that
	// size.
	size int64
	// keepText says that the next setDoc may keep the text's bytes as
	// they are: they were decoded in place in a line buffer let go after
	// the document.
	keepText bool
	lineBuf  []byte
	doc      Document
	err      error
	stats    Stats
	// raw counts the bytes read from the files; it is updated by the
	// gzip read-ahead goroutine too.
	raw atomic.Int64
}

// NewReader returns a Reader over paths (files, folders, or "-").
func NewReader(paths []string, opt Options) *Reader {
	if len(opt.TextFields) == 0 {
		opt.TextFields = []string{"text"}
	}
	if opt.IDField == "" {
		opt.IDField = "id"
	}
	if opt.LabelField == "" {
		opt.LabelField = "label"
	}
	// A field named twice (--text-field id, a group field that is also the
	// label) is read once, into its first name's slot.
	var names []string
	slot := func(name string) int {
		if i := slices.Index(names, name); i >= 0 {
			return i
		}
		names = append(names, name)
		return len(names) - 1
	}
	r := &Reader{opt: opt, paths: paths, groupIx: -1}
	r.idIx = slot(opt.IDField)
	r.labIx = slot(opt.LabelField)
	for _, name := range opt.TextFields {
		r.textIx = append(r.textIx, slot(name))
	}
	if opt.GroupField != "" {
		r.groupIx = slot(opt.GroupField)
	}
	r.fields = newJSONFields(names)
	return r
}

// Document returns the document read by the last call to Next. The Document
// is overwritten by the next call; its strings may be kept. After Next
// returns false it is the zero Document: the Reader no longer holds the
// last document's text, which can be hundreds of megabytes.
func (r *Reader) Document() *Document { return &r.doc }

// Err returns the first error that stopped the Reader, or nil.
func (r *Reader) Err() error { return r.err }

// Stats returns the counts so far.
func (r *Reader) Stats() Stats {
	s := r.stats
	s.Bytes = r.raw.Load()
	return s
}

// A countingReader counts the bytes read through it.
type countingReader struct {
	r io.ReadCloser
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c countingReader) Close() error { return c.r.Close() }

// Close releases the open file, if any.
func (r *Reader) Close() error {
	if r.file != nil {
		err := r.file.Close()
		r.file = nil
		return err
	}
	return nil
}

func (r *Reader) warn(err error) {
	if r.opt.Warn != nil {
		r.opt.Warn(err)
	}
}

// skip reports a path that is not read (unreadable, binary or empty) and
// counts it; the reading goes on without it.
func (r *Reader) skip(path string, err error) {
	r.warn(&Error{Path: path, Err: err})
	r.stats.Skipped++
}

func (r *Reader) fail(err error) bool {
	r.err = err
	r.Close()
	return false
}

// Next advances to the next document. It returns false at the end of the
// input or on an error (see Err).
func (r *Reader) Next() bool {
	if r.next() {
		return true
	}
	r.doc = Document{}
	return false
}

func (r *Reader) next() bool {
	if r.err != nil {
		return false
	}
	for {
		if r.br != nil {
			ok, err := r.nextInFile()
			if err != nil {
				return r.fail(err)
			}
			if ok {
				r.stats.Documents++
				return true
			}
			r.Close()
			r.br = nil
		}
		if len(r.inputs) == 0 {
			if len(r.paths) == 0 {
				r.doc = Document{} // the last text is the caller's to keep or drop
				return false
			}
			r.expand(r.paths[0])
			r.paths = r.paths[1:]
			continue
		}
		r.cur, r.inputs = r.inputs[0], r.inputs[1:]
		if err := r.open(); err != nil {
			return r.fail(err)
		}
	}
}

// expand turns one command-line path into the files to read; what cannot
// be read is skipped.
func (r *Reader) expand(path string) {
	if path == "-" {
		r.inputs = append(r.inputs, input{path: "-"})
		return
	}
	info, err := os.Stat(path)
	if err != nil {
		r.skip(path, unwrapPathError(err))
		return
	}
	if !info.IsDir() {
		r.inputs = append(r.inputs, input{path: path})
		return
	}
	seen := map[string]bool{}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		seen[real] = true
	}
	r.walk(path, path, seen)
}

// walk adds the files under the folder dir, which is root or inside it, in
// lexical order. Links to files are read, and links to folders walked, once
// each: a link to a folder that holds it (a loop), or to a folder another
// link led to already, is skipped with a warning, as is anything that is
// neither a file nor a folder (a named pipe, a device). A folder reached
// both by a link and by its own name is read twice.
func (r *Reader) walk(root, dir string, seen map[string]bool) {
	// The walk function returns no error (SkipDir is not one), so neither
	// does WalkDir. A trailing separator makes WalkDir enter dir when it is
	// a link.
	filepath.WalkDir(dir+string(filepath.Separator), func(p string, d fs.DirEntry, err error) error {
		p = filepath.Clean(p)
		if err != nil {
			// An unreadable folder: its readable neighbours are still read.
			r.skip(p, unwrapPathError(err))
			return nil
		}
		if p == dir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		typ := d.Type()
		if typ&fs.ModeSymlink != 0 {
			info, err := os.Stat(p)
			if err != nil {
				r.skip(p, unwrapPathError(err))
				return nil
			}
			if info.IsDir() {
				real, err := filepath.EvalSymlinks(p)
				parent, perr := filepath.EvalSymlinks(filepath.Dir(p))
				switch {
				case err != nil:
					r.skip(p, unwrapPathError(err))
				case perr != nil:
					r.skip(p, unwrapPathError(perr))
				case real == parent || Within(parent, real):
					r.skip(p, errors.New("a link to a folder that holds it (a loop); not followed"))
				case seen[real]:
					r.skip(p, errors.New("a link to a folder already read ("+real+"); not followed"))
				default:
					seen[real] = true
					r.walk(root, p, seen)
				}
				return nil
			}
			typ = info.Mode().Type()
		}
		switch {
		case d.IsDir():
			return nil
		case !typ.IsRegular():
			r.skip(p, errors.New("not a regular file ("+typeName(typ)+")"))
			return nil
		}
		in := input{path: p}
		if r.opt.LabelDirs {
			rel, _ := filepath.Rel(root, p)
			if dir, _, ok := strings.Cut(filepath.ToSlash(rel), "/"); ok {
				in.label = dir
			}
		}
		r.inputs = append(r.inputs, in)
		return nil
	})
}

// Within reports whether path is inside the folder dir (not dir itself),
// comparing the names only. The reader uses it to find link loops, the
// command to keep outputs away from inputs.
func Within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// typeName names the kind of a file that is not a regular file or folder.
func typeName(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + t.String()
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// formatOf chooses the format of a file from its name.
func formatOf(path string) Format {
	name := strings.ToLower(strings.TrimSuffix(strings.ToLower(path), ".gz"))
	switch filepath.Ext(name) {
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL
	case ".tsv":
		return FormatTSV
	case ".ft", ".fasttext":
		return FormatFastText
	}
	return FormatText
}

const readBufSize = 1 << 20

func (r *Reader) open() error {
	r.line = 0
	r.off, r.lineOff = 0, 0
	r.gzip, r.size = false, 0
	var rc io.ReadCloser
	if r.cur.path == "-" {
		in := r.opt.Stdin
		if in == nil {
			in = os.Stdin
		}
		rc = io.NopCloser(in)
	} else {
		f, err := os.Open(r.cur.path)
		if err != nil {
			r.skip(r.cur.path, unwrapPathError(err))
			return nil
		}
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			r.size = fi.Size()
		}
		rc = f
	}
	r.stats.Files++
	rc = countingReader{rc, &r.raw}
	r.file = rc
	br := bufio.NewReaderSize(rc, readBufSize)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			rc.Close()
			r.file = nil
			return &Error{Path: r.cur.path, Err: gzipError{err: err}}
		}
		zr.Multistream(true)
		r.gzip, r.size = true, 0
		// Decompress in a goroutine of its own, beside the parsing.
		ra := newReadAhead(zr)
		r.file = multiCloser{ra, rc}
		br = bufio.NewReaderSize(ra, readBufSize)
	}
	head, err := br.Peek(8 << 10)
	if len(head) == 0 && err != nil && err != io.EOF {
		// Errors after some data are returned when the reading reaches
		// them, so that the documents before them are not lost.
		r.Close()
		return r.readError(err)
	}
	if len(head) == 0 || bytes.IndexByte(head, 0) >= 0 {
		switch {
		case len(head) > 0:
			r.skip(r.cur.path, ErrBinary)
		case r.cur.path != "-": // empty standard input is an ordinary empty pipe
			r.skip(r.cur.path, ErrEmpty)
		}
		r.Close()
		return nil
	}
	r.br = br
	r.format = FormatOf(r.cur.path, r.opt.Format)
	if r.opt.Format == FormatAuto && r.format == FormatText {
		if r.format = sniff(head); r.format != FormatText && r.opt.Sniffed != nil {
			r.opt.Sniffed(r.cur.path, r.format)
		}
	}
	if r.format == FormatText && r.opt.FieldsGiven {
		r.Close()
		r.br = nil
		return &Error{Path: r.cur.path, Err: ErrFieldsOnText}
	}
	return nil
}

// sniff returns the format of a file from its first bytes: JSON Lines when
// its first non-empty line starts with "{", fastText when it starts with
// "__label__", else text.
func sniff(head []byte) Format {
	head = bytes.TrimPrefix(head, bom)
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimLeft(line, " \t\r\v\f")
		switch {
		case len(line) == 0:
			continue
		case line[0] == '{':
			return FormatJSONL
		case bytes.HasPrefix(line, []byte("__label__")):
			return FormatFastText
		}
		return FormatText
	}
	return FormatText
}

// Format returns the format the current file is read in: that of the
// document last returned by Next.
func (r *Reader) Format() Format { return r.format }

type multiCloser struct {
	a, b io.Closer
}

func (m multiCloser) Close() error {
	err := m.a.Close()
	if err2 := m.b.Close(); err == nil {
		err = err2
	}
	return err
}

func (r *Reader) readError(err error) error {
	if r.gzip && isGzipError(err) {
		err = gzipError{err: err}
	}
	return &Error{Path: r.cur.path, Line: r.line, Err: err}
}

// isGzipError tells whether err, met reading a gzip stream, is a failure
// of the stream: a bad checksum or header, corrupt deflate data, or an
// end before the end of the stream.
func isGzipError(err error) bool {
	var ce flate.CorruptInputError
	return errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ce)
}

// gzipError is a failure of the gzip stream of a file, said once: "corrupt
// gzip: invalid checksum", not "corrupt gzip: gzip: invalid checksum".
// line, when not nil, is the error of the first line that could not be
// read, before the stream failed.
type gzipError struct {
	err  error
	line error
}

func (e gzipError) Error() string {
	msg := "corrupt gzip: " + strings.TrimPrefix(e.err.Error(), "gzip: ")
	if e.line != nil {
		msg += " (this line, the first that could not be read, has " + e.line.Error() + ")"
	}
	return msg
}

func (e gzipError) Unwrap() error { return e.err }

// nextInFile reads the next document of the open file.
func (r *Reader) nextInFile() (bool, error) {
	if r.opt.GroupField != "" && r.format != FormatJSONL {
		return false, &Error{Path: r.cur.path, Err: fmt.Errorf("a group field (%q) needs JSON Lines input, not %s", r.opt.GroupField, r.format)}
	}
	if r.format == FormatText {
		if r.line > 0 {
			return false, nil
		}
		r.line = 1
		data, err := readText(r.br, r.size)
		if err != nil {
			r.line = 0
			return false, r.readError(err)
		}
		data = bytes.TrimPrefix(data, bom)
		if len(data) == 0 {
			return false, nil
		}
		label := r.cur.label
		if r.opt.RequireLabels && label == "" {
			return false, &Error{Path: r.cur.path, Err: errors.New("no label: put labeled text files in a folder per label (ROOT/LABEL/FILE)")}
		}
		// The buffer is the document's: its text is not copied again (a
		// page of 200 MB costs 200 MB, not a growing buffer and a copy).
		r.keepText = true
		r.setDoc(r.cur.path, data, label, "", 1)
		return true, nil
	}
	for {
		line, err := r.readLine()
		if err != nil {
			if err == io.EOF {
				return false, nil
			}
			return false, r.readError(err)
		}
		if r.line == 1 {
			line = bytes.TrimPrefix(line, bom)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		ok, err := r.parseLine(line)
		if err != nil {
			return false, r.badLine(err)
		}
		r.dropLargeBuffers()
		if ok {
			return true, nil
		}
	}
}

var bom = []byte("\uFEFF")

// badLine returns the error of the current line, which cannot be parsed.
// In a gzip file, a line garbled by a corrupt stream often reads as bad
// JSON before the gzip checksum, at the end, says so: the rest of the
// stream is then read, and when it fails the error says the file is
// corrupt gzip, at the line of the first bad document.
func (r *Reader) badLine(err error) error {
	if r.gzip {
		if _, gerr := io.Copy(io.Discard, r.br); gerr != nil && isGzipError(gerr) {
			return &Error{Path: r.cur.path, Line: r.line, Err: gzipError{err: gerr, line: err}}
		}
	}
	return &Error{Path: r.cur.path, Line: r.line, Err: err}
}

// readLine returns the next line without its LF or CRLF. The slice is valid
// until the next call. Lines may be of any length.
//
// A line longer than largeBuffer is read in blocks of largeBuffer bytes,
// copied once into a buffer of the line's length at its end: growing one
// buffer would hold 2.25 times the line at each growth and leave the
// copies before it behind, while the blocks and the line's buffer are 2
// times the line at most, for a moment, and are collected at once.
func (r *Reader) readLine() ([]byte, error) {
	r.lineBuf = r.lineBuf[:0]
	r.lineOff = r.off
	var blocks [][]byte // the full blocks of a very long line
	for {
		chunk, err := r.br.ReadSlice('\n')
		r.off += int64(len(chunk))
		if err == bufio.ErrBufferFull {
			if len(r.lineBuf)+len(chunk) > largeBuffer {
				blocks = append(blocks, r.lineBuf)
				r.lineBuf = make([]byte, 0, max(largeBuffer, len(chunk)))
			}
			r.lineBuf = append(r.lineBuf, chunk...)
			continue
		}
		if err != nil && (err != io.EOF || len(chunk)+len(r.lineBuf)+len(blocks) == 0) {
			return nil, err
		}
		line := chunk
		if blocks != nil {
			n := len(r.lineBuf) + len(chunk)
			for _, b := range blocks {
				n += len(b)
			}
			whole := make([]byte, 0, n)
			for i, b := range blocks {
				whole = append(whole, b...)
				blocks[i] = nil
			}
			r.lineBuf = append(append(whole, r.lineBuf...), chunk...)
			line = r.lineBuf
			// Collect the blocks now, so that what is allocated next
			// reuses their memory: the heap would otherwise grow to twice
			// the blocks and the line before the next collection.
			runtime.GC()
		} else if len(r.lineBuf) > 0 {
			r.lineBuf = append(r.lineBuf, chunk...)
			line = r.lineBuf
		}
		r.line++
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		return line, nil
	}
}

func (r *Reader) lineID() string { return r.cur.path + ":" + strconv.Itoa(r.line) }

func (r *Reader) parseLine(line []byte) (bool, error) {
	switch r.format {
	case FormatJSONL:
		f := r.fields
		if err := f.parse(line); err != nil {
			return false, err
		}
		text, found := r.jsonText()
		if !found {
			return false, fmt.Errorf("no text field %s in the object (set --text-field)", strings.Join(quoteAll(r.opt.TextFields), " or "))
		}
		id := string(f.vals[r.idIx])
		if !f.present[r.idIx] || f.isNull[r.idIx] || id == "" {
			id = r.lineID()
		}
		label := strings.TrimSpace(string(f.vals[r.labIx]))
		if r.opt.RequireLabels && label == "" {
			return false, fmt.Errorf("no label in field %q", r.opt.LabelField)
		}
		group := ""
		if r.groupIx >= 0 {
			if group = strings.TrimSpace(string(f.vals[r.groupIx])); group == "" {
				return false, fmt.Errorf("no group in field %q", r.opt.GroupField)
			}
		}
		r.setDoc(id, text, label, group, r.line)
		return true, nil
	case FormatTSV:
		label, text, ok := bytes.Cut(line, []byte("\t"))
		if !ok {
			return false, errors.New("want LABEL<TAB>TEXT, found no tab")
		}
		lab := string(bytes.TrimSpace(label))
		if lab == "" && r.opt.RequireLabels {
			return false, errors.New("empty label before the tab")
		}
		r.setDoc(r.lineID(), text, lab, "", r.line)
		return true, nil
	case FormatFastText:
		label, n, text := fastTextLabel(line)
		switch {
		case n == 0 && r.opt.RequireLabels:
			return false, errors.New("no __label__ prefix")
		case n > 0 && label == "" && r.opt.RequireLabels:
			return false, errors.New("empty label after __label__")
		case n > 1 && r.opt.RequireLabels:
			r.warn(&Error{Path: r.cur.path, Line: r.line, Err: fmt.Errorf("%d labels; only the first, %q, is used", n, label)})
		}
		r.setDoc(r.lineID(), text, label, "", r.line)
		return true, nil
	}
	return false, fmt.Errorf("unknown format %q", r.format)
}

// jsonText returns the document text of the line r.fields has parsed: the
// text fields joined by line breaks, before the repair of invalid UTF-8
// (setDoc). found tells whether any text field was there. Rewrite cuts
// the same text.
func (r *Reader) jsonText() (text []byte, found bool) {
	f := r.fields
	if len(r.textIx) == 1 {
		// One field: its value is the text, not copied once more.
		i := r.textIx[0]
		text, found = f.vals[i], f.present[i]
		// Decoded in place in a line that is let go after this
		// document: the string can be that memory.
		r.keepText = f.inPlace[i] && len(text) > 0
		return text, found
	}
	for k, i := range r.textIx {
		if f.present[i] {
			found = true
		}
		if k > 0 {
			text = append(text, '\n')
		}
		text = append(text, f.vals[i]...)
	}
	return text, found
}

// repairUTF8 replaces every run of invalid UTF-8 in s with one U+FFFD:
// the repair that defines the byte offsets of Document.Text, in the Reader
// and in Rewrite. A line break ends a run, so the text fields of a JSON
// line can be repaired one by one or joined, with the same bytes.
func repairUTF8(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// largeBuffer is the capacity above which the reader's line and field
// buffers are let go after a document instead of being kept for the next
// one: a document of hundreds of megabytes must not keep as much again
// alive while it is processed.
var largeBuffer = 16 << 20 // tests make it small

// dropLargeBuffers lets go of the buffers a very long line needed.
func (r *Reader) dropLargeBuffers() {
	if cap(r.lineBuf) > largeBuffer {
		r.lineBuf = nil
	}
	for i, v := range r.fields.vals {
		if cap(v) > largeBuffer {
			r.fields.vals[i] = nil
		}
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// fastTextLabel splits "__label__A __label__B text" into the first label,
// the number of labels and the text after all labels.
func fastTextLabel(line []byte) (string, int, []byte) {
	const prefix = "__label__"
	label := ""
	n := 0
	rest := bytes.TrimLeft(line, " \t")
	for bytes.HasPrefix(rest, []byte(prefix)) {
		end := bytes.IndexAny(rest, " \t")
		if end < 0 {
			end = len(rest)
		}
		if n == 0 {
			label = string(rest[len(prefix):end])
		}
		n++
		rest = bytes.TrimLeft(rest[end:], " \t")
	}
	return label, n, rest
}

// readText is io.ReadAll into a buffer of size bytes to begin with (the
// size of the file, when known), so that a file of known size is read
// without growing a buffer.
func readText(r io.Reader, size int64) ([]byte, error) {
	if size <= 0 || size > 1<<40 {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, size+1) // one more byte: the read that sees EOF does not grow it
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
	}
}

// setDoc fills r.doc, repairing invalid UTF-8 in its text, id, label and group,
// with one warning that names the line of the first bad byte of the text.
func (r *Reader) setDoc(id string, text []byte, label, group string, line int) {
	repaired := 0
	warnLine := line
	var where []string
	var s string
	if r.keepText {
		// text was decoded in place in the line buffer, which is let go
		// now and never written again (see jsonFields): no copy.
		s = unsafe.String(unsafe.SliceData(text), len(text))
		r.lineBuf = nil
		r.keepText = false
	} else {
		s = string(text)
	}
	if !utf8.ValidString(s) {
		n, first := invalidRuns(s)
		repaired = n
		where = append(where, "the text")
		if r.format == FormatText {
			// The document is the whole file.
			warnLine += strings.Count(s[:first], "\n")
		}
		s = repairUTF8(s)
	}
	if !utf8.ValidString(id) {
		n, _ := invalidRuns(id)
		repaired += n
		where = append(where, "the id")
		id = repairUTF8(id)
	}
	if !utf8.ValidString(label) {
		n, _ := invalidRuns(label)
		repaired += n
		where = append(where, "the label")
		label = repairUTF8(label)
	}
	if !utf8.ValidString(group) {
		n, _ := invalidRuns(group)
		repaired += n
		where = append(where, "the group")
		group = repairUTF8(group)
	}
	r.stats.Repaired += repaired
	if repaired > 0 {
		in := ""
		if len(where) > 1 || where[0] != "the text" {
			in = " in " + strings.Join(where, ", ")
		}
		seqs := "sequences"
		if repaired == 1 {
			seqs = "sequence"
		}
		r.warn(&Error{Path: r.cur.path, Line: warnLine, Err: fmt.Errorf("replaced %d invalid UTF-8 %s with U+FFFD%s", repaired, seqs, in)})
	}
	r.doc = Document{ID: id, Text: s, Label: label, Group: group, Source: r.cur.path, Line: line, Offset: r.lineOff, Repaired: repaired}
}

// invalidRuns counts the runs of invalid UTF-8 in s, each of which
// strings.ToValidUTF8 replaces with one U+FFFD, and returns the byte offset
// of the first (len(s) when there is none).
func invalidRuns(s string) (n, first int) {
	first = len(s)
	inRun := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		bad := r == utf8.RuneError && size == 1
		if bad && !inRun {
			if n == 0 {
				first = i
			}
			n++
		}
		inRun = bad
		i += size
	}
	return n, first
}
