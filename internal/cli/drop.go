package cli

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/safefile"
)

// --drop: writing the corpus without its duplicates
//
// Every cluster member but the kept one is removed: at document level the
// whole document, at passage level the passage and the line break after it.
// Each input file is written again in its own format:
//
//   - text: the document text (BOM removed, invalid UTF-8 replaced, as
//     read) without the removed passages; a removed document's file is not
//     written.
//   - jsonl: every line copied byte for byte, except that a removed
//     document's line is left out and a document with removed passages has
//     its text fields rewritten (the other fields are copied as they are).
//   - tsv, fasttext: a document is one line, and one passage; removed
//     documents' lines are left out.
//
// OUT is one file for a single input file or standard input (gzip when its
// name ends in .gz), else a folder: one folder argument is mirrored into
// OUT, several arguments each get a subfolder named after them. Files are
// written under a temporary name and renamed when complete, and OUT may
// not be, hold, or be inside an input.

// cuts lists, per document, the byte spans to remove, in order; at
// document level a document in the map is removed whole.
type cuts map[int][][2]int

func dropPlan(res *dedup.Result) cuts {
	c := make(cuts)
	for _, cl := range res.Clusters {
		for i, m := range cl.Members {
			if i != cl.Kept {
				c[m.Doc] = append(c[m.Doc], [2]int{m.Start, m.End})
			}
		}
	}
	for _, spans := range c {
		slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	}
	return c
}

// cutText returns text without the spans, each with the line break after
// it.
func cutText(text string, spans [][2]int) string {
	var b strings.Builder
	pos := 0
	for _, s := range spans {
		if s[0] < pos || s[1] > len(text) {
			continue
		}
		b.WriteString(text[pos:s[0]])
		pos = s[1]
		if strings.HasPrefix(text[pos:], "\r\n") {
			pos += 2
		} else if strings.HasPrefix(text[pos:], "\n") {
			pos++
		}
	}
	b.WriteString(text[pos:])
	return b.String()
}

