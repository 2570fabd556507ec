package cli

import (
	"bufio"
	"os"

	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/report"
	"github.com/khabar-nlp/khabar/seeds"
	"github.com/spf13/cobra"
)

// AnalyzeOptions are the options of "khabar analyze".
type AnalyzeOptions struct {
	IO    *IOStreams
	Paths []string
	Input InputFlags
	Model string
	JSON  bool
	HTML  HTMLFlags

	Workers   int
	RecurDocs int
	Markers   string // a file of boilerplate markers ("": the default list)

	corpus corpus.Options
}

// NewCmdAnalyze returns "khabar analyze". When runF is not nil it is called
// instead of the real work, so tests can check the flags.
func NewCmdAnalyze(io *IOStreams, runF func(*AnalyzeOptions) error) *cobra.Command {
	opts := &AnalyzeOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "analyze [PATH...]",
		Short: "Split pages into articles, label their topics, flag duplicates and boilerplate",
		Long: `Analyze scraped news pages: for each page, find its duplicated passages
(a repeated caption, a headline repeating the lead, copies of earlier pages)
and its boilerplate (site markers such as "مواضيع ذات صلة", newsletter
sign-ups, short lines recurring in many pages), split it into articles
from the page's structure (a boilerplate block, a caption printed twice,
a title over a longer lead, a drop in lexical cohesion, a shift of topic;
never from the labels alone), and label each article with the topic model.
--markers FILE replaces the list of markers (one a line, # comments).

With no PATH it reads standard input when that is piped or redirected;
when standard input is a terminal it runs on the embedded sample pages with
the embedded default model (labels isis-resurgence, explosion-investigation, crime, other).
-m MODEL uses a model made by "khabar train" instead.

Output: on a terminal, a report per page and a corpus summary; otherwise
one tab-separated line per article and per flagged line (after a #header
line); --json writes one JSON object per page and a final
{"summary": ...} line.`,
		Example: `  khabar analyze
  khabar analyze --json | jq -c '.articles[]?'
  khabar analyze --text-field title,text ../shared/data/news-2013/articles.jsonl.gz
  khabar analyze -m topics.khm pages/
  khabar analyze --markers my-site-markers.txt pages/
  khabar analyze --html report.html pages/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			var err error
			if opts.corpus, err = opts.Input.options(io); err != nil {
				return err
			}
			if opts.Workers < 0 {
				return usagef("--workers %d (want >= 0)", opts.Workers)
			}
			if opts.RecurDocs < 0 {
				return usagef("--recur-docs %d (want >= 0)", opts.RecurDocs)
			}
			if opts.HTML.Path != "" && opts.JSON {
				return usagef("--html cannot be used with --json")
			}
			if err := opts.HTML.check(opts.Paths); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runAnalyze(opts)
		},
	}
	opts.Input.register(cmd.Flags())
	opts.HTML.register(cmd.Flags())
	cmd.Flags().StringVarP(&opts.Model, "model", "m", "", "topic model file (default: the embedded model)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "JSON Lines output")
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "pages analyzed at once (default: one per CPU)")
	cmd.Flags().IntVar(&opts.RecurDocs, "recur-docs", 0, "a short line in at least this many pages is boilerplate (default 5)")
	cmd.Flags().StringVar(&opts.Markers, "markers", "", "file of boilerplate markers, one a line, replacing the default list")
	return cmd
}

func runAnalyze(opts *AnalyzeOptions) error {
	var markers []string
	if opts.Markers != "" {
		f, err := os.Open(opts.Markers)
		if err != nil {
			return err
		}
		markers, err = analyze.ReadMarkers(f, opts.Markers)
		f.Close()
		if err != nil {
			return err
		}
	}
	topics, err := loadTopics(opts.Model)
	if err != nil {
		return err
	}
	a := analyze.New(topics, analyze.DefaultPageDups(), analyze.Options{
		Workers:   opts.Workers,
		RecurDocs: opts.RecurDocs,
		Markers:   markers,
	})

	next, finish := pageSource(opts)
	w := bufio.NewWriterSize(opts.IO.Out, 1<<16)
	tsv := !opts.JSON && !opts.IO.human() && opts.HTML.Path == ""
	if tsv {
		w.WriteString(report.PageTSVHeader)
	}
	emit := func(r *analyze.PageReport) error {
		switch {
		case opts.JSON:
			return report.WritePageJSON(w, &r.Page)
		case tsv:
			return report.WritePageTSV(w, &r.Page)
		}
		return report.WritePageText(w, &r.Page)
	}
	var writeHTML func(*analyze.Summary) error
	if opts.HTML.Path != "" {
		next, emit, writeHTML = htmlPages(opts, next)
	}
	sum, err := a.Analyze(next, emit)
	if err == nil && writeHTML != nil {
		err = writeHTML(sum)
	} else if err == nil {
		switch {
		case opts.JSON:
			err = report.WriteSummaryJSON(w, sum)
		case !tsv:
			err = report.WriteSummaryText(w, sum)
		}
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	// A reading error is reported after the pages read before it.
	if rerr := finish(); rerr != nil {
		return rerr
	}
	return err
}

// pageSource returns the pages to analyze: the input files, or the embedded
// seeds when there are none. finish closes the input and returns its error.
func pageSource(opts *AnalyzeOptions) (next func() (analyze.Page, bool), finish func() error) {
	if useSeeds(opts.IO, &opts.Paths) {
		pages := seeds.Pages()
		i := 0
		return func() (analyze.Page, bool) {
			if i >= len(pages) {
				return analyze.Page{}, false
			}
			i++
			return analyze.Page{ID: pages[i-1].Name, Text: pages[i-1].Text}, true
		}, func() error { return nil }
	}
	r := openCorpus(opts.IO, opts.Paths, opts.corpus)
	return func() (analyze.Page, bool) {
			if !r.Next() {
				return analyze.Page{}, false
			}
			d := r.Document()
			return analyze.Page{ID: d.ID, Text: d.Text}, true
		}, func() error {
			r.Close()
			return r.Err()
		}
}
