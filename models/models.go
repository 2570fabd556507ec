// Package models holds khabar's default topic model, embedded in the
// binary, and the recipe that rebuilds it from hand-labeled articles of the
// shared corpora:
//
//	KHABAR_DATA=../shared/data go generate ./models
//
// labels.tsv lists the articles by corpus and id with the label a reader
// gave each after reading it against ../shared/TOPICS.md (LABELS.md says
// how); no article text is kept in the project. The labels are
// isis-resurgence, explosion-investigation, crime and other. The seed
// pages are not among the training articles: they are the model's test.
package models

//go:generate go run ./gen -o default.khm

import (
	_ "embed"
	"sync"

	"github.com/khabar-nlp/khabar/classify"
)

// DefaultFile is the default model file, as written by "go generate".
//
//go:embed default.khm
var DefaultFile []byte

//go:embed labels.tsv
var labelsTSV []byte

var (
	defaultOnce  sync.Once
	defaultModel *classify.Model
	defaultErr   error
)

// Default returns the embedded default model, loaded once.
func Default() (*classify.Model, error) {
	defaultOnce.Do(func() {
		defaultModel, defaultErr = classify.Load("default model", DefaultFile)
	})
	return defaultModel, defaultErr
}
