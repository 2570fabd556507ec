package classify

// Model file format
//
// A model file holds the counts of a trained model, the settings needed to
// use them, and a checksum. All integers are little-endian.
//
//	offset   size  field
//	0        8     magic "KHABARNB"
//	8        4     format version, uint32: 1
//	12       4     header length H, uint32
//	16       H     header: one JSON object, UTF-8 (below)
//	16+H     ...   body: the feature counts (below)
//	end-8    8     checksum: xxhash64 (seed 0) of every byte before it, uint64
//
// A reader checks the magic, then the version (a newer version is refused
// with a message naming it, before the checksum, whose place a newer
// version may change), then the checksum, then the header and the body.
//
// Header fields, in this order (the writer always writes them so, with no
// white space, so that a model file is byte-stable):
//
//	khabar       version of khabar that wrote the file, e.g. "0.1.0"
//	pipeline     text pipeline settings (text.Settings.String); a reader
//	             refuses a model whose settings it cannot parse
//	model        "multinomial" or "complement"
//	alpha        Lidstone smoothing constant (> 0)
//	priors       "documents" or "uniform"
//	features     "words" or "words+bigrams"
//	min_count    features seen fewer times were dropped (0: none)
//	labels       array of {"name", "documents", "tokens"}, names in
//	             strictly increasing byte order, documents >= 1
//	words        number of word features W
//	bigrams      number of bigram features B
//
// The body lists W words, then B bigrams; each is followed by its count in
// each label, in the order of the header's labels, as uvarints:
//
//	word:    uvarint byte length, the word's bytes (UTF-8), counts
//	bigram:  8-byte xxhash64 of "FIRST SECOND" (uint64), counts
//
// Words are in strictly increasing byte order, bigrams in strictly
// increasing numeric order, and each has a count above zero in at least one
// label. Nothing follows the last bigram but the checksum.
//
// Worked example: two labels, "a" (one document "x y") and "b" (one
// document "y"), words only, alpha 1, on the default pipeline:
//
//	4b 48 41 42 41 52 4e 42  magic "KHABARNB"
//	01 00 00 00              version 1
//	3f 01 00 00              header length 319
//	7b 22 6b ... 3a 30 7d    {"khabar":"0.1.0","pipeline":"text/1 norm=nfkc,harakat,
//	                         tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off
//	                         stem=off","model":"multinomial","alpha":1,"priors":
//	                         "documents","features":"words","min_count":0,"labels":[
//	                         {"name":"a","documents":1,"tokens":2},{"name":"b",
//	                         "documents":1,"tokens":1}],"words":2,"bigrams":0}
//	01 78 01 00              word "x": 1 in a, 0 in b
//	01 79 01 01              word "y": 1 in a, 1 in b
//	69 f2 3b 1f 04 f1 ef 4d  checksum
//
// (TestModelFileBytes holds the whole file.)
//
// A grouped model (group.go) is saved as format 2, a container of format-1
// files:
//
//	offset   size  field
//	0        8     magic "KHABARNB"
//	8        4     format version, uint32: 2
//	12       4     header length H, uint32
//	16       H     header: {"khabar":VERSION,"model":"grouped","groups":N}
//	16+H     ...   N+1 parts, each a uint64 length L and L bytes holding a
//	               whole format-1 file (with its own checksum)
//	end-8    8     checksum: xxhash64 (seed 0) of every byte before it
//
// Part 0 is the router (always format 1): its labels are the N group names, its features
// are "chars" (hashes of the character 1-4-grams of a text's first 1,000
// characters, in the bigram list, no words; see group.go), and
// it is a complement model with alpha 0.01 and uniform priors; "chars" is
// refused anywhere else. Part i is the model of the router's i-th label
// (format 1 or 3); all N were trained with the same options (but each
// has its own temperature) and by the same khabar. Nothing
// follows part N but the checksum. A model without groups is still
// written as format 1, byte for byte as before.
//
// Format 3 is format 1 with more settings, written for a model that uses
// any of them (else format 1 is written, byte for byte as before): the
// header has the fields of format 1 in the same order, then
//
//	tf           "raw", "log" (log(1+n)) or "sublinear" (1+log n)
//	idf          true or false
//	length_norm  true or false
//	weight_norm  true or false
//	temperature  the fitted temperature (> 0; 1 for none)
//	counts       "integer" or "weights" (below)
//	cv           null, or what cross-validation found (CVReport: folds,
//	             documents, accuracy, macro_f1, temperature, ece,
//	             ece_uncalibrated, and for --autotune metric, chosen and
//	             tried, a list of {settings, accuracy, macro_f1, seconds})
//
// and features may also be "words+bigrams+trigrams" (n-grams of 2 and 3
// tokens, hashed as bigrams are: xxhash64 of the tokens joined by single
// spaces, in one list with the bigrams). With counts "integer" (no tf, idf
// or length normalization) the body is that of format 1. With "weights",
// each word or n-gram is followed, instead of its counts, by its document
// frequency (uvarint, only when idf is true), the number K of labels with
// a weight (uvarint, 1 to C), and K pairs of a label index (uvarint,
// increasing) and the label's summed weight (float64 bits, 8 bytes,
// little-endian, > 0): the sum over the label's training documents of the
// feature's transformed count (see Transforms in docs.go). Worked example: the model of
// the format-1 example trained with tf "log" and temperature 2 has the
// header of format 1 followed by
// ,"tf":"log","idf":false,"length_norm":false,"weight_norm":false,
// "temperature":2,"counts":"weights","cv":null}, and the word "x" is
// 01 78 01 00 ef 39 fa fe 42 2e e6 3f (length 1, "x", one weight: label 0,
// ln 2). (TestFormat3Bytes holds the whole file.)
//
// Format 4 is format 3 with one more header field, after cv, written for
// a model whose top probability is calibrated by a map (Calibration of
// the top probability, topmap.go; else format 3 is written, byte for
// byte as before):
//
//	calibration  the map's points [[x, y], ...]: x (a top probability)
//	             strictly increasing, y (what it becomes) non-decreasing,
//	             all in [0, 1]
//
// and cv may hold ece_temperature (the cross-validated ECE with the
// temperature alone). The body is that of format 3.
//
// Version history:
//
//	1  first version (khabar 0.1.0)
//	2  grouped models (khabar 0.1.0); format-1 files are read as before
//	3  transforms, trigrams, temperature and cross-validation figures
//	   (khabar 0.1.0); a grouped model's parts may be of format 3;
//	   formats 1 and 2 are read as before, and classify as before
//	4  the map of the top probability (khabar 0.1.0); formats 1 to 3
//	   are read as before, and classify as before
//	5  a model of the NBSVM learner (linear.go): a format-1, 3 or 4 file
//	   and a scoring table; formats 1 to 4 are read as before

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/internal/safefile"
	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/khabar-nlp/khabar/internal/version"
)

