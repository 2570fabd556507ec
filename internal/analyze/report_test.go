package analyze

import (
	"strings"
	"testing"
)

// TestSummaryUnknown: articles labeled Unknown are counted and listed in
// the text summary, after the labels with more articles, and the model's
// label slice is left alone.
func TestSummaryUnknown(t *testing.T) {
	labels := make([]string, 2, 3)
	labels[0], labels[1] = "a", "b"
	s := newSummary(labels)
	s.add(&PageReport{Articles: []Article{{Label: "a"}, {Label: Unknown}, {Label: "a"}}})
	s.add(&PageReport{Articles: []Article{{Label: Unknown}}, Flags: []Flag{{Kind: "boilerplate"}, {Kind: "duplicate"}}})
	var b strings.Builder
	if err := WriteSummaryText(&b, s); err != nil {
		t.Fatal(err)
	}
	want := "summary: 2 pages, 4 articles (a 2, unknown 2, b 0), 1 duplicate passage, 1 boilerplate passage\n"
	if b.String() != want {
		t.Errorf("WriteSummaryText = %q, want %q", b.String(), want)
	}
	if got := labels[:3][2]; got != "" {
		t.Errorf("newSummary's labels grew into the model's slice: %q", got)
	}
}
