// Package classify labels Arabic news text by topic with a naive Bayes
// model trained from labeled documents.
//
// One file per role:
//
//   - features.go: a text's features are the tokens of the text pipeline
//     and, optionally, hashed pairs of adjacent tokens;
//   - train.go: a Trainer counts the features of labeled documents in a
//     github.com/jbrukh/bayesian classifier (the counting engine), and
//     counts documents per label itself;
//   - model.go: Trainer.Model freezes the counts into a Model, which is
//     saved to and loaded from a versioned, checksummed file;
//   - score.go: a Model is compiled into a dense table (feature row → one
//     log-probability per label) that scores text without locks, so that
//     one Model serves any number of goroutines;
//   - group.go: grouped models, one model per group of training documents
//     (such as the outlet) and a router over character n-grams that picks
//     a text's group;
//   - eval.go: accuracy, macro-F1, per-label precision, recall and F1, and
//     a confusion matrix; stable folds for cross-validation;
//   - docs.go: the Trainer keeps each document as feature ids and counts,
//     for the transforms of Rennie et al. 2003 (log tf, idf, length
//     normalization) and for cross-validation without tokenizing again;
//   - calibrate.go: a temperature fitted by cross-validation makes the
//     probabilities calibrated; expected calibration error and
//     reliability tables;
//   - autotune.go: the options chosen by cross-validation on the training
//     documents, reusing counts across folds and settings.
//
// The bayesian library stores the word counts of models without the
// per-document transforms (the Trainer gives it one Observe per word and
// label); n-grams are counted by hash, and transformed weights summed, by
// this package. Scores are computed from them
// by this package (and proven equal to the library's LogScores where the
// two agree, see TestTableEqualsLogScores). Used raw, the library gives
// wrong answers on news text; this package keeps each of its pitfalls from
// reaching the user (pitfalls_test.go reproduces them):
//
//  1. It smooths with each label's own vocabulary and scores words never
//     seen in training. Here only words of the training vocabulary are
//     scored, with Lidstone smoothing (Options.Alpha) over the global
//     vocabulary.
//  2. Its priors come from token counts. Here they come from document
//     counts (or are uniform, Options.UniformPriors).
//  3. Its probabilities underflow to uniform on article-length text. Here
//     scores stay in the log domain and become probabilities through a
//     numerically stable softmax.
//  4. Its TF-IDF mode does not give probabilities. It is never used.
//  5. Training and classifying at the same time races. Here a Trainer is
//     frozen into an immutable Model, which is safe for concurrent use.
//  6. Its gob files have no version, are not byte-stable, and use labels as
//     paths. Models are saved in this package's own format.
//  7. Learning an unknown label panics. Labels are validated first and
//     added to the engine before the first document that uses them.
//
// The text pipeline's settings (text.Settings) are stored in every model
// and used again when it classifies, so that training and classification
// always see the same tokens.
package classify

import (
	"errors"
	"fmt"

	"github.com/khabar-nlp/khabar/textset"
)

// Unknown is the label given to a text that has no feature known to the
// model (an empty text, or one in another language), and by the command
// line to predictions below its --min-prob. It cannot be a training label.
const Unknown = "unknown"

// Options configure training. The zero value is a multinomial naive Bayes
// over words with Laplace smoothing (alpha 1) and document priors, on the
// default text pipeline.
type Options struct {
	// Text is the text pipeline; it is stored in the model.
	Text textset.Settings
	// Alpha is the Lidstone smoothing constant added to every feature
	// count; 0 means 1 (Laplace smoothing). It must not be negative.
	Alpha float64
	// Complement scores with complement naive Bayes (Rennie et al. 2003):
	// each label is scored by how badly the word distribution of all the
	// other labels explains the text. It is more robust when label sizes
	// differ; its probabilities are a softmax of those scores.
	Complement bool
	// UniformPriors gives every label the same prior instead of its share
	// of the training documents.
	UniformPriors bool
	// Bigrams adds a feature for each pair of adjacent tokens, stored as
	// the xxhash64 of "FIRST SECOND"; it is NGrams 2 (either may be set).
	Bigrams bool
	// NGrams adds, for n from 2 to NGrams (at most 3), a feature for each
	// run of n adjacent tokens, stored as the xxhash64 of the tokens
	// joined by single spaces. 0 and 1 mean words only. N-grams are
	// counted by hash, not in the engine's string maps, so that they cost
	// little training time; use MinCount to keep the model small.
	NGrams int
	// MinCount drops features seen fewer than MinCount times in all the
	// training documents when the model is frozen; 0 or 1 keeps them all.
	// A model trained further keeps only the counts its file holds.
	MinCount int

	// The transforms of Rennie et al. 2003 ("Tackling the poor assumptions
	// of naive Bayes text classifiers"), applied to each document's
	// feature counts before they are summed per label, and to a text's
	// counts when it is scored (see Transforms in docs.go).
	//
	// TF transforms a feature's count in a document.
	TF TF
	// IDF multiplies each feature's weight by its smoothed inverse
	// document frequency, ln((1+N)/(1+df)) + 1 (scikit-learn's).
	IDF bool
	// LengthNorm divides each document's weights by their Euclidean norm.
	LengthNorm bool
	// WeightNorm divides each label's scoring weights by the sum of their
	// absolute values (Rennie's weight normalization; with Complement it
	// is TWCNB).
	WeightNorm bool

	// Temperature divides the scores before the softmax that makes them
	// probabilities; 0 means 1. Trainer.Calibrate fits it by
	// cross-validation so that the probabilities are calibrated; it does
	// not change which label is the most probable.
	Temperature float64

	// Learner makes the scoring table from the counts: naive Bayes
	// (LearnerNB, the zero value) or NBSVM (LearnerNBSVM, linear.go),
	// which needs a per-document transform (TF, IDF or LengthNorm).
	Learner Learner
	// SVMCost is the cost C of the NBSVM learner's SVMs; 0 means 1.
	SVMCost float64

	// chars marks a grouped model's router, whose features are character
	// n-grams of the raw text (group.go).
	chars bool
}