const (
	magic = "KHABARNB"
	// formatVersion is the newest format this program reads; it writes
	// wordsVersion for a model and groupedVersion for a grouped model.
	formatVersion  = linearVersion
	wordsVersion   = 1
	groupedVersion = 2
	modelVersion   = 3
	mappedVersion  = 4
	prefixLen      = 16 // magic, version, header length
	checksumLen    = 8
)

// A Model is a frozen naive Bayes model: its counts, the options it was
// trained with, and a compiled scoring table. A Model is immutable and safe
// for concurrent use. A Model read from a file holds the scoring table and
// the feature index (lookup.go) and its file's bytes, from which it
// decodes its words and counts only to save them, compare them, list
// them or train further.
type Model struct {
	opts    Options
	version string // khabar version that wrote or trained it
	labels  []string
	docs    []int64
	tokens  []int64
	words   []string // sorted
	bigrams []uint64 // sorted
	// counts holds, for feature row r (words first, then bigrams), the
	// count in label c at counts[r*C+c].
	counts []uint64
	// A model whose options transform each document (Options.perDocument,
	// format 3) holds instead, at sums[r*C+c], the summed weights of
	// feature row r in label c's documents, and with IDF the number of
	// training documents holding each feature, df[r].
	sums []float64
	df   []uint64
	// cv is the cross-validation that chose the model's settings or
	// temperature, or nil.
	cv *CVReport
	// topMap calibrates the top probability after the temperature, or
	// is nil (format 4; topmap.go).
	topMap *topMap
	// linear and bias are the scoring table (R×C) and base scores of a
	// model of the NBSVM learner (format 5, linear.go), or nil.
	linear, bias []float64

	// A model read from a file keeps, instead of words, bigrams, counts,
	// sums and df, the body of its file in raw, and decodes them again
	// only when they are needed (expand): to save it, compare it, list
	// its counts or train further. Scoring needs only the compiled
	// table and index, a fraction of the memory.
	raw        []byte
	expandOnce sync.Once
	// nWords and nGrams count the word and n-gram features.
	nWords, nGrams int
	// Scratch of decode for compile: the words' hashes and body offsets
	// of a model whose words are not decoded into strings.
	wordHash  []uint64
	wordOff   []uint32
	rawTotals *cellTotals
	rawHalf   int // the body offset of row (words+bigrams)/2
	// sharedWords holds the words of a model read from a file that share
	// their hash with another word (almost always none), by row.
	sharedWords map[uint32]string

	// Compiled by compile (score.go).
	pipe        *text.Pipeline
	wordIdx     featIndex // word → row (lookup.go)
	gramIdx     featIndex // n-gram hash → row
	table       []float64 // per row, per label: the score of one occurrence
	logPrior    []float64
	likelihoods func() []float64 // multinomial log P(feature|label) table
	idf         []float64        // per row, with Options.IDF
	scorers     sync.Pool

	// A grouped model (group.go) has no counts of its own: router picks
	// one of groups, and groupLabels[i][k] is the index in labels of the
	// k-th label of groups[i].
	router      *Model
	groups      []*Model
	groupLabels [][]int
}

// Labels returns the model's labels in their order in every per-label
// slice (sorted by bytes). The caller must not change the slice.
func (m *Model) Labels() []string { return m.labels }

// Options returns the options the model was trained with.
func (m *Model) Options() Options { return m.opts }

// Version returns the version of khabar that trained the model.
func (m *Model) Version() string { return m.version }

// Vocabulary returns the number of word and bigram features; for a
// grouped model, summed over its groups.
func (m *Model) Vocabulary() (words, bigrams int) {
	for _, g := range m.groups {
		w, b := g.Vocabulary()
		words, bigrams = words+w, bigrams+b
	}
	return words + m.nWords, bigrams + m.nGrams
}

