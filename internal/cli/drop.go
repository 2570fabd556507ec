package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
)

// --drop: writing the corpus without its duplicates
//
// Every cluster member but the kept one is removed: at document level the
// whole document, at passage level the passage and the line break after it.
// Each input file is written again in its own format by corpus.Rewrite,
// which decodes it as the reader did, so that the spans cut are the bytes
// the search found (see there): a text file without the removed passages
// (not written when removed whole), JSON Lines lines copied but for the
// removed ones and the text fields of those with removed passages, TSV
// and fastText lines copied but for the removed ones.
//
// OUT is one file for a single input file or standard input (gzip when its
// name ends in .gz), else a folder: one folder argument is mirrored into
// OUT, several arguments each get a subfolder named after them
// (corpus.MirrorNames). Files are
// written under a temporary name and renamed when complete, and OUT may
// not be, hold, or be inside an input.

// cuts lists, per document, the byte spans to remove, in order; at
// document level a document in the map is removed whole.
type cuts map[int][]corpus.Span

func dropPlan(res *dedup.Result) cuts {
	c := make(cuts)
	for _, cl := range res.Clusters {
		for i, m := range cl.Members {
			if i != cl.Kept {
				c[m.Doc] = append(c[m.Doc], corpus.Span{Start: m.Start, End: m.End})
			}
		}
	}
	for _, spans := range c {
		slices.SortFunc(spans, func(a, b corpus.Span) int { return a.Start - b.Start })
	}
	return c
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
				_, err := io.WriteString(w, corpus.CutText(d.Text, plan[i]))
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
		if _, ok := bySource[in.Source]; !ok {
			sources = append(sources, in.Source)
		}
		bySource[in.Source] = append(bySource[in.Source], i)
	}
	target, err := corpus.MirrorNames(opts.Output, opts.Paths, sources)
	if err != nil {
		return fmt.Errorf("dedup: --output: %v", err)
	}
	for _, src := range sources {
		ids := bySource[src]
		read := src
		if src == "-" {
			read = stdinCopy
		}
		format := infos[ids[0]].Format // as the reader read it, sniffed or not
		if format == corpus.FormatText {
			if _, gone := plan[ids[0]]; gone && docLevel {
				continue
			}
		}
		edits := make(map[int]corpus.Edit)
		for _, d := range ids {
			if spans, ok := plan[d]; ok {
				edits[infos[d].Line] = corpus.Edit{Drop: docLevel, Cuts: spans}
			}
		}
		err := writeFile(target[src], func(w io.Writer) error {
			f, err := os.Open(read)
			if err != nil {
				return err
			}
			defer f.Close()
			return corpus.Rewrite(w, f, src, format, opts.corpus, edits)
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
	fmt.Fprintf(opts.IO.ErrOut, "%swrote %s: kept %s, dropped %d as duplicates in %s\n", opts.IO.prefix(),
		where, plural(kept, unit), res.Stats.Duplicates, plural(res.Stats.Clusters, "cluster"))
}

// writeFile writes a file through write, see corpus.WriteFile.
func writeFile(name string, write func(io.Writer) error) error {
	if err := corpus.WriteFile(name, write); err != nil {
		return fmt.Errorf("dedup: writing %s: %v", name, err)
	}
	return nil
}
