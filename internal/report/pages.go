package report

// Reports of khabar analyze
//
// Text (WritePageText, WriteSummaryText; for people): per page a header
// line with its id, line count and number of articles, then one line per
// article and per flagged passage, then a summary of the corpus:
//
//	000_0a357c2f619dea6d.txt: 59 lines, 2 articles
//	  article      1–30     isis-resurgence          1.000  تعرض تنظيم داعش لنكسات …
//	  duplicate    33       = line 32 (1.000)        الانفجار ضرب قاعدة …
//
// Tab-separated (WritePageTSV; not on a terminal): the header line
// PageTSVHeader, then one line per article and per flagged passage, in
// page order:
//
//	ID  KIND  START_LINE  END_LINE  LABEL  SCORE  OF  START
//
// KIND is "article", "duplicate", "contained" or "boilerplate"; LABEL is the
// article's label (Unknown, with SCORE 0, when the model knows none of its
// words) or a boilerplate reason; SCORE the article's probability
// or a duplicate's similarity; OF the "ID:LINE" a duplicate repeats; START
// the first words. Empty fields are empty; tabs and line breaks in ids and
// words become spaces (OneLine). No summary.
//
// JSON Lines (WritePageJSON, WriteSummaryJSON; --json, for programs): one
// Page object per page, then one object {"summary": Summary}. A flag's
// similarity is rounded to Decimals (3) decimals, an article's
// probability is in full precision.
//
// Probabilities and similarities have Decimals decimals in the text and
// tab-separated forms.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An Article is a run of a page's lines that tells one story.
type Article struct {
	StartLine int     `json:"start_line"`
	EndLine   int     `json:"end_line"`
	Label     string  `json:"label"`
	Prob      float64 `json:"prob"` // full precision; the reports round it
	Tokens    int     `json:"tokens"`
	Start     string  `json:"start"` // the first words
}

// The kinds of Flag.
const (
	FlagDuplicate   = "duplicate"
	FlagContained   = "contained"
	FlagBoilerplate = "boilerplate"
)

// A Flag marks a passage as a duplicate or as boilerplate.
type Flag struct {
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
	Kind    string `json:"kind"` // FlagDuplicate, FlagContained or FlagBoilerplate
	// For duplicates: the page and line of the passage it repeats.
	OfID   string `json:"of_id,omitempty"`
	OfLine int    `json:"of_line,omitempty"`
	// Sim is the similarity (containment for FlagContained) to the
	// passage it repeats, in full precision; the reports round it.
	Sim    float64 `json:"similarity,omitempty"`
	Reason string  `json:"reason,omitempty"` // for boilerplate: the marker or "recurs in N pages"
	Start  string  `json:"start"`
}

// A Page is the analysis of one page: its articles and its flagged
// passages.
type Page struct {
	ID       string    `json:"id"`
	Lines    int       `json:"lines"`
	Articles []Article `json:"articles"`
	Flags    Flags     `json:"flags"`
}

// Flags are the flagged passages of a page, in the order they were added
// (page order, from package analyze), held compactly: each flag is its
// lines and the index of a record of its other fields, which a flag shares
// with an earlier one that differs from it only by its lines; and a run
// of one-line flags on consecutive lines that share a record (the copies
// of a line repeated on consecutive lines) is held as one entry with its
// length, so that a page of a million copies of one line costs a few
// entries rather than a Flag (112 bytes) a copy. The flags are expanded
// one by one only when read (All). The zero value is empty; it encodes in
// JSON as an array of Flag.
type Flags struct {
	recs  []Flag // the fields of the flags but their lines
	at    []flagAt
	total int // flags, runs expanded
}

// flagRecent is the number of records, the last made, that a new flag is
// compared with (a page that repeats a few lines in turn shares them too).
const flagRecent = 8

// A flagAt is a flag's lines and record, and n >= 1: the entry stands for
// n flags, flag k (from 0) on lines line+k to endLine+k.
type flagAt struct {
	line, endLine int
	rec           int32
	n             int32
}

// FlagsOf returns the flags fl, in order.
func FlagsOf(fl ...Flag) Flags {
	var f Flags
	for _, x := range fl {
		f.Add(x)
	}
	return f
}

