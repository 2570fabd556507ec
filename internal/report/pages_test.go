package report

import (
	"encoding/json"
	"slices"
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

// TestFlagsShareRecords: flags that differ only by their lines share one
// record (a page of a million copies of a line holds one), also when a
// few lines repeat in turn, and each flag reads back as it was added.
func TestFlagsShareRecords(t *testing.T) {
	var want []Flag
	for i := range 3000 {
		f := Flag{Line: i + 2, EndLine: i + 2, Kind: FlagDuplicate, OfID: "p", OfLine: 1 + i%3, Sim: 1, Start: "s"}
		if i%1000 == 999 {
			f.Kind, f.Reason, f.OfID, f.OfLine, f.Sim = FlagBoilerplate, "site marker", "", 0, 0
		}
		want = append(want, f)
	}
	fl := FlagsOf(want...)
	if fl.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", fl.Len(), len(want))
	}
	for i, w := range want {
		if got := fl.At(i); got != w {
			t.Fatalf("At(%d) = %+v, want %+v", i, got, w)
		}
	}
	if len(fl.recs) != 4 {
		t.Errorf("%d records for 3 repeated flags and a marker, want 4", len(fl.recs))
	}
	b, err := json.Marshal(FlagsOf(Flag{Line: 1, Kind: FlagBoilerplate, Start: "<a>"}))
	if err != nil {
		t.Fatal(err)
	}
	if got, w := string(b), `[{"line":1,"end_line":0,"kind":"boilerplate","start":"\u003ca\u003e"}]`; got != w {
		t.Errorf("json.Marshal = %s, want %s", got, w)
	}
	var back Flags
	if err := json.Unmarshal(b, &back); err != nil || back.Len() != 1 || back.At(0).Start != "<a>" {
		t.Errorf("json.Unmarshal = %v, %+v", err, slices.Collect(back.All()))
	}
}
