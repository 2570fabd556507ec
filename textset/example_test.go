package textset_test

import (
	"fmt"
	"slices"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/textset"
)

// Settings fill the Text field of dedup.Options (and classify.Options)
// from any module. By default harakat are removed, so a vocalized copy
// of a sentence is an exact duplicate; skipping that step keeps them
// apart.
func ExampleSettings() {
	docs := []dedup.Doc{
		{ID: "plain", Text: "أعلنت وزارة الداخلية العراقية اعتقال خلية إرهابية في الموصل"},
		{ID: "vocalized", Text: "أَعلَنَت وزارة الداخلية العراقية اعتقال خلية إرهابية في الموصل"},
	}
	for _, s := range []textset.Settings{{}, {Skip: textset.StepHarakat}} {
		res, err := dedup.Find(slices.Values(docs), dedup.Options{Level: dedup.DocumentLevel, Text: s})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("skip %s: %d clusters\n", s.Skip, len(res.Clusters))
	}
	fmt.Println(textset.Settings{StopWords: true, Stem: true})
	// Output:
	// skip none: 1 clusters
	// skip harakat: 0 clusters
	// text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=ar stem=light10
}

// A Pipeline shows what a setting does to text.
func ExampleNew() {
	p := textset.New(textset.Settings{Skip: textset.StepTehMarbuta})
	fmt.Println(p.Tokens("الدولةُ الإسلامية أعلنت ٢٠١٤"))
	s, err := textset.ParseSettings(p.Settings().String())
	fmt.Println(s == p.Settings(), err)
	// Output:
	// [الدولة الاسلامية اعلنت 2014]
	// true <nil>
}
