package dedup

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// stageDocs are the seed pages and documents with exact, near and
// contained copies of one another.
func stageDocs(t testing.TB) []Doc {
	words := strings.Fields(long)
	edited := strings.Join(append(words[:len(words)-1:len(words)-1], "الرسمية"), " ")
	docs := seedDocs(t)
	return append(docs,
		Doc{"x", long + "\n" + strings.Join(words[5:20], " ") + "\nسطر قصير\n\n" + edited},
		Doc{"y", "سطر قصير\n" + long + " .\n" + strings.Join(words[:12], " ")},
		Doc{"z", edited + "\n\n" + long},
	)
}

// stageOptions are the option sets the stages are checked under.
var stageOptions = []Options{
	{},
	{Threshold: 0.5},
	{Paragraphs: true},
	{Level: DocumentLevel},
	{Shingle: Shingling{Chars: true, N: 5}, Hashes: 64, Seed: 7},
	{Bands: 8, Rows: 4},
	{NoVerify: true},
	{Method: SimHashBits},
	{Method: SimHashBits, K: 10, NoVerify: true},
	{MinTokens: 5},
	{Stars: true, Threshold: 0.6},
}

// signAll runs a Signer over docs, dropping units under MinTokens as Find
// does, and copies the records out of the Signer's buffers.
func signAll(t testing.TB, docs []Doc, o Options) (Spec, []Record) {
	spec, err := o.Spec()
	if err != nil {
		t.Fatal(err)
	}
	sg, err := spec.NewSigner()
	if err != nil {
		t.Fatal(err)
	}
	var recs, out []Record
	for i, d := range docs {
		recs, _ = sg.Sign(recs[:0], i, d)
		for _, r := range recs {
			if r.Tokens < o.MinTokens {
				continue
			}
			r.Keys = append([]uint64(nil), r.Keys...)
			r.Set = append([]uint64(nil), r.Set...)
			r.Sig = append([]uint32(nil), r.Sig...)
			out = append(out, r)
		}
	}
	return spec, out
}

// TestStagesAreFind runs Signer, a band table of its own (a map from band
// position and key to the units), Spec.Verify and Options.Clusters, and
// checks that they find exactly Find's clusters.
func TestStagesAreFind(t *testing.T) {
	docs := stageDocs(t)
	for _, o := range stageOptions {
		want, err := Find(slices.Values(docs), o)
		if err != nil {
			t.Fatal(err)
		}
		spec, recs := signAll(t, docs, o)
		type band struct {
			pos int
			key uint64
		}
		table := map[band][]int{}
		var pairs []Pair
		seen := map[[2]int]bool{}
		for j, r := range recs {
			for pos, k := range r.Keys {
				for _, i := range table[band{pos, k}] {
					if seen[[2]int{i, j}] {
						continue
					}
					seen[[2]int{i, j}] = true
					if sim, ok := spec.Verify(&recs[i], &recs[j]); ok {
						pairs = append(pairs, Pair{A: recs[i].Unit, B: r.Unit, Kind: Near, Similarity: sim})
					}
				}
				table[band{pos, k}] = append(table[band{pos, k}], j)
			}
		}
		got, err := o.Clusters(recs, pairs)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want.Clusters) {
			t.Errorf("%+v: stages found\n%v\nFind found\n%v", o, got, want.Clusters)
		}
		if len(want.Clusters) == 0 {
			t.Errorf("%+v: no clusters to compare", o)
		}
	}
}

// TestClustersOfResultPairs: the clusters of a Result's own pairs, with
// containment and stars, are its clusters, whatever the order of the
// records.
func TestClustersOfResultPairs(t *testing.T) {
	docs := stageDocs(t)
	opts := append(stageOptions, Options{Containment: 0.7}, Options{Containment: 0.6, Stars: true},
		Options{Containment: 0.7, Shingle: Shingling{Chars: true}})
	for _, o := range opts {
		o.Pairs = true
		res, err := Find(slices.Values(docs), o)
		if err != nil {
			t.Fatal(err)
		}
		_, recs := signAll(t, docs, o)
		for i, j := 0, len(recs)-1; i < j; i, j = i+1, j-1 {
			recs[i], recs[j] = recs[j], recs[i]
		}
		got, err := o.Clusters(recs, res.Pairs)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, res.Clusters) {
			t.Errorf("%+v: Clusters of the pairs\n%v\nFind's\n%v", o, got, res.Clusters)
		}
	}
}