// dropDuplicates writes the corpus without its duplicates to opts.Output.
// docs are the documents when they are in memory (the sample pages), infos
// where the others came from; stdinCopy is a copy of standard input.
func dropDuplicates(opts *DedupOptions, res *dedup.Result, docs []dedup.Doc, infos []docInfo, stdinCopy string, progress *progressLine) (err error) {
	plan := dropPlan(res)
	docLevel := res.Options.Level == dedup.DocumentLevel
	files := 0
	writeFile := func(name string, write func(io.Writer) error) error {
		files++
		progress.setPhase("writing "+opts.Output, files, 0)
		if name == "-" {
			w := bufio.NewWriterSize(opts.IO.Out, 1<<16)
			err := write(w)
			if ferr := w.Flush(); err == nil {
				err = ferr
			}
			if err != nil {
				return fmt.Errorf("dedup: writing standard output: %v", err)
			}
			return nil
		}
		return writeFile(name, write)
	}
	defer func() {
		if err == nil {
			progress.finish() // before the summary line
			dropSummary(opts, res, files)
		}
	}()
	if len(opts.Paths) == 0 {
		if err := os.MkdirAll(opts.Output, 0o755); err != nil {
			return fmt.Errorf("dedup: %v", err)
		}
		for i, d := range docs {
			if _, gone := plan[i]; gone && docLevel {
				continue
			}
			err := writeFile(filepath.Join(opts.Output, d.ID), func(w io.Writer) error {
				_, err := io.WriteString(w, cutText(d.Text, plan[i]))
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	// The documents of each source file, in order.
	var sources []string
	bySource := make(map[string][]int)
	for i, in := range infos {
		if _, ok := bySource[in.source]; !ok {
			sources = append(sources, in.source)
		}
		bySource[in.source] = append(bySource[in.source], i)
	}
	target, err := outputNames(opts.Output, opts.Paths, sources)
	if err != nil {
		return err
	}
	for _, src := range sources {
		ids := bySource[src]
		read := src
		if src == "-" {
			read = stdinCopy
		}
		format := infos[ids[0]].format // as the reader read it, sniffed or not
		if format == corpus.FormatText {
			if _, gone := plan[ids[0]]; gone && docLevel {
				continue
			}
		}
		err := writeFile(target[src], func(w io.Writer) error {
			return rewriteSource(w, read, format, ids, infos, plan, docLevel, opts.corpus.TextFields)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// dropSummary prints the one line that ends --drop on standard error:
// where the corpus went, and how many units were kept and dropped.
func dropSummary(opts *DedupOptions, res *dedup.Result, files int) {
	if opts.IO.Quiet {
		return
	}
	unit := "passage"
	if res.Options.Level == dedup.DocumentLevel {
		unit = "document"
	}
	where := opts.Output
	switch {
	case where == "-":
		where = "standard output"
	case files != 1:
		where = fmt.Sprintf("%s (%s)", where, plural(files, "file"))
	}
	kept := res.Stats.Units - res.Stats.Duplicates
	fmt.Fprintf(opts.IO.ErrOut, "khabar: dedup: wrote %s: kept %s, dropped %d as duplicates in %s\n",
		where, plural(kept, unit), res.Stats.Duplicates, plural(res.Stats.Clusters, "cluster"))
}

// outputNames maps every source file to the file it is written to.
func outputNames(out string, paths, sources []string) (map[string]string, error) {
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
			case corpus.Within(s, p):
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
			return nil, fmt.Errorf("dedup: --output: %s and %s would both be written to %s", other, s, name)
		}
		from[name] = s
		target[s] = name
	}
	return target, nil
}

// writeFile writes a file through write under a temporary name in its
// folder and renames it when complete; a name ending in .gz is
// gzip-compressed.
func writeFile(name string, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("dedup: %v", err)
	}
	err := safefile.Write(name, func(w io.Writer) error {
		if !strings.HasSuffix(name, ".gz") {
			return write(w)
		}
		zw := gzip.NewWriter(w)
		if err := write(zw); err != nil {
			return err
		}
		return zw.Close()
	})
	if err != nil {
		return fmt.Errorf("dedup: writing %s: %v", name, err)
	}
	return nil
}

// openRaw opens a file, decompressing it when it starts with a gzip
// header.
func openRaw(path string) (io.Reader, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	br := bufio.NewReaderSize(f, 1<<20)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return bufio.NewReaderSize(zr, 1<<20), f.Close, nil
	}
	return br, f.Close, nil
}

// rewriteSource writes source file path without the removed documents and
// passages; ids are its documents' numbers.
func rewriteSource(w io.Writer, path string, format corpus.Format, ids []int, infos []docInfo, plan cuts, docLevel bool, textFields []string) error {
	r, closeFn, err := openRaw(path)
	if err != nil {
		return err
	}
	defer closeFn()
	if format == corpus.FormatText {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		text := strings.ToValidUTF8(string(bytes.TrimPrefix(data, []byte("\uFEFF"))), "\uFFFD")
		_, err = io.WriteString(w, cutText(text, plan[ids[0]]))
		return err
	}
	br := r.(*bufio.Reader)
	next := 0 // next document of this file
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		if next < len(ids) && infos[ids[next]].line == lineNo {
			d := ids[next]
			next++
			if spans, ok := plan[d]; ok {
				if docLevel || format != corpus.FormatJSONL {
					continue
				}
				if line, err = rewriteJSONLine(line, textFields, spans); err != nil {
					return fmt.Errorf("%s:%d: %v", path, lineNo, err)
				}
			}
		}
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
}

// rewriteJSONLine returns the JSON Lines line with the spans (byte offsets
// into the document text: the text fields joined by line breaks) removed
// from the text fields. Fields are kept in order; those left unchanged are
// copied byte for byte.
func rewriteJSONLine(line []byte, textFields []string, spans [][2]int) ([]byte, error) {
	type kv struct {
		key string
		raw json.RawMessage
	}
	trimmed := bytes.TrimRight(line, "\r\n")
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var fields []kv
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		fields = append(fields, kv{tok.(string), raw})
	}
	last := func(name string) int {
		for i := len(fields) - 1; i >= 0; i-- {
			if fields[i].key == name {
				return i
			}
		}
		return -1
	}
	off := 0
	for _, name := range textFields {
		i := last(name)
		value := ""
		if i >= 0 {
			raw := fields[i].raw
			switch {
			case len(raw) > 0 && raw[0] == '"':
				if err := json.Unmarshal(raw, &value); err != nil {
					return nil, err
				}
			case string(raw) != "null":
				value = string(raw)
			}
		}
		var local [][2]int
		for _, s := range spans {
			lo, hi := max(s[0], off)-off, min(s[1], off+len(value))-off
			if lo < hi {
				local = append(local, [2]int{lo, hi})
			}
		}
		if len(local) > 0 && i >= 0 {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(cutText(value, local)); err != nil {
				return nil, err
			}
			fields[i].raw = bytes.TrimRight(buf.Bytes(), "\n")
		}
		off += len(value) + 1
	}
	out := []byte{'{'}
	for i, f := range fields {
		if i > 0 {
			out = append(out, ',')
		}
		key, _ := json.Marshal(f.key)
		out = append(out, key...)
		out = append(out, ':')
		out = append(out, f.raw...)
	}
	out = append(out, '}')
	return append(out, line[len(trimmed):]...), nil
}
