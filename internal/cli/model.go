package cli

import (
	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/analyze"
	"github.com/khabar-nlp/khabar/models"
)

// loadTopics loads the topic model at path, or the embedded default model
// when path is empty.
func loadTopics(path string) (analyze.Topics, error) {
	var m *classify.Model
	var err error
	if path == "" {
		m, err = models.Default()
	} else {
		m, err = classify.LoadFile(path)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}
