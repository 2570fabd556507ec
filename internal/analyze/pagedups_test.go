package analyze

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/khabar-nlp/khabar/seeds"
)

// TestPageDupsAgreesWithFind checks that the all-pairs path finds the
// same pairs as dedup.Find on every seed page.
func TestPageDupsAgreesWithFind(t *testing.T) {
	dups := DefaultPageDups()
	for _, p := range seeds.Pages() {
		name, doc := p.Name, p.Text
		got := dups.Find(doc, text.Passages(doc, text.Lines))
		want, err := findPageDups(doc, PageDupOptions())
		if err != nil {
			t.Fatal(err)
		}
		if a, b := dupString(got), dupString(want); a != b {
			t.Errorf("%s: all pairs found\n%s\ndedup.Find found\n%s", name, a, b)
		}
	}
}

func dupString(ds []PageDup) string {
	var s []string
	for _, d := range ds {
		s = append(s, fmt.Sprintf("%d of %d %.3f %v", d.Passage, d.Of, d.Similarity, d.Contained))
	}
	sort.Strings(s)
	return strings.Join(s, "\n")
}

func TestPageDupsSeed000(t *testing.T) {
	data, _ := seeds.FS.ReadFile("000_0a357c2f619dea6d.txt")
	doc := string(data)
	ps := text.Passages(doc, text.Lines)
	got := DefaultPageDups().Find(doc, ps)
	var lines []string
	for _, d := range got {
		lines = append(lines, fmt.Sprintf("%d %d %v", ps[d.Passage].Line, ps[d.Of].Line, d.Contained))
	}
	sort.Strings(lines)
	want := "2 24 true\n32 35 true\n33 32 false\n33 35 true"
	if strings.Join(lines, "\n") != want {
		t.Errorf("dups in 000 (line, of line, contained) =\n%s\nwant\n%s", strings.Join(lines, "\n"), want)
	}
}

func TestFirstWords(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"الانفجار ضرب قاعدة عسكرية", 8, "الانفجار ضرب قاعدة عسكرية"},
		{"  a  b\tc d e ", 3, "a b c …"},
		{"a b c", 3, "a b c"},
		{"", 3, ""},
		{" \t ", 3, ""},
		{"one\r", 2, "one"},
	}
	for _, tt := range tests {
		if got := firstWords(tt.in, tt.n); got != tt.want {
			t.Errorf("firstWords(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestPageDupsRepeatedLines: a page of 100,000 copies of one line (the
// input that made the all-pairs search quadratic) gives each copy once, as
// a copy of the first line, and a line holding the repeated one is still
// found inside it, for the first copies.
func TestPageDupsRepeatedLines(t *testing.T) {
	const n = 100000
	line := "انفجار في مخزن للأسلحة\n"
	doc := strings.Repeat(line, n) + "قالت الشرطة إن انفجار في مخزن للأسلحة وقع صباح اليوم\n"
	ps := text.Passages(doc, text.Lines)
	got := DefaultPageDups().Find(doc, ps)
	copies, contained := 0, 0
	for _, d := range got {
		switch {
		case !d.Contained && d.Of == 0 && d.Similarity == 1 && d.Passage > 0 && d.Passage < n:
			copies++
		case d.Contained && d.Of == n && d.Passage < n:
			contained++
		default:
			t.Fatalf("unexpected pair %+v", d)
		}
	}
	if copies != n-1 || contained != 1+maxCopyPairs {
		t.Errorf("%d copies of line 1 (want %d), %d lines inside the last (want %d)", copies, n-1, contained, 1+maxCopyPairs)
	}
}

// TestPageDupsNearCopies: lines that differ by one number share most of
// their shingles with every other; each is still a copy of an earlier one.
func TestPageDupsNearCopies(t *testing.T) {
	var b strings.Builder
	const n = 20000
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "أعلنت وزارة الداخلية اليوم القبض على عصابة لسرقة السيارات في المنطقة رقم %d\n", i)
	}
	doc := b.String()
	got := DefaultPageDups().Find(doc, text.Passages(doc, text.Lines))
	flagged := map[int]bool{}
	for _, d := range got {
		if d.Of >= d.Passage || d.Similarity < 0.8 {
			t.Fatalf("unexpected pair %+v", d)
		}
		flagged[d.Passage] = true
	}
	if len(flagged) != n-1 {
		t.Errorf("%d lines found as copies, want %d", len(flagged), n-1)
	}
}

// TestPageDupOptions: the default options make a search; those it cannot
// run are refused with an error.
func TestPageDupOptions(t *testing.T) {
	if _, err := NewPageDups(PageDupOptions()); err != nil {
		t.Errorf("NewPageDups(PageDupOptions()) = %v", err)
	}
	o := PageDupOptions()
	o.NoVerify = true
	if _, err := NewPageDups(o); err == nil {
		t.Errorf("NewPageDups with NoVerify: no error")
	}
	o = PageDupOptions()
	o.Threshold = 2
	if _, err := NewPageDups(o); err == nil {
		t.Errorf("NewPageDups with threshold 2: no error")
	}
}