// TF is how a feature's count in a document is transformed.
type TF uint8

const (
	TFRaw       TF = iota // the count itself
	TFLog                 // log(1 + count) (Rennie et al. 2003)
	TFSublinear           // 1 + log(count) (scikit-learn's sublinear_tf)
)

var tfNames = [...]string{TFRaw: "raw", TFLog: "log", TFSublinear: "sublinear"}

// String returns "raw", "log" or "sublinear".
func (t TF) String() string {
	if int(t) < len(tfNames) {
		return tfNames[t]
	}
	return fmt.Sprintf("TF(%d)", t)
}

// ParseTF returns the TF named s ("raw", "log" or "sublinear").
func ParseTF(s string) (TF, error) {
	for i, n := range tfNames {
		if n == s {
			return TF(i), nil
		}
	}
	return 0, fmt.Errorf("classify: tf %q (want raw, log or sublinear)", s)
}

// canonical returns opts with Bigrams and NGrams agreeing: NGrams 0
// for words only, Bigrams set for NGrams 2 and 3.
func (o Options) canonical() Options {
	n := o.ngrams()
	o.Bigrams = n >= 2
	o.NGrams = 0
	if n >= 2 {
		o.NGrams = n
	}
	return o
}

// ngrams returns the longest n-gram, 1 for words only.
func (o Options) ngrams() int {
	n := max(o.NGrams, 1)
	if o.Bigrams {
		n = max(n, 2)
	}
	return n
}

// perDocument reports whether the options transform each document's
// counts, so that the counts of a label are no longer sums of integers.
func (o Options) perDocument() bool { return o.TF != TFRaw || o.IDF || o.LengthNorm }

// temperature returns the temperature with its default.
func (o Options) temperature() float64 {
	if o.Temperature == 0 {
		return 1
	}
	return o.Temperature
}

// alpha returns the smoothing constant with its default.
func (o Options) alpha() float64 {
	if o.Alpha == 0 {
		return 1
	}
	return o.Alpha
}

// Errors returned by training and model loading. Load errors wrap
// ErrNotModel, ErrChecksum, ErrNewer, ErrPipeline, ErrMalformed or
// ErrGrouped in a *LoadError that names the model. ErrGrouped is also
// returned where a Model is asked of a Trainer of grouped documents, or a
// GroupedModel of one without.
var (
	ErrTooFewLabels = errors.New("classify: need documents of at least two labels to train")
	ErrEmptyLabel   = errors.New("classify: empty label")
	ErrBadLabel     = errors.New("classify: bad label")
	ErrAlpha        = errors.New("classify: alpha must be a positive number")
	ErrMismatch     = errors.New("classify: models differ")
	ErrNGrams       = errors.New("classify: n-grams must be 0 to 3")
	ErrTemperature  = errors.New("classify: temperature must be a positive number")
	// ErrTooFewToCalibrate: Calibrate needs two documents per fold.
	ErrTooFewToCalibrate = errors.New("classify: too few documents to calibrate")

	ErrNotModel  = errors.New("not a khabar model")
	ErrChecksum  = errors.New("is corrupt (checksum)")
	ErrNewer     = errors.New("is newer than this program")
	ErrMalformed = errors.New("malformed model")
	ErrPipeline  = errors.New("text pipeline unknown to this program:")
	ErrGrouped   = errors.New("grouped model (trained with groups)")
)
