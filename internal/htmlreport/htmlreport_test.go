package htmlreport

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/internal/report"
	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/khabar-nlp/khabar/models"
	"github.com/khabar-nlp/khabar/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files and the screenshots under docs/")

// seedDocs are the embedded sample pages as dedup documents.
func seedDocs() []dedup.Doc {
	var docs []dedup.Doc
	for _, p := range seeds.Pages() {
		docs = append(docs, dedup.Doc{ID: p.Name, Text: p.Text})
	}
	return docs
}

// dedupHTML runs dedup on docs and renders the report.
func dedupHTML(t testing.TB, docs []dedup.Doc, o dedup.Options) ([]byte, *dedup.Result) {
	t.Helper()
	res, err := dedup.Find(slices.Values(docs), o)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	text := func(u dedup.Unit) string { return docs[u.Doc].Text[u.Start:u.End] }
	if err := Dedup(&b, res, text, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), res
}

// analyzeHTML analyzes pages with the default model and renders the report.
func analyzeHTML(t testing.TB, pages []analyze.Page) []byte {
	b, _ := analyzeRun(t, pages)
	return b
}

// analyzeRun is analyzeHTML that also returns the page reports.
func analyzeRun(t testing.TB, pages []analyze.Page) ([]byte, []Page) {
	t.Helper()
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	a := analyze.New(m, analyze.DefaultPageDups(), analyze.Options{})
	i := 0
	next := func() (analyze.Page, bool) {
		if i == len(pages) {
			return analyze.Page{}, false
		}
		i++
		return pages[i-1], true
	}
	var out []Page
	sum, err := a.Analyze(next, func(r *analyze.PageReport) error {
		out = append(out, Page{Report: r, Text: pages[len(out)].Text})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Analyze(&b, out, sum, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), out
}

func seedPages() []analyze.Page {
	var pages []analyze.Page
	for _, p := range seeds.Pages() {
		pages = append(pages, analyze.Page{ID: p.Name, Text: p.Text})
	}
	return pages
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/htmlreport -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (%d bytes, want %d); rerun with -update and review the diff", name, len(got), len(want))
	}
}

func TestGoldenSeeds(t *testing.T) {
	got, _ := dedupHTML(t, seedDocs(), dedup.Options{})
	golden(t, "seeds-dedup.html", got)
	got, _ = dedupHTML(t, seedDocs(), dedup.Options{Containment: 0.7})
	golden(t, "seeds-dedup-containment.html", got)
	golden(t, "seeds-analyze.html", analyzeHTML(t, seedPages()))
}

// TestSameBytes checks that the report does not depend on the number of
// workers or on the run.
func TestSameBytes(t *testing.T) {
	docs := seedDocs()
	res, err := dedup.Find(slices.Values(docs), dedup.Options{Containment: 0.7})
	if err != nil {
		t.Fatal(err)
	}
	text := func(u dedup.Unit) string { return docs[u.Doc].Text[u.Start:u.End] }
	var first []byte
	for _, w := range []int{1, 2, 7} {
		var b bytes.Buffer
		if err := Dedup(&b, res, text, Options{Workers: w, PageSize: 2}); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b.Bytes()
		} else if !bytes.Equal(first, b.Bytes()) {
			t.Errorf("Dedup with %d workers differs from 1 worker", w)
		}
	}
}

// utf16Slice returns s[a:b] in UTF-16 offsets, as the browser slices it.
func utf16Slice(s string, a, b int) string {
	u := utf16.Encode([]rune(s))
	return string(utf16.Decode(u[a:b]))
}

func marks(s string, spans []int) []string {
	var out []string
	for i := 0; i+1 < len(spans); i += 2 {
		out = append(out, utf16Slice(s, spans[i], spans[i+1]))
	}
	return out
}