// Add appends fl.
func (f *Flags) Add(fl Flag) { f.AddRun(fl, 1) }

// AddRun appends n flags: fl, then fl one line further down (Line and
// EndLine plus 1), and so on (the copies of a line repeated on the lines
// after it). n < 1 adds nothing.
func (f *Flags) AddRun(fl Flag, n int) {
	if n < 1 {
		return
	}
	at := flagAt{line: fl.Line, endLine: fl.EndLine, n: 1}
	fl.Line, fl.EndLine = 0, 0
	f.total += n
	rec := int32(-1)
	for r := len(f.recs) - 1; r >= max(0, len(f.recs)-flagRecent); r-- {
		if f.recs[r] == fl {
			rec = int32(r)
			break
		}
	}
	if rec < 0 {
		f.recs = append(f.recs, fl)
		rec = int32(len(f.recs) - 1)
	}
	at.rec = rec
	// A flag on the line after a run of one-line flags with the same
	// record extends the run (with room in its int32 length).
	if k := len(f.at) - 1; k >= 0 && at.line == at.endLine {
		if l := &f.at[k]; l.rec == rec && l.line == l.endLine && at.line == l.line+int(l.n) && int64(l.n)+int64(n) <= math.MaxInt32 {
			l.n += int32(n)
			return
		}
	}
	for n > 0 {
		at.n = int32(min(n, math.MaxInt32))
		f.at = append(f.at, at)
		n -= int(at.n)
		at.line += int(at.n)
		at.endLine += int(at.n)
	}
}

// Grow makes room for n more flags.
func (f *Flags) Grow(n int) { f.at = slices.Grow(f.at, n) }

// Len returns the number of flags.
func (f *Flags) Len() int { return f.total }

// flag returns flag k of entry a.
func (f *Flags) flag(a flagAt, k int) Flag {
	fl := f.recs[a.rec]
	fl.Line, fl.EndLine = a.line+k, a.endLine+k
	return fl
}

// At returns flag i. It takes time in the number of runs before it; All
// reads them in order.
func (f *Flags) At(i int) Flag {
	if f.total == len(f.at) {
		return f.flag(f.at[i], 0)
	}
	for _, a := range f.at {
		if i < int(a.n) {
			return f.flag(a, i)
		}
		i -= int(a.n)
	}
	panic("report: Flags.At out of range")
}

// All returns the flags in order.
func (f *Flags) All() iter.Seq[Flag] {
	return func(yield func(Flag) bool) {
		for _, a := range f.at {
			for k := range int(a.n) {
				if !yield(f.flag(a, k)) {
					return
				}
			}
		}
	}
}

