package classify_test

import (
	"fmt"
	"log"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/khabar-nlp/khabar/textset"
)

var examples = []classify.Example{
	{Text: "الشرطة تعتقل مشتبها به في سرقة بنك", Label: "crime"},
	{Text: "المحكمة تسجن لصا بعد سرقة سيارة", Label: "crime"},
	{Text: "الشرطة تحقق في جريمة قتل", Label: "crime"},
	{Text: "الفريق يفوز بالكأس بعد مباراة صعبة", Label: "sport"},
	{Text: "المدرب يشيد باللاعبين بعد الفوز في الدوري", Label: "sport"},
	{Text: "مباراة الدوري تنتهي بالتعادل", Label: "sport"},
}

// Train a model, save it, and load it back from bytes, as a program does
// with a model embedded with go:embed. The same examples always give the
// same bytes, so "go generate" can rebuild a default model reproducibly.
func ExampleTrain() {
	m, err := classify.Train(examples, classify.Options{Text: textset.Settings{Stem: true}})
	if err != nil {
		log.Fatal(err)
	}
	data, err := m.MarshalBinary() // or m.WriteFile("models/default.model")
	if err != nil {
		log.Fatal(err)
	}
	loaded, err := classify.Load("default.model", data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(loaded.Labels())
	// Output: [crime sport]
}

// Classify a text: the most probable label and the probability of each.
func ExampleModel_Classify() {
	m, err := classify.Train(examples, classify.Options{})
	if err != nil {
		log.Fatal(err)
	}
	p := m.Classify("الشرطة تعتقل لصا بعد سرقة")
	fmt.Printf("%s %.2f\n", p.Label, p.Prob)
	for _, lp := range m.Top(p.Probs, 2) {
		fmt.Printf("  %s %.2f\n", lp.Label, lp.Prob)
	}
	fmt.Println(m.Classify("hello world").Label) // no known word
	// Output:
	// crime 0.96
	//   crime 0.96
	//   sport 0.04
	// unknown
}

// Score each passage of a page by its log-likelihood under each label
// (without the prior), to see where the topic changes.
func ExampleModel_LogLikelihoods() {
	m, err := classify.Train(examples, classify.Options{})
	if err != nil {
		log.Fatal(err)
	}
	page := "الشرطة تعتقل لصا بعد سرقة بنك\n\nالفريق يفوز في مباراة الدوري\n"
	for _, p := range text.Passages(page, text.Paragraphs) {
		ll, known := m.LogLikelihoods(page[p.Start:p.End])
		best := 0
		for c := range ll {
			if ll[c] > ll[best] {
				best = c
			}
		}
		fmt.Printf("line %d: %s (%d known tokens, log-likelihoods %.1f %.1f)\n", p.Line, m.Labels()[best], known, ll[0], ll[1])
	}
	// Output:
	// line 1: crime (6 known tokens, log-likelihoods -17.9 -21.6)
	// line 3: sport (5 known tokens, log-likelihoods -17.9 -14.6)
}

// A grouped model (one model per group of training documents, and a router
// that picks a text's group) is a GroupedModel; LoadClassifier reads a
// model file of either kind, Load only a Model's.
func ExampleLoadClassifier() {
	t, err := classify.NewTrainer(classify.Options{})
	if err != nil {
		log.Fatal(err)
	}
	for i, ex := range examples {
		group := []string{"outlet-a", "outlet-b"}[i%2]
		if err := t.AddGrouped(ex.Text, ex.Label, group); err != nil {
			log.Fatal(err)
		}
	}
	g, err := t.GroupedModel()
	if err != nil {
		log.Fatal(err)
	}
	data, err := g.MarshalBinary()
	if err != nil {
		log.Fatal(err)
	}
	_, err = classify.Load("grouped.model", data)
	fmt.Println(err)
	c, err := classify.LoadClassifier("grouped.model", data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%T %v %v\n", c, c.Groups(), c.Classify("الشرطة تعتقل لصا").Label)
	// Output:
	// classify: grouped.model: grouped model (trained with groups): read it with LoadClassifier
	// *classify.GroupedModel [outlet-a outlet-b] crime
}
