package analyze

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/models"
	"github.com/khabar-nlp/khabar/seeds"

	"github.com/khabar-nlp/khabar/internal/report"
)

// TestAnalyzeRepeatedLines: a whole analysis of a page of 100,000 copies
// of one line, then a line holding it (the page that made the in-page
// search quadratic), gives one article of all the lines, flags line 1 as
// contained in the last, and every other copy, in page order, as a
// duplicate of line 1 with similarity 1; the result is checked, not the
// time (see
// BenchmarkRepeatedLines and bench/analyze.sh for time and memory). The
// page is read into runKeep+3 units, not one a line (see runKeep).
func TestAnalyzeRepeatedLines(t *testing.T) {
	const n = 100000
	line := "انفجار في مخزن للأسلحة والذخيرة"
	last := "قالت الشرطة إن انفجار في مخزن للأسلحة والذخيرة وقع صباح اليوم في المدينة"
	text := strings.Repeat(line+"\n", n) + last + "\n"
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := New(m, DefaultPageDups(), Options{})
	if st := a.scan(a.newWorker(), Page{ID: "p", Text: text}); len(st.units) != runKeep+3 {
		t.Errorf("%d units, want %d (the first line, %d copies, the tail, the last line)", len(st.units), runKeep+3, runKeep)
	}
	r := analyzeOne(t, text)
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

// runPages returns pages made of the seeds with lines repeated on
// consecutive lines, in runs of lengths around runKeep and longer, and
// pages of runs of furniture, of lines without words, of a line that
// occurred earlier, before a near copy and inside a longer line, and the
// same runs on several pages (copies and recurrence across pages).
func runPages() []Page {
	rng := rand.New(rand.NewPCG(11, 0))
	lens := []int{2, runKeep, runKeep + 1, runKeep + 2, runKeep + 3, runKeep + 4, 2*runKeep + 1, 500}
	var pages []Page
	for _, sp := range seeds.Pages() {
		lines := strings.Split(strings.TrimSuffix(sp.Text, "\n"), "\n")
		for v := range 4 {
			out := slices.Clone(lines)
			for range 3 {
				i := rng.IntN(len(out))
				k := lens[rng.IntN(len(lens))]
				out = slices.Insert(out, i, slices.Repeat([]string{out[i]}, k-1)...)
			}
			text := strings.Join(out, "\n")
			if v%2 == 0 {
				text += "\n"
			}
			pages = append(pages, Page{ID: fmt.Sprintf("%s-%d", sp.Name, v), Text: text})
		}
	}
	rep := func(line string, k int) string { return strings.Repeat(line+"\n", k) }
	body := strings.Join(otherFootball, "\n") + "\n"
	line := "انفجار في مخزن للأسلحة والذخيرة"
	near := "انفجار في مخزن للأسلحة والذخيرة ."
	long := "قالت الشرطة إن انفجار في مخزن للأسلحة والذخيرة وقع صباح اليوم في المدينة"
	for i, text := range []string{
		rep("x", 1000),
		rep(line, 300) + near + "\n" + long + "\n" + body,
		body + rep("مواضيع ذات صلة", 200) + body,
		body + rep("-----", 200) + body + rep("-----", 70),
		line + "\n" + body + rep(line, 100) + rep(long, 90) + body,
		rep(line, 69) + "\n" + rep(line, 69) + body + rep("تابعونا على تويتر", 80),
		strings.ReplaceAll(rep(line, 150), "\n", "\r\n") + body,
		rep(otherFootball[1], 120) + rep(otherFootball[2], 66) + body + rep(otherFootball[0], 67),
	} {
		for copy := range 6 { // the same page six times: copies and recurrence across pages
			pages = append(pages, Page{ID: fmt.Sprintf("runs%d-%d", i, copy), Text: text})
		}
	}
	return pages
}

// TestRunsCollapse: the report of pages with runs of copies of a line
// (see runKeep) is the one that every copy as a unit of its own gives:
// the same articles, flags and candidate gaps with their features; the
// long runs are collapsed, and every other unit is one line.
func TestRunsCollapse(t *testing.T) {
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	pages := runPages()
	run := func(a *Analyzer) []*PageReport {
		var out []*PageReport
		if _, err := a.Analyze(nextOf(pages), func(r *PageReport) error { out = append(out, r); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a := New(m, DefaultPageDups(), Options{KeepGaps: true})
	ref := New(m, DefaultPageDups(), Options{KeepGaps: true})
	ref.keepRuns = true
	got, want := run(a), run(ref)
	collapsed := 0
	w := a.newWorker()
	for i, p := range pages {
		if st := a.scan(w, p); slices.ContainsFunc(st.units, func(u unit) bool { return u.endLine > u.line }) {
			collapsed++
		}
		// finish takes a unit of several lines for a run's tail: every
		// other unit must be one line.
		if st := ref.scan(w, p); slices.ContainsFunc(st.units, func(u unit) bool { return u.endLine != u.line }) {
			t.Errorf("%s: a passage of several lines (finish takes it for a run's tail)", p.ID)
		}
		g, r := got[i], want[i]
		if g.ID != r.ID || g.Lines != r.Lines || !slices.Equal(g.Articles, r.Articles) {
			t.Errorf("%s: articles %s (%d lines), want %s (%d lines)", p.ID, articleString(g), g.Lines, articleString(r), r.Lines)
		}
		if gf, rf := slices.Collect(g.Flags.All()), slices.Collect(r.Flags.All()); !slices.Equal(gf, rf) {
			t.Errorf("%s: %d flags, want %d (or they differ)", p.ID, len(gf), len(rf))
		}
		// A gap's unit is an index into the page's units, which a
		// collapsed run makes fewer: compare what the gap says.
		if !slices.EqualFunc(g.Gaps, r.Gaps, func(a, b Gap) bool { a.unit, b.unit = 0, 0; return a == b }) {
			t.Errorf("%s: %d gaps, want %d (or they differ)", p.ID, len(g.Gaps), len(r.Gaps))
		}
	}
	if collapsed < len(pages)/3 {
		t.Errorf("%d of %d pages have a collapsed run, want at least a third", collapsed, len(pages))
	}
}

// TestRunKeep: runKeep copies reach further than every look along the
// units (see "Runs of copies").
func TestRunKeep(t *testing.T) {
	for _, c := range []struct {
		name  string
		reach int
	}{{"windowUnits", windowUnits}, {"wideUnits", wideUnits}, {"echoReach", echoReach}, {"leadReach", leadReach}, {"maxCopyPairs", maxCopyPairs}} {
		if runKeep <= c.reach+1 {
			t.Errorf("runKeep %d, want over %s+1 (%d)", runKeep, c.name, c.reach+1)
		}
	}
}