// LabelCounts returns the documents, tokens and distinct features of each
// label, in Labels order.
func (m *Model) LabelCounts() []LabelCount {
	m.expand()
	C := len(m.labels)
	out := make([]LabelCount, C)
	for c, l := range m.labels {
		out[c] = LabelCount{Label: l, Documents: m.docs[c], Tokens: m.tokens[c]}
	}
	for i, n := range m.counts {
		if n > 0 {
			out[i%C].Features++
		}
	}
	for i, v := range m.sums {
		if v > 0 {
			out[i%C].Features++
		}
	}
	for i, g := range m.groups {
		for k, lc := range g.LabelCounts() {
			out[m.groupLabels[i][k]].Features += lc.Features
		}
	}
	return out
}

// header is the JSON header of a model file; see the format above.
type header struct {
	Khabar   string        `json:"khabar"`
	Pipeline string        `json:"pipeline"`
	Model    string        `json:"model"`
	Alpha    float64       `json:"alpha"`
	Priors   string        `json:"priors"`
	Features string        `json:"features"`
	MinCount int           `json:"min_count"`
	Labels   []headerLabel `json:"labels"`
	Words    int           `json:"words"`
	Bigrams  int           `json:"bigrams"`
}

type headerLabel struct {
	Name      string `json:"name"`
	Documents int64  `json:"documents"`
	Tokens    int64  `json:"tokens"`
}

func featureName(ngrams int) string {
	switch ngrams {
	case 2:
		return "words+bigrams"
	case 3:
		return "words+bigrams+trigrams"
	}
	return "words"
}

// header3 is the JSON header of a format-3 model file: that of format 1
// and the fields after it.
type header3 struct {
	header
	TF          string    `json:"tf"`
	IDF         bool      `json:"idf"`
	LengthNorm  bool      `json:"length_norm"`
	WeightNorm  bool      `json:"weight_norm"`
	Temperature float64   `json:"temperature"`
	Counts      string    `json:"counts"`
	CV          *CVReport `json:"cv"`
}

// header4 is the JSON header of a format-4 model file: that of format 3
// and the map.
type header4 struct {
	header3
	Calibration [][2]float64 `json:"calibration"`
}

// format returns the format version m is written in: 1 when format 1
// holds all it has, else 3.
func (m *Model) format() uint32 {
	o := m.opts
	if m.topMap != nil {
		return mappedVersion
	}
	if o.ngrams() > 2 || o.perDocument() || o.WeightNorm || o.temperature() != 1 || m.cv != nil {
		return modelVersion
	}
	return wordsVersion
}

// MarshalBinary returns the model file. The zero Model has none: it is an
// error.
func (m *Model) MarshalBinary() ([]byte, error) {
	if !m.ready() {
		return nil, errEmptyModel
	}
	if m.router != nil {
		return m.marshalGrouped()
	}
	m.expand()
	if m.linear != nil {
		return m.marshalLinear()
	}
	h := header{
		Khabar:   version.Version,
		Pipeline: m.opts.Text.String(),
		Model:    "multinomial",
		Alpha:    m.opts.alpha(),
		Priors:   "documents",
		Features: featureName(m.opts.ngrams()),
		MinCount: m.opts.MinCount,
		Words:    len(m.words),
		Bigrams:  len(m.bigrams),
	}
	if m.opts.Complement {
		h.Model = "complement"
	}
	if m.opts.UniformPriors {
		h.Priors = "uniform"
	}
	if m.opts.chars {
		h.Features = "chars"
	}
	for c, l := range m.labels {
		h.Labels = append(h.Labels, headerLabel{Name: l, Documents: m.docs[c], Tokens: m.tokens[c]})
	}
	var hb bytes.Buffer
	enc := json.NewEncoder(&hb)
	enc.SetEscapeHTML(false)
	var hv any = h
	ver := m.format()
	if ver >= modelVersion {
		counts := "integer"
		if m.sums != nil {
			counts = "weights"
		}
		h3 := header3{header: h, TF: m.opts.TF.String(), IDF: m.opts.IDF, LengthNorm: m.opts.LengthNorm,
			WeightNorm: m.opts.WeightNorm, Temperature: m.opts.temperature(), Counts: counts, CV: m.cv}
		hv = h3
		if ver == mappedVersion {
			h4 := header4{header3: h3}
			for i := range m.topMap.x {
				h4.Calibration = append(h4.Calibration, [2]float64{m.topMap.x[i], m.topMap.y[i]})
			}
			hv = h4
		}
	}
	if err := enc.Encode(hv); err != nil {
		return nil, fmt.Errorf("classify: encoding the model header: %v", err)
	}
	hj := bytes.TrimSuffix(hb.Bytes(), []byte("\n"))

	C := len(m.labels)
	out := make([]byte, 0, prefixLen+len(hj)+len(m.counts)*2+len(m.words)*10+len(m.bigrams)*8+checksumLen)
	out = append(out, magic...)
	out = binary.LittleEndian.AppendUint32(out, ver)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(hj)))
	out = append(out, hj...)
	values := func(i int) {
		if m.sums == nil {
			for _, n := range m.counts[i*C : (i+1)*C] {
				out = binary.AppendUvarint(out, n)
			}
			return
		}
		if m.df != nil {
			out = binary.AppendUvarint(out, m.df[i])
		}
		row := m.sums[i*C : (i+1)*C]
		k := 0
		for _, v := range row {
			if v != 0 {
				k++
			}
		}
		out = binary.AppendUvarint(out, uint64(k))
		for c, v := range row {
			if v != 0 {
				out = binary.AppendUvarint(out, uint64(c))
				out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
			}
		}
	}
	for i, w := range m.words {
		out = binary.AppendUvarint(out, uint64(len(w)))
		out = append(out, w...)
		values(i)
	}
	for j, b := range m.bigrams {
		out = binary.LittleEndian.AppendUint64(out, b)
		values(len(m.words) + j)
	}
	out = binary.LittleEndian.AppendUint64(out, xxhash.Sum64(out))
	return out, nil
}

