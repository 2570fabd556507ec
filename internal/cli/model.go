package cli

import (
	"fmt"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/models"
)

// loadModel loads the topic model at path, grouped or not, or the
// embedded default model when path is empty.
func loadModel(path string) (classify.Classifier, error) {
	if path == "" {
		return models.Default()
	}
	return classify.LoadClassifierFile(path)
}

// loadTopics is loadModel for analyze, which scores the passages of a
// page apart and adds their scores: a grouped model cannot, since it
// picks a group from the whole text.
func loadTopics(path string) (analyze.Topics, error) {
	m, err := loadModel(path)
	if err != nil {
		return nil, err
	}
	flat, ok := m.(*classify.Model)
	if !ok {
		return nil, fmt.Errorf("%s: a grouped model (trained with --group-field) cannot score the parts of a page; analyze needs a model without groups", path)
	}
	return flat, nil
}
