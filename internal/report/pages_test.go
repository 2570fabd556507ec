package report

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSummaryUnknown: articles labeled Unknown are counted and listed in
// the text summary, after the labels with more articles, and the model's
// label slice is left alone.
func TestSummaryUnknown(t *testing.T) {
	labels := make([]string, 2, 3)
	labels[0], labels[1] = "a", "b"
	s := NewSummary(labels)
	s.Add(&Page{Articles: []Article{{Label: "a"}, {Label: "unknown"}, {Label: "a"}}})
	s.Add(&Page{Articles: []Article{{Label: "unknown"}}, Flags: FlagsOf(Flag{Kind: "boilerplate"}, Flag{Kind: "duplicate"})})
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

// TestWriteJSON: the streamed encoding is encoding/json's, without HTML
// escaping.
func TestWriteJSON(t *testing.T) {
	reps := []*Page{
		{ID: "a<b>&\"c\"", Lines: 3, Articles: []Article{}},
		{ID: "p", Lines: 9, Articles: []Article{{StartLine: 1, EndLine: 4, Label: "x", Prob: 0.5, Tokens: 7, Start: "قال <x> …"}, {StartLine: 6, EndLine: 9, Label: "unknown"}},
			Flags: FlagsOf(Flag{Line: 2, EndLine: 2, Kind: "duplicate", OfID: "p", OfLine: 1, Sim: 1, Start: "s"}, Flag{Line: 5, EndLine: 5, Kind: "boilerplate", Reason: "site marker"})},
	}
	for _, r := range reps {
		var got, want strings.Builder
		if err := WritePageJSON(&got, r); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.Encode(r)
		if got.String() != want.String() {
			t.Errorf("WritePageJSON = %s, want %s", got.String(), want.String())
		}
	}
}
