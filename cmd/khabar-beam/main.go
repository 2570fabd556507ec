// Command khabar-beam runs khabar's MinHash near-duplicate search on Apache
// Beam: on one machine under Prism, or on Flink, Spark or Google Cloud
// Dataflow, with the result of "khabar dedup" with the same flags.
//
// Usage:
//
//	khabar-beam --runner prism --input GLOB --output DIR [flags]
//
// It writes DIR/pairs-SSSSS-of-NNNNN.tsv (the columns and header of
// "khabar dedup --pairs") and DIR/clusters-SSSSS-of-NNNNN.jsonl (the
// records of "khabar dedup --json"); the shards of one output split the
// input order, so that concatenated in name order (without the repeated
// headers) they are what khabar dedup prints. With --drop it also writes
// every input file without its duplicates to DIR/drop/NAME (NAME its base
// name), byte for byte what "khabar dedup --drop" writes for it. The pipeline is described in
// package beamdedup.
//
// Beam's own flags (--runner, --endpoint, --environment_type,
// --environment_config, --project, --region, ...) sit beside khabar's;
// see the README for Flink, Spark and Dataflow. Exit codes: 0 success,
// 1 failure, 2 usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/khabar-nlp/khabar/cmd/khabar-beam/beamdedup"
	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/textset"
)

// flags are khabar-beam's own flags; Beam registers its flags on the same
// flag set.
type flags struct {
	inputs     []string
	output     string
	shards     int
	rounds     int
	noPairs    bool
	drop       bool
	level      string
	paragraphs bool
	shingle    string
	threshold  float64
	hashes     int
	seed       uint64
	bands      int
	rows       int
	minTokens  int
	format     string
	textFields string
	idField    string
	skipNorm   string
	stem       bool
	stopWords  bool
}

func (f *flags) register(fs *flag.FlagSet) {
	fs.Func("input", "input file glob, JSON Lines or any format khabar dedup reads, gzip or not (repeat for more)", func(s string) error {
		f.inputs = append(f.inputs, s)
		return nil
	})
	fs.StringVar(&f.output, "output", "", "folder the clusters-*.jsonl and pairs-*.tsv shards are written to")
	fs.IntVar(&f.shards, "shards", 4, "shards of each output")
	fs.IntVar(&f.rounds, "rounds", beamdedup.DefaultRounds, "large-star/small-star alternations of the connected components")
	fs.BoolVar(&f.noPairs, "no-pairs", false, "write the clusters only")
	fs.BoolVar(&f.drop, "drop", false, "also write the input without its duplicates into DIR/drop/NAME (each input file under its base name), as khabar dedup --drop")
	fs.StringVar(&f.level, "level", "passage", "unit of comparison: passage or document")
	fs.BoolVar(&f.paragraphs, "paragraphs", false, "a passage is a paragraph (run of non-blank lines), not a line")
	fs.StringVar(&f.shingle, "shingle", "word:3", "shingles: word:N or char:N")
	fs.Float64Var(&f.threshold, "threshold", dedup.DefaultThreshold, "smallest Jaccard similarity of near duplicates, in (0, 1]")
	fs.IntVar(&f.hashes, "hashes", dedup.DefaultHashes, "MinHash signature size")
	fs.Uint64Var(&f.seed, "seed", 0, "MinHash seed")
	fs.IntVar(&f.bands, "bands", 0, "LSH bands (default: chosen from the threshold)")
	fs.IntVar(&f.rows, "rows", 0, "LSH rows per band (default: chosen from the threshold)")
	fs.IntVar(&f.minTokens, "min-tokens", 0, "skip passages with fewer tokens")
	fs.StringVar(&f.format, "format", "", "input format: text, jsonl, tsv or fasttext (default: from each file name)")
	fs.StringVar(&f.textFields, "text-field", "text", "JSON Lines fields joined into the text, comma-separated")
	fs.StringVar(&f.idField, "id-field", "id", "JSON Lines field holding the document id")
	fs.StringVar(&f.skipNorm, "skip-norm", "", "normalization steps to leave out, comma-separated: "+textset.AllSteps.String())
	fs.BoolVar(&f.stem, "stem", false, "apply the light10 Arabic stemmer")
	fs.BoolVar(&f.stopWords, "stopwords", false, "drop Arabic stop words")
}

// options checks the flags and returns the pipeline's options.
func (f *flags) options(fs *flag.FlagSet) (beamdedup.Options, error) {
	var o beamdedup.Options
	var err error
	d := &o.Dedup
	if err := d.Level.UnmarshalText([]byte(f.level)); err != nil {
		return o, err
	}
	if err := d.Shingle.UnmarshalText([]byte(f.shingle)); err != nil {
		return o, err
	}
	if !(f.threshold > 0 && f.threshold <= 1) {
		return o, fmt.Errorf("%w: --threshold %v", dedup.ErrThreshold, f.threshold)
	}
	if f.hashes < 1 {
		return o, fmt.Errorf("%w: --hashes %d", dedup.ErrHashes, f.hashes)
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	if given["bands"] && f.bands < 1 || given["rows"] && f.rows < 1 {
		return o, fmt.Errorf("%w: --bands %d --rows %d", dedup.ErrBands, f.bands, f.rows)
	}
	skip, err := textset.ParseSteps(f.skipNorm)
	if err != nil {
		return o, err
	}
	d.Text = textset.Settings{Skip: skip, Stem: f.stem, StopWords: f.stopWords}
	d.Paragraphs, d.Threshold, d.Hashes, d.Seed = f.paragraphs, f.threshold, f.hashes, f.seed
	d.Bands, d.Rows, d.MinTokens = f.bands, f.rows, f.minTokens
	if err := d.Check(); err != nil {
		return o, err
	}
	if o.Format, err = corpus.ParseFormat(f.format); err != nil {
		return o, err
	}
	for _, s := range strings.Split(f.textFields, ",") {
		if s = strings.TrimSpace(s); s != "" {
			o.TextFields = append(o.TextFields, s)
		}
	}
	if len(o.TextFields) == 0 {
		return o, errors.New("--text-field is empty")
	}
	o.FieldsGiven = given["text-field"]
	o.IDField = f.idField
	if len(f.inputs) == 0 || f.output == "" {
		return o, errors.New("--input and --output are required")
	}
	if f.shards < 1 || f.rounds < 1 {
		return o, fmt.Errorf("--shards %d --rounds %d (want >= 1)", f.shards, f.rounds)
	}
	o.Inputs, o.Output, o.Shards, o.Rounds, o.NoPairs, o.Drop = f.inputs, strings.TrimSuffix(f.output, "/"), f.shards, f.rounds, f.noPairs, f.drop
	return o, nil
}

func main() {
	var f flags
	f.register(flag.CommandLine)
	flag.Parse()
	// A worker started by the runner runs its harness here and exits.
	beam.Init()
	o, err := f.options(flag.CommandLine)
	if err != nil {
		fmt.Fprintf(os.Stderr, "khabar-beam: %v\n", err)
		os.Exit(2)
	}
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintf(os.Stderr, "khabar-beam: %v\n", err)
		os.Exit(1)
	}
}

// run builds the pipeline and runs it on the runner of --runner.
func run(ctx context.Context, o beamdedup.Options) error {
	p, s := beam.NewPipelineWithRoot()
	if err := beamdedup.Build(ctx, s, o); err != nil {
		return err
	}
	if !strings.Contains(o.Output, "://") {
		if err := os.MkdirAll(o.Output, 0o755); err != nil {
			return err
		}
	}
	return beamx.Run(ctx, p)
}
