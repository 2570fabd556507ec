package analyze

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Report output
//
// Text (for people): per page a header line with its id, line count and
// number of articles, then one line per article and per flagged passage,
// then a summary of the corpus:
//
//	seeds/000_0a357c2f619dea6d.txt: 59 lines, 2 articles
//	  article      1–30    isis-resurgence          0.998  تعرض تنظيم داعش لنكسات …
//	  duplicate    33      = line 32 (1.000)        الانفجار ضرب قاعدة …
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
	s := &Summary{Labels: map[string]int{}, labelOrder: labels}
	for _, l := range labels {
		s.Labels[l] = 0
	}
	return s
}

func (s *Summary) add(r *PageReport) {
	s.Pages++
	s.Articles += len(r.Articles)
	for _, a := range r.Articles {
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
	arts := "articles"
	if len(r.Articles) == 1 {
		arts = "article"
	}
	fmt.Fprintf(w, "%s: %d lines, %d %s\n", r.ID, r.Lines, len(r.Articles), arts)
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
	_, err := fmt.Fprintf(w, "summary: %d pages, %d articles (%s), %d duplicate passages, %d boilerplate passages\n",
		s.Pages, s.Articles, strings.Join(parts, ", "), s.Duplicates, s.Boilerplate)
	return err
}

func (s *Summary) sortedLabels() []string {
	labels := append([]string(nil), s.labelOrder...)
	sort.SliceStable(labels, func(i, j int) bool { return s.Labels[labels[i]] > s.Labels[labels[j]] })
	return labels
}

// WriteJSON writes r as one JSON line.
func WriteJSON(w io.Writer, r *PageReport) error {
	return writeJSONLine(w, r)
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