// TestSeedCaptionHighlight checks the shared shingles of the seed
// caption (line 32 of the first page) and the lead it repeats (line 35):
// the caption's first word 3-gram, "الانفجار ضرب قاعدة", is not in the
// lead ("الانفجار الذي ضرب"), its five others are.
func TestSeedCaptionHighlight(t *testing.T) {
	docs := seedDocs()
	res, err := dedup.Find(slices.Values(docs), dedup.Options{Containment: 0.7})
	if err != nil {
		t.Fatal(err)
	}
	text := func(u dedup.Unit) string { return docs[u.Doc].Text[u.Start:u.End] }
	h := newHighlighter(res.Options.Text, res.Options.Shingle)
	c := clustersOf(report.NewDedup(res, text), 0, 1)[0]
	h.highlight(&c)
	if c.Kind != "contained" || len(c.Members) != 3 || c.Members[c.Kept].Line != 35 {
		t.Fatalf("cluster 1 = %s with %d members, kept line %d; want contained, 3, 35", c.Kind, len(c.Members), c.Members[c.Kept].Line)
	}
	const shared = "ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي"
	kept := c.Members[c.Kept].text
	for _, mi := range []int{0, 1} {
		m := c.Members[mi]
		if got := marks(m.text, m.HL); len(got) != 1 || got[0] != shared {
			t.Errorf("caption line %d marks = %q, want [%q]", m.Line, got, shared)
		}
		if got := marks(kept, m.KH); len(got) != 1 || got[0] != shared {
			t.Errorf("lead marks for line %d = %q, want [%q]", m.Line, got, shared)
		}
		if len(m.Region) != 2 || utf16Slice(kept, m.Region[0], m.Region[1]) != shared {
			t.Errorf("region for line %d = %v, want the span of %q", m.Line, m.Region, shared)
		}
	}
}