// WriteTo writes the model file to w.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	data, err := m.MarshalBinary()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(data)
	return int64(n), err
}

// WriteFile saves the model to path. It writes a temporary file in the same
// folder and renames it, so that path holds either the old file or the
// whole new one.
func (m *Model) WriteFile(path string) error {
	data, err := m.MarshalBinary()
	if err != nil {
		return err
	}
	err = safefile.Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("classify: writing %s: %v", path, unwrapPathError(err))
	}
	return nil
}

// A LoadError is a model file that cannot be used. Err is ErrNotModel,
// ErrChecksum or (from Load, for a grouped model's file) ErrGrouped, or
// wraps ErrNewer, ErrPipeline or ErrMalformed.
type LoadError struct {
	Name string // the file's path, or the name given to Load
	Err  error
}

func (e *LoadError) Error() string { return "classify: " + e.Name + ": " + e.Err.Error() }

func (e *LoadError) Unwrap() error { return e.Err }

// LoadFile reads the model file at path. A grouped model's file is a
// *LoadError with ErrGrouped: LoadClassifierFile reads both kinds.
func LoadFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	return ReadModel(path, f)
}

// ReadModel reads a model file from r; name is used in errors. It reads
// the 16-byte prefix first and stops there when it is not a model's, so
// that a device or a stream that never ends (-m /dev/zero) is an error,
// not a read without end.
func ReadModel(name string, r io.Reader) (*Model, error) {
	data, err := readModel(r)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", name, unwrapPathError(err))
	}
	return Load(name, data)
}

func readModel(r io.Reader) ([]byte, error) {
	prefix := make([]byte, prefixLen)
	n, err := io.ReadFull(r, prefix)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return prefix[:n], nil // decode says what is wrong
	case err != nil:
		return nil, err
	case checkPrefix(prefix) != nil:
		return prefix, nil
	}
	size := 1 << 16
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > prefixLen {
			size = int(fi.Size())
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	buf.Write(prefix)
	_, err = buf.ReadFrom(r)
	return buf.Bytes(), err
}

// Load decodes the model file data, for example a model embedded with
// go:embed; name is used in errors. Load never panics: a file that is not
// a model, truncated or corrupt gives a *LoadError, and so does a grouped
// model's file (ErrGrouped), which LoadClassifier reads. The model keeps
// data (it decodes its counts from it again when they are needed, see
// Model): the caller must not change data afterwards.
func Load(name string, data []byte) (*Model, error) {
	m, err := decode(data)
	if err != nil {
		return nil, &LoadError{Name: name, Err: err}
	}
	if m.router != nil {
		return nil, &LoadError{Name: name, Err: fmt.Errorf("%w: read it with LoadClassifier", ErrGrouped)}
	}
	return m, nil
}

// unwrapPathError drops the operation and path of an *os.PathError, which
// the messages name already.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// newerError says that a file's format version is newer than this program.
type newerError struct{ version uint32 }

func (e newerError) Error() string {
	return fmt.Sprintf("format %d is newer than this program (reads %d)", e.version, formatVersion)
}

func (e newerError) Is(target error) bool { return target == ErrNewer }

// checkPrefix checks the magic and format version at the start of data.
func checkPrefix(data []byte) error {
	if len(data) < prefixLen || string(data[:len(magic)]) != magic {
		return ErrNotModel
	}
	v := binary.LittleEndian.Uint32(data[8:])
	switch {
	case v == 0:
		return ErrNotModel
	case v > formatVersion:
		return newerError{v}
	}
	return nil
}

// A part is what a model file holds: header and body, checksum checked.
type part int

const (
	wholeFile  part = iota // a model file
	groupPart              // a group's model inside a grouped file
	routerPart             // the router inside a grouped file
)

func decode(data []byte) (*Model, error) { return decodePart(data, wholeFile) }

