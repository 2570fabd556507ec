package classify

import (
	"fmt"
	"io"
	"os"
)

// A Classifier labels texts: a *Model, or a *GroupedModel. It is what a
// program that classifies any model file needs (LoadClassifierFile);
// scoring the parts of a text apart and adding their scores (AddScores)
// needs a *Model.
type Classifier interface {
	// Labels returns the labels in their order in every per-label slice.
	Labels() []string
	// Groups returns a grouped model's groups, or nil for a Model.
	Groups() []string
	Options() Options
	Version() string
	Vocabulary() (words, bigrams int)
	LabelCounts() []LabelCount
	CV() *CVReport
	// Classify is safe for concurrent use.
	Classify(text string) Prediction
	LogLikelihoods(text string) ([]float64, int)
	Top(probs []float64, k int) []LabelProb
	NewScorer() *Scorer
	MarshalBinary() ([]byte, error)
	WriteTo(w io.Writer) (int64, error)
	WriteFile(path string) error
}

var (
	_ Classifier = (*Model)(nil)
	_ Classifier = (*GroupedModel)(nil)
)

// A GroupedModel is a model per group of training documents and a router
// that picks the group of a new text (see Grouped models in group.go). It
// classifies whole texts only: its scores are those of one group, chosen
// from the whole text, so the scores of a text's parts do not add up, and
// it has no AddScores. It comes from LoadClassifier (a format-2 file) or
// Trainer.GroupedModel. A GroupedModel is safe for concurrent use; its zero
// value has no labels and classifies every text as Unknown.
type GroupedModel struct {
	m *Model // with router and groups
}

// model returns g's model, or an empty one for the zero GroupedModel.
func (g *GroupedModel) model() *Model {
	if g == nil || g.m == nil {
		return &Model{}
	}
	return g.m
}

// Labels returns the labels of all groups, sorted by bytes, in their order
// in every per-label slice. The caller must not change the slice.
func (g *GroupedModel) Labels() []string { return g.model().Labels() }

// Groups returns the groups in byte order. The caller must not change the
// slice.
func (g *GroupedModel) Groups() []string { return g.model().Groups() }

// Options returns the options the groups' models were trained with.
func (g *GroupedModel) Options() Options { return g.model().Options() }

// Version returns the version of khabar that trained the model.
func (g *GroupedModel) Version() string { return g.model().Version() }

// Vocabulary returns the number of word and bigram features, summed over
// the groups.
func (g *GroupedModel) Vocabulary() (words, bigrams int) { return g.model().Vocabulary() }

// LabelCounts returns the documents, tokens and distinct features of each
// label, summed over the groups, in Labels order.
func (g *GroupedModel) LabelCounts() []LabelCount { return g.model().LabelCounts() }

// CV returns the cross-validation that calibrated the groups, or nil.
func (g *GroupedModel) CV() *CVReport { return g.model().CV() }

// Classify returns the prediction for text by the model of its group;
// labels the group never saw get probability 0. It is safe for concurrent
// use.
func (g *GroupedModel) Classify(text string) Prediction { return g.model().Classify(text) }

// LogLikelihoods returns the log-likelihoods of text under its group's
// model (-Inf for the labels the group does not have) in a new slice, and
// the number of known features.
func (g *GroupedModel) LogLikelihoods(text string) ([]float64, int) {
	return g.model().LogLikelihoods(text)
}

// Top returns the k most probable labels of probs (in Labels order).
func (g *GroupedModel) Top(probs []float64, k int) []LabelProb { return g.model().Top(probs, k) }

// NewScorer returns a Scorer for g.
func (g *GroupedModel) NewScorer() *Scorer { return g.model().NewScorer() }

// MarshalBinary returns the model file (format 2).
func (g *GroupedModel) MarshalBinary() ([]byte, error) { return g.model().MarshalBinary() }

// WriteTo writes the model file to w.
func (g *GroupedModel) WriteTo(w io.Writer) (int64, error) { return g.model().WriteTo(w) }

// WriteFile writes the model file to path, through a temporary file.
func (g *GroupedModel) WriteFile(path string) error { return g.model().WriteFile(path) }

// Equal reports whether g and o hold the same counts and options.
func (g *GroupedModel) Equal(o *GroupedModel) bool { return g.model().Equal(o.model()) }

// classifier returns m as the Classifier it is.
func classifier(m *Model) Classifier {
	if m.router != nil {
		return &GroupedModel{m}
	}
	return m
}

// LoadClassifier decodes a model file of any kind: a *Model, or a
// *GroupedModel for a grouped model's file (format 2). Like Load, it never
// panics, and keeps data, which the caller must not change afterwards.
func LoadClassifier(name string, data []byte) (Classifier, error) {
	m, err := decode(data)
	if err != nil {
		return nil, &LoadError{Name: name, Err: err}
	}
	return classifier(m), nil
}

// ReadClassifier is LoadClassifier for a model file read from r (see
// ReadModel).
func ReadClassifier(name string, r io.Reader) (Classifier, error) {
	data, err := readModel(r)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", name, unwrapPathError(err))
	}
	return LoadClassifier(name, data)
}

// LoadClassifierFile is LoadClassifier for the model file at path.
func LoadClassifierFile(path string) (Classifier, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("classify: %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	return ReadClassifier(path, f)
}

// GroupedModel freezes the counts of a grouped Trainer (AddGrouped) into a
// GroupedModel; it returns an error wrapping ErrGrouped for a Trainer of
// ungrouped documents, whose model is Model.
func (t *Trainer) GroupedModel() (*GroupedModel, error) {
	t.init()
	if t.router == nil {
		return nil, fmt.Errorf("classify: the Trainer holds no grouped documents (%w): use Model", ErrGrouped)
	}
	m, err := t.groupedModel()
	if err != nil {
		return nil, err
	}
	return &GroupedModel{m}, nil
}

// Classifier freezes the counts so far into the model they make: a
// *GroupedModel for grouped documents, else a *Model.
func (t *Trainer) Classifier() (Classifier, error) {
	t.init()
	if t.router != nil {
		g, err := t.GroupedModel()
		if err != nil {
			return nil, err
		}
		return g, nil
	}
	m, err := t.Model()
	if err != nil {
		return nil, err // not a nil *Model in a non-nil Classifier
	}
	return m, nil
}
