package dedup_test

import (
	"fmt"
	"slices"

	"github.com/khabar-nlp/khabar/dedup"
)

// Find runs on documents in memory through slices.Values (or on any
// iter.Seq, such as a corpus reader). Here a caption repeats in the same
// page and a headline is mostly inside the lead of another page; with
// Containment the headline is reported too, and the lead is the member to
// keep.
func ExampleFind() {
	docs := []dedup.Doc{
		{ID: "page-1", Text: "انفجار في قاعدة عسكرية قرب بغداد\nالانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي\nالانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي"},
		{ID: "page-2", Text: "قال مسؤول أمني إن انفجارا وقع في قاعدة عسكرية قرب بغداد مساء السبت دون وقوع إصابات"},
	}
	res, err := dedup.Find(slices.Values(docs), dedup.Options{Containment: 0.7})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Clusters {
		fmt.Println(c.Kind)
		for i, m := range c.Members {
			kept := ""
			if i == c.Kept {
				kept = " (kept)"
			}
			fmt.Printf("  %s passage %d line %d bytes %d-%d, %d tokens, similarity %.2f%s\n",
				m.ID, m.Passage, m.Line, m.Start, m.End, m.Tokens, m.Similarity, kept)
		}
	}
	// Output:
	// contained
	//   page-1 passage 0 line 1 bytes 0-59, 6 tokens, similarity 0.75
	//   page-2 passage 0 line 1 bytes 0-149, 16 tokens, similarity 1.00 (kept)
	// exact
	//   page-1 passage 1 line 2 bytes 60-157, 8 tokens, similarity 1.00 (kept)
	//   page-1 passage 2 line 3 bytes 158-255, 8 tokens, similarity 1.00
}

// A Spec says what makes records comparable; its String is stored with
// them and read back with UnmarshalText to check that two sets of records
// can be mixed.
func ExampleSpec() {
	spec, err := dedup.Options{Threshold: 0.7, Seed: 42}.Spec()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(spec.Bands, "bands x", spec.Rows, "rows")
	saved := spec.String()
	var back dedup.Spec
	err = back.UnmarshalText([]byte(saved))
	fmt.Println(back == spec, err)
	other, _ := dedup.Options{Threshold: 0.7, Seed: 43}.Spec()
	fmt.Println(other.String() == saved)
	// Output:
	// 17 bands x 4 rows
	// true <nil>
	// false
}

// A Signer makes the records of a document's units: where each unit is,
// its exact hash, its shingle set and signature, and its band keys.
func ExampleSigner() {
	spec, _ := dedup.Options{}.Spec()
	sg, err := spec.NewSigner()
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := dedup.Doc{ID: "page-1", Text: "عاجل\n\nانفجار في قاعدة عسكرية قرب بغداد\n«»"}
	recs, skipped := sg.Sign(nil, 0, doc)
	for _, r := range recs {
		fmt.Printf("line %d bytes %d-%d: %d tokens, %d shingles, %d band keys, %d MinHash values\n",
			r.Line, r.Start, r.End, r.Tokens, len(r.Set), len(r.Keys), len(r.Sig))
	}
	fmt.Println(skipped, "skipped")
	// Output:
	// line 1 bytes 0-8: 1 tokens, 1 shingles, 16 band keys, 128 MinHash values
	// line 3 bytes 10-69: 6 tokens, 4 shingles, 16 band keys, 128 MinHash values
	// 1 skipped
}

// Spec.Verify decides a candidate pair as Find does: here the exact
// Jaccard similarity of two sentences that differ in their last word.
func ExampleSpec_Verify() {
	spec, _ := dedup.Options{}.Spec()
	sg, _ := spec.NewSigner()
	a, _ := sg.Sign(nil, 0, dedup.Doc{Text: "قال مسؤول أمني إن انفجارا وقع في قاعدة عسكرية قرب بغداد مساء السبت"})
	a[0].Set = slices.Clone(a[0].Set) // the next Sign reuses the buffers
	b, _ := sg.Sign(nil, 1, dedup.Doc{Text: "قال مسؤول أمني إن انفجارا وقع في قاعدة عسكرية قرب بغداد مساء الأحد"})
	sim, ok := spec.Verify(&a[0], &b[0])
	fmt.Printf("%.3f %v\n", sim, ok)
	// Output:
	// 0.833 true
}

// Options.Clusters is the last stage: records and their verified pairs
// become Find's clusters. Here the stages run by hand over a band table of
// a map, as a persistent index or a distributed pipeline would run them.
func ExampleOptions_Clusters() {
	docs := []dedup.Doc{
		{ID: "a", Text: "قال مسؤول أمني إن انفجارا وقع في قاعدة عسكرية قرب بغداد مساء السبت\nعاجل"},
		{ID: "b", Text: "عاجل\nقال مسؤول أمني إن انفجارا وقع في قاعدة عسكرية قرب بغداد مساء الأحد"},
	}
	opts := dedup.Options{}
	spec, _ := opts.Spec()
	sg, _ := spec.NewSigner()
	var recs []dedup.Record
	for i, d := range docs {
		n := len(recs)
		recs, _ = sg.Sign(recs, i, d)
		for j := n; j < len(recs); j++ { // keep them past the next Sign
			recs[j].Set = slices.Clone(recs[j].Set)
			recs[j].Keys = slices.Clone(recs[j].Keys)
		}
	}
	type band struct {
		pos int
		key uint64
	}
	table := map[band][]int{}
	var pairs []dedup.Pair
	for j := range recs {
		for pos, k := range recs[j].Keys {
			for _, i := range table[band{pos, k}] {
				if sim, ok := spec.Verify(&recs[i], &recs[j]); ok {
					pairs = append(pairs, dedup.Pair{A: recs[i].Unit, B: recs[j].Unit, Kind: dedup.Near, Similarity: sim})
				}
			}
			table[band{pos, k}] = append(table[band{pos, k}], j)
		}
	}
	clusters, err := opts.Clusters(recs, pairs)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range clusters {
		fmt.Print(c.Kind, ":")
		for _, m := range c.Members {
			fmt.Printf(" %s line %d (%.3f)", m.ID, m.Line, m.Similarity)
		}
		fmt.Println()
	}
	// Output:
	// near: a line 1 (1.000) b line 2 (0.833)
	// exact: a line 2 (1.000) b line 1 (1.000)
}
