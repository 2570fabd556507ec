package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/report"
	"github.com/khabar-nlp/khabar/seeds"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// DedupOptions are the options of "khabar dedup".
type DedupOptions struct {
	IO       *IOStreams
	Paths    []string
	Input    InputFlags
	Pipeline PipelineFlags

	Level       string
	Paragraphs  bool
	Shingle     string
	Method      string
	Cluster     string
	Threshold   float64
	Containment float64
	Hashes      int
	Seed        uint64
	Bands       int
	Rows        int
	NoVerify    bool
	MinTokens   int
	K           int
	Workers     int
	Mem         int64
	Tmp         string

	JSON   bool
	Pairs  bool
	Drop   bool
	Output string
	HTML   HTMLFlags

	dedup  dedup.Options
	corpus corpus.Options
}

// NewCmdDedup returns "khabar dedup". When runF is not nil it is called
// instead of the real work, so tests can check the flags.
func NewCmdDedup(io *IOStreams, runF func(*DedupOptions) error) *cobra.Command {
	opts := &DedupOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "dedup [PATH...]",
		Short: "Find exact and near-duplicate passages or documents",
		Long: `Find exact and near-duplicate passages (every non-empty line, or paragraph)
or documents, within and across documents, and group them into clusters.

Exact duplicates have the same normalized tokens. Near duplicates have a
Jaccard similarity of their shingle sets (word or character n-grams) of at
least --threshold: candidates come from MinHash LSH (bands and rows chosen
from the threshold) or SimHash, and every candidate is verified with its
exact Jaccard similarity unless --no-verify. With --containment, a short
passage mostly inside a longer one (a caption repeating the lead) is
reported too, and the longer one is kept.

Clusters are, by default (--cluster connected), the connected components
of the verified pairs: A near B near C are one cluster even when C is far
from A. --cluster star keeps the first member (with --containment the
longest) and only the members similar enough to it; the others start
clusters of their own, the same way.

With no PATH it reads standard input when that is piped or redirected, and
runs on the embedded sample pages when it is a terminal; "-" is standard
input. On a terminal (or with --pretty) it prints a report for a person;
otherwise one line per cluster member, tab-separated. --json writes one
cluster per line, each member with its text (the first 200 characters);
--pairs every verified pair, tab-separated, or with --json as JSON Lines.
--drop -o OUT writes the corpus without its duplicates: the members of each
cluster other than the kept one (the first, or the longest with
containment) are removed, in the input's format; OUT is a file for a single
input file or standard input, else a folder mirroring the input files.

--mem SIZE (256MiB, 2GiB, 500MB) bounds the memory of the search: the
units, shingle sets and band keys go to temporary files in --tmp DIR (or
$TMPDIR), sorted in runs and merged on disk, for corpora larger than
memory; the output is the same, byte for byte. Without --mem everything
is kept in memory (faster, about 1.2 times the input at document level).
The temporary files are removed as they are made, so none is left behind.`,
		Example: `  khabar dedup
  khabar dedup --shingle char:5 --containment 0.7
  khabar dedup --level document --text-field title,text articles.jsonl.gz
  khabar dedup --json --paragraphs pages/ > clusters.jsonl
  khabar dedup --drop -o clean.jsonl --text-field title,text articles.jsonl.gz
  khabar dedup --containment 0.7 --html report.html
  khabar dedup --mem 256MiB --level document --pairs articles.jsonl.gz > pairs.tsv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if err := opts.check(cmd); err != nil {
				return err
			}
			var err error
			if opts.corpus, err = opts.Input.options(io); err != nil {
				return err
			}
			if opts.dedup.Text, err = opts.Pipeline.settings(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runDedup(opts)
		},
	}
	f := cmd.Flags()
	opts.registerSettings(f)
	f.StringVar(&opts.Cluster, "cluster", "connected", "clusters: connected (components of the verified pairs) or star (every member similar enough to the kept one)")
	f.Float64Var(&opts.Containment, "containment", 0, "also report passages at least this fraction inside a longer one (0: off)")
	f.BoolVar(&opts.NoVerify, "no-verify", false, "accept candidates on their signature estimate instead of the exact Jaccard similarity")
	f.IntVar(&opts.Workers, "workers", 0, "goroutines making signatures (default: one per core); the output does not depend on it")
	f.Var(sizeFlag{&opts.Mem}, "mem", "bound the search's memory to about SIZE (256MiB, 2GiB, 500MB), with temporary files on disk (default: no bound, all in memory)")
	f.StringVar(&opts.Tmp, "tmp", "", "folder of --mem's temporary files (default: $TMPDIR or /tmp)")
	f.BoolVar(&opts.JSON, "json", false, "JSON Lines output, one cluster per line (with --pairs, one pair per line)")
	f.BoolVar(&opts.Pairs, "pairs", false, "every verified pair, tab-separated (JSON Lines with --json)")
	f.BoolVar(&opts.Drop, "drop", false, "write the corpus without its duplicates to --output")
	f.StringVarP(&opts.Output, "output", "o", "", `where --drop writes: a file or a folder ("-": standard output, for one input file or standard input; no report then)`)
	opts.HTML.register(f)
	opts.Input.register(f)
	opts.Pipeline.register(f)
	return cmd
}

// registerSettings registers the flags that decide what a unit is and how
// units are compared (dedup.Options), which "khabar index create" shares.
func (opts *DedupOptions) registerSettings(f *pflag.FlagSet) {
	f.StringVar(&opts.Level, "level", "passage", "unit of comparison: passage or document")
	f.BoolVar(&opts.Paragraphs, "paragraphs", false, "a passage is a paragraph (run of non-blank lines), not a line")
	f.StringVar(&opts.Shingle, "shingle", "word:3", "shingles: word:N (token n-grams) or char:N (character n-grams)")
	f.StringVar(&opts.Method, "method", "minhash", "candidate search: minhash (LSH) or simhash")
	f.Float64Var(&opts.Threshold, "threshold", dedup.DefaultThreshold, "smallest Jaccard similarity of near duplicates, in (0, 1]")
	f.IntVar(&opts.Hashes, "hashes", dedup.DefaultHashes, "MinHash signature size")
	f.Uint64Var(&opts.Seed, "seed", 0, "MinHash seed")
	f.IntVar(&opts.Bands, "bands", 0, "LSH bands (default: chosen from the threshold)")
	f.IntVar(&opts.Rows, "rows", 0, "LSH rows per band (default: chosen from the threshold)")
	f.IntVar(&opts.MinTokens, "min-tokens", 0, "skip passages with fewer tokens")
	f.IntVar(&opts.K, "k", dedup.DefaultK, "SimHash: largest Hamming distance of near duplicates")
}

// check validates the flags and fills opts.dedup; every problem is a usage
// error.
func (opts *DedupOptions) check(cmd *cobra.Command) error {
	o, err := opts.settings(cmd)
	if err != nil {
		return err
	}
	if opts.HTML.Path != "" && (opts.JSON || opts.Pairs) {
		return usagef("--html cannot be used with --json or --pairs")
	}
	if opts.HTML.Path == "-" && opts.Output == "-" {
		return usagef("--html - and --output - cannot both write to standard output")
	}
	if err := opts.HTML.check(opts.Paths); err != nil {
		return err
	}
	if opts.Tmp != "" && opts.Mem == 0 {
		return usagef("--tmp goes with --mem")
	}
	if opts.Mem > 0 && opts.Mem < minMem {
		return usagef("--mem %s: want at least %s", formatSize(opts.Mem), formatSize(minMem))
	}
	if opts.Mem > 0 && opts.Containment > 0 {
		return usagef("--mem cannot be used with --containment (its inverted index is kept in memory)")
	}
	if opts.Drop != (opts.Output != "") {
		return usagef("--drop and --output go together")
	}
	if opts.Drop && opts.Output != "-" {
		if err := checkOutput(opts.Output, opts.Paths); err != nil {
			return err
		}
	}
	o.Memory, o.TempDir = opts.Mem, opts.Tmp
	opts.dedup = o
	return nil
}

// minMem is the smallest --mem.
const minMem = 1 << 20

// settings checks the flags registered by registerSettings, with --cluster,
// --containment, --no-verify, --workers and --pairs when the command has
// them, and returns the dedup.Options they give; every problem is a usage
// error.
func (opts *DedupOptions) settings(cmd *cobra.Command) (dedup.Options, error) {
	var o dedup.Options
	if err := o.Level.UnmarshalText([]byte(opts.Level)); err != nil {
		return o, usageError{err}
	}
	if err := o.Method.UnmarshalText([]byte(opts.Method)); err != nil {
		return o, usageError{err}
	}
	if err := o.Shingle.UnmarshalText([]byte(opts.Shingle)); err != nil {
		return o, usageError{err}
	}
	var err error
	if o.Stars, err = parseCluster(opts.Cluster); err != nil {
		return o, usageError{err}
	}
	// The library reads 0 as "the default"; on the command line 0 is a
	// value the user typed, so it is checked here.
	if !(opts.Threshold > 0 && opts.Threshold <= 1) {
		return o, usageError{fmt.Errorf("%w: --threshold %v", dedup.ErrThreshold, opts.Threshold)}
	}
	if opts.Hashes < 1 {
		return o, usageError{fmt.Errorf("%w: --hashes %d", dedup.ErrHashes, opts.Hashes)}
	}
	if opts.K < 1 {
		return o, usageError{fmt.Errorf("%w: --k %d (want 1 to %d)", dedup.ErrK, opts.K, dedup.MaxK)}
	}
	if cmd.Flags().Changed("bands") && opts.Bands < 1 || cmd.Flags().Changed("rows") && opts.Rows < 1 {
		return o, usageError{fmt.Errorf("%w: --bands %d --rows %d", dedup.ErrBands, opts.Bands, opts.Rows)}
	}
	if opts.Workers < 0 {
		return o, usagef("--workers %d (want >= 0)", opts.Workers)
	}
	o.Paragraphs = opts.Paragraphs
	o.Threshold = opts.Threshold
	o.Containment = opts.Containment
	o.Hashes = opts.Hashes
	o.Seed = opts.Seed
	o.Bands, o.Rows = opts.Bands, opts.Rows
	o.NoVerify = opts.NoVerify
	o.MinTokens = opts.MinTokens
	o.K = opts.K
	o.Workers = opts.Workers
	o.Pairs = opts.Pairs
	if err := o.Check(); err != nil {
		return o, usageError{err}
	}
	return o, nil
}

// parseCluster reads --cluster: connected (the default clusters) or star
// (dedup.Options.Stars).
func parseCluster(s string) (stars bool, err error) {
	switch s {
	case "connected":
		return false, nil
	case "star":
		return true, nil
	}
	return false, fmt.Errorf("%w: cluster %q (want connected or star)", dedup.ErrOption, s)
}

// docInfo is where a document came from, for the excerpts and --drop.
type docInfo = corpus.Position

func runDedup(opts *DedupOptions) error {
	var (
		docs      []dedup.Doc // the documents, when they are in memory
		infos     []docInfo
		res       *dedup.Result
		readErr   error
		err       error
		stdinCopy string
		progress  *progressLine
	)
	seeds := useSeeds(opts.IO, &opts.Paths)
	if opts.Output == "-" && !(len(opts.Paths) == 1 && (opts.Paths[0] == "-" || isFile(opts.Paths[0]))) {
		return usagef("--drop -o - writes one file to standard output: give one input file, or pipe the input in")
	}
	if opts.Drop && opts.Output != "-" {
		// Said before the search, not after it.
		if err := probeWritable(opts.Output); err != nil {
			return err
		}
	}
	if opts.Tmp != "" {
		// Said before the search, not after it.
		if info, err := os.Stat(opts.Tmp); err != nil || !info.IsDir() {
			return fmt.Errorf("dedup: --tmp %s: not a folder", opts.Tmp)
		}
	}
	if opts.Mem > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// The Go runtime collects harder as the heap nears the budget
		// (restored after: tests run commands in one process).
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(opts.Mem))
	}
	if seeds {
		docs = seedDocs()
		res, err = dedup.Find(slices.Values(docs), opts.dedup)
	} else {
		// Standard input cannot be read twice: keep a copy of its bytes
		// for the excerpts and --drop. The HTML report keeps every text,
		// not to read the input twice.
		keep := opts.HTML.Path != ""
		copts := opts.corpus
		if slices.Contains(opts.Paths, "-") {
			tmp, err := os.CreateTemp("", "khabar-stdin-*")
			if err != nil {
				return fmt.Errorf("dedup: %v", err)
			}
			defer os.Remove(tmp.Name())
			defer tmp.Close()
			in := copts.Stdin
			if in == nil {
				in = os.Stdin
			}
			copts.Stdin = io.TeeReader(in, tmp)
			stdinCopy = tmp.Name()
		}
		r := openCorpus(opts.IO, opts.Paths, copts)
		// The progress line goes on after the reading: the search,
		// the report's excerpts, --drop's writing.
		r.keep = true
		progress = r.progress
		defer progress.finish()
		opts.dedup.Progress = progress.setPhase
		// Where each document is (about 40 bytes a document), for the
		// reports that show excerpts, read again there, and for --drop;
		// --pairs and the member lines need none.
		positions := opts.Drop || opts.HTML.Path == "" && !opts.Pairs && (opts.JSON || opts.IO.human())
		seq := func(yield func(dedup.Doc) bool) {
			for r.Next() {
				d := r.Document()
				if positions {
					infos = append(infos, corpus.PositionOf(r.Reader))
				}
				doc := dedup.Doc{ID: d.ID, Text: d.Text}
				if keep {
					docs = append(docs, doc)
				}
				if !yield(doc) {
					return
				}
			}
		}
		res, err = dedup.Find(seq, opts.dedup)
		readErr = r.Err()
		r.Close()
	}
	if err != nil {
		return err
	}
	// The report covers the documents read, even when reading stopped on
	// an error; the error comes after it, and nothing is dropped. With
	// --drop -o - standard output is the corpus: no report.
	if opts.Output != "-" || opts.HTML.Path != "" {
		progress.setPhase("writing the report", 0, 0)
		if err := writeDedupReport(opts, res, docs, infos, stdinCopy, readErr == nil); err != nil {
			return err
		}
	}
	if readErr != nil {
		return readErr
	}
	if opts.Drop {
		return dropDuplicates(opts, res, docs, infos, stdinCopy, progress)
	}
	return nil
}

func writeDedupReport(opts *DedupOptions, res *dedup.Result, docs []dedup.Doc, infos []docInfo, stdinCopy string, readOK bool) error {
	if opts.HTML.Path != "" {
		return writeDedupHTML(opts, res, docs)
	}
	return writeDedupFormat(opts.IO, res, opts.JSON, opts.Pairs, func() func(dedup.Unit) string {
		if docs != nil {
			return func(u dedup.Unit) string { return docs[u.Doc].Text[u.Start:u.End] }
		}
		excerpts, err := readExcerpts(opts, res, infos, stdinCopy)
		if err != nil && readOK {
			warnf(opts.IO, "reading the excerpts again: %v", err)
		}
		return func(u dedup.Unit) string { return excerpts[unitKey{u.Doc, u.Start}] }
	})
}

// writeDedupFormat writes res in the format --json and --pairs ask for:
// the pairs (TSV, or JSON Lines with --json), the member lines (not to a
// terminal, without --pretty), the JSON clusters or the text report.
// textOf gives the members' text; it is called only for the two reports
// that show it (khabar dedup reads the excerpts again then).
func writeDedupFormat(io *IOStreams, res *dedup.Result, json, pairs bool, textOf func() func(dedup.Unit) string) error {
	out := io.Out
	switch {
	case json && pairs:
		return report.WritePairsJSON(out, report.NewDedup(res, nil))
	case pairs:
		return report.WritePairs(out, report.NewDedup(res, nil))
	case !json && !io.human():
		return report.WriteMembers(out, report.NewDedup(res, nil))
	case json:
		return report.WriteJSON(out, report.NewDedup(res, textOf()))
	}
	return report.WriteText(out, report.NewDedup(res, textOf()))
}

type unitKey struct{ doc, start int }

// readExcerpts returns the excerpts of the cluster members, read again
// at the positions the first reading recorded (only their documents, see
// corpus.Reread), so that the first reading keeps no text. It stops at
// the first error, returning the excerpts read before it.
func readExcerpts(opts *DedupOptions, res *dedup.Result, infos []docInfo, stdinCopy string) (map[unitKey]string, error) {
	want := make(map[int][]dedup.Unit)
	var docs []int
	for _, c := range res.Clusters {
		for _, m := range c.Members {
			if _, ok := want[m.Doc]; !ok {
				docs = append(docs, m.Doc)
			}
			want[m.Doc] = append(want[m.Doc], m.Unit)
		}
	}
	pos := make([]corpus.Position, len(docs))
	for i, d := range docs {
		pos[i] = infos[d]
	}
	excerpts := make(map[unitKey]string)
	err := corpus.Reread(pos, opts.corpus, stdinCopy, func(i int, text string) {
		for _, u := range want[docs[i]] {
			if u.End <= len(text) {
				// As much as the JSON report shows; the text report
				// cuts it shorter. A copy: not the whole text kept.
				excerpts[unitKey{u.Doc, u.Start}] = strings.Clone(report.Cut(text[u.Start:u.End], report.JSONExcerptChars))
			}
		}
	})
	return excerpts, err
}

// seedDocs returns the embedded sample pages, named by their file names.
func seedDocs() []dedup.Doc {
	var docs []dedup.Doc
	for _, p := range seeds.Pages() {
		docs = append(docs, dedup.Doc{ID: p.Name, Text: p.Text})
	}
	return docs
}

// isFile tells whether path is a file (or a link to one), not a folder.
func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

// plural returns "1 page", "2 pages": n and the noun, in the plural
// unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
