package analyze

import (
	"slices"
	"testing"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/models"
)

// analyzePages runs the default model on pages p1, p2, ... with these
// texts.
func analyzePages(t *testing.T, texts ...string) []*PageReport {
	t.Helper()
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := New(m, DefaultPageDups(), Options{})
	i := 0
	var reps []*PageReport
	_, err = a.Analyze(func() (Page, bool) {
		if i == len(texts) {
			return Page{}, false
		}
		i++
		return Page{ID: "p" + itoa(i), Text: texts[i-1]}, true
	}, func(r *PageReport) error { reps = append(reps, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return reps
}

// TestExactAsDedup: a line of a later page is an exact copy of an earlier
// page's line (duplicate 1.000) when, and only when, khabar dedup puts the
// two in an exact cluster: the same tokens under dedup's text settings,
// stop words included. (Analyze once hashed the model's tokens, without
// stop words, and called two lines differing only by «في» copies.)
func TestExactAsDedup(t *testing.T) {
	const line = "انفجار سيارة مفخخة في سوق شعبي ببغداد يقتل عشرة اشخاص ويصيب العشرات"
	tests := []struct {
		name  string
		a, b  string
		exact bool
	}{
		{"the same line", line, line, true},
		{"a stop word left out", line, "انفجار سيارة مفخخة سوق شعبي ببغداد يقتل عشرة اشخاص ويصيب العشرات", false},
		{"another stop word", line, "انفجار سيارة مفخخة من سوق شعبي ببغداد يقتل عشرة اشخاص ويصيب العشرات", false},
		{"punctuation and spaces", line, "  انفجار سيارة مفخخة في سوق شعبي ببغداد، يقتل عشرة اشخاص ويصيب العشرات.", true},
		{"hamza on alef", line, "انفجار سيارة مفخخة في سوق شعبي ببغداد يقتل عشرة أشخاص ويصيب العشرات", true},
		{"a content word changed", line, "انفجار سيارة مفخخة في سوق شعبي بالموصل يقتل عشرة اشخاص ويصيب العشرات", false},
	}
	for _, tt := range tests {
		res, err := dedup.Find(slices.Values([]dedup.Doc{{ID: "p1", Text: tt.a}, {ID: "p2", Text: tt.b}}), dedup.Options{})
		if err != nil {
			t.Fatal(err)
		}
		dedupExact := false
		for _, c := range res.Clusters {
			dedupExact = dedupExact || c.Kind == dedup.Exact && len(c.Members) == 2
		}
		if dedupExact != tt.exact {
			t.Errorf("%s: dedup calls the lines exact copies: %v, want %v", tt.name, dedupExact, tt.exact)
		}
		reps := analyzePages(t, tt.a, tt.b)
		got := false
		for f := range reps[1].Flags.All() {
			if f.Kind == "duplicate" && f.OfID == "p1" && f.Sim == 1 {
				got = true
			}
		}
		if got != tt.exact {
			t.Errorf("%s: analyze flags %q on p2 as duplicate 1.000 of p1: %v, want %v (flags %+v)", tt.name, tt.b, got, tt.exact, slices.Collect(reps[1].Flags.All()))
		}
	}
}

// TestRecurrenceIgnoresStopWords: a short line in many pages is boilerplate
// even when its stop words vary from page to page (recurrence is keyed on
// the model's tokens), although the variants are not exact copies of one
// another (TestExactAsDedup).
func TestRecurrenceIgnoresStopWords(t *testing.T) {
	furniture := []string{"نشرة الظهيرة من بغداد", "نشرة الظهيرة في بغداد", "نشرة الظهيرة من بغداد", "نشرة الظهيرة عن بغداد", "نشرة الظهيرة في بغداد"}
	var pages []string
	for i, f := range furniture {
		pages = append(pages, "قال مسؤول أمني إن قوات الجيش اعتقلت خمسة مطلوبين في عملية بمحافظة رقم "+itoa(i)+"\n"+f+"\n")
	}
	reps := analyzePages(t, pages...)
	for i, r := range reps {
		var got string
		for f := range r.Flags.All() {
			if f.Line == 2 {
				got = f.Kind + ": " + f.Reason
			}
		}
		if want := "boilerplate: recurs in 5 pages"; got != want {
			t.Errorf("page %d, line 2 (%q): flag %q, want %q", i+1, furniture[i], got, want)
		}
	}
}
