package cli

import (
	"encoding/json"
	"fmt"
	"iter"
	"slices"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/spf13/cobra"
)

// NewCmdIndex returns "khabar index" and its subcommands.
func NewCmdIndex(io *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "A duplicate index on disk: check new articles against everything added before",
		Long: `A persistent duplicate index: a folder holding one database (bbolt) with
every added unit's location, exact hash, band keys and shingle set, so that
new articles can be checked against everything seen before without
running dedup again over old and new, and without keeping the corpus.

The index's settings (level, shingles, method, hashes, seed, bands and
rows, threshold, text pipeline) are fixed by "index create" and stored;
add and query use them. Each batch of "index add" is one transaction: a
crash leaves the index at the last committed batch. A query from another
process while add runs waits for the batch being written, then reads one
consistent snapshot.`,
		Example: `  khabar index create news.idx --level document
  khabar index add news.idx --text-field title,text archive/*.jsonl.gz
  khabar index query news.idx --text-field title,text today.jsonl.gz
  khabar index query news.idx --pairs --add today.jsonl.gz > pairs.tsv
  khabar index stats news.idx
  khabar index verify news.idx`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		NewCmdIndexCreate(io, nil),
		NewCmdIndexAdd(io, nil),
		NewCmdIndexQuery(io, nil),
		NewCmdIndexStats(io, nil),
		NewCmdIndexVerify(io, nil),
	)
	return cmd
}

// IndexCreateOptions are the options of "khabar index create".
type IndexCreateOptions struct {
	DedupOptions // the settings flags only
	Dir          string

	dedup dedup.Options
}

// NewCmdIndexCreate returns "khabar index create".
func NewCmdIndexCreate(io *IOStreams, runF func(*IndexCreateOptions) error) *cobra.Command {
	opts := &IndexCreateOptions{}
	opts.IO = io
	cmd := &cobra.Command{
		Use:   "create DIR [flags]",
		Short: "Make a new, empty index with its settings",
		Long: `Make a new, empty index in DIR (which must not exist, or be empty), with
the settings of the flags, which mean what they mean for dedup. The index
verifies every candidate with its exact Jaccard similarity: dedup's
--containment and --no-verify are not offered.`,
		Example: `  khabar index create news.idx --level document
  khabar index create passages.idx --shingle word:5 --min-tokens 4`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			opts.Cluster = "connected"
			var err error
			if opts.dedup, err = opts.settings(cmd); err != nil {
				return err
			}
			if opts.dedup.Text, err = opts.Pipeline.settings(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			x, err := dedup.OpenIndex(opts.Dir, dedup.IndexOptions{Create: &opts.dedup})
			if err != nil {
				return err
			}
			defer x.Close()
			notef(io, "created %s: %s", opts.Dir, describeIndex(x.Options()))
			return nil
		},
	}
	opts.registerSettings(cmd.Flags())
	opts.Pipeline.register(cmd.Flags())
	return cmd
}

// describeIndex says what an index's settings are, in one line.
func describeIndex(o dedup.Options) string {
	s := fmt.Sprintf("%s level, %s shingles, %s", o.Level, o.Shingle, o.Method)
	if o.Method == dedup.MinHashLSH {
		s += fmt.Sprintf(" %d hashes seed %d, %d bands x %d rows", o.Hashes, o.Seed, o.Bands, o.Rows)
	} else {
		s += fmt.Sprintf(" distance <= %d", o.K)
	}
	return s + fmt.Sprintf(", Jaccard >= %v", o.Threshold)
}

// IndexAddOptions are the options of "khabar index add".
type IndexAddOptions struct {
	IO      *IOStreams
	Dir     string
	Paths   []string
	Input   InputFlags
	Workers int
	Batch   int

	corpus corpus.Options
}

// NewCmdIndexAdd returns "khabar index add".
func NewCmdIndexAdd(io *IOStreams, runF func(*IndexAddOptions) error) *cobra.Command {
	opts := &IndexAddOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "add DIR INPUT...",
		Short: "Add documents to an index, in batches",
		Long: `Add the documents of every INPUT (files, folders, or "-" for standard input)
to the index in DIR: its units (passages or documents, by the index's
level), in batches of --batch documents. Each batch is one transaction:
when add stops (an error, Ctrl-C, a crash), the index holds the batches
committed before and nothing of the others. Reading stops at the first
bad input line, after committing the documents read before it.`,
		Example: `  khabar index add news.idx --text-field title,text archive/*.jsonl.gz
  zcat today.jsonl.gz | khabar index add news.idx -`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir, opts.Paths = args[0], args[1:]
			if opts.Workers < 0 || opts.Batch < 1 {
				return usagef("--workers %d --batch %d (want >= 0 and >= 1)", opts.Workers, opts.Batch)
			}
			var err error
			if opts.corpus, err = opts.Input.options(io); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runIndexAdd(opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Workers, "workers", 0, "goroutines making signatures (default: one per core); the index does not depend on it")
	f.IntVar(&opts.Batch, "batch", dedup.DefaultBatchDocs, "documents per batch (one transaction)")
	opts.Input.register(f)
	return cmd
}

