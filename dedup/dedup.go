// Package dedup finds exact and near-duplicate passages and documents in
// news text, says exactly where they are, and groups them into clusters.
//
// A unit is a passage (a non-empty line, or a paragraph) or, at document
// level, a whole document. Each unit goes through these steps, in order:
//
//  1. tokens: the shared text pipeline (Options.Text, a textset.Settings)
//     normalizes and tokenizes it; a unit without tokens, or with fewer
//     than Options.MinTokens, is skipped and never matches anything.
//  2. exact hash: the xxhash of its tokens joined by single spaces
//     (Record.Exact); units with the same hash are exact duplicates and
//     only the first of them goes on.
//  3. shingles: word or character n-grams of the tokens (Shingling),
//     hashed into a set (Record.Set).
//  4. signature: a MinHash signature cut into LSH bands (minhash.go,
//     lsh.go), or a 64-bit SimHash fingerprint cut into blocks
//     (simhash.go); units sharing a band or block are candidates.
//  5. verification: every candidate pair is kept only when the exact
//     Jaccard similarity of its shingle sets reaches the threshold (or,
//     with NoVerify, its estimate from the signatures).
//  6. containment (optional): pairs where most of a shorter unit's
//     shingles are in a longer one, found exactly with an inverted index.
//  7. clusters: union-find over the verified pairs; members are listed in
//     input order.
//
// Steps 1 to 4 run on a pool of goroutines that keeps input order, and
// every later step is deterministic, so the result is the same for any
// number of workers.
//
// Find is the entry point: it streams documents from memory or a corpus of
// any size, and keeps no text.
//
// The same steps are public stages, for a persistent index or a pipeline
// split across machines, and Find is made of them: a Spec (from
// Options.Spec, stored as its String) says what makes records comparable;
// a Signer makes every unit's Record (steps 1 to 4); units sharing a band
// key are candidates, which Spec.Verify decides (step 5); and
// Options.Clusters groups the records and verified pairs (step 7). Find
// keeps the band keys in a table in memory.
package dedup

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"runtime"

	"github.com/khabar-nlp/khabar/textset"
)

// Errors. Those of bad options are wrapped with the bad value; those of
// the persistent index with the folder or the problem.
var (
	ErrThreshold   = errors.New("dedup: threshold outside (0, 1]")
	ErrContainment = errors.New("dedup: containment outside [0, 1]")
	ErrShingle     = errors.New("dedup: bad shingle spec")
	ErrHashes      = errors.New("dedup: bad number of hashes")
	ErrBands       = errors.New("dedup: bands x rows larger than the signature")
	ErrK           = errors.New("dedup: bad SimHash distance k")
	ErrOption      = errors.New("dedup: bad option")

	// ErrIndexFormat is returned for a folder that is not an index, or an
	// index of a newer format.
	ErrIndexFormat = errors.New("dedup: not a khabar index")
	// ErrIndexSpec is returned when an index's settings differ from the
	// ones asked for.
	ErrIndexSpec = errors.New("dedup: index settings differ")
	// ErrIndexDamaged is returned by Verify for a damaged index.
	ErrIndexDamaged = errors.New("dedup: index damaged")
)

// Level says what a unit is.
type Level uint8

// The levels.
const (
	// PassageLevel makes every passage (non-empty line, or paragraph) of
	// every document a unit; duplicates are found within and across
	// documents.
	PassageLevel Level = iota
	// DocumentLevel makes every document one unit.
	DocumentLevel
)

// parseLevel parses "passage" or "document", the String forms.
func parseLevel(s string) (Level, error) {
	switch s {
	case "passage":
		return PassageLevel, nil
	case "document":
		return DocumentLevel, nil
	}
	return 0, fmt.Errorf("%w: level %q (want passage or document)", ErrOption, s)
}

