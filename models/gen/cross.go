package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/models"
)

// crossSource prints, as Markdown, the recipe's leave-one-outlet-out
// table and its cross-corpus scores (ANT → news-2013 over every label,
// news-2013 → ANT over the three topics news-2013 holds).
func crossSource(w io.Writer, opts classify.Options) error {
	data, err := dataDir()
	if err != nil {
		return err
	}
	arts, err := models.Articles(data)
	if err != nil {
		return err
	}
	scores, all, err := models.LeaveOneOutletOut(arts, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d labeled articles\n\n", len(arts))
	fmt.Fprintln(w, "| held-out outlet | corpus | articles | topics | accuracy | macro-F1 |")
	fmt.Fprintln(w, "| --- | --- | ---: | --- | ---: | ---: |")
	for _, s := range scores {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %.3f | %.3f |\n", s.Source, s.Corpus, s.Articles, strings.Join(s.Topics, ", "), s.Accuracy, s.MacroF1)
	}
	fmt.Fprintf(w, "\nleave-one-outlet-out macro-F1, weighted by articles: %.4f\n", models.Weighted(scores))
	confusion(w, all.Report())
	for _, c := range []struct {
		from, to string
		only     []string
	}{
		{"ant-multisource", "news-2013", nil},
		{"news-2013", "ant-multisource", []string{"crime", "explosion-investigation", "other"}},
	} {
		r, err := models.CrossCorpus(arts, c.from, c.to, c.only, opts)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s → %s: %d articles, accuracy %.4f, macro-F1 over its topics %.4f", c.from, c.to, r.Documents, r.Accuracy, models.PresentMacroF1(r))
		for _, l := range r.Labels {
			if l.Support > 0 {
				fmt.Fprintf(w, "; %s F1 %.3f (%d)", l.Label, l.F1, l.Support)
			}
		}
		fmt.Fprintln(w)
		confusion(w, r)
	}
	return nil
}

// confusion prints r's confusion matrix, one row of counts per true label.
func confusion(w io.Writer, r classify.Report) {
	fmt.Fprintf(w, "  confusion (rows true, columns predicted: %s)\n", strings.Join(r.Names, ", "))
	for i, row := range r.Matrix {
		fmt.Fprintf(w, "  %-24s %v\n", r.Names[i], row)
	}
}