func runIndexAdd(opts *IndexAddOptions) error {
	x, err := dedup.OpenIndex(opts.Dir, dedup.IndexOptions{Workers: opts.Workers, BatchDocs: opts.Batch})
	if err != nil {
		return err
	}
	defer x.Close()
	r := openCorpus(opts.IO, opts.Paths, opts.corpus)
	defer r.Close()
	st, err := x.Add(readDocs(r, nil))
	if err == nil {
		err = r.Err()
	}
	if st.Documents > 0 || err == nil {
		batches := plural(st.Batches, "batche")
		if st.Batches == 1 {
			batches = "1 batch"
		}
		notef(opts.IO, "added %s (%s, %d skipped without tokens) in %s to %s", plural(st.Documents, "document"),
			plural(st.Units, "unit"), st.Skipped, batches, opts.Dir)
	}
	return err
}

// readDocs returns r's documents as dedup documents; with infos, it
// records where each came from.
func readDocs(r *corpusReader, infos *[]docInfo) iter.Seq[dedup.Doc] {
	return func(yield func(dedup.Doc) bool) {
		for r.Next() {
			d := r.Document()
			if infos != nil {
				*infos = append(*infos, corpus.PositionOf(r.Reader))
			}
			if !yield(dedup.Doc{ID: d.ID, Text: d.Text}) {
				return
			}
		}
	}
}

// IndexQueryOptions are the options of "khabar index query".
type IndexQueryOptions struct {
	IO      *IOStreams
	Dir     string
	Paths   []string
	Input   InputFlags
	Workers int
	Cluster string
	JSON    bool
	Pairs   bool
	Add     bool
	NewOnly bool
	Output  string

	corpus corpus.Options
	stars  bool
}

// NewCmdIndexQuery returns "khabar index query".
func NewCmdIndexQuery(io *IOStreams, runF func(*IndexQueryOptions) error) *cobra.Command {
	opts := &IndexQueryOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "query DIR INPUT...",
		Short: "Find the duplicates of new documents in an index, and among themselves",
		Long: `Report, for every unit of the INPUT documents, its exact copies and verified
near duplicates in the index in DIR and among the earlier INPUT units, in
dedup's formats: on a terminal (or with --pretty) clusters for a person,
each a new unit with what it matches (index units show no excerpt: the
index keeps no text); otherwise one line per cluster member,
tab-separated; --json one cluster per line; --pairs every pair (the
columns of dedup --pairs; with --json, JSON Lines). Documents of the index
keep their numbers; the INPUT documents are numbered after them.

The input is not added, unless --add (query, then add, in one pass).
--new-only -o OUT writes the input without the units the index or an
earlier input unit already had, as dedup --drop does.`,
		Example: `  khabar index query news.idx --text-field title,text today.jsonl.gz
  khabar index query news.idx --pairs today.jsonl.gz > pairs.tsv
  khabar index query news.idx --add --new-only -o fresh.jsonl today.jsonl`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir, opts.Paths = args[0], args[1:]
			var err error
			if opts.stars, err = parseCluster(opts.Cluster); err != nil {
				return usageError{err}
			}
			if opts.Workers < 0 {
				return usagef("--workers %d (want >= 0)", opts.Workers)
			}
			if opts.NewOnly != (opts.Output != "") {
				return usagef("--new-only and --output go together")
			}
			if opts.NewOnly {
				if slices.Contains(opts.Paths, "-") {
					return usagef("--new-only reads its input twice: give files, not standard input")
				}
				if err := checkOutput(opts.Output, opts.Paths); err != nil {
					return err
				}
			}
			if opts.corpus, err = opts.Input.options(io); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runIndexQuery(opts)
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.Workers, "workers", 0, "goroutines making signatures (default: one per core); the output does not depend on it")
	f.StringVar(&opts.Cluster, "cluster", "connected", "clusters: connected (components of the verified pairs) or star (every member similar enough to the kept one)")
	f.BoolVar(&opts.JSON, "json", false, "JSON Lines output, one cluster per line (with --pairs, one pair per line)")
	f.BoolVar(&opts.Pairs, "pairs", false, "every verified pair, tab-separated (JSON Lines with --json)")
	f.BoolVar(&opts.Add, "add", false, "add the input to the index after the query")
	f.BoolVar(&opts.NewOnly, "new-only", false, "write the input without what the index (or earlier input) already had to --output")
	f.StringVarP(&opts.Output, "output", "o", "", "where --new-only writes: a file or a folder, as dedup --drop")
	opts.Input.register(f)
	return cmd
}

