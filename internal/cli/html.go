package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/internal/htmlreport"
	"github.com/khabar-nlp/khabar/internal/safefile"
	"github.com/spf13/pflag"
)

// HTMLFlags are the --html flags of dedup and analyze: the HTML report
// replaces the report on standard output; "-" writes it there.
type HTMLFlags struct {
	Path      string
	Timestamp bool
}

func (f *HTMLFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.Path, "html", "", "write a self-contained HTML report to this file (- for standard output) instead of the usual report")
	fs.BoolVar(&f.Timestamp, "html-timestamp", false, "show the time of the run in the HTML report (off: the same input gives the same bytes)")
}

// check validates the flags before the work: the report's folder must
// exist and the report must not be one of the inputs.
func (f *HTMLFlags) check(paths []string) error {
	if f.Path == "" {
		if f.Timestamp {
			return usagef("--html-timestamp needs --html")
		}
		return nil
	}
	if f.Path == "-" {
		return nil
	}
	if fi, err := os.Stat(f.Path); err == nil && fi.IsDir() {
		return usagef("--html %s is a folder; give a file name", f.Path)
	}
	if fi, err := os.Stat(filepath.Dir(f.Path)); err != nil || !fi.IsDir() {
		return usagef("--html %s: no folder %s", f.Path, filepath.Dir(f.Path))
	}
	abs, _ := filepath.Abs(f.Path)
	for _, p := range paths {
		if a, _ := filepath.Abs(p); p != "-" && a == abs {
			return usagef("--html %s is an input; it must be elsewhere", f.Path)
		}
	}
	return nil
}

// write renders the report with render to the file or standard output.
func (f *HTMLFlags) write(ios *IOStreams, command string, render func(io.Writer, htmlreport.Options) error) error {
	var o htmlreport.Options
	if f.Timestamp {
		o.Timestamp = time.Now()
	}
	if f.Path == "-" {
		return render(ios.Out, o)
	}
	if err := safefile.Write(f.Path, func(w io.Writer) error { return render(w, o) }); err != nil {
		return fmt.Errorf("%s: writing %s: %v", command, f.Path, err)
	}
	return nil
}

// writeDedupHTML writes the HTML report of a dedup run whose documents
// are in docs.
func writeDedupHTML(opts *DedupOptions, res *dedup.Result, docs []dedup.Doc) error {
	text := func(u dedup.Unit) string { return docs[u.Doc].Text[u.Start:u.End] }
	return opts.HTML.write(opts.IO, "dedup", func(w io.Writer, o htmlreport.Options) error {
		return htmlreport.Dedup(w, res, text, o)
	})
}

// htmlPages wraps the page source of analyze so that the pages and their
// reports are kept for the HTML report: it returns the source to analyze,
// the emit function that keeps the reports, and write, which writes the
// report after the run.
func htmlPages(opts *AnalyzeOptions, next func() (analyze.Page, bool)) (func() (analyze.Page, bool), func(*analyze.PageReport) error, func(*analyze.Summary) error) {
	var (
		mu    sync.Mutex // next and emit may run on different goroutines
		texts []string
		pages []htmlreport.Page
	)
	src := func() (analyze.Page, bool) {
		p, ok := next()
		if ok {
			mu.Lock()
			texts = append(texts, p.Text)
			mu.Unlock()
		}
		return p, ok
	}
	emit := func(r *analyze.PageReport) error {
		mu.Lock()
		defer mu.Unlock()
		pages = append(pages, htmlreport.Page{Report: r, Text: texts[len(pages)]})
		return nil
	}
	write := func(sum *analyze.Summary) error {
		return opts.HTML.write(opts.IO, "analyze", func(w io.Writer, o htmlreport.Options) error {
			return htmlreport.Analyze(w, pages, sum, o)
		})
	}
	return src, emit, write
}
