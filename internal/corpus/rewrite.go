package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/khabar-nlp/khabar/internal/safefile"
)

// Rewriting a corpus
//
// Rewrite writes one input file again, in its own format, with some
// documents left out and byte spans cut from the text of others. It
// decodes the file with the Reader's own decoder and repair of invalid
// UTF-8, so a Span means the same bytes of Document.Text in both
// directions (as encoding/csv keeps its reader and writer together):
//
//   - text: the document text as read (BOM removed, invalid UTF-8
//     replaced) without the cut spans; a dropped document writes nothing.
//   - jsonl: every line copied byte for byte, except that a dropped
//     document's line is left out and a document with cuts has the value
//     of each text field a cut falls in replaced by a JSON string of the
//     cut text (encoding/json's escaping, without HTML escapes); keys,
//     spacing and the other fields are copied as they are. The line break
//     between two text fields is the join, not text of either, so it is
//     never cut: a span ending at the end of a field keeps it.
//   - tsv, fasttext: a document is one line, and one passage: the line of
//     a document that is dropped or has any cut is left out.
//
// A cut removes its span and the line break (LF or CRLF) right after it,
// as CutText does. Reading the rewritten file gives exactly those texts
// (FuzzRewrite checks it, on invalid UTF-8, escapes and surrogates).

// A Span is the byte range [Start, End) of a Document's Text.
type Span struct{ Start, End int }

// An Edit says what Rewrite does to one document: leave it out (Drop), or
// cut the spans (Cuts, sorted by Start) from its text.
type Edit struct {
	Drop bool
	Cuts []Span
}

// CutText returns text without the spans (sorted by Start), each with the
// line break after it. A span that starts before the end of the last one
// cut, or does not fall on rune boundaries inside text, is left alone.
func CutText(text string, spans []Span) string {
	var b strings.Builder
	pos := 0
	for _, s := range spans {
		if s.Start < pos || s.End < s.Start || s.End > len(text) || !runeStart(text, s.Start) || !runeStart(text, s.End) {
			continue
		}
		b.WriteString(text[pos:s.Start])
		pos = s.End
		if strings.HasPrefix(text[pos:], "\r\n") {
			pos += 2
		} else if strings.HasPrefix(text[pos:], "\n") {
			pos++
		}
	}
	b.WriteString(text[pos:])
	return b.String()
}

// runeStart tells whether byte i of s starts a rune (or is its end).
func runeStart(s string, i int) bool {
	return i == len(s) || s[i] < 0x80 || s[i] >= 0xC0
}

// Rewrite writes the input file read from src (gzip-compressed or not:
// its header says) to w, with the edits done. name is the file's name for
// errors ("-" for standard input), format the format the Reader read it in
// (Reader.Format) and opt the Options it read it with; edits are keyed by
// Document.Line. A line that cannot be parsed is an *Error naming name and
// the line.
func Rewrite(w io.Writer, src io.Reader, name string, format Format, opt Options, edits map[int]Edit) error {
	br := bufio.NewReaderSize(src, readBufSize)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &Error{Path: name, Err: gzipError{err: err}}
		}
		br = bufio.NewReaderSize(zr, readBufSize)
	}
	if format == FormatText {
		data, err := io.ReadAll(br)
		if err != nil {
			return &Error{Path: name, Err: err}
		}
		e := edits[1]
		if e.Drop {
			return nil
		}
		text := repairUTF8(string(bytes.TrimPrefix(data, bom)))
		_, err = io.WriteString(w, CutText(text, e.Cuts))
		return err
	}
	rw := newLineRewriter(opt)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			return &Error{Path: name, Line: lineNo, Err: err}
		}
		if e, ok := edits[lineNo]; ok && (e.Drop || len(e.Cuts) > 0) {
			if e.Drop || format != FormatJSONL {
				continue
			}
			if line, err = rw.rewrite(line, lineNo == 1, e.Cuts, false); err != nil {
				return &Error{Path: name, Line: lineNo, Err: err}
			}
		}
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
}

// A lineRewriter rewrites the text fields of JSON lines, parsing them as
// a Reader with the same Options does.
type lineRewriter struct {
	r *Reader
}

