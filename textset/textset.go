// Package textset names khabar's text pipeline for programs outside this
// module: the Settings that every model and signature stores, the
// normalization Steps they can skip, and the Pipeline they make. The
// pipeline itself lives in an internal package; these are type aliases of
// its types and copies of its constants, so a value made here is the very
// value dedup.Options.Text, dedup.Spec.Text and classify.Options.Text hold,
// and Model.Pipeline returns.
//
// The pipeline runs these steps in this order:
//
//  1. normalize (every Step unless skipped)
//  2. tokenize: runs of letters, digits and combining marks
//  3. drop stop words (optional, Settings.StopWords)
//  4. light stemming (optional, Settings.Stem; Larkey's light10)
package textset

import "github.com/khabar-nlp/khabar/internal/text"

// Settings describes the whole text pipeline:
//
//	type Settings struct {
//		Skip      Steps // the normalization steps to leave out
//		StopWords bool  // remove the Arabic stop words
//		Stem      bool  // apply the light10 stemmer to every token
//	}
//
// The zero value is the default pipeline: every normalization step on, no
// stop-word removal, no stemming. String returns its canonical form, as
// stored in model and signature files ("text/1 norm=nfkc,... stop=off
// stem=off"); two Settings produce the same tokens exactly when their
// Strings are equal. Steps returns the steps that are on.
type Settings = text.Settings

// Steps is a set of normalization steps, as a bit mask. String lists them
// by name in pipeline order ("nfkc,harakat"), or "none".
type Steps = text.Steps

// The normalization steps, in the order the pipeline applies them.
const (
	StepNFKC       = text.StepNFKC       // Unicode NFKC: folds presentation forms such as ﻻ, full-width letters, no-break spaces
	StepHarakat    = text.StepHarakat    // remove harakat U+064B–U+065F and superscript alef U+0670
	StepTatweel    = text.StepTatweel    // remove tatweel U+0640
	StepAlef       = text.StepAlef       // fold آ أ إ ٱ to ا
	StepYeh        = text.StepYeh        // fold alef maksura ى to ي
	StepTehMarbuta = text.StepTehMarbuta // fold teh marbuta ة to ه
	StepDigits     = text.StepDigits     // Arabic-Indic and Persian digits to ASCII 0-9
	StepControls   = text.StepControls   // remove zero-width and bidi controls, soft hyphen, BOM
	StepSpaces     = text.StepSpaces     // no-break and other fixed-width spaces to U+0020
	StepLower      = text.StepLower      // lower-case Latin letters

	// AllSteps is every normalization step.
	AllSteps = text.AllSteps
)

// ErrSettings is returned by ParseSettings for a malformed settings string.
var ErrSettings = text.ErrSettings

// ParseSettings parses the output of Settings.String.
func ParseSettings(s string) (Settings, error) { return text.ParseSettings(s) }

// ParseSteps parses a comma-separated list of step names ("nfkc,harakat"),
// "all" or "none", as the command line's --skip flag takes it.
func ParseSteps(list string) (Steps, error) { return text.ParseSteps(list) }

// A Pipeline turns raw text into normalized text and tokens according to
// one Settings value. Its methods:
//
//	Settings() Settings                        the settings it was made with
//	Normalize(s string) string                 normalized text, always valid UTF-8
//	AppendNormalized(dst []byte, s string) []byte
//	Tokens(s string) []string                  tokens as new strings
//	NewTokenizer() *Tokenizer                  buffers for a hot loop
//
// A Pipeline is immutable and safe for concurrent use.
type Pipeline = text.Pipeline

// A Tokenizer holds the buffers for tokenizing one text after another with
// one Pipeline: Tokens(s string) [][]byte returns the tokens of s, valid
// until the next call. It is not safe for concurrent use: give each
// goroutine its own.
type Tokenizer = text.Tokenizer

// New returns the pipeline for s.
func New(s Settings) *Pipeline { return text.New(s) }
