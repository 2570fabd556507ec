package pagegen

import (
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/khabar-nlp/khabar/internal/analyze"
)

// A Breakdown sorts the boundary errors of the page benchmark by what the
// generator put there: the true boundaries by the layout of the article
// that starts at them (found or missed), and the boundaries found where
// there is none by the kind of line they were put on. It is the error
// analysis behind the choice of boundary features ("bench/pages.sh
// -breakdown"). The zero value is ready to use.
type Breakdown struct {
	// found and total count true boundaries per attribute value.
	found, total map[string]int
	// false counts false boundaries per kind of line.
	falseCuts map[string]int
	fp        int
}

// Add counts the errors of the reports found of pages (in page order).
func (b *Breakdown) Add(pages []Page, found []*analyze.PageReport) {
	if b.total == nil {
		b.found, b.total, b.falseCuts = map[string]int{}, map[string]int{}, map[string]int{}
	}
	for i, p := range pages {
		truth, hyp := starts(p, found[i])
		tOK, hOK := match(truth, hyp)
		for k, a := range p.Articles[1:] {
			for _, attr := range attributes(a.Layout, p.Articles[k].Layout.Words, p) {
				b.total[attr]++
				if tOK[k] {
					b.found[attr]++
				}
			}
		}
		for j, h := range hyp {
			if hOK[j] {
				continue
			}
			b.fp++
			kind := "?"
			if h-1 < len(p.Kinds) {
				kind = p.Kinds[h-1]
			}
			if kind == KindBody {
				// How far into its article: the nth body line.
				n := 0
				for l := h - 1; l >= 0 && p.Kinds[l] != KindLead; l-- {
					if p.Kinds[l] == KindBody {
						n++
					}
				}
				kind += " " + bucket(n, 1, 2, 4, 8)
			}
			b.falseCuts[kind]++
		}
	}
}

// attributes returns the attribute values of a true boundary: the layout
// of the article after it, and the words of the article before.
func attributes(l Layout, prevWords int, p Page) []string {
	yn := func(name string, v bool) string {
		if v {
			return name + " yes"
		}
		return name + " no"
	}
	caption := l.Caption
	if caption == "" {
		caption = "none"
	}
	blank := len(p.Kinds) > 1 && p.Kinds[1] == ""
	return []string{
		"all",
		yn("title", l.Title),
		yn("furniture before", l.Furniture),
		yn("related headlines before", l.Related),
		yn("section line", l.Section),
		"caption " + caption,
		yn("same label as before", l.SameLabel),
		yn("blank lines between paragraphs", blank),
		yn("title, furniture or own caption", l.Title || l.Furniture || l.Caption != "" && l.Caption[0] == 'o'),
		"body words " + bucket(l.Words, 50, 100, 200, 400),
		"words of the article before " + bucket(prevWords, 50, 100, 200, 400),
	}
}

// bucket names the range of v among increasing bounds.
func bucket(v int, bounds ...int) string {
	for k, b := range bounds {
		if v < b {
			if k == 0 {
				return "<" + strconv.Itoa(b)
			}
			return strconv.Itoa(bounds[k-1]) + "-" + strconv.Itoa(b-1)
		}
	}
	return "≥" + strconv.Itoa(bounds[len(bounds)-1])
}

// match pairs each true boundary with the nearest unused found one within
// Tolerance lines (both are sorted) and says which of each were matched.
func match(truth, hyp []int) (tOK, hOK []bool) {
	tOK, hOK = make([]bool, len(truth)), make([]bool, len(hyp))
	for k, t := range truth {
		best := -1
		for j, h := range hyp {
			if hOK[j] || h < t-Tolerance || h > t+Tolerance {
				continue
			}
			if best < 0 || abs(h-t) < abs(hyp[best]-t) {
				best = j
			}
		}
		if best >= 0 {
			hOK[best], tOK[k] = true, true
		}
	}
	return tOK, hOK
}

// Write prints the breakdown: recall per attribute value of the true
// boundaries, and the false boundaries per kind of line.
func (b *Breakdown) Write(w io.Writer) {
	fmt.Fprintln(w, "true boundaries found, by the layout of the article after them:")
	keys := make([]string, 0, len(b.total))
	for k := range b.total {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-45s %5d of %5d  recall %.3f  missed %d\n", k, b.found[k], b.total[k], ratio(b.found[k], b.total[k]), b.total[k]-b.found[k])
	}
	fmt.Fprintf(w, "false boundaries (%d), by the kind of line cut before:\n", b.fp)
	keys = keys[:0]
	for k := range b.falseCuts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int { return b.falseCuts[y] - b.falseCuts[x] })
	for _, k := range keys {
		fmt.Fprintf(w, "  %-45s %5d\n", k, b.falseCuts[k])
	}
}
