package analyze

import (
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/internal/report"
)

// TestAnalyzeRepeatedLines: a whole analysis of a page of 100,000 copies
// of one line, then a line holding it (the page that made the in-page
// search quadratic), gives one article of all the lines, flags line 1 as
// contained in the last, and every other copy, in page order, as a
// duplicate of line 1 with similarity 1; the result is checked, not the
// time (see
// BenchmarkRepeatedLines and bench/analyze.sh for time and memory).
func TestAnalyzeRepeatedLines(t *testing.T) {
	const n = 100000
	line := "انفجار في مخزن للأسلحة والذخيرة"
	last := "قالت الشرطة إن انفجار في مخزن للأسلحة والذخيرة وقع صباح اليوم في المدينة"
	r := analyzeOne(t, strings.Repeat(line+"\n", n)+last+"\n")
	if r.Lines != n+1 {
		t.Errorf("%d lines, want %d", r.Lines, n+1)
	}
	if len(r.Articles) != 1 || r.Articles[0].StartLine != 1 || r.Articles[0].EndLine != n+1 || r.Articles[0].Start != line {
		t.Errorf("articles %s (start %q), want one article 1-%d", articleString(r), r.Articles[0].Start, n+1)
	}
	if r.Flags.Len() != n {
		t.Fatalf("%d flags, want %d", r.Flags.Len(), n)
	}
	i := 0
	for f := range r.Flags.All() {
		want := report.Flag{Line: i + 1, EndLine: i + 1, Kind: report.FlagDuplicate, OfID: "p", OfLine: 1, Sim: 1, Start: line}
		if i == 0 {
			want.Kind, want.OfLine = report.FlagContained, n+1
		}
		if f != want {
			t.Fatalf("flag %d = %+v, want %+v", i, f, want)
		}
		i++
	}
}
