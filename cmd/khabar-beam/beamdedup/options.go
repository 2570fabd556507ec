// Package beamdedup runs khabar's MinHash near-duplicate search as an
// Apache Beam pipeline, so that the same result as "khabar dedup" comes out
// of Flink, Spark, Google Cloud Dataflow or, on one machine, Prism, for
// corpora no single machine holds. The engine does the grouping; every step
// that is not grouping (reading, units, shingles, MinHash, band keys,
// exact Jaccard, the report formats) is the code of the khabar module.
//
// The stages, each a Beam transform (see Build):
//
//  1. read: the input files, listed once when the pipeline is built and
//     numbered in the order "khabar dedup" reads them (the globs in the
//     order given, the files of each glob in lexical order), are read one
//     file per element with the corpus package's own reader, so that ids,
//     text and byte offsets are those of khabar dedup, and the documents
//     of every file are counted; each document gets its index in input
//     order (the stable id that orders every later output).
//  2. sign: every file is read again and, per document, its units
//     (passages or the document) made, each with its exact hash, shingle
//     set and LSH band keys; the texts themselves are never a collection.
//     The band buckets (4) and the components (6) are packed shuffles
//     (shuffle.go): records grouped by hash buckets of keys, not one key
//     at a time.
//  3. exact: units grouped by exact hash; the first of each group (its
//     representative) goes on, the group's units are kept for the output.
//  4. candidates: representatives grouped by band key (band number and
//     key); every two of a bucket are a candidate pair. Buckets are not
//     capped, as in khabar dedup: a bucket of k representatives makes
//     k(k-1)/2 candidates, on one worker.
//  5. verify: each candidate is joined with the shingle sets of both its
//     representatives and kept when their exact Jaccard similarity
//     reaches the threshold.
//  6. components: connected components of the verified pairs, by the
//     alternation of large-star and small-star (Kiveris et al., 2014),
//     unrolled into a fixed number of rounds (Options.Rounds) because a
//     Beam graph has no loops; a last step checks that the edges have
//     become stars and fails the job, saying how many rounds to ask for,
//     when they have not.
//  7. output: clusters (the components with two units or more, members in
//     input order, each with its similarity to the first) and pairs (every
//     two units of an exact group, every unit pair of a verified pair),
//     numbered and sorted as khabar dedup prints them, written in shards
//     that split the input order: DIR/clusters-SSSSS-of-NNNNN.jsonl (the
//     records of "khabar dedup --json") and DIR/pairs-SSSSS-of-NNNNN.tsv
//     (the columns and header of "khabar dedup --pairs"). The shards of
//     one kind, concatenated in name order (the header lines of all but the
//     first left out), are byte for byte what khabar dedup writes.
//  8. drop (Options.Drop): the dropped cluster members are sent to their
//     files, and every input file is written again without them into
//     DIR/drop/NAME by corpus.Rewrite, byte for byte what "khabar dedup
//     --drop" writes for it.
package beamdedup

import (
	"errors"
	"fmt"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
)

// Options configure the pipeline. Dedup holds khabar dedup's options; only
// MinHash LSH with connected clusters and exact verification is run here
// (Check says so for the rest).
type Options struct {
	// Inputs are file globs (or file names), read in this order.
	Inputs []string
	// Output is the folder the shards are written to.
	Output string
	// Shards is the number of shards of each output; 0 means 4.
	Shards int
	// Rounds is the number of large-star/small-star alternations; 0 means
	// DefaultRounds.
	Rounds int
	// NoPairs leaves out the pairs output.
	NoPairs bool
	// Drop writes the input without its duplicates into Output/drop, as
	// khabar dedup --drop does (see drop.go).
	Drop bool

	// Format, TextFields and IDField say how to read the input, as
	// khabar dedup's --format, --text-field and --id-field.
	Format     corpus.Format
	TextFields []string
	IDField    string
	// FieldsGiven says TextFields were chosen by the user: a file read as
	// one text document is then an error, as in khabar dedup.
	FieldsGiven bool

	Dedup dedup.Options
}

// DefaultRounds is the default number of large-star/small-star
// alternations. Kiveris et al. bound the alternation by O(log² n) rounds
// and report a few rounds on graphs of billions of edges; the graphs of
// near-duplicate passages are shallow (most components are small stars
// and cliques), and the components tests (a path of 200 nodes, a zigzag
// path, a random graph) converge within it. Fewer rounds than a graph
// needs fail the job with an error that asks for more, never a wrong
// result.
const DefaultRounds = 12

// spec is what the workers need of Options, in a form Beam can serialize
// into a DoFn (dedup.Options holds a function): the dedup Spec in its
// string form, and the options outside it.
type spec struct {
	Dedup     string // dedup.Spec.String
	MinTokens int

	Format      string
	TextFields  []string
	IDField     string
	FieldsGiven bool

	Shards int
}

// ErrUnsupported is wrapped by the error for an option of khabar dedup
// that the pipeline does not run.
var ErrUnsupported = errors.New("beamdedup: not supported on Beam")

// resolve checks o and returns it with khabar dedup's defaults filled in
// (the LSH bands and rows chosen from the threshold), and its spec.
func (o Options) resolve() (Options, spec, error) {
	d := o.Dedup
	switch {
	case d.Method != dedup.MinHashLSH:
		return o, spec{}, fmt.Errorf("%w: --method %s (only minhash)", ErrUnsupported, d.Method)
	case d.Stars:
		return o, spec{}, fmt.Errorf("%w: --cluster star (only connected)", ErrUnsupported)
	case d.Containment != 0:
		return o, spec{}, fmt.Errorf("%w: --containment", ErrUnsupported)
	case d.NoVerify:
		return o, spec{}, fmt.Errorf("%w: --no-verify", ErrUnsupported)
	}
	ds, err := d.Spec()
	if err != nil {
		return o, spec{}, err
	}
	o.Dedup = ds.Options()
	o.Dedup.MinTokens = d.MinTokens
	if len(o.Inputs) == 0 {
		return o, spec{}, errors.New("beamdedup: no input")
	}
	if o.Output == "" {
		return o, spec{}, errors.New("beamdedup: no output folder")
	}
	if o.Shards == 0 {
		o.Shards = 4
	}
	if o.Shards < 1 || o.Shards > 99999 {
		return o, spec{}, fmt.Errorf("beamdedup: %d shards (want 1 to 99999)", o.Shards)
	}
	if o.Rounds == 0 {
		o.Rounds = DefaultRounds
	}
	if o.Rounds < 1 {
		return o, spec{}, fmt.Errorf("beamdedup: %d rounds (want >= 1)", o.Rounds)
	}
	if len(o.TextFields) == 0 {
		o.TextFields = []string{"text"}
	}
	if o.IDField == "" {
		o.IDField = "id"
	}
	sp := spec{
		Dedup: ds.String(), MinTokens: d.MinTokens,
		Format: string(o.Format), TextFields: o.TextFields, IDField: o.IDField, FieldsGiven: o.FieldsGiven, Shards: o.Shards,
	}
	return o, sp, nil
}

// corpusOptions returns the options of the corpus reader.
func (s spec) corpusOptions() corpus.Options {
	return corpus.Options{
		Format: corpus.Format(s.Format), TextFields: s.TextFields, IDField: s.IDField,
		FieldsGiven: s.FieldsGiven,
	}
}

// dedupSpec returns the dedup Spec of the spec.
func (s spec) dedupSpec() (dedup.Spec, error) {
	var ds dedup.Spec
	err := ds.UnmarshalText([]byte(s.Dedup))
	return ds, err
}
