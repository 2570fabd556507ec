package analyze

import (
	"math"
	"testing"

	"github.com/khabar-nlp/khabar/models"
)

// TestArticleProbabilityCalibrated: an article's probability is the
// default model's calibrated one (its temperature applied), the same as
// "khabar classify" gives the same text, and not the raw softmax, which
// is 1 for any article-length text.
func TestArticleProbabilityCalibrated(t *testing.T) {
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	if m.Temperature() == 1 {
		t.Fatal("the default model is not calibrated")
	}
	text := "قالت الشرطة إن انفجار سيارة مفخخة في سوق شعبي ببغداد أسفر عن مقتل عشرة أشخاص وإصابة عشرين آخرين، ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن، وفتحت السلطات تحقيقا في الحادث."
	a := New(m, nil, Options{Workers: 1})
	var rep *PageReport
	done := false
	next := func() (Page, bool) {
		if done {
			return Page{}, false
		}
		done = true
		return Page{ID: "p", Text: text + "\n"}, true
	}
	if _, err := a.Analyze(next, func(r *PageReport) error { rep = r; return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rep.Articles) != 1 {
		t.Fatalf("%d articles, want 1", len(rep.Articles))
	}
	got, want := rep.Articles[0], m.Classify(text)
	if got.Label != want.Label || math.Abs(got.Prob-want.Prob) > 1e-9 {
		t.Errorf("article %s %.6f, classify %s %.6f; want the same", got.Label, got.Prob, want.Label, want.Prob)
	}
	if got.Prob > 0.999 {
		t.Errorf("probability %.6f: not calibrated", got.Prob)
	}
}