// decodePart decodes a file of format 1, or of format 2 when it is a whole
// file.
func decodePart(data []byte, p part) (*Model, error) {
	if err := checkPrefix(data); err != nil {
		return nil, err
	}
	if len(data) < prefixLen+checksumLen {
		return nil, ErrChecksum
	}
	end := len(data) - checksumLen
	if xxhash.Sum64(data[:end]) != binary.LittleEndian.Uint64(data[end:]) {
		return nil, ErrChecksum
	}
	hlen := binary.LittleEndian.Uint32(data[12:])
	if uint64(hlen) > uint64(end-prefixLen) {
		return nil, malformed("header length %d past the end of the file", hlen)
	}
	hdata, body := data[prefixLen:prefixLen+int(hlen)], data[prefixLen+int(hlen):end]
	if binary.LittleEndian.Uint32(data[8:]) == groupedVersion {
		if p != wholeFile {
			return nil, malformed("a grouped model inside a grouped model")
		}
		return decodeGrouped(hdata, body)
	}
	if binary.LittleEndian.Uint32(data[8:]) == linearVersion {
		return decodeLinear(hdata, body, p)
	}
	var h4 header4
	h3 := &h4.header3
	h := &h3.header
	ver := binary.LittleEndian.Uint32(data[8:])
	var err error
	switch ver {
	case mappedVersion:
		err = decodeHeader(hdata, &h4)
	case modelVersion:
		err = decodeHeader(hdata, h3)
	default:
		err = decodeHeader(hdata, h)
	}
	if err != nil {
		return nil, err
	}
	m, err := fromHeader(h, p)
	if err != nil {
		return nil, err
	}
	if ver >= modelVersion {
		if err := m.fromHeader3(h3); err != nil {
			return nil, err
		}
		if ver == mappedVersion {
			if err := m.fromHeader4(&h4); err != nil {
				return nil, err
			}
		}
	} else if m.opts.NGrams > 2 {
		return nil, malformed("features %q in a file of format %d", h.Features, ver)
	}
	m.raw = body
	if err := m.decodeRaw(h.Words, h.Bigrams); err != nil {
		return nil, err
	}
	if err := m.compile(); err != nil {
		return nil, err
	}
	m.shrink()
	return m, nil
}

// decodeRaw checks the body m.raw of nw words and nb bigrams, and takes
// from it what compile needs: the words' hashes, the bigrams, the sums
// of the counts (or weights) per label and per row, and the idf, without
// decoding the counts into the Model (see raw).
func (m *Model) decodeRaw(nw, nb int) error {
	C, R := len(m.labels), nw+nb
	tot := &cellTotals{totals: make([]float64, C), rowTotals: make([]float64, R)}
	half := R / 2
	sink := &bodySink{cell: tot.add(C), mark: func(r, at int) {
		if r == half {
			m.rawHalf = at
		}
	}}
	if m.opts.IDF {
		var n float64
		for _, d := range m.docs {
			n += float64(d)
		}
		m.idf = make([]float64, R)
		// Most features are in few documents: the idf of a small df
		// is computed once (the same value, to the bit).
		var small [1024]float64
		sink.df = func(r int, df uint64) {
			if df >= uint64(len(small)) {
				m.idf[r] = idf(float64(df), n)
				return
			}
			if small[df] == 0 { // an idf is at least 1
				small[df] = idf(float64(df), n)
			}
			m.idf[r] = small[df]
		}
	}
	if err := m.decodeBody(m.raw, nw, nb, sink); err != nil {
		m.idf = nil
		return err
	}
	m.rawTotals = tot
	return nil
}

