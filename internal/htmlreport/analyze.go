package htmlreport

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/internal/report"
)

// The analyze report
//
// Per page, its lines in order, each article's lines shaded (six colours
// in turn) under a label line with the article's label, probability and
// lines; a line flagged as a duplicate or as boilerplate is struck through
// and says why. Before the pages, the counts of the corpus and a bar chart
// of the labels. Everything is plain HTML: no script.

// A Page is one analyzed page: its report and its text.
type Page struct {
	Report *analyze.PageReport
	Text   string
}

type lineView struct {
	N            int
	Text         string
	Blank        bool
	Flag, Reason string
}

type groupView struct {
	Article *articleView // nil: lines outside every article
	Lines   []lineView
}

type articleView struct {
	Shade       int
	Label, Prob string
	Lines       string
	N           int
}

type pageView struct {
	ID       string
	Lines    int
	Articles int
	Groups   []groupView
}

type analyzeView struct {
	Stamp                                    string
	Pages, Articles, Duplicates, Boilerplate string
	Labels                                   chart
	PageViews                                []pageView
}

var analyzeTemplate = parse("analyze.tmpl")

// Analyze writes the HTML report of the analyzed pages and their summary
// to w.
func Analyze(w io.Writer, pages []Page, sum *analyze.Summary, o Options) error {
	v := analyzeView{
		Stamp:       o.stamp(),
		Pages:       report.Thousands(sum.Pages),
		Articles:    report.Thousands(sum.Articles),
		Duplicates:  report.Thousands(sum.Duplicates),
		Boilerplate: report.Thousands(sum.Boilerplate),
	}
	labels := make([]string, 0, len(sum.Labels))
	for l := range sum.Labels {
		labels = append(labels, l)
	}
	sort.Slice(labels, func(i, j int) bool {
		a, b := sum.Labels[labels[i]], sum.Labels[labels[j]]
		return a > b || a == b && labels[i] < labels[j]
	})
	counts := make([]int, len(labels))
	for i, l := range labels {
		counts[i] = sum.Labels[l]
	}
	v.Labels = labelChart(labels, counts)
	for _, p := range pages {
		v.PageViews = append(v.PageViews, pageOf(p))
	}
	return analyzeTemplate.Execute(w, v)
}

// pageOf lays out the lines of one page in articles.
func pageOf(p Page) pageView {
	r := p.Report
	lines := strings.Split(p.Text, "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1] // the final newline ends the last line
	}
	for len(lines) < r.Lines {
		lines = append(lines, "")
	}
	flags := map[int]analyze.Flag{}
	for f := range r.Flags.All() {
		for l := f.Line; l <= f.EndLine; l++ {
			flags[l] = f
		}
	}
	article := make([]int, len(lines)+1) // article index + 1 of each line, 0: none
	for ai, a := range r.Articles {
		for l := a.StartLine; l <= a.EndLine && l <= len(lines); l++ {
			article[l] = ai + 1
		}
	}
	pv := pageView{ID: r.ID, Lines: r.Lines, Articles: len(r.Articles)}
	cur := -1
	for i, t := range lines {
		n := i + 1
		t = strings.TrimSuffix(t, "\r")
		if article[n] != cur {
			cur = article[n]
			g := groupView{}
			if cur > 0 {
				a := r.Articles[cur-1]
				g.Article = &articleView{
					Shade: (cur - 1) % 6, N: cur, Label: a.Label,
					Prob:  report.Score(a.Prob),
					Lines: lineRange(a.StartLine, a.EndLine),
				}
			}
			pv.Groups = append(pv.Groups, g)
		}
		lv := lineView{N: n, Text: t, Blank: strings.TrimSpace(t) == ""}
		if f, ok := flags[n]; ok {
			lv.Flag, lv.Reason = f.Kind, why(f, r.ID)
		}
		g := &pv.Groups[len(pv.Groups)-1]
		g.Lines = append(g.Lines, lv)
	}
	return pv
}

// why says in a few words why a line is flagged.
func why(f analyze.Flag, page string) string {
	switch f.Kind {
	case report.FlagBoilerplate:
		return "boilerplate: " + f.Reason
	case report.FlagContained:
		return "inside " + f.Of(page) + " (" + report.Score(f.Sim) + ")"
	}
	return "repeats " + f.Of(page) + " (" + report.Score(f.Sim) + ")"
}

func lineRange(a, b int) string {
	if a == b {
		return "line " + strconv.Itoa(a)
	}
	return "lines " + strconv.Itoa(a) + "–" + strconv.Itoa(b)
}
