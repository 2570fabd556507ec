package pagegen

import (
	"fmt"
	"io"
	"math"

	"github.com/khabar-nlp/khabar/internal/analyze"
)

// Tolerance is how many lines a found boundary may lie from the true one.
const Tolerance = 2

// Metrics are the page benchmark's figures.
type Metrics struct {
	Pages, Articles int
	// Boundaries between articles (the first article's start is not one):
	// found within Tolerance lines of a true one (each matched once), found
	// elsewhere, true ones not found.
	TP, FP, FN int
	// Pk and WindowDiff errors and windows (Beeferman et al. 1999; Pevzner
	// and Hearst 2002), over every line of every page, with k half the
	// mean true article length in lines.
	PkErr, WDErr, Windows int
	K                     int
	// PagesRight counts pages split within Tolerance everywhere with every
	// article labeled right.
	PagesRight int
	// Labels right per true article: with the found articles (the one
	// overlapping it most) and with the true boundaries.
	LabelFound, LabelTrue int
}

func (m Metrics) Precision() float64 { return ratio(m.TP, m.TP+m.FP) }
func (m Metrics) Recall() float64    { return ratio(m.TP, m.TP+m.FN) }
func (m Metrics) F1() float64 {
	p, r := m.Precision(), m.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
func (m Metrics) Pk() float64            { return ratio(m.PkErr, m.Windows) }
func (m Metrics) WindowDiff() float64    { return ratio(m.WDErr, m.Windows) }
func (m Metrics) PageAccuracy() float64  { return ratio(m.PagesRight, m.Pages) }
func (m Metrics) LabelAccFound() float64 { return ratio(m.LabelFound, m.Articles) }
func (m Metrics) LabelAccTrue() float64  { return ratio(m.LabelTrue, m.Articles) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Add adds o's counts to m (K is kept from the first).
func (m *Metrics) Add(o Metrics) {
	m.Pages += o.Pages
	m.Articles += o.Articles
	m.TP += o.TP
	m.FP += o.FP
	m.FN += o.FN
	m.PkErr += o.PkErr
	m.WDErr += o.WDErr
	m.Windows += o.Windows
	m.PagesRight += o.PagesRight
	m.LabelFound += o.LabelFound
	m.LabelTrue += o.LabelTrue
	if m.K == 0 {
		m.K = o.K
	}
}

// Write prints the figures.
func (m Metrics) Write(w io.Writer) {
	fmt.Fprintf(w, "pages %d, articles %d\n", m.Pages, m.Articles)
	fmt.Fprintf(w, "boundaries (±%d lines): precision %.4f, recall %.4f, F1 %.4f (tp %d, fp %d, fn %d)\n", Tolerance, m.Precision(), m.Recall(), m.F1(), m.TP, m.FP, m.FN)
	fmt.Fprintf(w, "Pk %.4f, WindowDiff %.4f (k = %d lines)\n", m.Pk(), m.WindowDiff(), m.K)
	fmt.Fprintf(w, "pages split and labeled entirely right: %.4f\n", m.PageAccuracy())
	fmt.Fprintf(w, "article label accuracy: found boundaries %.4f, true boundaries %.4f\n", m.LabelAccFound(), m.LabelAccTrue())
}

// PkK returns k for Pk and WindowDiff: half the mean true article length in
// lines, at least 1.
func PkK(pages []Page) int {
	lines, arts := 0, 0
	for _, p := range pages {
		for _, a := range p.Articles {
			lines += a.EndLine - a.StartLine + 1
			arts++
		}
	}
	if arts == 0 {
		return 1
	}
	return max(1, int(math.Round(float64(lines)/float64(arts)/2)))
}

// Evaluate compares the reports of the pages (found: split by the
// analyzer; fixed: split at the true boundaries, see
// analyze.Options.Boundaries; either in page order) with their truth, with
// window k for Pk (see PkK).
func Evaluate(pages []Page, found, fixed []*analyze.PageReport, k int) Metrics {
	m := Metrics{K: k}
	for i, p := range pages {
		m.Pages++
		m.Articles += len(p.Articles)
		truth, hyp := starts(p, found[i])
		arts := found[i].Articles
		tp := matchBoundaries(truth, hyp)
		m.TP += tp
		m.FP += len(hyp) - tp
		m.FN += len(truth) - tp
		lines := found[i].Lines
		for l := 1; l+k <= lines; l++ {
			rs, hs := segOf(truth, l) == segOf(truth, l+k), segOf(hyp, l) == segOf(hyp, l+k)
			if rs != hs {
				m.PkErr++
			}
			if segOf(truth, l+k)-segOf(truth, l) != segOf(hyp, l+k)-segOf(hyp, l) {
				m.WDErr++
			}
			m.Windows++
		}
		right := len(arts) == len(p.Articles) && tp == len(truth)
		for j, a := range p.Articles {
			if fa := overlapping(arts, a); fa != nil && fa.Label == a.Label {
				m.LabelFound++
			}
			if fa := overlapping(fixed[i].Articles, a); fa != nil && fa.Label == a.Label {
				m.LabelTrue++
			}
			if right && arts[j].Label != a.Label {
				right = false
			}
		}
		if right {
			m.PagesRight++
		}
	}
	return m
}

// starts returns the true boundaries of page p and the found ones of its
// report: the starts of every article but the first.
func starts(p Page, found *analyze.PageReport) (truth, hyp []int) {
	for _, a := range p.Articles[1:] {
		truth = append(truth, a.StartLine)
	}
	for _, a := range found.Articles[min(1, len(found.Articles)):] {
		hyp = append(hyp, a.StartLine)
	}
	return truth, hyp
}

// matchBoundaries counts the found boundaries within Tolerance lines of a
// true one, each true and found boundary used once (both are sorted; see
// match).
func matchBoundaries(truth, hyp []int) int {
	tOK, _ := match(truth, hyp)
	n := 0
	for _, ok := range tOK {
		if ok {
			n++
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// segOf returns the segment of line l: the number of boundaries at or
// before it.
func segOf(bounds []int, l int) int {
	n := 0
	for _, b := range bounds {
		if b <= l {
			n++
		}
	}
	return n
}

// overlapping returns the article sharing the most lines with a, or nil.
func overlapping(arts []analyze.Article, a TrueArticle) *analyze.Article {
	var best *analyze.Article
	bestN := 0
	for i := range arts {
		n := min(arts[i].EndLine, a.EndLine) - max(arts[i].StartLine, a.StartLine) + 1
		if n > bestN {
			best, bestN = &arts[i], n
		}
	}
	return best
}