func runIndexQuery(opts *IndexQueryOptions) error {
	x, err := dedup.OpenIndex(opts.Dir, dedup.IndexOptions{Workers: opts.Workers, Stars: opts.stars})
	if err != nil {
		return err
	}
	defer x.Close()
	if opts.NewOnly {
		if err := probeWritable(opts.Output); err != nil {
			return err
		}
	}
	// The query keeps every new unit's signature: the texts are kept too,
	// for the excerpts.
	var docs []dedup.Doc
	var infos []docInfo
	r := openCorpus(opts.IO, opts.Paths, opts.corpus)
	for d := range readDocs(r, &infos) {
		docs = append(docs, d)
	}
	readErr := r.Err()
	r.Close()
	if readErr != nil {
		// Nothing is reported or added from a half-read input.
		return readErr
	}
	// The input's documents are numbered after the index's (one writer
	// at a time: none is added between this and the query).
	st, err := x.Stats()
	if err != nil {
		return err
	}
	first := st.Documents
	query := x.Query
	if opts.Add {
		query = x.QueryAdd
	}
	res, err := query(slices.Values(docs))
	if err != nil {
		return err
	}
	// Index units have no text: no excerpt.
	textOf := func(u dedup.Unit) string {
		if u.Doc < first {
			return ""
		}
		return docs[u.Doc-first].Text[u.Start:u.End]
	}
	if err := writeDedupFormat(opts.IO, res, opts.JSON, opts.Pairs, func() func(dedup.Unit) string { return textOf }); err != nil {
		return err
	}
	notef(opts.IO, "%s queried: %s already in the index or earlier in the input%s", plural(len(docs), "document"),
		plural(res.Stats.Duplicates, "unit"), map[bool]string{true: "; added", false: ""}[opts.Add])
	if opts.NewOnly {
		d := &DedupOptions{IO: opts.IO, Paths: opts.Paths, Output: opts.Output, corpus: opts.corpus}
		return dropDuplicates(d, newOnlyPlan(res, first), nil, infos, "", nil)
	}
	return nil
}

// newOnlyPlan returns res with only the input's units, numbered from 0 in
// the input, in clusters whose kept member is the first one when it is an
// input unit and none (-1) when it is an index unit: every other input
// member goes.
func newOnlyPlan(res *dedup.Result, first int) *dedup.Result {
	out := &dedup.Result{Options: res.Options, Stats: res.Stats}
	for _, c := range res.Clusters {
		nc := dedup.Cluster{Kind: c.Kind, Kept: -1}
		for i, m := range c.Members {
			if m.Doc < first {
				continue
			}
			if i == c.Kept {
				nc.Kept = len(nc.Members)
			}
			m.Doc -= first
			nc.Members = append(nc.Members, m)
		}
		out.Clusters = append(out.Clusters, nc)
	}
	return out
}

// IndexDirOptions are the options of "khabar index stats" and "verify".
type IndexDirOptions struct {
	IO   *IOStreams
	Dir  string
	JSON bool
}

// NewCmdIndexStats returns "khabar index stats".
func NewCmdIndexStats(io *IOStreams, runF func(*IndexDirOptions) error) *cobra.Command {
	opts := &IndexDirOptions{IO: io}
	cmd := &cobra.Command{
		Use:     "stats DIR",
		Short:   "Print what an index holds and its settings",
		Example: "  khabar index stats news.idx\n  khabar index stats --json news.idx",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return withIndex(opts.Dir, func(x *dedup.Index) error {
				st, err := x.Stats()
				if err != nil {
					return err
				}
				if opts.JSON {
					return json.NewEncoder(io.Out).Encode(map[string]any{
						"settings": describeIndex(x.Options()), "documents": st.Documents, "units": st.Units,
						"skipped": st.Skipped, "representatives": st.Reps, "batches": st.Batches,
						"bytes": st.Bytes, "disk_bytes": st.DiskBytes,
					})
				}
				fmt.Fprintf(io.Out, "settings\t%s\ndocuments\t%d\nunits\t%d\nskipped\t%d\nrepresentatives\t%d\nbatches\t%d\nbytes\t%d\ndisk_bytes\t%d\n",
					describeIndex(x.Options()), st.Documents, st.Units, st.Skipped, st.Reps, st.Batches, st.Bytes, st.DiskBytes)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "one JSON object")
	return cmd
}

// NewCmdIndexVerify returns "khabar index verify".
func NewCmdIndexVerify(io *IOStreams, runF func(*IndexDirOptions) error) *cobra.Command {
	opts := &IndexDirOptions{IO: io}
	return &cobra.Command{
		Use:   "verify DIR",
		Short: "Check every checksum and cross-reference of an index",
		Long: `Check the index in DIR: the database's page structure, every record's
checksum, every reference between units, documents, exact hashes and band
entries, and the band keys recomputed from the stored shingle sets. Exits
0 for a sound index, 1 with the first problem found otherwise.`,
		Example: "  khabar index verify news.idx",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return withIndex(opts.Dir, func(x *dedup.Index) error {
				if err := x.Verify(); err != nil {
					return err
				}
				notef(io, "%s: sound", opts.Dir)
				return nil
			})
		},
	}
}

// withIndex opens the existing index in dir for f and closes it after;
// "index stats" and "index verify" share it.
func withIndex(dir string, f func(*dedup.Index) error) error {
	x, err := dedup.OpenIndex(dir, dedup.IndexOptions{})
	if err != nil {
		return err
	}
	defer x.Close()
	return f(x)
}
