package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
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

// TestFlagsRuns: flags of one record on consecutive lines are held as one
// run, as are those AddRun adds, and read back one by one, in order, as
// they were added; the summary counts each flag of a run.
func TestFlagsRuns(t *testing.T) {
	dup := Flag{Kind: FlagDuplicate, OfID: "p", OfLine: 1, Sim: 1, Start: "x"}
	boiler := Flag{Kind: FlagBoilerplate, Reason: "site marker", Start: "y"}
	at := func(f Flag, line, end int) Flag { f.Line, f.EndLine = line, end; return f }
	var fl Flags
	var want []Flag
	for line := 2; line <= 1001; line++ { // one run, added one by one
		fl.Add(at(dup, line, line))
		want = append(want, at(dup, line, line))
	}
	fl.AddRun(at(dup, 1002, 1002), 5000) // the same run, longer
	for line := 1002; line < 6002; line++ {
		want = append(want, at(dup, line, line))
	}
	fl.Add(at(boiler, 6002, 6002)) // another record: a new entry
	fl.Add(at(dup, 6004, 6004))    // not the next line: a new entry
	fl.Add(at(dup, 6005, 6006))    // two lines: a new entry
	fl.AddRun(at(boiler, 6007, 6008), 3)
	want = append(want, at(boiler, 6002, 6002), at(dup, 6004, 6004), at(dup, 6005, 6006),
		at(boiler, 6007, 6008), at(boiler, 6008, 6009), at(boiler, 6009, 6010))
	if fl.Len() != len(want) {
		t.Fatalf("Len = %d, want %d", fl.Len(), len(want))
	}
	if len(fl.at) != 5 {
		t.Errorf("%d entries, want 5", len(fl.at))
	}
	if got := slices.Collect(fl.All()); !slices.Equal(got, want) {
		t.Errorf("All differs from what was added")
	}
	for _, i := range []int{0, 999, 1000, 5999, 6000, 6001, 6002, 6003, 6004, 6005} {
		if got := fl.At(i); got != want[i] {
			t.Errorf("At(%d) = %+v, want %+v", i, got, want[i])
		}
	}
	s := NewSummary(nil)
	s.Add(&Page{Flags: fl})
	if s.Duplicates != 6002 || s.Boilerplate != 4 {
		t.Errorf("summary: %d duplicates, %d boilerplate, want 6002 and 4", s.Duplicates, s.Boilerplate)
	}
	var a, b bytes.Buffer
	if err := WritePageJSON(&a, &Page{ID: "p", Flags: fl}); err != nil {
		t.Fatal(err)
	}
	if err := WritePageJSON(&b, &Page{ID: "p", Flags: FlagsOf(want...)}); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Errorf("WritePageJSON of the runs differs from that of the flags one by one")
	}
}

// TestFlagJSON: flagJSON has the fields of Flag after its lines, and
// WritePageJSON writes each flag as encoding/json encodes it (HTML left
// as it is, the similarity rounded), whatever its strings hold.
func TestFlagJSON(t *testing.T) {
	ft, jt := reflect.TypeFor[Flag](), reflect.TypeFor[flagJSON]()
	if ft.NumField() != jt.NumField()+2 {
		t.Fatalf("Flag has %d fields, flagJSON %d, want 2 fewer", ft.NumField(), jt.NumField())
	}
	for i := range jt.NumField() {
		f, j := ft.Field(i+2), jt.Field(i)
		if f.Name != j.Name || f.Type != j.Type || f.Tag != j.Tag {
			t.Errorf("flagJSON field %d is %s %s %q, want %s %s %q", i, j.Name, j.Type, j.Tag, f.Name, f.Type, f.Tag)
		}
	}
	var fl []Flag
	for i, s := range []string{"", "<a> & b", "tab\there", "quote \" back \\ slash", "line\u2028sep", "bad \xff utf8", "عربي"} {
		fl = append(fl,
			Flag{Line: 2 * i, EndLine: 2 * i, Kind: FlagDuplicate, OfID: s, OfLine: i, Sim: 0.12345 * float64(i), Start: s},
			Flag{Line: 2*i + 1, EndLine: 2*i + 3, Kind: FlagBoilerplate, Reason: s, Start: s})
	}
	p := Page{ID: "p", Lines: 20, Articles: []Article{}, Flags: FlagsOf(fl...)}
	var got bytes.Buffer
	if err := WritePageJSON(&got, &p); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	want.WriteString(`{"id":"p","lines":20,"articles":[],"flags":[`)
	for i, f := range fl {
		if i > 0 {
			want.WriteString(",")
		}
		f.Sim = Round(f.Sim, Decimals)
		var b bytes.Buffer
		if err := jsonEncoder(&b).Encode(f); err != nil {
			t.Fatal(err)
		}
		want.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
	}
	want.WriteString("]}\n")
	if got.String() != want.String() {
		t.Errorf("WritePageJSON =\n%s\nwant\n%s", got.String(), want.String())
	}
}

// TestWritePageTextFlags: WritePageText writes each flag as
// fmt.Sprintf("  %-11s  %-8s %-24s %s\n", ...) of its kind, lines, what
// it is and start would, with runes of any width in its strings.
func TestWritePageTextFlags(t *testing.T) {
	var fl []Flag
	for i, s := range []string{"", "p", "صفحة طويلة جدا جدا جدا جدا جدا", "tab\there", "a–b", "bad \xff utf8", strings.Repeat("x", 30)} {
		fl = append(fl,
			Flag{Line: 9 * i, EndLine: 9 * i, Kind: FlagDuplicate, OfID: s, OfLine: i, Sim: 0.12345 * float64(i), Start: s},
			Flag{Line: 9*i + 1, EndLine: 9*i + 1, Kind: FlagDuplicate, OfID: "p", OfLine: 1000 * i, Sim: 1, Start: s},
			Flag{Line: 9*i + 2, EndLine: 99999*i + 3, Kind: FlagContained, OfID: s, OfLine: i, Sim: 0.7, Start: s},
			Flag{Line: 9*i + 3, EndLine: 9*i + 5, Kind: FlagBoilerplate, Reason: s, Start: s})
	}
	p := Page{ID: "p", Lines: 20, Articles: []Article{}, Flags: FlagsOf(fl...)}
	var got bytes.Buffer
	if err := WritePageText(&got, &p); err != nil {
		t.Fatal(err)
	}
	want := "p: 20 lines, 0 articles\n"
	for _, f := range fl {
		var what string
		switch f.Kind {
		case FlagBoilerplate:
			what = f.Reason
		case FlagContained:
			what = "inside " + f.Of(p.ID) + " (" + Score(f.Sim) + ")"
		default:
			what = "= " + f.Of(p.ID) + " (" + Score(f.Sim) + ")"
		}
		want += fmt.Sprintf("  %-11s  %-8s %-24s %s\n", f.Kind, lineRange(f.Line, f.EndLine), what, f.Start)
	}
	want += "\n"
	if got.String() != want {
		t.Errorf("WritePageText =\n%s\nwant\n%s", got.String(), want)
	}
}