func TestToUTF16(t *testing.T) {
	tests := []struct {
		s     string
		spans []span
		want  []int
	}{
		{"abc", []span{{0, 3}}, []int{0, 3}},
		{"قال", []span{{0, 6}}, []int{0, 3}},
		{"a 😀 b", []span{{0, 1}, {7, 8}}, []int{0, 1, 5, 6}},
		{"", nil, []int{}},
		{"x\xffy", []span{{2, 3}}, []int{2, 3}},
	}
	for _, tt := range tests {
		if got := toUTF16(tt.s, tt.spans); !equal(got, tt.want) {
			t.Errorf("toUTF16(%q, %v) = %v, want %v", tt.s, tt.spans, got, tt.want)
		}
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestTokenSpans checks that tokens are placed on the original bytes,
// harakat and tatweel included, punctuation left out.
func TestTokenSpans(t *testing.T) {
	tests := []struct {
		settings text.Settings
		in       string
		want     []string
	}{
		{text.Settings{}, "قالَ الرئيسُ، اليوم", []string{"قالَ", "الرئيسُ", "اليوم"}},
		{text.Settings{}, "الـــعراق (2013) news-agency", []string{"الـــعراق", "2013", "news", "agency"}},
		{text.Settings{}, "  ", nil},
		{text.Settings{StopWords: true}, "قال إن الرئيس في بغداد", []string{"الرئيس", "بغداد"}},
		{text.Settings{Stem: true}, "والمدارس الجديدة", []string{"والمدارس", "الجديدة"}},
	}
	for _, tt := range tests {
		h := newHighlighter(tt.settings, dedup.Shingling{N: 3})
		var ut unitTokens
		if !h.tokenSpans(&ut, tt.in) {
			t.Errorf("tokenSpans(%q) with %v failed", tt.in, tt.settings)
			continue
		}
		var got []string
		for i := range ut.toks {
			got = append(got, tt.in[ut.starts[i]:ut.ends[i]])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("tokenSpans(%q) with %v = %q, want %q", tt.in, tt.settings, got, tt.want)
		}
	}
}

// TestEscapedText checks that corpus text that looks like markup stays
// text in the file; the browser test checks the DOM.
func TestEscapedText(t *testing.T) {
	docs, pages := hostileDocs()
	got, _ := dedupHTML(t, docs, dedup.Options{})
	got = append(got, analyzeHTML(t, pages)...)
	for _, bad := range []string{"<script>alert", "<img", "</script><"} {
		if bytes.Contains(got, []byte(bad)) {
			t.Errorf("the report holds %q unescaped", bad)
		}
	}
}

// hostileDocs are two pages whose text, and one id, hold markup.
func hostileDocs() ([]dedup.Doc, []analyze.Page) {
	const attack = `<script>alert("x")</script> "><img src=x onerror=window.__pwned=1> تفجير في بغداد قتل عشرة أشخاص`
	docs := []dedup.Doc{
		{ID: `a"><img src=x onerror=window.__pwned=1>.txt`, Text: attack + "\nسطر آخر عن الطقس في القاهرة اليوم\n"},
		{ID: "b.txt", Text: "مقدمة الصفحة الثانية عن الاقتصاد\n" + attack + "\n"},
	}
	var pages []analyze.Page
	for _, d := range docs {
		pages = append(pages, analyze.Page{ID: d.ID, Text: d.Text})
	}
	return docs, pages
}

// TestWordBounds checks that the span of an exact duplicate runs from
// its first token to its last, a final haraka included.
func TestWordBounds(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  قالَ الرئيسُ،  ", "قالَ الرئيسُ"},
		{"(عاجل) بغداد - ", "عاجل) بغداد"},
		{" ، ", ""},
	}
	h := newHighlighter(text.Settings{}, dedup.Shingling{N: 3})
	for _, tt := range tests {
		got := ""
		if sp := h.wordBounds(tt.in); sp != nil {
			got = tt.in[sp[0].start:sp[0].end]
		}
		if got != tt.want {
			t.Errorf("wordBounds(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzHighlight checks the highlights of any pair of texts: offsets in
// order and inside the texts, and a text beside itself marked from its
// first token to its last.
func FuzzHighlight(f *testing.F) {
	f.Add("الانفجار ضرب قاعدة عسكرية", "الانفجار الذي ضرب قاعدة عسكرية", "near")
	f.Add("قالَ، الرئيسُ 😀 x", "قالَ الرئيسُ", "contained")
	f.Add("a\xffb c d", "a b c", "exact")
	f.Fuzz(func(t *testing.T, a, b, kind string) {
		for _, s := range []text.Settings{{}, {StopWords: true, Stem: true}} {
			for _, sh := range []dedup.Shingling{dedup.Shingling{N: 3}, {Chars: true, N: 5}} {
				h := newHighlighter(s, sh)
				c := cluster{Kind: kind, Members: []member{{text: a}, {text: b}, {text: a}}}
				h.highlight(&c)
				for i, m := range c.Members[1:] {
					for _, sp := range []struct {
						s   string
						off []int
					}{{c.Members[i+1].text, m.HL}, {a, m.KH}, {a, m.Region}} {
						n := len(utf16.Encode([]rune(sp.s)))
						for j, o := range sp.off {
							if o < 0 || o > n || j > 0 && o < sp.off[j-1] {
								t.Fatalf("offsets %v out of order or outside %q (%d code units)", sp.off, sp.s, n)
							}
						}
					}
				}
				// The third member is the kept text itself.
				m := c.Members[2]
				if m.NoHL {
					continue
				}
				var ut unitTokens
				h.tokenSpans(&ut, a)
				if len(ut.toks) > 0 && (len(m.HL) != 2 || m.HL[0] != utf16Len(a[:ut.starts[0]]) || m.HL[1] != utf16Len(a[:ut.ends[len(ut.ends)-1]])) {
					t.Fatalf("%q beside itself (%s, %v) marked %v, want its first to its last token", a, kind, s, m.HL)
				}
			}
		}
	})
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }
