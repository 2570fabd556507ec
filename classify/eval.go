package classify

import (
	"slices"

	"github.com/cespare/xxhash/v2"
)

// Fold returns the cross-validation fold (0 to k-1) of the document with
// the given id: the xxhash64 (seed 0) of the id modulo k. It depends on the
// id alone, so runs repeat and a document keeps its fold when others are
// added.
func Fold(id string, k int) int {
	if k <= 1 {
		return 0
	}
	return int(xxhash.Sum64String(id) % uint64(k))
}

// A Confusion counts predictions against true labels. The zero value is
// ready to use. It is not safe for concurrent use.
type Confusion struct {
	index  map[string]int
	labels []string
	counts map[[2]int]int // (true, predicted) → documents
	cal    Calibration    // of the predictions added with a probability
	probs  int
}

// AddPrediction counts one document of label truth predicted as
// predicted with probability prob, for the scores and the calibration.
func (cf *Confusion) AddPrediction(truth, predicted string, prob float64) {
	cf.Add(truth, predicted)
	cf.cal.Add(prob, truth == predicted)
	cf.probs++
}

// Add counts one document of label truth predicted as predicted (a label,
// or Unknown).
func (cf *Confusion) Add(truth, predicted string) {
	if cf.index == nil {
		cf.index = make(map[string]int)
		cf.counts = make(map[[2]int]int)
	}
	cf.counts[[2]int{cf.id(truth), cf.id(predicted)}]++
}

func (cf *Confusion) id(label string) int {
	i, ok := cf.index[label]
	if !ok {
		i = len(cf.labels)
		cf.index[label] = i
		cf.labels = append(cf.labels, label)
	}
	return i
}

// Merge adds the counts of o to cf.
func (cf *Confusion) Merge(o *Confusion) {
	if cf.index == nil {
		cf.index = make(map[string]int)
		cf.counts = make(map[[2]int]int)
	}
	for k, n := range o.counts {
		cf.counts[[2]int{cf.id(o.labels[k[0]]), cf.id(o.labels[k[1]])}] += n
	}
	cf.cal.merge(&o.cal)
	cf.probs += o.probs
}

// A Report sums up an evaluation.
type Report struct {
	Documents int     `json:"documents"`
	Correct   int     `json:"correct"`
	Accuracy  float64 `json:"accuracy"`
	// MacroF1 is the mean F1 over Labels.
	MacroF1 float64       `json:"macro_f1"`
	Labels  []LabelReport `json:"labels"`
	// Matrix[i][j] counts the documents of label Names[i] predicted as
	// Names[j]. Names holds the labels in byte order, and Unknown last
	// when some document was predicted Unknown.
	Names  []string `json:"names"`
	Matrix [][]int  `json:"matrix"`
	// ECE is the expected calibration error of the predictions' probabilities
	// (CalibrationBins bins), and Reliability its table; both are empty
	// when no prediction was added with its probability.
	ECE         float64 `json:"ece"`
	Reliability []Bin   `json:"reliability,omitempty"`
}

// A LabelReport holds the scores of one label. Precision is 0 when the
// label was never predicted, recall 0 when it has no documents, F1 0 when
// both are 0.
type LabelReport struct {
	Label     string  `json:"label"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`   // documents with this label
	Predicted int     `json:"predicted"` // documents predicted as this label
}

// Report computes the scores. Labels are every true or predicted label
// except Unknown (which counts as a wrong prediction), in byte order.
func (cf *Confusion) Report() Report {
	var names []string
	unknown := false
	for _, l := range cf.labels {
		if l == Unknown {
			unknown = true
			continue
		}
		names = append(names, l)
	}
	slices.Sort(names)
	if unknown {
		names = append(names, Unknown)
	}
	pos := make(map[string]int, len(names))
	for i, l := range names {
		pos[l] = i
	}
	r := Report{Names: names, Matrix: make([][]int, len(names))}
	for i := range r.Matrix {
		r.Matrix[i] = make([]int, len(names))
	}
	for k, n := range cf.counts {
		t, p := pos[cf.labels[k[0]]], pos[cf.labels[k[1]]]
		r.Matrix[t][p] += n
		r.Documents += n
		if t == p && names[t] != Unknown {
			r.Correct += n
		}
	}
	if r.Documents > 0 {
		r.Accuracy = float64(r.Correct) / float64(r.Documents)
	}
	for i, l := range names {
		if l == Unknown {
			continue
		}
		lr := LabelReport{Label: l}
		for j := range names {
			lr.Support += r.Matrix[i][j]
			lr.Predicted += r.Matrix[j][i]
		}
		tp := float64(r.Matrix[i][i])
		if lr.Predicted > 0 {
			lr.Precision = tp / float64(lr.Predicted)
		}
		if lr.Support > 0 {
			lr.Recall = tp / float64(lr.Support)
		}
		if lr.Precision+lr.Recall > 0 {
			lr.F1 = 2 * lr.Precision * lr.Recall / (lr.Precision + lr.Recall)
		}
		r.Labels = append(r.Labels, lr)
		r.MacroF1 += lr.F1
	}
	if len(r.Labels) > 0 {
		r.MacroF1 /= float64(len(r.Labels))
	}
	if cf.probs > 0 {
		r.ECE = cf.cal.ECE()
		r.Reliability = cf.cal.Bins()
	}
	return r
}
