// Package text is khabar's text pipeline: the one place where raw Arabic
// news text becomes normalized text, tokens and passages. Both dedup and
// classify use it, and every model and signature file stores the Settings
// it was made with, so that text processed two different ways is never
// mixed silently.
//
// The pipeline runs these steps in this order:
//
//  1. normalize (see Steps; each step can be switched off)
//  2. tokenize: runs of letters, digits and combining marks
//  3. drop stop words (optional, Settings.StopWords)
//  4. light stemming (optional, Settings.Stem; Larkey's light10)
package text

import (
	"errors"
	"fmt"
	"strings"
)

// Steps is a set of normalization steps, as a bit mask.
type Steps uint16

// The normalization steps, in the order the pipeline applies them.
const (
	StepNFKC       Steps = 1 << iota // Unicode NFKC: folds presentation forms such as ﻻ, full-width letters, no-break spaces
	StepHarakat                      // remove harakat U+064B–U+065F and superscript alef U+0670
	StepTatweel                      // remove tatweel U+0640
	StepAlef                         // fold آ أ إ ٱ to ا
	StepYeh                          // fold alef maksura ى to ي
	StepTehMarbuta                   // fold teh marbuta ة to ه
	StepDigits                       // Arabic-Indic and Persian digits to ASCII 0-9
	StepControls                     // remove zero-width and bidi controls, soft hyphen, BOM
	StepSpaces                       // no-break and other fixed-width spaces to U+0020
	StepLower                        // lower-case Latin letters

	// AllSteps is every normalization step.
	AllSteps = StepNFKC | StepHarakat | StepTatweel | StepAlef | StepYeh | StepTehMarbuta |
		StepDigits | StepControls | StepSpaces | StepLower
)

// stepNames lists the steps in pipeline order with the names used in
// settings strings and on the command line.
var stepNames = []struct {
	step Steps
	name string
}{
	{StepNFKC, "nfkc"},
	{StepHarakat, "harakat"},
	{StepTatweel, "tatweel"},
	{StepAlef, "alef"},
	{StepYeh, "yeh"},
	{StepTehMarbuta, "teh"},
	{StepDigits, "digits"},
	{StepControls, "controls"},
	{StepSpaces, "spaces"},
	{StepLower, "lower"},
}

// String returns the steps as a comma-separated list of names in pipeline
// order, or "none".
func (s Steps) String() string {
	var names []string
	for _, sn := range stepNames {
		if s&sn.step != 0 {
			names = append(names, sn.name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ",")
}

// ParseSteps parses a comma-separated list of step names ("nfkc,harakat"),
// "all" or "none".
func ParseSteps(list string) (Steps, error) {
	list = strings.TrimSpace(list)
	switch list {
	case "", "none":
		return 0, nil
	case "all":
		return AllSteps, nil
	}
	var s Steps
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		found := false
		for _, sn := range stepNames {
			if sn.name == name {
				s |= sn.step
				found = true
				break
			}
		}
		if !found {
			return 0, fmt.Errorf("text: unknown normalization step %q (want one of %s)", name, AllSteps)
		}
	}
	return s, nil
}

// Settings describes the whole text pipeline. The zero value is the default
// pipeline: every normalization step on, no stop-word removal, no stemming.
type Settings struct {
	// Skip lists the normalization steps to leave out.
	Skip Steps
	// StopWords removes the Arabic stop words of StopWordList.
	StopWords bool
	// Stem applies the light10 stemmer to every token.
	Stem bool
}

// settingsVersion names the tokenizer and stemmer rules. It changes when a
// rule changes in a way that gives different tokens for the same settings,
// so that models and signatures made with the old rules are refused.
const settingsVersion = "text/1"

// Steps returns the normalization steps that are on.
func (s Settings) Steps() Steps { return AllSteps &^ s.Skip }

// String returns the canonical form of s, as stored in model and signature
// files, for example "text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off stem=off".
// Two Settings produce the same tokens exactly when their strings are equal.
func (s Settings) String() string {
	onoff := func(b bool, on string) string {
		if b {
			return on
		}
		return "off"
	}
	return fmt.Sprintf("%s norm=%s stop=%s stem=%s", settingsVersion, s.Steps(), onoff(s.StopWords, "ar"), onoff(s.Stem, "light10"))
}

// ErrSettings is returned by ParseSettings for a malformed settings string.
var ErrSettings = errors.New("text: malformed pipeline settings")

// ParseSettings parses the output of Settings.String.
func ParseSettings(str string) (Settings, error) {
	fields := strings.Fields(str)
	if len(fields) != 4 {
		return Settings{}, fmt.Errorf("%w: %q", ErrSettings, str)
	}
	if fields[0] != settingsVersion {
		return Settings{}, fmt.Errorf("%w: pipeline version %q (this program has %s)", ErrSettings, fields[0], settingsVersion)
	}
	var s Settings
	for _, f := range fields[1:] {
		key, val, ok := strings.Cut(f, "=")
		if !ok {
			return Settings{}, fmt.Errorf("%w: %q", ErrSettings, str)
		}
		switch {
		case key == "norm":
			steps, err := ParseSteps(val)
			if err != nil {
				return Settings{}, err
			}
			s.Skip = AllSteps &^ steps
		case key == "stop" && (val == "ar" || val == "off"):
			s.StopWords = val == "ar"
		case key == "stem" && (val == "light10" || val == "off"):
			s.Stem = val == "light10"
		default:
			return Settings{}, fmt.Errorf("%w: %q", ErrSettings, str)
		}
	}
	if s.String() != str {
		return Settings{}, fmt.Errorf("%w: %q is not canonical", ErrSettings, str)
	}
	return s, nil
}