// UnmarshalText sets l from its String form, for flags and
// configuration files.
func (l *Level) UnmarshalText(b []byte) error {
	v, err := parseLevel(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

func (l Level) String() string {
	if l == DocumentLevel {
		return "document"
	}
	return "passage"
}

// Method says how candidate pairs are found.
type Method uint8

// The methods.
const (
	// MinHashLSH finds candidates with MinHash signatures and LSH bands.
	MinHashLSH Method = iota
	// SimHashBits finds candidates whose 64-bit SimHash fingerprints are
	// within Hamming distance K.
	SimHashBits
)

// parseMethod parses "minhash" or "simhash", the String forms.
func parseMethod(s string) (Method, error) {
	switch s {
	case "minhash":
		return MinHashLSH, nil
	case "simhash":
		return SimHashBits, nil
	}
	return 0, fmt.Errorf("%w: method %q (want minhash or simhash)", ErrOption, s)
}

// UnmarshalText sets m from its String form, for flags and
// configuration files.
func (m *Method) UnmarshalText(b []byte) error {
	v, err := parseMethod(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

func (m Method) String() string {
	if m == SimHashBits {
		return "simhash"
	}
	return "minhash"
}

// The defaults and limits of Options and of the persistent index.
const (
	// DefaultThreshold is the default Jaccard similarity of near
	// duplicates.
	DefaultThreshold = 0.8
	// DefaultHashes is the default number of MinHash values in a
	// signature, and MaxHashes the largest.
	DefaultHashes = 128
	MaxHashes     = 1024
	// DefaultK is the default largest Hamming distance between the SimHash
	// fingerprints of near duplicates, and MaxK the largest that SimHash
	// search supports: k+1 blocks of at least 4 bits.
	DefaultK = 3
	MaxK     = 15
	// MaxShingleSize is the largest shingle size (Shingling.N).
	MaxShingleSize = 64
	// DefaultBatchDocs is the default number of documents per Index.Add
	// batch (IndexOptions.BatchDocs).
	DefaultBatchDocs = 20000
)

// minCandidateProbability is the probability with which the default LSH
// banding (recallBanding) makes a pair of Jaccard similarity Threshold a
// candidate. Every candidate is verified, so a false candidate only costs
// one exact Jaccard computation while a missed one is a duplicate lost.
// For 128 hashes and threshold 0.8 this gives 16 bands of 6 rows
// (probability 0.992 at 0.8) where datasketch's weighing (optimalBanding,
// 0.5/0.5) gives 9 of 13 (0.45) and the earlier default, which weighed
// misses 0.9 and false candidates 0.1, 14 of 9 (0.867).
const minCandidateProbability = 0.99

// Options configure Find. The zero value finds passage-level duplicates
// with word 3-grams, 128 MinHash values, seed 0 and Jaccard >= 0.8, every
// candidate verified.
type Options struct {
	// Level chooses passages (the default) or documents as units.
	Level Level
	// Paragraphs makes runs of non-blank lines one passage, instead of
	// every line.
	Paragraphs bool
	// Text is the text pipeline that makes tokens.
	Text textset.Settings
	// Shingle is the shingling; the zero value is word 3-grams.
	Shingle Shingling
	// Method finds the candidate pairs: MinHash LSH (default) or SimHash.
	Method Method
	// Threshold is the smallest Jaccard similarity of a near-duplicate
	// pair, in (0, 1]; 0 means DefaultThreshold.
	Threshold float64
	// Containment, when not 0, also reports a unit whose shingles are at
	// least this fraction inside a longer (or equally long) unit, such as
	// a caption repeating a sentence of the lead. A contained unit joins
	// the cluster of its best container only (the one holding the largest
	// fraction of it), so a short common phrase does not chain unrelated
	// passages together; Result.Pairs lists every containment pair. It
	// keeps an inverted index of every shingle in memory.
	Containment float64
	// Hashes is the MinHash signature size; 0 means DefaultHashes.
	Hashes int
	// Seed seeds the MinHash permutations. Every value, 0 included, is a
	// valid seed; signatures are only comparable under the same seed.
	Seed uint64
	// Bands and Rows override the LSH banding; when both are 0 they are
	// chosen from the threshold: among the bandings that make a pair at
	// the threshold a candidate with probability at least 0.99, the one
	// with the fewest false candidates (16 x 6 for 0.8 and 128 hashes;
	// Options.Spec shows the choice). When one is 0 it is Hashes divided
	// by the other.
	Bands, Rows int
	// NoVerify accepts a MinHash candidate pair when its signatures agree
	// on at least Threshold of their values, and a SimHash candidate on its
	// distance alone, instead of computing the exact Jaccard similarity.
	// It keeps signatures instead of shingle sets in memory.
	NoVerify bool
	// MinTokens skips units with fewer tokens. Units without tokens are
	// always skipped.
	MinTokens int
	// K is the largest Hamming distance between SimHash fingerprints of
	// candidates, 1 to MaxK; 0 means DefaultK.
	K int
	// Pairs makes Find verify and return every candidate pair (Result.Pairs,
	// exact duplicates included), not just enough of them to build the
	// clusters. The number of pairs grows with the square of the cluster
	// sizes.
	Pairs bool
	// Stars splits the clusters into stars. By default every connected
	// component of the verified pairs is one cluster, so a member can be
	// far below the threshold from the kept one, joined to it through
	// others (A near B near C). With Stars, each component's first unit
	// (with Containment, its longest) is kept, every other unit similar
	// enough to it (Jaccard >= Threshold, or with Containment at least that
	// fraction inside it) joins it, and the rest start their own stars the
	// same way: every member is verified against the kept one.
	Stars bool
	// Workers is the number of goroutines that make signatures; 0 means
	// GOMAXPROCS. The result does not depend on it.
	Workers int
	// Memory, when not 0, bounds the memory of the search to about this
	// many bytes (beyond two bits per unit and what grows with the
	// duplicates found: their clusters and pairs): what grows with the
	// corpus (units, ids, shingle sets, band keys, exact hashes, candidate
	// pairs) goes to temporary files in TempDir, sorted in runs and merged
	// (external.go). The result is the same, byte for byte, as without it.
	// It cannot be combined with Containment. Find does not set the Go
	// runtime's memory limit (runtime/debug.SetMemoryLimit); the caller
	// may, from the same budget.
	Memory int64
	// TempDir is where the temporary files of Memory go; "" means
	// os.TempDir(). They are removed as soon as they are created (where
	// the system allows: elsewhere when Find returns), so nothing is
	// left behind, whatever happens.
	TempDir string
	// Progress, when not nil, is told of the phases after the reading:
	// "verifying candidates", "containment", "clustering", with the work
	// done and its total when known (else 0). It is called from one
	// goroutine at a time, at the start of each phase and as it advances,
	// and must return quickly. The result does not depend on it.
	Progress func(phase string, done, total int)
}

// progress calls o.Progress when there is one.
func (o *Options) progress(phase string, done, total int) {
	if o.Progress != nil {
		o.Progress(phase, done, total)
	}
}

// resolve checks o and fills in the defaults.
func (o Options) resolve() (Options, error) {
	if o.Level != PassageLevel && o.Level != DocumentLevel {
		return o, fmt.Errorf("%w: level %d", ErrOption, o.Level)
	}
	if o.Method != MinHashLSH && o.Method != SimHashBits {
		return o, fmt.Errorf("%w: method %d", ErrOption, o.Method)
	}
	if o.Threshold == 0 {
		o.Threshold = DefaultThreshold
	}
	if math.IsNaN(o.Threshold) || o.Threshold < 0 || o.Threshold > 1 {
		return o, fmt.Errorf("%w: %v", ErrThreshold, o.Threshold)
	}
	if math.IsNaN(o.Containment) || o.Containment < 0 || o.Containment > 1 {
		return o, fmt.Errorf("%w: %v", ErrContainment, o.Containment)
	}
	if o.Shingle == (Shingling{}) {
		o.Shingle = defaultShingling
	}
	if err := o.Shingle.check(); err != nil {
		return o, err
	}
	o.Shingle = o.Shingle.withDefaults()
	if o.Hashes == 0 {
		o.Hashes = DefaultHashes
	}
	if o.Hashes < 1 || o.Hashes > MaxHashes {
		return o, fmt.Errorf("%w: %d (want 1 to %d)", ErrHashes, o.Hashes, MaxHashes)
	}
	if o.Bands < 0 || o.Rows < 0 {
		return o, fmt.Errorf("%w: %d bands x %d rows", ErrBands, o.Bands, o.Rows)
	}
	switch {
	case o.Method == SimHashBits:
		o.Bands, o.Rows = 0, 0
	case o.Bands == 0 && o.Rows == 0:
		l := recallBanding(o.Threshold, o.Hashes, minCandidateProbability)
		o.Bands, o.Rows = l.Bands, l.Rows
	case o.Rows == 0:
		o.Rows = o.Hashes / o.Bands
	case o.Bands == 0:
		o.Bands = o.Hashes / o.Rows
	}
	if o.Method == MinHashLSH {
		if err := (banding{o.Bands, o.Rows}).check(o.Hashes); err != nil {
			return o, err
		}
	}
	if o.K == 0 {
		o.K = DefaultK
	}
	if o.K < 1 || o.K > MaxK {
		return o, fmt.Errorf("%w: %d (want 1 to %d)", ErrK, o.K, MaxK)
	}
	if o.MinTokens < 0 {
		return o, fmt.Errorf("%w: min tokens %d (want >= 0)", ErrOption, o.MinTokens)
	}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.Memory < 0 {
		return o, fmt.Errorf("%w: memory %d bytes (want >= 0)", ErrOption, o.Memory)
	}
	if o.Memory > 0 && o.Containment > 0 {
		return o, fmt.Errorf("%w: Memory cannot be used with Containment (its inverted index is kept in memory)", ErrOption)
	}
	if o.Workers < 0 {
		return o, fmt.Errorf("%w: %d workers (want >= 0)", ErrOption, o.Workers)
	}
	return o, nil
}

// Check reports whether o is valid, with an error naming the bad option.
func (o Options) Check() error {
	_, err := o.resolve()
	return err
}

// A Doc is one document given to Find.
type Doc struct {
	// ID names the document in reports; it need not be unique.
	ID string
	// Text is the document text, UTF-8.
	Text string
}

// A Unit says where a passage or document is.
type Unit struct {
	// Doc is the index of the document in input order, from 0.
	Doc int
	// ID is the document's id.
	ID string
	// Passage is the index of the passage among the document's passages
	// (text.Passages), from 0; 0 at document level.
	Passage int
	// Line and EndLine are the 1-based first and last lines of the unit in
	// the document text.
	Line, EndLine int
	// Start and End are byte offsets in the document text: the unit is
	// Text[Start:End].
	Start, End int
	// Tokens is the number of tokens, Shingles the number of distinct
	// shingles.
	Tokens, Shingles int
}

// Bytes returns the length of the unit's text in bytes.
func (u Unit) Bytes() int { return u.End - u.Start }

// Kind says how the members of a cluster or the two units of a pair are
// alike.
type Kind uint8

// The kinds, from the closest.
const (
	// Exact duplicates have the same normalized tokens.
	Exact Kind = iota
	// Near duplicates have Jaccard similarity at least the threshold.
	Near
	// Contained: a unit's shingles are mostly inside a longer unit.
	Contained
)

func (k Kind) String() string {
	switch k {
	case Exact:
		return "exact"
	case Near:
		return "near"
	}
	return "contained"
}

// A Member is a unit in a cluster.
type Member struct {
	Unit
	// Similarity compares the member with the kept member of its cluster:
	// 1 for exact copies; otherwise the Jaccard similarity of their
	// shingle sets, or in a Contained cluster the fraction of the member's
	// shingles that are in the kept member. With NoVerify it is estimated
	// from the signatures (MinHash) or is 1 - distance/64 (SimHash).
	Similarity float64
}

// A Cluster is a group of units connected by verified pairs.
type Cluster struct {
	// Kind is Exact when all members are exact copies, Contained when a
	// containment pair joined the cluster, Near otherwise.
	Kind Kind
	// Members are the units in input order.
	Members []Member
	// Kept is the index in Members of the member to keep: the first one,
	// or in a Contained cluster the first of those with the most shingles,
	// so that the longer text is kept and the passages inside it dropped.
	Kept int
}

// A Pair is a verified pair of units.
type Pair struct {
	// A and B are the units; A comes first in input order, except in a
	// Contained pair, where A is the unit contained in B.
	A, B Unit
	Kind Kind
	// Similarity is the Jaccard similarity (Exact, Near) or the fraction of
	// A's shingles in B (Contained); estimated with NoVerify.
	Similarity float64
}

// Stats count what Find saw and found.
type Stats struct {
	Documents int   // documents read
	Bytes     int64 // bytes of document text
	Units     int   // units with tokens (and at least MinTokens)
	Skipped   int   // units without tokens or with fewer than MinTokens
	// Candidates is the number of candidate pairs checked.
	Candidates int
	Clusters   int
	// Duplicates is the number of cluster members that are not kept, and
	// DuplicateBytes their length in bytes.
	Duplicates     int
	DuplicateBytes int64
}

// A Result is what Find found.
type Result struct {
	// Options are the options used, with defaults filled in and the LSH
	// bands and rows chosen.
	Options Options
	// Clusters are ordered by their first member.
	Clusters []Cluster
	// Pairs, with Options.Pairs, are every verified pair, ordered by A
	// then B in input order.
	Pairs []Pair
	Stats Stats
}

// Find finds the duplicates among docs, a sequence read once: documents in
// memory (slices.Values) or a corpus too large to hold in memory, of which
// it keeps the ids but no text (and with Options.Memory not even those,
// nor the shingle sets). docs is iterated on a goroutine of its own, from
// start to end; whatever it records is safe to read after Find returns.
// It returns an error for bad options and, with Options.Memory, when a
// temporary file cannot be written or read.
func Find(docs iter.Seq[Doc], opts Options) (*Result, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	if o.Memory > 0 {
		return findExternal(docs, o)
	}
	f := newFinder(o)
	f.ingest(docs)
	f.search()
	return f.result(), nil
}
