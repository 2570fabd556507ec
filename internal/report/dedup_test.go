package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/dedup"
)

// long is a sentence of 35 words, 33 distinct word 3-grams.
var long = strings.Join(strings.Fields(`وقال المتحدث باسم الحكومة في مؤتمر صحفي عقده اليوم في العاصمة إن
	الوزارة ستعلن خلال الأيام المقبلة عن خطة جديدة لدعم المزارعين في المحافظات الجنوبية التي تضررت من
	موجة الجفاف الأخيرة بحسب ما نقلته الوكالة`), " ")

func TestExcerpt(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"", 5, ""},
		{"  a \t b\n\nc  ", 10, "a b c"},
		{"abcde", 5, "abcde"},
		{"abcdef", 5, "abcd…"},
		{"ab   cd ef", 5, "ab c…"},
		{"الانفجار ضرب", 8, "الانفجا…"},
	}
	for _, tt := range tests {
		if got := Excerpt(tt.in, tt.n); got != tt.want {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"}, {-1234, "-1,234"}} {
		if got := Thousands(tt.n); got != tt.want {
			t.Errorf("Thousands(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestReports(t *testing.T) {
	docs := []dedup.Doc{{ID: "a\tb", Text: "x\n" + long}, {ID: "c", Text: long}}
	res, err := dedup.Find(slices.Values(docs), dedup.Options{Pairs: true})
	if err != nil {
		t.Fatal(err)
	}
	text := func(u dedup.Unit) string { return docs[u.Doc].Text[u.Start:u.End] }
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		want  string
	}{
		{"members", func(b *bytes.Buffer) error { return WriteMembers(b, NewDedup(res, nil)) },
			"#cluster\tkind\tkept\tsimilarity\tdoc\tpassage\tline\tend_line\tstart\tend\ttokens\n" +
				"1\texact\t1\t1.000\ta b\t1\t2\t2\t2\t376\t35\n" +
				"1\texact\t0\t1.000\tc\t0\t1\t1\t0\t374\t35\n"},
		{"json", func(b *bytes.Buffer) error { return WriteJSON(b, NewDedup(res, nil)) },
			`{"cluster":1,"kind":"exact","members":[` +
				`{"doc":"a\tb","doc_index":0,"passage":1,"line":2,"end_line":2,"start":2,"end":376,"tokens":35,"shingles":33,"similarity":1,"kept":true},` +
				`{"doc":"c","doc_index":1,"passage":0,"line":1,"end_line":1,"start":0,"end":374,"tokens":35,"shingles":33,"similarity":1,"kept":false}]}` + "\n"},
		{"json with excerpts", func(b *bytes.Buffer) error { return WriteJSON(b, NewDedup(res, text)) },
			`{"cluster":1,"kind":"exact","members":[` +
				`{"doc":"a\tb","doc_index":0,"passage":1,"line":2,"end_line":2,"start":2,"end":376,"tokens":35,"shingles":33,"similarity":1,"kept":true,"excerpt":"` + Cut(long, JSONExcerptChars) + `"},` +
				`{"doc":"c","doc_index":1,"passage":0,"line":1,"end_line":1,"start":0,"end":374,"tokens":35,"shingles":33,"similarity":1,"kept":false,"excerpt":"` + Cut(long, JSONExcerptChars) + `"}]}` + "\n"},
		{"pairs json", func(b *bytes.Buffer) error { return WritePairsJSON(b, NewDedup(res, nil)) },
			`{"a":{"doc":"a\tb","doc_index":0,"passage":1,"line":2,"tokens":35},"b":{"doc":"c","doc_index":1,"passage":0,"line":1,"tokens":35},"kind":"exact","similarity":1}` + "\n"},
		{"pairs", func(b *bytes.Buffer) error { return WritePairs(b, NewDedup(res, nil)) },
			"#a_doc\ta_passage\ta_line\ta_tokens\tb_doc\tb_passage\tb_line\tb_tokens\tkind\tsimilarity\n" +
				"a b\t1\t2\t35\tc\t0\t1\t35\texact\t1.000\n"},
		{"text", func(b *bytes.Buffer) error { return WriteText(b, NewDedup(res, text)) },
			"2 documents, 3 passages (0 without tokens), 1 cluster: 1 duplicated passage, 374 bytes (49.9% of the text)\n" +
				"passage level, word:3 shingles, minhash 128 hashes seed 0, 16 bands x 6 rows, Jaccard >= 0.8, verified\n" +
				"\n" +
				"cluster 1: exact, 2 passages\n" +
				"  kept  1.000  a b:2  35 tokens  " + Excerpt(long, ExcerptWidth) + "\n" +
				"        1.000  c:1    35 tokens  " + Excerpt(long, ExcerptWidth) + "\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := tt.write(&b); err != nil {
			t.Fatal(err)
		}
		if b.String() != tt.want {
			t.Errorf("%s report:\n%s\nwant:\n%s", tt.name, b.String(), tt.want)
		}
	}
	if !strings.HasSuffix(Excerpt(long, ExcerptWidth), "…") {
		t.Errorf("the excerpt of a long passage has no ellipsis")
	}
}

// TestReportSummaryLine: the first line of the text report says what was
// compared and what was skipped, and why, at both levels.
func TestReportSummaryLine(t *testing.T) {
	docs := []dedup.Doc{{ID: "a", Text: "one two\nthree four five six\n...\n"}, {ID: "b", Text: "three four five six"}, {ID: "c", Text: "!!!"}}
	tests := []struct {
		opts dedup.Options
		want string
	}{
		{dedup.Options{}, "3 documents, 3 passages (2 without tokens), 1 cluster: 1 duplicated passage, 19 bytes (35.2% of the text)"},
		{dedup.Options{MinTokens: 3}, "3 documents, 2 passages (3 under 3 tokens), 1 cluster: 1 duplicated passage, 19 bytes (35.2% of the text)"},
		{dedup.Options{Level: dedup.DocumentLevel}, "3 documents (1 without tokens), 0 clusters: 0 duplicated documents, 0 bytes (0.0% of the text)"},
	}
	for _, tt := range tests {
		res, err := dedup.Find(slices.Values(docs), tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := WriteText(&b, NewDedup(res, nil)); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := strings.Cut(b.String(), "\n"); got != tt.want {
			t.Errorf("WriteText(%+v) first line = %q, want %q", tt.opts, got, tt.want)
		}
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"ا ب\nج", 4, "ا ب\n…"},
		{"ا ب\nج", 5, "ا ب\nج"},
		{"", 0, ""},
		{"x", 0, "…"},
	}
	for _, tt := range tests {
		if got := Cut(tt.s, tt.n); got != tt.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}