// MarshalJSON encodes the flags as an array of Flag ([] when there are
// none). It leaves <, > and & as they are; an encoder that escapes them
// escapes them in its output.
func (f Flags) MarshalJSON() ([]byte, error) {
	fl := make([]Flag, 0, f.Len())
	for x := range f.All() {
		fl = append(fl, x)
	}
	var buf bytes.Buffer
	if err := jsonEncoder(&buf).Encode(fl); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON decodes an array of Flag.
func (f *Flags) UnmarshalJSON(b []byte) error {
	var fl []Flag
	if err := json.Unmarshal(b, &fl); err != nil {
		return err
	}
	*f = FlagsOf(fl...)
	return nil
}

// Summary counts what a run found.
type Summary struct {
	Pages       int            `json:"pages"`
	Articles    int            `json:"articles"`
	Labels      map[string]int `json:"labels"`
	Duplicates  int            `json:"duplicate_passages"`
	Boilerplate int            `json:"boilerplate_passages"`
	labelOrder  []string
}

// NewSummary returns an empty summary that counts the given labels, in
// that order (labels met later, such as Unknown, come after them).
func NewSummary(labels []string) *Summary {
	s := &Summary{Labels: map[string]int{}, labelOrder: slices.Clone(labels)}
	for _, l := range labels {
		s.Labels[l] = 0
	}
	return s
}

// Add counts the articles and flags of p.
func (s *Summary) Add(p *Page) {
	s.Pages++
	s.Articles += len(p.Articles)
	for _, a := range p.Articles {
		if _, ok := s.Labels[a.Label]; !ok {
			s.labelOrder = append(s.labelOrder, a.Label) // Unknown
		}
		s.Labels[a.Label]++
	}
	for _, a := range p.Flags.at {
		if p.Flags.recs[a.rec].Kind == FlagBoilerplate {
			s.Boilerplate += int(a.n)
		} else {
			s.Duplicates += int(a.n)
		}
	}
}

// SortedLabels returns the labels, those with more articles first (ties
// in the summary's order).
func (s *Summary) SortedLabels() []string {
	labels := append([]string(nil), s.labelOrder...)
	sort.SliceStable(labels, func(i, j int) bool { return s.Labels[labels[i]] > s.Labels[labels[j]] })
	return labels
}

func lineRange(a, b int) string {
	if a == b {
		return strconv.Itoa(a)
	}
	return strconv.Itoa(a) + "–" + strconv.Itoa(b)
}

// Of returns where the duplicate f of a passage of page is: "line 32",
// or "ID:32" when it repeats another page.
func (f *Flag) Of(page string) string {
	if f.OfID != page {
		return f.OfID + ":" + strconv.Itoa(f.OfLine)
	}
	return "line " + strconv.Itoa(f.OfLine)
}

// WritePageText writes p for people.
func WritePageText(w io.Writer, p *Page) error {
	fmt.Fprintf(w, "%s: %s, %s\n", p.ID, plural(p.Lines, "line"), plural(len(p.Articles), "article"))
	for _, a := range p.Articles {
		fmt.Fprintf(w, "  %-11s  %-8s %-24s %s  %s\n", "article", lineRange(a.StartLine, a.EndLine), a.Label, Score(a.Prob), a.Start)
	}
	// One line a flag, made in one buffer (a page of a million flags
	// makes no garbage a flag), as "  %-11s  %-8s %-24s %s\n" of its
	// kind, lines, what it is and start.
	var b, what []byte
	for f := range p.Flags.All() {
		what = what[:0]
		switch f.Kind {
		case FlagBoilerplate:
			what = append(what, f.Reason...)
		case FlagContained:
			what = append(what, "inside "...)
		default:
			what = append(what, "= "...)
		}
		if f.Kind != FlagBoilerplate {
			if f.OfID != p.ID {
				what = append(what, f.OfID...)
				what = append(what, ':')
			} else {
				what = append(what, "line "...)
			}
			what = strconv.AppendInt(what, int64(f.OfLine), 10)
			what = append(what, " ("...)
			what = appendScore(what, f.Sim)
			what = append(what, ')')
		}
		b = append(b[:0], "  "...)
		b = appendPadded(b, f.Kind, 11)
		b = append(b, "  "...)
		n := len(b)
		b = strconv.AppendInt(b, int64(f.Line), 10)
		if f.EndLine != f.Line {
			b = append(b, "–"...)
			b = strconv.AppendInt(b, int64(f.EndLine), 10)
		}
		b = appendSpaces(b, 8-utf8.RuneCount(b[n:]))
		b = append(b, ' ')
		b = append(b, what...)
		b = appendSpaces(b, 24-utf8.RuneCount(what))
		b = append(b, ' ')
		b = append(b, f.Start...)
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// appendPadded appends s and spaces after it up to width runes, as fmt's
// %-*s does.
func appendPadded(b []byte, s string, width int) []byte {
	return appendSpaces(append(b, s...), width-utf8.RuneCountInString(s))
}

// appendSpaces appends n spaces (none when n <= 0).
func appendSpaces(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, ' ')
	}
	return b
}

// WriteSummaryText writes the corpus summary for people.
func WriteSummaryText(w io.Writer, s *Summary) error {
	var parts []string
	for _, l := range s.SortedLabels() {
		parts = append(parts, fmt.Sprintf("%s %d", l, s.Labels[l]))
	}
	_, err := fmt.Fprintf(w, "summary: %s, %s (%s), %s, %s\n",
		plural(s.Pages, "page"), plural(s.Articles, "article"), strings.Join(parts, ", "),
		plural(s.Duplicates, "duplicate passage"), plural(s.Boilerplate, "boilerplate passage"))
	return err
}

// PageTSVHeader is the first line of the tab-separated report.
const PageTSVHeader = "#id\tkind\tstart_line\tend_line\tlabel\tscore\tof\tstart\n"

// WritePageTSV writes p as tab-separated lines (see the format above).
func WritePageTSV(w io.Writer, p *Page) error {
	id := OneLine(p.ID)
	for _, a := range p.Articles {
		fmt.Fprintf(w, "%s\tarticle\t%d\t%d\t%s\t%s\t\t%s\n", id, a.StartLine, a.EndLine, OneLine(a.Label), Score(a.Prob), OneLine(a.Start))
	}
	// One line a flag, made in one buffer: a page of a million flags
	// makes no garbage a flag.
	var b []byte
	for f := range p.Flags.All() {
		b = append(b[:0], id...)
		b = append(b, '\t')
		b = append(b, f.Kind...)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(f.Line), 10)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(f.EndLine), 10)
		b = append(b, '\t')
		if f.Kind == FlagBoilerplate {
			b = append(b, f.Reason...)
			b = append(b, "\t\t\t"...)
		} else {
			b = append(b, '\t')
			b = appendScore(b, f.Sim)
			b = append(b, '\t')
			b = append(b, OneLine(f.OfID)...)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(f.OfLine), 10)
			b = append(b, '\t')
		}
		b = append(b, OneLine(f.Start)...)
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// WritePageJSON writes p as one JSON line, the encoding of Page by
// encoding/json without HTML escaping, its flags' similarities rounded
// (Round, Decimals). It encodes one article or flag at a time, so that a
// page of a million flags is never held twice in memory.
func WritePageJSON(w io.Writer, p *Page) error {
	var buf bytes.Buffer
	enc := jsonEncoder(&buf)
	encode := func(v any) ([]byte, error) {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
	}
	put := func(v any) error {
		b, err := encode(v)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	if _, err := io.WriteString(w, `{"id":`); err != nil {
		return err
	}
	if err := put(p.ID); err != nil {
		return err
	}
	io.WriteString(w, `,"lines":`+strconv.Itoa(p.Lines)+`,"articles":[`)
	for i := range p.Articles {
		if i > 0 {
			io.WriteString(w, ",")
		}
		if err := put(&p.Articles[i]); err != nil {
			return err
		}
	}
	io.WriteString(w, `],"flags":[`)
	// A flag is its lines, then the fields of its record (flagJSON),
	// encoded once a record: a page of a million copies of a line makes
	// no garbage a flag.
	fl := &p.Flags
	recs := make([][]byte, len(fl.recs))
	var b []byte
	first := true
	for _, a := range fl.at {
		rec := recs[a.rec]
		if rec == nil {
			r := fl.recs[a.rec]
			e, err := encode(flagJSON{r.Kind, r.OfID, r.OfLine, Round(r.Sim, Decimals), r.Reason, r.Start})
			if err != nil {
				return err
			}
			rec = bytes.Clone(e)
			recs[a.rec] = rec
		}
		for k := range int(a.n) {
			b = b[:0]
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, `{"line":`...)
			b = strconv.AppendInt(b, int64(a.line+k), 10)
			b = append(b, `,"end_line":`...)
			b = strconv.AppendInt(b, int64(a.endLine+k), 10)
			b = append(b, ',')
			b = append(b, rec[1:]...) // after its {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
	}
	_, err := io.WriteString(w, "]}\n")
	return err
}

// flagJSON is a Flag without its lines, which come first in its JSON
// encoding: the fields and tags of Flag after EndLine, in order
// (TestFlagJSON).
type flagJSON struct {
	Kind   string  `json:"kind"`
	OfID   string  `json:"of_id,omitempty"`
	OfLine int     `json:"of_line,omitempty"`
	Sim    float64 `json:"similarity,omitempty"`
	Reason string  `json:"reason,omitempty"`
	Start  string  `json:"start"`
}

// WriteSummaryJSON writes {"summary": s} as one JSON line.
func WriteSummaryJSON(w io.Writer, s *Summary) error {
	enc := jsonEncoder(w)
	return enc.Encode(struct {
		Summary *Summary `json:"summary"`
	}{s})
}