func newLineRewriter(opt Options) *lineRewriter {
	r := NewReader(nil, opt)
	// The line's own bytes are copied to the output: never decode over them.
	r.fields.inPlaceMin = math.MaxInt
	return &lineRewriter{r: r}
}

// rewrite returns the JSON line (with its line break, and its BOM when
// first) with the cuts made in its document text. With force every text
// field is written again, cut or not (for the tests: the encoding must
// read back as the same text).
func (rw *lineRewriter) rewrite(line []byte, first bool, cuts []Span, force bool) ([]byte, error) {
	body := bytes.TrimSuffix(line, []byte("\n"))
	body = bytes.TrimSuffix(body, []byte("\r"))
	head := 0
	if first && bytes.HasPrefix(body, bom) {
		head = len(bom)
	}
	f := rw.r.fields
	if err := f.parse(body[head:]); err != nil {
		return nil, err
	}
	type repl struct {
		at  [2]int
		val []byte
	}
	var repls []repl
	off := 0 // of the field in the document text
	for _, i := range rw.r.textIx {
		value := repairUTF8(string(f.vals[i]))
		// The part of each cut in this field; a cut that ends in it (or at
		// its start, right after the join) takes the line break after it.
		var local []Span
		for _, s := range cuts {
			lo, hi := max(s.Start, off)-off, min(s.End, off+len(value))-off
			if lo < hi || off <= s.End && s.End <= off+len(value) {
				local = append(local, Span{min(lo, hi), hi})
			}
		}
		off += len(value) + 1
		if !f.present[i] || f.isNull[i] || len(local) == 0 && !force {
			continue
		}
		at := [2]int{head + f.raw[i][0], head + f.raw[i][1]}
		if slices.ContainsFunc(repls, func(r repl) bool { return r.at == at }) {
			continue // the same field named twice
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(CutText(value, local)); err != nil {
			return nil, err
		}
		repls = append(repls, repl{at, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))})
	}
	if len(repls) == 0 {
		return line, nil
	}
	slices.SortFunc(repls, func(a, b repl) int { return a.at[0] - b.at[0] })
	out := make([]byte, 0, len(line))
	pos := 0
	for _, r := range repls {
		out = append(out, line[pos:r.at[0]]...)
		out = append(out, r.val...)
		pos = r.at[1]
	}
	return append(out, line[pos:]...), nil
}

// MirrorNames maps every source file (Document.Source) of the inputs paths
// (as given to NewReader) to the file it is written to under out: out
// itself for a single input file or standard input; else one folder
// argument is mirrored into out, and several arguments each get a
// subfolder named after them ("stdin" for standard input). Two sources
// that would be written to the same name are an error.
func MirrorNames(out string, paths, sources []string) (map[string]string, error) {
	target := make(map[string]string)
	if len(paths) == 1 {
		if info, err := os.Stat(paths[0]); paths[0] == "-" || err == nil && !info.IsDir() {
			for _, s := range sources {
				target[s] = out
			}
			return target, nil
		}
	}
	from := make(map[string]string) // output name -> source, to catch collisions
	for _, s := range sources {
		name := ""
		for _, p := range paths {
			var rel string
			switch {
			case p == "-" && s == "-":
				rel = "stdin"
			case s == p:
				rel = filepath.Base(p)
			case Within(s, p):
				rel, _ = filepath.Rel(p, s)
				if len(paths) > 1 {
					rel = filepath.Join(filepath.Base(p), rel)
				}
			default:
				continue
			}
			name = filepath.Join(out, rel)
			break
		}
		if name == "" {
			name = filepath.Join(out, filepath.Base(s))
		}
		if other, ok := from[name]; ok && other != s {
			return nil, fmt.Errorf("corpus: %s and %s would both be written to %s", other, s, name)
		}
		from[name] = s
		target[s] = name
	}
	return target, nil
}

// WriteFile writes the file name through write under a temporary name in
// its folder (made when missing), and renames it when complete: see
// package safefile. A name ending in .gz is gzip-compressed.
func WriteFile(name string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return safefile.Write(name, func(w io.Writer) error {
		if !strings.HasSuffix(name, ".gz") {
			return write(w)
		}
		zw := gzip.NewWriter(w)
		if err := write(zw); err != nil {
			return err
		}
		return zw.Close()
	})
}
