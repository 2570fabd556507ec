// Command pagebench runs the page benchmark of package pagegen on the
// labeled articles of models/labels.tsv, read from $KHABAR_DATA, and
// prints its figures; with -fit it prints the weights fitted on all the
// labeled articles instead (analyze.DefaultWeights). bench/pages.sh runs
// it.
package main

import (
	"flag"
	"fmt"
	"go/format"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/models"

	"github.com/khabar-nlp/khabar/internal/analyze/pagegen"
	"github.com/khabar-nlp/khabar/internal/datadir"
)

func main() {
	folds := flag.Int("folds", 5, "cross-validation folds over the labeled articles")
	only := flag.Int("fold", -1, "run only this fold (-1: all)")
	fitPages := flag.Int("fit-pages", 2000, "pages generated per fold to fit the boundary model")
	testPages := flag.Int("test-pages", 1000, "pages generated per fold to measure")
	seed := flag.Uint64("seed", 1, "generator seed")
	fit := flag.Bool("fit", false, "print the weights fitted on all labeled articles (3,000 pages) instead")
	dump := flag.Int("dump", 0, "print this many generated pages of fold 0 and exit")
	minTokens := flag.Int("min-tokens", 0, "fewest content tokens an article may have (0: analyze's default)")
	errs := flag.Int("errors", 0, "print this many wrongly split pages of the first fold run, with their gaps")
	treesOut := flag.String("trees", "", "with -fit, write the fitted trees to this Go file (internal/analyze/tree.go)")
	plain := flag.Bool("plain", false, "generate the pages of before December 2026, without structured articles")
	breakdown := flag.Bool("breakdown", false, "also print the boundary errors by the layout of the true boundary and the kind of line falsely cut")
	flag.Parse()
	dir := datadir.Dir()
	if dir == "" {
		fmt.Fprintln(os.Stderr, "pagebench: set KHABAR_DATA to the folder of the shared corpora")
		os.Exit(2)
	}
	start := time.Now()
	arts, err := pagegen.Load(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagebench:", err)
		os.Exit(1)
	}
	fmt.Printf("labeled articles: %d (read in %.1f s)\n", len(arts), time.Since(start).Seconds())
	if *dump > 0 {
		for _, p := range pagegen.GenerateStyle(arts, *dump, *seed, pagegen.Style{Plain: *plain}) {
			fmt.Printf("=== %s %+v\n%s\n", p.ID, p.Articles, p.Text)
		}
		return
	}
	if *fit {
		m, err := pagegen.FitWeights(arts, 3000, *seed, analyze.SegmentOptions{MinTokens: *minTokens}, pagegen.Style{Plain: *plain})
		if err != nil {
			fmt.Fprintln(os.Stderr, "pagebench:", err)
			os.Exit(1)
		}
		fmt.Printf("var DefaultWeights = %v\n", m.Weights)
		if *treesOut != "" {
			src, err := format.Source([]byte(treesSource(m)))
			if err == nil {
				err = os.WriteFile(*treesOut, src, 0o666)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "pagebench:", err)
				os.Exit(1)
			}
			fmt.Printf("%d trees written to %s\n", len(m.Trees), *treesOut)
		}
		return
	}
	if *errs > 0 {
		showErrors(arts, *folds, max(0, *only), *fitPages, *testPages, *seed, *errs, *minTokens, pagegen.Style{Plain: *plain})
		return
	}
	var bd *pagegen.Breakdown
	if *breakdown {
		bd = &pagegen.Breakdown{}
	}
	res, err := pagegen.CrossValidate(arts, pagegen.Config{Folds: *folds, Only: *only, FitPages: *fitPages, TestPages: *testPages, Seed: *seed, Segment: analyze.SegmentOptions{MinTokens: *minTokens}, Style: pagegen.Style{Plain: *plain}, Log: os.Stdout, Breakdown: bd})
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagebench:", err)
		os.Exit(1)
	}
	fmt.Printf("all folds (%d pages each fold, seed %d):\n", *testPages, *seed)
	res.Total.Write(os.Stdout)
	if bd != nil {
		bd.Write(os.Stdout)
	}
	fmt.Printf("time %.1f s\n", time.Since(start).Seconds())
}

