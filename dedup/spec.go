package dedup

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/khabar-nlp/khabar/textset"
)

// Spec string format
//
// A Spec's String, stored in every saved index or stage file and compared
// on load, is one line of space-separated fields in this order:
//
//	dedup/1                  format version of this line
//	unit=line|paragraph|document
//	shingle=word:N|char:N    Shingling.String
//	method=minhash hashes=H seed=S bands=B rows=R    (MinHash), or
//	method=simhash k=K                               (SimHash)
//	threshold=T              shortest float64 form (strconv 'g', -1)
//	verify=exact|estimate    estimate: Options.NoVerify
//	text/1 norm=... stop=... stem=...                text.Settings.String, the rest of the line
//
// for example
//
//	dedup/1 unit=line shingle=word:3 method=minhash hashes=128 seed=0 bands=16 rows=6 threshold=0.8 verify=exact text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off stem=off
//
// Fields that do not change the signatures of a method are left out
// (hashes, seed and banding for SimHash; k for MinHash), so two Specs
// whose units can be compared have the same string. Spec.UnmarshalText
// accepts only the canonical form, with every value in range.
//
// Version history: dedup/1, the first.

// specVersion names the Spec string format and the signing rules; it
// changes when the same Spec would give different records.
const specVersion = "dedup/1"

// A Spec is everything that makes the records of two units comparable:
// the text pipeline, what a unit is, the shingling, the method with its
// hashes, seed and banding (or SimHash distance), the threshold and
// whether pairs are verified exactly. Records made under different Specs
// must not be mixed; compare the Strings of the two Specs first.
//
// A valid Spec comes from Options.Spec or Spec.UnmarshalText; its fields
// are then filled in (no zero value stands for a default), and a Spec is
// comparable with ==.
type Spec struct {
	// Text is the text pipeline that makes tokens.
	Text textset.Settings
	// Level says whether a unit is a passage or a document.
	Level Level
	// Paragraphs, at passage level, makes runs of non-blank lines one
	// passage instead of every line.
	Paragraphs bool
	// Shingle is the shingling, with its size.
	Shingle Shingling
	// Method finds candidates: MinHash LSH or SimHash.
	Method Method
	// Hashes, Seed, Bands and Rows are the MinHash signature size, seed and
	// LSH banding; 0 with SimHash.
	Hashes      int
	Seed        uint64
	Bands, Rows int
	// K is the largest Hamming distance of SimHash candidates; 0 with
	// MinHash.
	K int
	// Threshold is the smallest Jaccard similarity of a near duplicate.
	Threshold float64
	// NoVerify accepts candidates on their signatures' estimate (see
	// Options.NoVerify) instead of the exact Jaccard similarity.
	NoVerify bool
}

// Spec returns the Spec of o: its options that make records comparable,
// with the defaults filled in and the banding chosen, as Find uses them.
func (o Options) Spec() (Spec, error) {
	r, err := o.resolve()
	if err != nil {
		return Spec{}, err
	}
	return r.spec(), nil
}

// spec returns the Spec of o, which must be resolved.
func (o Options) spec() Spec {
	s := Spec{
		Text: o.Text, Level: o.Level, Paragraphs: o.Paragraphs && o.Level == PassageLevel,
		Shingle: o.Shingle, Method: o.Method, Threshold: o.Threshold, NoVerify: o.NoVerify,
	}
	if o.Method == SimHashBits {
		s.K = o.K
	} else {
		s.Hashes, s.Seed, s.Bands, s.Rows = o.Hashes, o.Seed, o.Bands, o.Rows
	}
	return s
}

// Options returns the Options whose Spec is s (s.Options().Spec() is s
// again), for code that runs the stages elsewhere with a Spec it was
// sent. The options outside the Spec (MinTokens, Cluster, Containment,
// ...) are zero.
func (s Spec) Options() Options {
	return Options{
		Text: s.Text, Level: s.Level, Paragraphs: s.Paragraphs, Shingle: s.Shingle, Method: s.Method,
		Hashes: s.Hashes, Seed: s.Seed, Bands: s.Bands, Rows: s.Rows, K: s.K,
		Threshold: s.Threshold, NoVerify: s.NoVerify,
	}
}