// eachRawCell calls fn with each cell of m.raw that is not 0: the rows of
// each half of the body in order, the two halves on two goroutines (fn
// must be safe for concurrent use with distinct cells).
func (m *Model) eachRawCell(fn func(i int, v float64)) {
	R := m.nWords + m.nGrams
	var wg sync.WaitGroup
	var errs [2]error
	for k, part := range [2]bodySink{{from: 0, to: R / 2, at: 0}, {from: R / 2, to: R, at: m.rawHalf}} {
		if part.from == part.to {
			continue
		}
		part.cell, part.values = fn, true
		wg.Go(func() { errs[k] = m.decodeBody(m.raw, m.nWords, m.nGrams, &part) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		// The body was checked by Load: only a caller who changed the
		// data given to Load can get here.
		panic(fmt.Sprintf("classify: the data of a loaded model changed: %v", err))
	}
}

// shrink drops the decoded counts of m, read from the file body m.raw,
// which it keeps to decode them again when they are needed.
func (m *Model) shrink() {
	m.words, m.bigrams, m.counts, m.sums, m.df = nil, nil, nil, nil, nil
}

// expand decodes the words, bigrams, counts, sums and df of a model read
// from a file, once; every method that reads them calls it first (a
// model made by a Trainer has them already). It is safe for concurrent
// use.
func (m *Model) expand() {
	if m == nil || m.raw == nil {
		return
	}
	m.expandOnce.Do(func() {
		x := &Model{opts: m.opts, labels: m.labels}
		if err := x.decodeBody(m.raw, m.nWords, m.nGrams, nil); err != nil {
			// The body was checked by Load: only a caller who changed
			// the data given to Load can get here.
			panic(fmt.Sprintf("classify: the data of a loaded model changed: %v", err))
		}
		m.words = wordsAt(m.raw, x.wordOff)
		m.bigrams, m.counts, m.sums, m.df = x.bigrams, x.counts, x.sums, x.df
	})
}

// wordsAt returns the words whose length prefixes are at offsets offs of
// body, slices of one string.
func wordsAt(body []byte, offs []uint32) []string {
	word := func(off uint32) []byte {
		n, k := binary.Uvarint(body[off:])
		return body[int(off)+k : int(off)+k+int(n)]
	}
	size := 0
	for _, off := range offs {
		size += len(word(off))
	}
	var b strings.Builder
	b.Grow(size)
	for _, off := range offs {
		b.Write(word(off))
	}
	str := b.String()
	words := make([]string, len(offs))
	pos := 0
	for i, off := range offs {
		n := len(word(off))
		words[i] = str[pos : pos+n]
		pos += n
	}
	return words
}

// decodeHeader decodes the JSON header hdata into h, which must hold
// every field.
func decodeHeader(hdata []byte, h any) error {
	dec := json.NewDecoder(bytes.NewReader(hdata))
	dec.DisallowUnknownFields()
	if err := dec.Decode(h); err != nil {
		return malformed("header: %v", err)
	}
	if dec.More() {
		return malformed("header: data after the JSON object")
	}
	return nil
}

// fromHeader checks the header of part p and returns a model without
// counts.
func fromHeader(h *header, p part) (*Model, error) {
	settings, err := text.ParseSettings(h.Pipeline)
	if err != nil {
		return nil, fmt.Errorf("%w %q (%v)", ErrPipeline, h.Pipeline, err)
	}
	m := &Model{version: h.Khabar, opts: Options{Text: settings, Alpha: h.Alpha, MinCount: h.MinCount}}
	switch h.Model {
	case "multinomial":
	case "complement":
		m.opts.Complement = true
	default:
		return nil, malformed("model %q (want multinomial or complement)", h.Model)
	}
	switch h.Priors {
	case "documents":
	case "uniform":
		m.opts.UniformPriors = true
	default:
		return nil, malformed("priors %q (want documents or uniform)", h.Priors)
	}
	switch h.Features {
	case "words":
	case "words+bigrams":
		m.opts.Bigrams, m.opts.NGrams = true, 2
	case "words+bigrams+trigrams":
		m.opts.Bigrams, m.opts.NGrams = true, 3
	case "chars":
		if p != routerPart {
			return nil, malformed("features %q outside a grouped model's router", h.Features)
		}
		m.opts.chars = true
	default:
		return nil, malformed("features %q (want words, words+bigrams or words+bigrams+trigrams)", h.Features)
	}
	if !(h.Alpha > 0) || math.IsInf(h.Alpha, 0) {
		return nil, malformed("alpha %v", h.Alpha)
	}
	if h.MinCount < 0 {
		return nil, malformed("min_count %d", h.MinCount)
	}
	if len(h.Labels) < 2 {
		return nil, malformed("%d labels (want at least 2)", len(h.Labels))
	}
	for i, l := range h.Labels {
		if err := CheckLabel(l.Name); err != nil {
			return nil, malformed("%s", strings.TrimPrefix(err.Error(), "classify: "))
		}
		if i > 0 && l.Name <= h.Labels[i-1].Name {
			return nil, malformed("labels not in increasing order at %q", l.Name)
		}
		if l.Documents < 1 || l.Tokens < 0 {
			return nil, malformed("label %q: %d documents, %d tokens", l.Name, l.Documents, l.Tokens)
		}
		m.labels = append(m.labels, l.Name)
		m.docs = append(m.docs, l.Documents)
		m.tokens = append(m.tokens, l.Tokens)
	}
	if h.Words < 0 || h.Bigrams < 0 {
		return nil, malformed("%d words, %d bigrams", h.Words, h.Bigrams)
	}
	if h.Bigrams > 0 && !m.opts.Bigrams && !m.opts.chars {
		return nil, malformed("%d bigrams in a model of words", h.Bigrams)
	}
	if p == routerPart && (h.Words > 0 || m.opts != routerOptions(m.opts)) {
		return nil, malformed("router: want a complement model of chars with alpha %v and uniform priors", routerAlpha)
	}
	return m, nil
}

// fromHeader3 sets the options of a format-3 header.
func (m *Model) fromHeader3(h *header3) error {
	tf, err := ParseTF(h.TF)
	if err != nil {
		return malformed("tf %q (want raw, log or sublinear)", h.TF)
	}
	m.opts.TF, m.opts.IDF, m.opts.LengthNorm, m.opts.WeightNorm = tf, h.IDF, h.LengthNorm, h.WeightNorm
	if !(h.Temperature > 0) || math.IsInf(h.Temperature, 0) {
		return malformed("temperature %v", h.Temperature)
	}
	if h.Temperature != 1 {
		m.opts.Temperature = h.Temperature
	}
	want := "integer"
	if m.opts.perDocument() {
		want = "weights"
	}
	if h.Counts != want {
		return malformed("counts %q (want %s for these options)", h.Counts, want)
	}
	if m.opts.chars && m.format() != wordsVersion {
		return malformed("a router of format 3")
	}
	m.cv = h.CV
	return nil
}

// fromHeader4 sets the map of a format-4 header.
func (m *Model) fromHeader4(h *header4) error {
	tm := &topMap{}
	for _, pt := range h.Calibration {
		tm.x = append(tm.x, pt[0])
		tm.y = append(tm.y, pt[1])
	}
	if !tm.valid() {
		return malformed("calibration: want points of increasing probability, mapped to non-decreasing ones, all from 0 to 1")
	}
	if m.opts.chars {
		return malformed("a router of format 4")
	}
	m.topMap = tm
	return nil
}

// A bodySink takes the values of a model file's body in place of the
// Model's counts, sums and df (decodeBody).
type bodySink struct {
	// cell is called with each cell (row*C + label) whose count or
	// weight is not 0, in increasing order, and df with each row's
	// document frequency (models with IDF), in increasing order.
	cell func(i int, v float64)
	df   func(r int, df uint64)
	// values skips the words' hashes and offsets and the bigrams, which
	// a second pass over the body does not need; such a pass may read
	// only rows from to to (from 0 to all when to is 0), the first at body
	// offset at.
	values       bool
	from, to, at int
	// mark, when not nil, is called with each row and its body offset
	// (for a later pass over part of the body).
	mark func(r, at int)
}

// decodeBody reads nw words and nb bigrams with their counts from body.
// The words are not made strings: their hashes and their offsets in body
// go to m.wordHash and m.wordOff, for compile (and wordsAt). With a sink,
// the counts, weights and df go to it instead of m.counts, m.sums and
// m.df.
func (m *Model) decodeBody(body []byte, nw, nb int, sink *bodySink) error {
	C := len(m.labels)
	// Every entry takes at least 1+C bytes (words) or 8+C (bigrams): check
	// the counts against the body size before allocating.
	wordMin, gramMin := uint64(1+C), uint64(8+C)
	if m.opts.perDocument() {
		wordMin, gramMin = 12, 18 // a length, a byte, one label, one weight
	}
	if nw > len(body) || nb > len(body) || uint64(nw)*wordMin+uint64(nb)*gramMin > uint64(len(body)) {
		return malformed("%d words and %d bigrams do not fit in %d bytes", nw, nb, len(body))
	}
	if uint64(len(body)) > math.MaxUint32 {
		return malformed("body of %d bytes (want < 4 GiB)", len(body))
	}
	values := sink != nil && sink.values
	if !values {
		m.wordHash = make([]uint64, 0, nw)
		m.wordOff = make([]uint32, 0, nw)
		m.bigrams = make([]uint64, 0, nb)
	}
	pos := 0
	uvarint := func() (uint64, error) {
		n, k := binary.Uvarint(body[pos:])
		if k <= 0 {
			return 0, malformed("bad number at body byte %d", pos)
		}
		pos += k
		return n, nil
	}
	weights := m.opts.perDocument()
	if sink == nil {
		if weights {
			m.sums = make([]float64, 0, (nw+nb)*C)
			if m.opts.IDF {
				m.df = make([]uint64, 0, nw+nb)
			}
		} else {
			m.counts = make([]uint64, 0, (nw+nb)*C)
		}
	}
	counts := func(kind string, i, row int) error {
		if weights {
			return m.decodeWeights(kind, i, row, uvarint, &pos, body, sink)
		}
		var sum uint64
		for c := 0; c < C; c++ {
			n, err := uvarint()
			if err != nil {
				return err
			}
			if sum+n < sum {
				return malformed("count overflow at %s %d", kind, i)
			}
			sum += n
			if sink == nil {
				m.counts = append(m.counts, n)
			} else if n != 0 {
				sink.cell(row*C+c, float64(n))
			}
		}
		if sum == 0 {
			return malformed("%s %d has no counts", kind, i)
		}
		return nil
	}
	from, to := 0, nw+nb
	if values && sink.to > 0 {
		from, to, pos = sink.from, sink.to, sink.at
	}
	var prev []byte
	var last uint64
	for r := from; r < to; r++ {
		if sink != nil && sink.mark != nil {
			sink.mark(r, pos)
		}
		if r < nw {
			i := r
			off := pos
			n, err := uvarint()
			if err != nil {
				return err
			}
			if n == 0 || n > uint64(len(body)-pos) {
				return malformed("word %d: length %d", i, n)
			}
			w := body[pos : pos+int(n)]
			if i > from && bytes.Compare(w, prev) <= 0 {
				return malformed("words not in increasing order at word %d", i)
			}
			prev = w
			if !values {
				m.wordHash = append(m.wordHash, xxhash.Sum64(w))
				m.wordOff = append(m.wordOff, uint32(off))
			}
			pos += int(n)
			if err := counts("word", i, r); err != nil {
				return err
			}
			continue
		}
		j := r - nw
		if len(body)-pos < 8 {
			return malformed("bigram %d: truncated", j)
		}
		b := binary.LittleEndian.Uint64(body[pos:])
		pos += 8
		if r > max(from, nw) && b <= last {
			return malformed("bigrams not in increasing order at bigram %d", j)
		}
		last = b
		if !values {
			m.bigrams = append(m.bigrams, b)
		}
		if err := counts("bigram", j, r); err != nil {
			return err
		}
	}
	if to < nw+nb {
		return nil
	}
	if pos != len(body) {
		return malformed("%d bytes after the last feature", len(body)-pos)
	}
	return nil
}

// decodeWeights reads the df and the weights of feature i (table row
// row) of a format-3 model with weights, into m or sink.
func (m *Model) decodeWeights(kind string, i, row int, uvarint func() (uint64, error), pos *int, body []byte, sink *bodySink) error {
	C := len(m.labels)
	if m.opts.IDF {
		df, err := uvarint()
		if err != nil {
			return err
		}
		if df == 0 {
			return malformed("%s %d in no document", kind, i)
		}
		if sink == nil {
			m.df = append(m.df, df)
		} else if sink.df != nil {
			sink.df(row, df)
		}
	}
	k, err := uvarint()
	if err != nil {
		return err
	}
	if k == 0 || k > uint64(C) {
		return malformed("%s %d has %d weights", kind, i, k)
	}
	var cells []float64
	if sink == nil {
		at := len(m.sums)
		m.sums = append(m.sums, make([]float64, C)...)
		cells = m.sums[at:]
	}
	prev := -1
	for ; k > 0; k-- {
		c, err := uvarint()
		if err != nil {
			return err
		}
		if c >= uint64(C) || int(c) <= prev {
			return malformed("%s %d: label %d out of order", kind, i, c)
		}
		prev = int(c)
		if len(body)-*pos < 8 {
			return malformed("%s %d: truncated", kind, i)
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(body[*pos:]))
		*pos += 8
		if !(v > 0) || math.IsInf(v, 0) {
			return malformed("%s %d: weight %v", kind, i, v)
		}
		if sink == nil {
			cells[c] = v
		} else {
			sink.cell(row*C+int(c), v)
		}
	}
	return nil
}

// groupedHeader is the JSON header of a grouped model file.
type groupedHeader struct {
	Khabar string `json:"khabar"`
	Model  string `json:"model"`
	Groups int    `json:"groups"`
}

// marshalGrouped returns the file of a grouped model (format 2).
func (m *Model) marshalGrouped() ([]byte, error) {
	hj, err := json.Marshal(groupedHeader{Khabar: m.version, Model: "grouped", Groups: len(m.groups)})
	if err != nil {
		return nil, fmt.Errorf("classify: encoding the model header: %v", err)
	}
	out := append([]byte(magic), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(out[8:], groupedVersion)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(hj)))
	out = append(out, hj...)
	for _, part := range append([]*Model{m.router}, m.groups...) {
		data, err := part.MarshalBinary()
		if err != nil {
			return nil, err
		}
		out = binary.LittleEndian.AppendUint64(out, uint64(len(data)))
		out = append(out, data...)
	}
	return binary.LittleEndian.AppendUint64(out, xxhash.Sum64(out)), nil
}

// decodeGrouped decodes the header and body of a grouped model file.
func decodeGrouped(hdata, body []byte) (*Model, error) {
	var h groupedHeader
	if err := decodeHeader(hdata, &h); err != nil {
		return nil, err
	}
	if h.Model != "grouped" {
		return nil, malformed("model %q in a file of format %d (want grouped)", h.Model, groupedVersion)
	}
	// Every part is a whole file of at least prefixLen+checksumLen bytes.
	if h.Groups < 2 || uint64(h.Groups) > uint64(len(body))/(8+prefixLen+checksumLen) {
		return nil, malformed("%d groups", h.Groups)
	}
	parts := make([]*Model, 0, 1+h.Groups)
	for i := 0; i <= h.Groups; i++ {
		if len(body) < 8 {
			return nil, malformed("part %d: truncated", i)
		}
		n := binary.LittleEndian.Uint64(body)
		body = body[8:]
		if n > uint64(len(body)) {
			return nil, malformed("part %d: length %d past the end of the file", i, n)
		}
		p := groupPart
		if i == 0 {
			p = routerPart
		}
		m, err := decodePart(body[:n], p)
		if err != nil {
			return nil, fmt.Errorf("part %d: %w", i, err)
		}
		body = body[n:]
		parts = append(parts, m)
	}
	if len(body) > 0 {
		return nil, malformed("%d bytes after the last group", len(body))
	}
	router, groups := parts[0], parts[1:]
	if len(router.labels) != len(groups) {
		return nil, malformed("a router of %d groups before %d models", len(router.labels), len(groups))
	}
	opts := groups[0].opts
	opts.Temperature = 0 // each group has its own
	for i, g := range groups {
		o := g.opts
		o.Temperature = 0
		if o != opts || g.version != h.Khabar {
			return nil, malformed("group %q: trained with other options than group %q", router.labels[i], router.labels[0])
		}
	}
	if router.opts != routerOptions(opts) {
		return nil, malformed("router: trained with another text pipeline than the groups")
	}
	return newGrouped(opts, h.Khabar, router, groups)
}

// Equal reports whether m and o hold the same counts and options.
func (m *Model) Equal(o *Model) bool {
	if m == nil || o == nil {
		return m == o
	}
	m.expand()
	o.expand()
	if m.router != nil || o.router != nil {
		return m.router != nil && o.router != nil && m.opts == o.opts && m.router.Equal(o.router) &&
			slices.EqualFunc(m.groups, o.groups, (*Model).Equal)
	}
	return m.opts == o.opts && slices.Equal(m.labels, o.labels) && slices.Equal(m.docs, o.docs) &&
		slices.Equal(m.tokens, o.tokens) && slices.Equal(m.words, o.words) &&
		slices.Equal(m.bigrams, o.bigrams) && slices.Equal(m.counts, o.counts) &&
		slices.Equal(m.sums, o.sums) && slices.Equal(m.df, o.df) && m.topMap.equal(o.topMap) &&
		slices.Equal(m.linear, o.linear) && slices.Equal(m.bias, o.bias)
}