// showErrors prints pages of one fold whose boundaries are wrong, with
// the scored gaps of each.
func showErrors(arts []pagegen.Article, folds, fold, fitPages, testPages int, seed uint64, n, minTokens int, style pagegen.Style) {
	var train, test []pagegen.Article
	for _, a := range arts {
		if classify.Fold(a.ID, folds) == fold {
			test = append(test, a)
		} else {
			train = append(train, a)
		}
	}
	fitted, err := pagegen.FitWeights(train, fitPages, seed+uint64(1000*fold), analyze.SegmentOptions{MinTokens: minTokens}, style)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagebench:", err)
		os.Exit(1)
	}
	ex := make([]classify.Example, len(train))
	for i, a := range train {
		ex[i] = classify.Example{Text: a.Text(), Label: a.Label}
	}
	m, err := classify.Train(ex, models.Recipe)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagebench:", err)
		os.Exit(1)
	}
	pages := pagegen.GenerateStyle(test, testPages, seed+uint64(1000*fold)+1, style)
	reps := pagegen.Run(m, pages, analyze.Options{Segment: fitted.Options(analyze.SegmentOptions{MinTokens: minTokens}), KeepGaps: true})
	fmt.Printf("weights %v\n", fitted.Weights)
	for i, p := range pages {
		if n == 0 {
			break
		}
		m := pagegen.Evaluate(pages[i:i+1], reps[i:i+1], reps[i:i+1], 5)
		if m.FP+m.FN == 0 {
			continue
		}
		n--
		fmt.Printf("=== %s truth:", p.ID)
		for _, a := range p.Articles {
			fmt.Printf(" %d-%d %s", a.StartLine, a.EndLine, a.Label)
		}
		fmt.Printf("\nfound:")
		for _, a := range reps[i].Articles {
			fmt.Printf(" %d-%d %s", a.StartLine, a.EndLine, a.Label)
		}
		fmt.Println()
		gaps := map[int]analyze.Gap{}
		for _, g := range reps[i].Gaps {
			gaps[g.Line] = g
		}
		for l, line := range strings.Split(p.Text, "\n") {
			if line == "" {
				continue
			}
			mark := ""
			if g, ok := gaps[l+1]; ok {
				mark = fmt.Sprintf("%6.2f", g.Score)
				for k, v := range g.Features[1:] {
					if v != 0 {
						mark += fmt.Sprintf(" %s=%.2g", analyze.FeatureNames[k+1], v)
					}
				}
				if g.Cut {
					mark = "CUT " + mark
				}
			}
			kind := ""
			if l < len(p.Kinds) {
				kind = p.Kinds[l]
			}
			r := []rune(line)
			fmt.Printf("%3d %-16s %s\n    %s\n", l+1, kind, string(r[:min(len(r), 70)]), mark)
		}
	}
}

// treesSource returns the Go source of internal/analyze/tree.go holding
// the model's trees as DefaultTrees.
func treesSource(m pagegen.Model) string {
	var b strings.Builder
	b.WriteString(`// Code generated by "bash bench/pages.sh fit"; DO NOT EDIT.

package analyze

// DefaultTrees are the boosted trees of the default boundary model, fitted
// with DefaultWeights by "bash bench/pages.sh fit" (see "Boosted trees" in
// segment.go). Each node is {Feature, Threshold, Left, Right, Value}.
var DefaultTrees = []Tree{
`)
	f := func(v float32) string { return strconv.FormatFloat(float64(v), 'g', -1, 32) }
	for _, t := range m.Trees {
		b.WriteString("\t{")
		for k, n := range t {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{%d, %s, %d, %d, %s}", n.Feature, f(n.Threshold), n.Left, n.Right, f(n.Value))
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return b.String()
}
