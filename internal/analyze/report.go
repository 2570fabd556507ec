package analyze

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/internal/text"
)

// Report output
//
// Text (for people): per page a header line with its id, line count and
// number of articles, then one line per article and per flagged passage,
// then a summary of the corpus:
//
//	000_0a357c2f619dea6d.txt: 59 lines, 2 articles
//	  article      1–30     isis-resurgence          1.000  تعرض تنظيم داعش لنكسات …
//	  duplicate    33       = line 32 (1.000)        الانفجار ضرب قاعدة …
//
// Tab-separated (not on a terminal): the header line TSVHeader, then one
// line per article and per flagged passage, in page order:
//
//	ID  KIND  START_LINE  END_LINE  LABEL  SCORE  OF  START
//
// KIND is "article", "duplicate", "contained" or "boilerplate"; LABEL is the
// article's label (Unknown, with SCORE 0, when the model knows none of its
// words) or a boilerplate reason; SCORE the article's probability
// or a duplicate's similarity; OF the "ID:LINE" a duplicate repeats; START
// the first words. Empty fields are empty; tabs and line breaks in ids and
// words become spaces. No summary.
//
// JSON Lines (--json, for programs): one PageReport object per page, then
// one object {"summary": Summary}.

// Summary counts what a run found.
type Summary struct {
	Pages       int            `json:"pages"`
	Articles    int            `json:"articles"`
	Labels      map[string]int `json:"labels"`
	Duplicates  int            `json:"duplicate_passages"`
	Boilerplate int            `json:"boilerplate_passages"`
	labelOrder  []string
}

func newSummary(labels []string) *Summary {
	s := &Summary{Labels: map[string]int{}, labelOrder: slices.Clone(labels)}
	for _, l := range labels {
		s.Labels[l] = 0
	}
	return s
}

func (s *Summary) add(r *PageReport) {
	s.Pages++
	s.Articles += len(r.Articles)
	for _, a := range r.Articles {
		if _, ok := s.Labels[a.Label]; !ok {
			s.labelOrder = append(s.labelOrder, a.Label) // Unknown
		}
		s.Labels[a.Label]++
	}
	for _, f := range r.Flags {
		if f.Kind == "boilerplate" {
			s.Boilerplate++
		} else {
			s.Duplicates++
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func lineRange(a, b int) string {
	if a == b {
		return itoa(a)
	}
	return itoa(a) + "–" + itoa(b)
}

// WriteText writes r for people.
func WriteText(w io.Writer, r *PageReport) error {
	fmt.Fprintf(w, "%s: %s, %s\n", r.ID, plural(r.Lines, "line"), plural(len(r.Articles), "article"))
	for _, a := range r.Articles {
		fmt.Fprintf(w, "  %-11s  %-8s %-24s %.3f  %s\n", "article", lineRange(a.StartLine, a.EndLine), a.Label, a.Prob, a.Start)
	}
	for _, f := range r.Flags {
		var what string
		switch f.Kind {
		case "boilerplate":
			what = f.Reason
		case "contained":
			what = fmt.Sprintf("inside line %d (%.3f)", f.OfLine, f.Sim)
			if f.OfID != r.ID {
				what = fmt.Sprintf("inside %s:%d (%.3f)", f.OfID, f.OfLine, f.Sim)
			}
		default:
			what = fmt.Sprintf("= line %d (%.3f)", f.OfLine, f.Sim)
			if f.OfID != r.ID {
				what = fmt.Sprintf("= %s:%d (%.3f)", f.OfID, f.OfLine, f.Sim)
			}
		}
		fmt.Fprintf(w, "  %-11s  %-8s %-24s %s\n", f.Kind, lineRange(f.Line, f.EndLine), what, f.Start)
	}
	_, err := fmt.Fprintln(w)
	return err
}

// WriteSummaryText writes the corpus summary for people.
func WriteSummaryText(w io.Writer, s *Summary) error {
	var parts []string
	for _, l := range s.sortedLabels() {
		parts = append(parts, fmt.Sprintf("%s %d", l, s.Labels[l]))
	}
	_, err := fmt.Fprintf(w, "summary: %s, %s (%s), %s, %s\n",
		plural(s.Pages, "page"), plural(s.Articles, "article"), strings.Join(parts, ", "),
		plural(s.Duplicates, "duplicate passage"), plural(s.Boilerplate, "boilerplate passage"))
	return err
}

// plural returns "1 page", "2 pages": n and the noun, in the plural
// unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func (s *Summary) sortedLabels() []string {
	labels := append([]string(nil), s.labelOrder...)
	sort.SliceStable(labels, func(i, j int) bool { return s.Labels[labels[i]] > s.Labels[labels[j]] })
	return labels
}

// TSVHeader is the first line of the tab-separated report.
const TSVHeader = "#id\tkind\tstart_line\tend_line\tlabel\tscore\tof\tstart\n"

// WriteTSV writes r as tab-separated lines (see the format above).
func WriteTSV(w io.Writer, r *PageReport) error {
	id := text.OneLine(r.ID)
	for _, a := range r.Articles {
		fmt.Fprintf(w, "%s\tarticle\t%d\t%d\t%s\t%.3f\t\t%s\n", id, a.StartLine, a.EndLine, text.OneLine(a.Label), a.Prob, text.OneLine(a.Start))
	}
	for _, f := range r.Flags {
		label, score, of := "", "", ""
		if f.Kind == "boilerplate" {
			label = f.Reason
		} else {
			score = fmt.Sprintf("%.3f", f.Sim)
			of = text.OneLine(f.OfID) + ":" + itoa(f.OfLine)
		}
		if _, err := fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n", id, f.Kind, f.Line, f.EndLine, label, score, of, text.OneLine(f.Start)); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSON writes r as one JSON line, the encoding of PageReport by
// encoding/json without HTML escaping. It encodes one article or flag at a
// time, so that a page of a million flags is never held twice in memory.
func WriteJSON(w io.Writer, r *PageReport) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	if _, err := io.WriteString(w, `{"id":`); err != nil {
		return err
	}
	if err := put(r.ID); err != nil {
		return err
	}
	io.WriteString(w, `,"lines":`+itoa(r.Lines)+`,"articles":[`)
	for i := range r.Articles {
		if i > 0 {
			io.WriteString(w, ",")
		}
		if err := put(&r.Articles[i]); err != nil {
			return err
		}
	}
	io.WriteString(w, `],"flags":[`)
	for i := range r.Flags {
		if i > 0 {
			io.WriteString(w, ",")
		}
		if err := put(&r.Flags[i]); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]}\n")
	return err
}

// WriteSummaryJSON writes {"summary": s} as one JSON line.
func WriteSummaryJSON(w io.Writer, s *Summary) error {
	return writeJSONLine(w, struct {
		Summary *Summary `json:"summary"`
	}{s})
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