func TestClustersErrors(t *testing.T) {
	_, recs := signAll(t, stageDocs(t), Options{})
	tests := []struct {
		name  string
		recs  []Record
		pairs []Pair
	}{
		{"unit twice", append(recs[:2:2], recs[0]), nil},
		{"pair of a unit not given", recs[:2], []Pair{{A: recs[0].Unit, B: recs[5].Unit, Kind: Near}}},
		{"set missing", []Record{{Unit: Unit{Shingles: 3}}}, nil},
	}
	for _, tt := range tests {
		if _, err := (Options{}).Clusters(tt.recs, tt.pairs); !errors.Is(err, ErrOption) {
			t.Errorf("%s: Clusters error %v, want ErrOption", tt.name, err)
		}
	}
	if _, err := (Options{Threshold: 2}).Clusters(recs, nil); !errors.Is(err, ErrThreshold) {
		t.Errorf("Clusters with threshold 2: %v, want ErrThreshold", err)
	}
}

// TestSignerRecords checks the records of one document against what they
// must hold: spans into the text, the exact hash of equal passages equal,
// the sizes of keys, set and signature.
func TestSignerRecords(t *testing.T) {
	d := Doc{ID: "d", Text: "أ ب ت ث ج\r\n\n  \nأ ب ت ث ج\nح خ"}
	for _, o := range []Options{{}, {Method: SimHashBits}, {Level: DocumentLevel}, {Paragraphs: true}} {
		spec, _ := o.Spec()
		sg, err := spec.NewSigner()
		if err != nil {
			t.Fatal(err)
		}
		recs, skipped := sg.Sign(nil, 3, d)
		if skipped != 0 {
			t.Errorf("%v: %d skipped, want 0", spec, skipped)
		}
		for _, r := range recs {
			if r.Doc != 3 || r.ID != "d" {
				t.Errorf("%v: record of doc %d %q, want 3 %q", spec, r.Doc, r.ID, "d")
			}
			if len(r.Set) != r.Shingles || r.Shingles == 0 {
				t.Errorf("%v: %d shingles, set of %d", spec, r.Shingles, len(r.Set))
			}
			wantKeys := spec.Bands
			if spec.Method == SimHashBits {
				wantKeys = spec.K + 1
			}
			if len(r.Keys) != wantKeys || len(r.Sig) != spec.Hashes {
				t.Errorf("%v: %d keys and %d MinHash values, want %d and %d", spec, len(r.Keys), len(r.Sig), wantKeys, spec.Hashes)
			}
		}
		var spans []string
		for _, r := range recs {
			spans = append(spans, d.Text[r.Start:r.End])
		}
		var want []string
		switch {
		case o.Level == DocumentLevel:
			want = []string{d.Text}
		case o.Paragraphs:
			want = []string{"أ ب ت ث ج", "أ ب ت ث ج\nح خ"}
		default:
			want = []string{"أ ب ت ث ج", "أ ب ت ث ج", "ح خ"}
		}
		if !reflect.DeepEqual(spans, want) {
			t.Errorf("%v: units %q, want %q", spec, spans, want)
		}
		if !o.Paragraphs && o.Level == PassageLevel && o.Method == MinHashLSH && recs[0].Exact != recs[1].Exact {
			t.Errorf("equal lines have exact hashes %x and %x", recs[0].Exact, recs[1].Exact)
		}
	}
	spec, _ := Options{}.Spec()
	sg, _ := spec.NewSigner()
	if recs, skipped := sg.Sign(nil, 0, Doc{Text: "...\n«»\n"}); len(recs) != 0 || skipped != 2 {
		t.Errorf("Sign of units without tokens: %d records, %d skipped, want 0 and 2", len(recs), skipped)
	}
	if _, err := (Spec{}).NewSigner(); !errors.Is(err, ErrOption) {
		t.Errorf("Spec{}.NewSigner() = %v, want ErrOption", err)
	}
}

