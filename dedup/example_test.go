package dedup_test

import (
	"fmt"

	"github.com/khabar-nlp/khabar/dedup"
)

// Find runs on documents in memory. Here a caption repeats in the same page
// and a headline is mostly inside the lead of another page; with
// Containment the headline is reported too, and the lead is the member to
// keep.
func ExampleFind() {
	docs := []dedup.Doc{
		{ID: "page-1", Text: "انفجار في قاعدة عسكرية قرب بغداد\nالانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي\nالانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي"},
		{ID: "page-2", Text: "قال مسؤول أمني إن انفجارا وقع في قاعدة عسكرية قرب بغداد مساء السبت دون وقوع إصابات"},
	}
	res, err := dedup.Find(docs, dedup.Options{Containment: 0.7})
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
