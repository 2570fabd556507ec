package analyze

import "github.com/khabar-nlp/khabar/internal/report"

// What analyze finds is the report layer's view model (package report),
// which also writes it: report.WritePageText, WritePageTSV, WritePageJSON
// and the summaries; the formats are specified at the top of
// internal/report/pages.go.
type (
	// An Article is a run of a page's lines that tells one story.
	Article = report.Article
	// A Flag marks a passage as a duplicate or as boilerplate.
	Flag = report.Flag
	// Summary counts what a run found.
	Summary = report.Summary
)

// A PageReport is the analysis of one page: the report's Page, and, with
// Options.KeepGaps, the candidate gaps.
type PageReport struct {
	report.Page
	// Gaps are the candidate gaps, with Options.KeepGaps only.
	Gaps []Gap `json:"-"`
}