// check reports whether s is a valid, filled-in Spec.
func (s Spec) check() error {
	r, err := s.Options().resolve()
	if err != nil {
		return err
	}
	if r.spec() != s {
		return fmt.Errorf("%w: spec %q is not filled in (use Options.Spec or Spec.UnmarshalText)", ErrOption, s)
	}
	return nil
}

// String returns the canonical form of s (see the format above).
func (s Spec) String() string {
	var b strings.Builder
	b.WriteString(specVersion)
	unit := "line"
	switch {
	case s.Level == DocumentLevel:
		unit = "document"
	case s.Paragraphs:
		unit = "paragraph"
	}
	fmt.Fprintf(&b, " unit=%s shingle=%s method=%s", unit, s.Shingle, s.Method)
	if s.Method == SimHashBits {
		fmt.Fprintf(&b, " k=%d", s.K)
	} else {
		fmt.Fprintf(&b, " hashes=%d seed=%d bands=%d rows=%d", s.Hashes, s.Seed, s.Bands, s.Rows)
	}
	verify := "exact"
	if s.NoVerify {
		verify = "estimate"
	}
	fmt.Fprintf(&b, " threshold=%s verify=%s %s", strconv.FormatFloat(s.Threshold, 'g', -1, 64), verify, s.Text)
	return b.String()
}

// UnmarshalText sets s from the output of Spec.String, for a Spec stored
// with records or sent with them. It accepts only a valid Spec in
// canonical form, and says which field is wrong otherwise (s is then left
// as it was).
func (s *Spec) UnmarshalText(b []byte) error {
	v, err := parseSpec(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// parseSpec parses the output of Spec.String (UnmarshalText).
func parseSpec(str string) (Spec, error) {
	bad := func(why string) (Spec, error) {
		return Spec{}, fmt.Errorf("%w: spec %q: %s", ErrOption, str, why)
	}
	head, textPart, ok := strings.Cut(str, " text/")
	if !ok {
		return bad("no text settings")
	}
	settings, err := text.ParseSettings("text/" + textPart)
	if err != nil {
		return bad(err.Error())
	}
	fields := strings.Split(head, " ")
	if fields[0] != specVersion {
		return bad(fmt.Sprintf("version %q (this program reads %s)", fields[0], specVersion))
	}
	s := Spec{Text: settings}
	for _, f := range fields[1:] {
		key, val, ok := strings.Cut(f, "=")
		if !ok {
			return bad(fmt.Sprintf("field %q", f))
		}
		var err error
		switch key {
		case "unit":
			switch val {
			case "line":
			case "paragraph":
				s.Paragraphs = true
			case "document":
				s.Level = DocumentLevel
			default:
				err = fmt.Errorf("unit %q", val)
			}
		case "shingle":
			s.Shingle, err = parseShingling(val)
		case "method":
			s.Method, err = parseMethod(val)
		case "hashes":
			s.Hashes, err = strconv.Atoi(val)
		case "seed":
			s.Seed, err = strconv.ParseUint(val, 10, 64)
		case "bands":
			s.Bands, err = strconv.Atoi(val)
		case "rows":
			s.Rows, err = strconv.Atoi(val)
		case "k":
			s.K, err = strconv.Atoi(val)
		case "threshold":
			s.Threshold, err = strconv.ParseFloat(val, 64)
		case "verify":
			switch val {
			case "exact":
			case "estimate":
				s.NoVerify = true
			default:
				err = fmt.Errorf("verify %q", val)
			}
		default:
			err = fmt.Errorf("unknown field %q", key)
		}
		if err != nil {
			return bad(err.Error())
		}
	}
	if err := s.check(); err != nil {
		return Spec{}, err
	}
	if s.String() != str {
		return bad("not canonical")
	}
	return s, nil
}
