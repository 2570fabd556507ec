package cli

import (
	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/models"
)

// loadModel loads the topic model at path, or the embedded default model
// when path is empty.
func loadModel(path string) (*classify.Model, error) {
	if path == "" {
		return models.Default()
	}
	return classify.LoadFile(path)
}

// loadTopics is loadModel for analyze.
func loadTopics(path string) (analyze.Topics, error) {
	m, err := loadModel(path)
	if err != nil {
		return nil, err
	}
	return m, nil
}
