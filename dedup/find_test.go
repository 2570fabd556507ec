package dedup

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/seeds"
)

func seedDocs(t testing.TB) []Doc {
	var docs []Doc
	for _, p := range seeds.Pages() {
		docs = append(docs, Doc{ID: p.Name, Text: p.Text})
	}
	return docs
}

// where lists a result's clusters as "kind: doc:line doc:line ...", the
// kept member marked with a star.
func where(res *Result) []string {
	var out []string
	for _, c := range res.Clusters {
		var b strings.Builder
		b.WriteString(c.Kind.String() + ":")
		for i, m := range c.Members {
			fmt.Fprintf(&b, " %s:%d", m.ID, m.Line)
			if i == c.Kept {
				b.WriteString("*")
			}
		}
		out = append(out, b.String())
	}
	return out
}

// long is a sentence of 35 words, 33 distinct word 3-grams.
var long = strings.Join(strings.Fields(`وقال المتحدث باسم الحكومة في مؤتمر صحفي عقده اليوم في العاصمة إن
	الوزارة ستعلن خلال الأيام المقبلة عن خطة جديدة لدعم المزارعين في المحافظات الجنوبية التي تضررت من
	موجة الجفاف الأخيرة بحسب ما نقلته الوكالة`), " ")

func TestFind(t *testing.T) {
	words := strings.Fields(long)
	edited := strings.Join(append(words[:len(words)-1:len(words)-1], "الرسمية"), " ") // last word changed: J = 32/34
	half := strings.Join(words[:15], " ") + " " + strings.Repeat("كلمة ", 15)
	tests := []struct {
		name string
		docs []Doc
		opts Options
		want []string
	}{
		{"exact across documents", []Doc{{"a", "عنوان\n" + long + "\n"}, {"b", "x y z\n\n" + long}}, Options{},
			[]string{"exact: a:2* b:3"}},
		{"normalization makes exact", []Doc{{"a", "الدولة الإسلامية أعلنت"}, {"b", "الدوله الاسلاميه أعلنت!"}}, Options{},
			[]string{"exact: a:1* b:1"}},
		{"near", []Doc{{"a", long}, {"b", edited}}, Options{}, []string{"near: a:1* b:1"}},
		{"below threshold", []Doc{{"a", long}, {"b", edited}}, Options{Threshold: 0.95}, nil},
		{"half is not near", []Doc{{"a", long}, {"b", half}}, Options{}, nil},
		{"empty passages never match", []Doc{{"a", "...\n«»\n" + long}, {"b", "...\n«»"}}, Options{}, nil},
		{"min tokens", []Doc{{"a", "نعم\n" + long}, {"b", "نعم"}}, Options{MinTokens: 2}, nil},
		{"short passages match exactly", []Doc{{"a", "نعم\n" + long}, {"b", "نعم"}}, Options{}, []string{"exact: a:1* b:1"}},
		{"within a document", []Doc{{"a", long + "\n" + long + "\n\n" + long}}, Options{}, []string{"exact: a:1* a:2 a:4"}},
		{"paragraphs", []Doc{{"a", "x y z\n" + long + "\n\nx y z\n" + long}}, Options{Paragraphs: true}, []string{"exact: a:1* a:4"}},
		{"document level", []Doc{{"a", long + "\nسطر"}, {"b", long + "\nسطر\n"}, {"c", half}}, Options{Level: DocumentLevel},
			[]string{"exact: a:1* b:1"}},
		{"containment keeps the longer", []Doc{{"a", strings.Join(words[5:15], " ") + "\n" + long}}, Options{Containment: 0.8},
			[]string{"contained: a:1 a:2*"}},
		{"containment does not chain", []Doc{{"a", strings.Join(words[:6], " ")}, {"b", strings.Join(words[:20], " ")}, {"c", strings.Join(words[:6], " ") + " " + strings.Repeat("كلمة اخرى ", 10)}},
			Options{Containment: 0.8}, []string{"contained: a:1 b:1*"}},
		{"simhash", []Doc{{"a", long}, {"b", long + " ."}, {"c", edited}}, Options{Method: SimHashBits}, []string{"exact: a:1* b:1"}},
		{"simhash near", []Doc{{"a", long}, {"c", edited}}, Options{Method: SimHashBits, K: 15}, []string{"near: a:1* c:1"}},
		{"no verify", []Doc{{"a", long}, {"b", edited}}, Options{NoVerify: true}, []string{"near: a:1* b:1"}},
	}
	for _, tt := range tests {
		res, err := Find(slices.Values(tt.docs), tt.opts)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := where(res); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Find = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFindUnits(t *testing.T) {
	doc := "عنوان الخبر\r\n\r\n" + long + "\n"
	res, err := Find(slices.Values([]Doc{{"x", doc}, {"y", long}}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Clusters) != 1 {
		t.Fatalf("Find = %q, want one cluster", where(res))
	}
	m := res.Clusters[0].Members[0]
	want := Unit{Doc: 0, ID: "x", Passage: 1, Line: 3, EndLine: 3, Start: len("عنوان الخبر\r\n\r\n"), End: len(doc) - 1, Tokens: 35, Shingles: 33}
	if m.Unit != want || doc[m.Start:m.End] != long {
		t.Errorf("member = %+v, want %+v", m.Unit, want)
	}
	s := res.Stats
	if s.Documents != 2 || s.Units != 3 || s.Clusters != 1 || s.Duplicates != 1 || s.DuplicateBytes != int64(len(long)) || s.Bytes != int64(len(doc)+len(long)) {
		t.Errorf("Stats = %+v", s)
	}
}

func TestFindSeeds(t *testing.T) {
	docs := seedDocs(t)
	tests := []struct {
		opts Options
		want []string
	}{
		{Options{}, []string{
			"exact: 000_0a357c2f619dea6d.txt:32* 000_0a357c2f619dea6d.txt:33",
			"exact: 002_62bbd899b35bbf8b.txt:5* 002_62bbd899b35bbf8b.txt:6",
			"exact: 003_33574edf90c30f57.txt:1* 003_33574edf90c30f57.txt:2",
		}},
		{Options{Shingle: Shingling{Chars: true, N: 5}, Containment: 0.7}, []string{
			"contained: 000_0a357c2f619dea6d.txt:2 000_0a357c2f619dea6d.txt:24*",
			"contained: 000_0a357c2f619dea6d.txt:32 000_0a357c2f619dea6d.txt:33 000_0a357c2f619dea6d.txt:35*",
			"exact: 002_62bbd899b35bbf8b.txt:5* 002_62bbd899b35bbf8b.txt:6",
			"contained: 002_62bbd899b35bbf8b.txt:14 002_62bbd899b35bbf8b.txt:26*",
			"exact: 003_33574edf90c30f57.txt:1* 003_33574edf90c30f57.txt:2",
		}},
	}
	for _, tt := range tests {
		res, err := Find(slices.Values(docs), tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := where(res); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Find(seeds, %+v) =\n%s\nwant\n%s", tt.opts, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}

// TestWorkersDeterministic checks that the result does not depend on the
// number of workers.
func TestWorkersDeterministic(t *testing.T) {
	var docs []Doc
	for i := 0; i < 26; i++ {
		docs = append(docs, seedDocs(t)...) // three batches, many duplicates
	}
	for _, o := range []Options{
		{Pairs: true},
		{Level: DocumentLevel, Pairs: true},
		{Shingle: Shingling{Chars: true, N: 5}, Containment: 0.7, Pairs: true},
		{Method: SimHashBits, NoVerify: true},
	} {
		var first *Result
		for _, w := range []int{1, 3} {
			o.Workers = w
			res, err := Find(slices.Values(docs), o)
			if err != nil {
				t.Fatal(err)
			}
			res.Options.Workers = 0
			if first == nil {
				first = res
				if len(res.Clusters) == 0 {
					t.Errorf("%+v: no clusters", o)
				}
			} else if !reflect.DeepEqual(res, first) {
				t.Errorf("%+v: result with %d workers differs from 1 worker", o, w)
			}
		}
	}
}

func TestFindPairs(t *testing.T) {
	words := strings.Fields(long)
	edited := strings.Join(append(words[:len(words)-1:len(words)-1], "الرسمية"), " ")
	docs := []Doc{{"a", long}, {"b", edited}, {"c", long}, {"d", strings.Join(words[:10], " ")}}
	res, err := Find(slices.Values(docs), Options{Pairs: true, Containment: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range res.Pairs {
		got = append(got, fmt.Sprintf("%s %s %s %.3f", p.A.ID, p.B.ID, p.Kind, p.Similarity))
	}
	j := fmt.Sprintf("%.3f", 32.0/34)
	want := []string{"a b near " + j, "a c exact 1.000", "b c near " + j, "d a contained 1.000", "d b contained 1.000", "d c contained 1.000"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Pairs =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		opts Options
		err  error
	}{
		{Options{Threshold: -0.1}, ErrThreshold},
		{Options{Threshold: 1.01}, ErrThreshold},
		{Options{Threshold: math.NaN()}, ErrThreshold},
		{Options{Containment: 2}, ErrContainment},
		{Options{Shingle: Shingling{N: -1}}, ErrShingle},
		{Options{Shingle: Shingling{Chars: true, N: MaxShingleSize + 1}}, ErrShingle},
		{Options{Hashes: -5}, ErrHashes},
		{Options{Hashes: 64, Bands: 9, Rows: 13}, ErrBands},
		{Options{Bands: 200}, ErrBands},
		{Options{Bands: -1}, ErrBands},
		{Options{Method: SimHashBits, K: 16}, ErrK},
		{Options{MinTokens: -1}, ErrOption},
		{Options{Workers: -1}, ErrOption},
		{Options{Level: 5}, ErrOption},
		{Options{Threshold: 1, Hashes: 1}, nil},
		{Options{Bands: 16}, nil},
		{Options{Rows: 4}, nil},
	}
	for _, tt := range tests {
		err := tt.opts.Check()
		if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
			t.Errorf("Options%+v.Check() = %v, want %v", tt.opts, err, tt.err)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "dedup: ") {
			t.Errorf("error %q does not start with dedup: ", err)
		}
		if _, ferr := Find(slices.Values([]Doc(nil)), tt.opts); (ferr == nil) != (err == nil) {
			t.Errorf("Find with %+v: error %v, Check %v", tt.opts, ferr, err)
		}
	}
	res, _ := Find(slices.Values([]Doc(nil)), Options{Rows: 4})
	if res.Options.Bands != 32 {
		t.Errorf("Rows 4 of 128 hashes gives %d bands, want 32", res.Options.Bands)
	}
}

// TestPairsAcrossExactCopies: when A and B are exact copies, C and D too,
// and C is near A, Pairs lists every pair of the four, each once: the
// exact ones, and A-C, A-D, B-C, B-D as near pairs.
func TestPairsAcrossExactCopies(t *testing.T) {
	var words []string
	for i := 0; i < 40; i++ {
		words = append(words, fmt.Sprintf("كلمة%d", i))
	}
	l := strings.Join(words, " ")
	words[20] = "غيرها"
	l2 := strings.Join(words, " ") // J(l, l2) = 35/41 with word 3-grams
	docs := []Doc{{"A", l}, {"C", l2}, {"B", l}, {"D", l2}}
	for _, level := range []Level{PassageLevel, DocumentLevel} {
		res, err := Find(slices.Values(docs), Options{Level: level, Pairs: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range res.Pairs {
			got = append(got, fmt.Sprintf("%s-%s %s", p.A.ID, p.B.ID, p.Kind))
		}
		want := []string{"A-C near", "A-B exact", "A-D near", "C-B near", "C-D exact", "B-D near"}
		if !slices.Equal(got, want) {
			t.Errorf("%v level: pairs %q, want %q", level, got, want)
		}
	}
}

// TestStarClusters: A near B near C, but C far from A. Connected
// components put the three in one cluster, stars keep A with B only, and
// C starts its own cluster (here with its exact copy D).
func TestStarClusters(t *testing.T) {
	var words []string
	for i := 0; i < 40; i++ {
		words = append(words, fmt.Sprintf("كلمة%d", i))
	}
	a := strings.Join(words, " ")
	words[10] = "بدل"
	b := strings.Join(words, " ") // J(a, b) = 35/41
	words[30] = "آخر"
	c := strings.Join(words, " ") // J(b, c) = 35/41, J(a, c) = 32/44
	docs := []Doc{{"A", a}, {"B", b}, {"C", c}, {"D", c}}
	describe := func(res *Result) []string {
		var out []string
		for _, cl := range res.Clusters {
			s := cl.Kind.String() + ":"
			for i, m := range cl.Members {
				mark := ""
				if i == cl.Kept {
					mark = "*"
				}
				s += fmt.Sprintf(" %s%s %.3f", mark, m.ID, m.Similarity)
			}
			out = append(out, s)
		}
		return out
	}
	tests := []struct {
		opts Options
		want []string
	}{
		{Options{Level: DocumentLevel}, []string{"near: *A 1.000 B 0.854 C 0.727 D 0.727"}},
		{Options{Level: DocumentLevel, Stars: true}, []string{"near: *A 1.000 B 0.854", "exact: *C 1.000 D 1.000"}},
		{Options{Level: DocumentLevel, Stars: true, Pairs: true}, []string{"near: *A 1.000 B 0.854", "exact: *C 1.000 D 1.000"}},
	}
	for _, tt := range tests {
		res, err := Find(slices.Values(docs), tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(res); !slices.Equal(got, tt.want) {
			t.Errorf("Find(%+v) clusters %q, want %q", tt.opts, got, tt.want)
		}
		if tt.opts.Stars && tt.opts.Method == MinHashLSH {
			for _, cl := range res.Clusters {
				for _, m := range cl.Members {
					if m.Similarity < 0.8 {
						t.Errorf("star member %s at %.3f from the kept one", m.ID, m.Similarity)
					}
				}
			}
		}
	}
}

// TestProgressPhases: Options.Progress hears the phases after the
// reading, and the result is the same without it.
func TestProgressPhases(t *testing.T) {
	docs := []Doc{{"a", "داعش يهاجم قرية في شمال العراق ويقتل عشرة"}, {"b", "داعش يهاجم قرية في شمال العراق ويقتل عشرة"}}
	for _, pairs := range []bool{false, true} {
		var phases []string
		res, err := Find(slices.Values(docs), Options{Pairs: pairs, Containment: 0.7, Progress: func(phase string, done, total int) {
			if len(phases) == 0 || phases[len(phases)-1] != phase {
				phases = append(phases, phase)
			}
		}})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"verifying candidates", "containment", "clustering"}
		if !slices.Equal(phases, want) {
			t.Errorf("Pairs %v: phases %q, want %q", pairs, phases, want)
		}
		plain, _ := Find(slices.Values(docs), Options{Pairs: pairs, Containment: 0.7})
		if len(res.Clusters) != len(plain.Clusters) || len(res.Pairs) != len(plain.Pairs) || res.Options.Progress != nil {
			t.Errorf("Pairs %v: result with Progress differs", pairs)
		}
	}
}