func TestSpecString(t *testing.T) {
	const norm = "text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off stem=off"
	tests := []struct {
		opts Options
		want string
	}{
		{Options{}, "dedup/1 unit=line shingle=word:3 method=minhash hashes=128 seed=0 bands=16 rows=6 threshold=0.8 verify=exact " + norm},
		{Options{Level: DocumentLevel, Paragraphs: true, Method: SimHashBits, K: 5, Seed: 3, Threshold: 0.7},
			"dedup/1 unit=document shingle=word:3 method=simhash k=5 threshold=0.7 verify=exact " + norm},
		{Options{Paragraphs: true, Shingle: Shingling{Chars: true}, Hashes: 64, Seed: 1<<64 - 1, Bands: 8, Threshold: 0.85, NoVerify: true},
			"dedup/1 unit=paragraph shingle=char:5 method=minhash hashes=64 seed=18446744073709551615 bands=8 rows=8 threshold=0.85 verify=estimate " + norm},
		// Options that do not change the records are not in the Spec.
		{Options{MinTokens: 3, Containment: 0.5, Pairs: true, Stars: true, Workers: 3},
			"dedup/1 unit=line shingle=word:3 method=minhash hashes=128 seed=0 bands=16 rows=6 threshold=0.8 verify=exact " + norm},
	}
	for _, tt := range tests {
		s, err := tt.opts.Spec()
		if err != nil {
			t.Fatal(err)
		}
		if got := s.String(); got != tt.want {
			t.Errorf("%+v: Spec = %q, want %q", tt.opts, got, tt.want)
		}
		var back Spec
		if err := back.UnmarshalText([]byte(s.String())); err != nil || back != s {
			t.Errorf("UnmarshalText(%q) = %+v, %v, want %+v", s, back, err, s)
		}
	}
}

// TestSpecRoundTrip: every valid Spec survives String and UnmarshalText, and
// so does its text pipeline.
func TestSpecRoundTrip(t *testing.T) {
	for _, o := range append(stageOptions, Options{Seed: 12345}, Options{Threshold: 1.0 / 3}) {
		for _, st := range []bool{false, true} {
			o.Text.Stem, o.Text.StopWords = st, st
			o.Text.Skip = 0
			if st {
				o.Text.Skip = 5
			}
			s, err := o.Spec()
			if err != nil {
				t.Fatal(err)
			}
			var back Spec
			if err := back.UnmarshalText([]byte(s.String())); err != nil || back != s {
				t.Errorf("UnmarshalText(%q) = %+v, %v, want %+v", s, back, err, s)
			}
		}
	}
}

func TestSpecUnmarshalTextErrors(t *testing.T) {
	good, _ := Options{}.Spec()
	g := good.String()
	for _, bad := range []string{
		"",
		strings.Replace(g, "dedup/1", "dedup/2", 1),
		strings.Replace(g, "unit=line", "unit=page", 1),
		strings.Replace(g, "hashes=128", "hashes=2000", 1),
		strings.Replace(g, "bands=16", "bands=30", 1),
		strings.Replace(g, "threshold=0.8", "threshold=0.80", 1),
		strings.Replace(g, "threshold=0.8", "threshold=1.5", 1),
		strings.Replace(g, "threshold=0.8 ", "", 1),
		strings.Replace(g, "verify=exact", "verify=maybe", 1),
		strings.Replace(g, "seed=0", "seed=-1", 1),
		strings.Replace(g, " threshold", " k=3 threshold", 1),
		strings.Replace(g, "method=minhash", "method=simhash", 1),
		strings.Replace(g, "stem=off", "stem=on", 1),
		g + " ",
		strings.Replace(g, " unit", "  unit", 1),
	} {
		s := good
		if err := s.UnmarshalText([]byte(bad)); err == nil || s != good {
			t.Errorf("UnmarshalText(%q) = %v, %v; want an error and the Spec unchanged", bad, s, err)
		}
	}
}

func FuzzSpecUnmarshalText(f *testing.F) {
	for _, o := range stageOptions {
		s, _ := o.Spec()
		f.Add(s.String())
	}
	f.Add("dedup/1 unit=line text/1")
	f.Fuzz(func(t *testing.T, str string) {
		var s Spec
		if err := s.UnmarshalText([]byte(str)); err != nil {
			return
		}
		if s.String() != str {
			t.Errorf("UnmarshalText(%q): String() = %q", str, s)
		}
		if _, err := s.NewSigner(); err != nil {
			t.Errorf("NewSigner of UnmarshalText(%q): %v", str, err)
		}
	})
}
