package classify

import (
	"fmt"
	"reflect"
	"testing"
)

func noisyDocs(n int) []Doc {
	var docs []Doc
	for i, e := range noisyExamples(n) {
		docs = append(docs, Doc{ID: fmt.Sprint("doc", i), Text: e.Text, Label: e.Label})
	}
	return docs
}

func TestAutotune(t *testing.T) {
	docs := noisyDocs(300)
	opts, rep, err := Autotune(docs, Options{}, AutotuneConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Tried) < 15 || rep.Tried[0].Settings != (Options{}).Settings() || rep.Chosen != opts.Settings() || rep.Metric != "accuracy" {
		t.Fatalf("report %+v", rep)
	}
	for _, tr := range rep.Tried {
		if tr.Accuracy > rep.Accuracy {
			t.Errorf("tried %q with accuracy %v above the chosen %v", tr.Settings, tr.Accuracy, rep.Accuracy)
		}
	}
	// The reused counts give the figures a plain cross-validation gives.
	tr, err := NewTrainer(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		tr.AddDocument(d.ID, d.Text, d.Label)
	}
	cv, err := tr.Calibrate(5)
	if err != nil {
		t.Fatal(err)
	}
	if cv.Accuracy != rep.Accuracy || cv.MacroF1 != rep.MacroF1 {
		t.Errorf("Calibrate with the chosen %q: accuracy %v, macro-F1 %v; Autotune said %v, %v", opts.Settings(), cv.Accuracy, cv.MacroF1, rep.Accuracy, rep.MacroF1)
	}
	if opts.Temperature != rep.Temperature || rep.Temperature != cv.Temperature {
		t.Errorf("temperature %v, report %v, Calibrate %v", opts.Temperature, rep.Temperature, cv.Temperature)
	}
	// The same documents give the same choice.
	opts2, rep2, _ := Autotune(docs, Options{}, AutotuneConfig{})
	for i := range rep2.Tried {
		rep2.Tried[i].Seconds, rep.Tried[i].Seconds = 0, 0
	}
	if opts2 != opts || !reflect.DeepEqual(rep2, rep) {
		t.Errorf("a second run chose %q, the first %q", opts2.Settings(), opts.Settings())
	}
	// macro-F1 as the metric, a budget of nothing: the base alone.
	_, rep3, err := Autotune(docs, Options{Complement: true}, AutotuneConfig{Metric: "macro-f1", Duration: 1})
	if err != nil || len(rep3.Tried) != 1 || rep3.Metric != "macro-f1" {
		t.Errorf("with a budget of 1ns: %+v, %v", rep3, err)
	}
	if _, _, err := Autotune(docs, Options{}, AutotuneConfig{Metric: "f2"}); err == nil {
		t.Error("metric f2 accepted")
	}
}
