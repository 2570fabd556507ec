package analyze

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A unit is one passage of a page as the segmenter sees it. Units of every
// page are kept from the first pass to the second, so the struct is kept
// small.
type unit struct {
	line, endLine int
	tokens        int32 // tokens the topic model scored
	words         int32 // tokens of the text pipeline, known to the model or not
	// recurs is, for a passage made boilerplate by recurrence, the number
	// of pages holding it (0: a marker, or not boilerplate).
	recurs int32
	// content is false for boilerplate and for later copies of a duplicated
	// passage: they neither count for the topic nor make an article.
	content bool
	boiler  bool
	// opensCaption is true for the first line of a repeated caption (a
	// passage followed by its own copy), which often opens a new article.
	opensCaption bool
	// endsSentence is true when the passage ends with sentence-final
	// punctuation (. ! ? ؟ …), as body paragraphs do and titles do not.
	endsSentence bool
	// echoed is true when a passage soon after this one contains it (a
	// caption or intertitle made of the first words of a paragraph).
	echoed bool
	// cues are the passage's lead cues (cueContinues ...), read from its
	// raw text by passageCues.
	cues uint8
	// cos is the lexical cohesion across the gap before this unit: the
	// cosine similarity of the content words of the window before and the
	// window after (see cohesion.go); 1 when either window is empty.
	// allCos is the same with all the content words of the page before
	// the gap.
	cos, allCos float32
	// wideCos is the cohesion across the gap over wider windows (about
	// wideWindow tokens on each side).
	wideCos float32
}

// reason says why a boilerplate unit is boilerplate.
func (u *unit) reason() string {
	if u.recurs > 0 {
		return "recurs in " + itoa(int(u.recurs)) + " pages"
	}
	return "site marker"
}

// Boundary features
//
// Every gap before a unit that could open an article (a unit with words
// that is neither boilerplate nor a later copy, after the first unit) gets
// a feature vector; each feature is one piece of evidence, measured on its
// own, and none looks at labels:
//
//	FeatBias        always 1
//	FeatBoilerEnd   1 if the unit before the gap is boilerplate (a marker or a
//	                line recurring across pages): the gap ends a block of
//	                site furniture
//	FeatCaption     1 if the unit after the gap is followed by its own copy
//	                (a caption or headline printed twice opens new text)
//	FeatTitle       1 if the unit after the gap is title-like: at most
//	                titleLongWords words, no sentence-final punctuation
//	                but ? or !, and followed by a unit at least half as long
//	                again with at least titleLeadWords words (a lead
//	                paragraph)
//	FeatTitleNext   FeatTitle of the unit after that (a section line before
//	                a title)
//	FeatPrevEnds    1 if the content unit before the gap ends a sentence
//	FeatShort       1 if the unit after the gap has at most titleMaxWords
//	                words
//	FeatCohesion    1 − cos: the drop in lexical cohesion (TextTiling, Hearst
//	                1997; C99, Choi 2000) between the content words of about
//	                cohesionWindow tokens on each side of the gap
//	FeatDepth       the TextTiling depth of that similarity: how far it lies
//	                below the highest similarity of the depthReach gaps on
//	                each side, summed over both sides
//	FeatTopic       the topic model's log-likelihood shift: the gain, in nats
//	                per token, of scoring the windows of topicWindow tokens
//	                on each side with their own best labels rather than one
//	                label for both, capped at topicCap (a signal, not a gate:
//	                it is 0 when both sides prefer the same label)
//	FeatTitleCohesion  FeatTitle × FeatCohesion: a title that opens new words
//	FeatShortCohesion  FeatShort × FeatCohesion
//	FeatPageCohesion   1 − the cosine similarity of the window after the gap
//	                with all the content words of the page before it
//	FeatPrevShort   1 if the content unit before the gap is short and ends
//	                no sentence (the gap is inside a run of short lines, such
//	                as a list of related headlines)
//	FeatShortRun    the short content units right after the unit after the
//	                gap, before a longer one, over 3 (at most 1)
//	FeatEchoed      1 if a passage at most echoReach units after the unit
//	                after the gap contains it, or the next passage starts
//	                with its words (a caption or intertitle made of the
//	                first words of a paragraph)
//	FeatContinues   1 if the first long passage (over titleMaxWords words)
//	                at or after the gap, within leadReach passages, starts
//	                with a connective (see "Lead cues"): it goes on with a
//	                story rather than opening one
//	FeatDateline    1 if one of the leadReach passages from the gap has a
//	                dateline, an agency credit or a byline
//	FeatDay         1 if that first long passage names the day in its first
//	                words, as leads do
//	FeatTitleFresh  FeatTitle × (1 − FeatContinues): a title followed by a
//	                paragraph that opens a story
//	FeatBoilerNear  1 if a boilerplate block ends at most leadReach units
//	                before the gap with only short content units (related
//	                headlines) between it and the gap: the furniture may end
//	                an article whose next one opens after a list of links
//	FeatFreshLead   1 if the unit after the gap is long (over titleMaxWords
//	                words), does not start with a connective, and the content
//	                unit before the gap ends a sentence: an untitled lead
//	FeatFreshDay    FeatFreshLead × FeatDay
//	FeatBoilerFresh FeatBoilerEnd × (1 − FeatContinues)
//	FeatTitleLoose  1 if the unit after the gap is short (at most
//	                titleLongWords words) and ends no sentence (but with ?
//	                or !), and the first long unit after it, past at most
//	                two short ones, does not start with a connective: a
//	                title whatever the length of its lead
//	FeatBoilerAfterBody  FeatBoilerEnd, when the content unit before the
//	                boilerplate block is a paragraph (over titleMaxWords
//	                words) that ends a sentence: furniture after a body,
//	                not a stock caption between a title and its lead
//
// Added in December 2026 for long structured articles (interviews, laws,
// lists, dossiers with section headings), which real pages hold and which
// were cut at their own structure:
//
//	FeatItem        1 if the unit after the gap opens with an item marker
//	                (see "Lead cues": 1-, (3), أولا:, المادة, a bullet)
//	FeatItemRun     FeatItem, when a content unit before the gap (after the
//	                page's first) opened with one too: a list goes on
//	FeatQuestion    1 if the unit after the gap is a question (ends with ?
//	                or ؟, or opens with س:)
//	FeatQuestionRun FeatQuestion, when a content unit before the gap
//	                (after the page's first) was a question too: an
//	                interview goes on
//	FeatColon       1 if the content unit before the gap ends with a
//	                colon: it announces what follows (a list, a quote, a
//	                text)
//	FeatColonNext   1 if the unit after the gap ends with a colon (it
//	                announces a quote or a list, as a lead seldom does)
//	FeatWideCohesion 1 − the cosine similarity of the content words of
//	                about wideWindow tokens on each side of the gap (at
//	                most wideUnits passages): a section of a long article
//	                keeps the words of the sections around it

// The combiner (Weights) is a logistic model over these features. Its
// weights are fitted on generated pages (package pagegen), never on the
// seeds.
const (
	FeatBias = iota
	FeatBoilerEnd
	FeatCaption
	FeatTitle
	FeatTitleNext
	FeatPrevEnds
	FeatShort
	FeatCohesion
	FeatDepth
	FeatTopic
	FeatTitleCohesion
	FeatShortCohesion
	FeatPageCohesion
	FeatPrevShort
	FeatShortRun
	FeatEchoed
	FeatContinues
	FeatDateline
	FeatDay
	FeatTitleFresh
	FeatBoilerAfterBody
	FeatBoilerNear
	FeatFreshLead
	FeatFreshDay
	FeatBoilerFresh
	FeatTitleLoose
	FeatItem
	FeatItemRun
	FeatQuestion
	FeatQuestionRun
	FeatColon
	FeatWideCohesion
	FeatColonNext
	NumFeatures
)

// FeatureNames are the names of the features, in order.
var FeatureNames = [NumFeatures]string{"bias", "boiler-end", "caption", "title", "title-next", "prev-ends", "short", "cohesion", "depth", "topic", "title×cohesion", "short×cohesion", "page-cohesion", "prev-short", "short-run", "echoed", "continues", "dateline", "day", "title×fresh", "boiler-after-body", "boiler-near", "fresh-lead", "fresh×day", "boiler×fresh", "title-loose", "item", "item-run", "question", "question-run", "colon", "wide-cohesion", "colon-next"}

const (
	titleMaxWords = 12
	// titleLongWords bounds the words of a title-like line (FeatTitle):
	// one title in ten has more than titleMaxWords.
	titleLongWords = 15
	titleLeadWords = 15
	cohesionWindow = 120
	wideWindow     = 400
	wideUnits      = 40
	topicWindow    = 80
	topicCap       = 2.0
	depthReach     = 3
	// windowUnits bounds the passages a window looks at, so that a page
	// of copies costs linear time.
	windowUnits = 12
	echoReach   = 3
	leadReach   = 3
)

// Weights are the coefficients of the logistic boundary model: a gap with
// features f is a boundary candidate when Σ W[k]·f[k] > 0, that is when
// the modelled probability of a boundary is over one half.
type Weights [NumFeatures]float64

// DefaultWeights were fitted by "bash bench/pages.sh fit"
// (pagegen.FitWeights on every article of models/labels.tsv, seed 1): a
// logistic regression on the gaps of pages generated from half of the
// labeled articles (up to 3,000 pages asked, each article on at most
// pagegen.MaxUses pages; refitted in December 2026 on the 3,822 labels of
// issue 12 with the lead cues, the interaction features and the boosted
// trees, DefaultTrees, fitted with them; refitted again in December 2026
// with the structure features, on pages with structured articles), with features from a topic model
// trained on the other half, so that the topic feature is as weak as on
// unseen text; the bias holds the cut-off that gave those pages the best
// boundary F1. Never fitted on the seeds. Refit (both) after the label
// file or a feature changes.
var DefaultWeights = Weights{-21.42, 2.979, 2.191, -1.231, 0.773, 0.29, -0.157, 7.696, 6.878, 2.444, 1.752, 1.938, 6.092, -1.277, -1.555, -0.24, -2.007, 1.714, 0.878, 1.075, 0.261, 1.385, 1.554, -0.082, -0.821, 1.14, -1.401, -3.026, -1.09, -1.645, -0.057, 4.517, -2.683}

// String formats w as Go source, for pasting fitted weights.
func (w Weights) String() string {
	s := "Weights{"
	for k, v := range w {
		if k > 0 {
			s += ", "
		}
		s += strconv.FormatFloat(v, 'g', 4, 64)
	}
	return s + "}"
}

// Score returns w·f.
func (w *Weights) Score(f *[NumFeatures]float64) float64 {
	s := 0.0
	for k := range f {
		s += w[k] * f[k]
	}
	return s
}

// Boosted trees
//
// The logistic score is a sum of one term per feature, so it cannot say
// that a day named in an untitled paragraph counts only after a sentence
// end, or that boilerplate counts only when no connective follows. A
// small gradient-boosted ensemble of regression trees, fitted after the
// logistic weights on the same gaps (pagegen.Fit: Newton boosting of the
// logistic loss from the logistic score, shrinkage 0.1, thresholds between
// 33 quantiles of each feature, pagegen.BoostRounds (200) trees of depth
// 3), adds those interactions: a gap's score is w·f plus the sum of the
// trees' leaf values, still a log-odds. DefaultTrees (tree.go) were fitted with DefaultWeights.

// A TreeNode is a node of a regression tree of the boundary model. An
// inner node sends a gap whose feature Feature is at most Threshold to
// node Left, other gaps to node Right; a leaf (Feature < 0) adds Value to
// the gap's score.
type TreeNode struct {
	Feature     int8
	Threshold   float32
	Left, Right int16
	Value       float32
}

// A Tree is a regression tree: its nodes, the root first.
type Tree []TreeNode

// Score returns the value of the leaf that f reaches.
func (t Tree) Score(f *[NumFeatures]float64) float64 {
	k := 0
	for t[k].Feature >= 0 {
		if f[t[k].Feature] <= float64(t[k].Threshold) {
			k = int(t[k].Left)
		} else {
			k = int(t[k].Right)
		}
	}
	return float64(t[k].Value)
}

// DefaultMinTokens is the fewest content tokens an article may have,
// unless SegmentOptions.MinTokens says otherwise.
const DefaultMinTokens = 40

// SegmentOptions tune the splitting of pages into articles.
type SegmentOptions struct {
	// MinTokens is the fewest content tokens an article may have
	// (default DefaultMinTokens).
	MinTokens int
	// Weights are the boundary model's coefficients; nil means
	// DefaultWeights (with DefaultTrees).
	Weights *Weights
	// Trees are added to the logistic score (see "Boosted trees"); when
	// Weights is nil they default to DefaultTrees, else to none.
	Trees []Tree
}

func (o *SegmentOptions) defaults() {
	if o.MinTokens <= 0 {
		o.MinTokens = DefaultMinTokens
	}
	if o.Weights == nil {
		o.Weights = &DefaultWeights
		if o.Trees == nil {
			o.Trees = DefaultTrees
		}
	}
}

// BoundaryScore returns the boundary model's log-odds for features f:
// w·f plus the trees' values.
func BoundaryScore(w *Weights, trees []Tree, f *[NumFeatures]float64) float64 {
	s := w.Score(f)
	for _, t := range trees {
		s += t.Score(f)
	}
	return s
}

// A Gap is a place between two passages where an article could start, with
// its evidence (for fitting and inspecting the boundary model).
type Gap struct {
	// Line is the first line of the passage after the gap.
	Line int
	// Before and After are the content tokens of the page before and
	// after the gap (a decoder's minimum article size reads them).
	Before, After int32
	Features      [NumFeatures]float64
	// Score is the boundary model's log-odds; Cut tells whether the page
	// was split there.
	Score float64
	Cut   bool
	// unit is the unit the gap opens.
	unit int
}

// A span is a range of units [from, to).
type span struct{ from, to int }

// segmenter splits one page.
type segmenter struct {
	units    []unit
	logPrior []float64
	opt      SegmentOptions
	// prefix[i*nl+c] is the sum of the passage scores of label c over the
	// content units before i (nl labels); tokPrefix[i] the content tokens
	// before i.
	prefix    []float64
	nl        int
	tokPrefix []int32
}

// newSegmenter returns the segmenter of a page's units. ll holds a row of
// len(logPrior) scores per unit, after a first row of zeros: row i+1 is,
// per label, the sum of the scores of unit i's tokens under that label (no
// prior). newSegmenter turns ll into the prefix sums in place (a page of
// a million passages keeps one such table, not two): the caller must not
// use it afterwards.
func newSegmenter(units []unit, ll []float64, logPrior []float64, opt SegmentOptions) *segmenter {
	opt.defaults()
	nl := len(logPrior)
	s := &segmenter{units: units, logPrior: logPrior, opt: opt, nl: nl, prefix: ll[:(len(units)+1)*nl]}
	clear(s.prefix[:nl])
	s.tokPrefix = make([]int32, len(units)+1)
	for i, u := range units {
		prev, row := s.prefix[i*nl:(i+1)*nl], s.prefix[(i+1)*nl:(i+2)*nl]
		s.tokPrefix[i+1] = s.tokPrefix[i]
		if u.content {
			for c := range row {
				row[c] += prev[c]
			}
			s.tokPrefix[i+1] += u.tokens
		} else {
			copy(row, prev)
		}
	}
	return s
}

// best returns the best label of units [a, b) and its log joint score.
func (s *segmenter) best(a, b int) (int, float64) {
	bl, bv := -1, math.Inf(-1)
	for c := range s.logPrior {
		v := s.logPrior[c] + s.ll(a, b, c)
		if v > bv {
			bl, bv = c, v
		}
	}
	return bl, bv
}

// ll returns the sum of ll[c] over the content units of [a, b).
func (s *segmenter) ll(a, b, c int) float64 { return s.prefix[b*s.nl+c] - s.prefix[a*s.nl+c] }

func (s *segmenter) tokens(a, b int) int { return int(s.tokPrefix[b] - s.tokPrefix[a]) }

// candidate reports whether an article may start at unit i.
func (s *segmenter) candidate(i int) bool {
	u := &s.units[i]
	return i > 0 && !u.boiler && (u.content || u.opensCaption) && u.words > 0
}

// titleLike reports whether unit i looks like a title: short, no final
// punctuation, followed by a longer lead.
func (s *segmenter) titleLike(i int) bool {
	if i >= len(s.units) {
		return false
	}
	u := &s.units[i]
	if u.boiler || u.words == 0 || u.words > titleLongWords || u.endsSentence && u.cues&cueAsks == 0 {
		return false
	}
	for j := i + 1; j < min(len(s.units), i+windowUnits); j++ {
		v := &s.units[j]
		if !v.content || v.boiler {
			continue
		}
		if v.words < u.words {
			// A caption or a second short line may sit between the
			// title and the lead.
			if v.words <= titleMaxWords && j < i+3 {
				continue
			}
			return false
		}
		return 2*v.words >= 3*u.words && v.words >= titleLeadWords
	}
	return false
}

// window returns the content units on one side of the gap before unit i,
// nearest first, until they hold at least want tokens: [from, i) going
// left (dir < 0) or [i, to) going right.
func (s *segmenter) window(i, dir, want int) (from, to int) {
	if dir < 0 {
		from = i
		for from > 0 && from > i-windowUnits && s.tokens(from, i) < want {
			from--
		}
		return from, i
	}
	to = i
	for to < len(s.units) && to < i+windowUnits && s.tokens(i, to) < want {
		to++
	}
	return i, to
}

// gaps returns the features of every candidate gap that leaves at least
// MinTokens content tokens on each side of the page.
func (s *segmenter) gaps() []Gap {
	var out []Gap
	n := len(s.units)
	// Content units before i, after the first, that open with an item
	// marker or ask a question.
	items, asks := 0, 0
	for i := range s.units {
		if j := i - 1; j >= 1 && s.units[j].content && !s.units[j].boiler {
			if s.units[j].cues&cueItem != 0 {
				items++
			}
			if s.units[j].cues&cueQuestion != 0 {
				asks++
			}
		}
		// A gap that would leave too little on one side of the page can
		// never be cut; it is no example of anything.
		if !s.candidate(i) || s.tokens(0, i) < s.opt.MinTokens || s.tokens(i, n) < s.opt.MinTokens {
			continue
		}
		var g Gap
		g.Line, g.unit = s.units[i].line, i
		g.Before, g.After = int32(s.tokens(0, i)), int32(s.tokens(i, n))
		f := &g.Features
		f[FeatBias] = 1
		if s.units[i-1].boiler && s.tokens(0, i) > 0 {
			f[FeatBoilerEnd] = 1
			for j := i - 2; j >= max(0, i-windowUnits); j-- {
				if v := &s.units[j]; v.content && !v.boiler {
					if v.words > titleMaxWords && v.endsSentence {
						f[FeatBoilerAfterBody] = 1
					}
					break
				}
			}
		}
		if s.units[i].opensCaption {
			f[FeatCaption] = 1
		}
		if !s.units[i-1].boiler {
			short := 0
			for j := i - 1; j >= max(0, i-windowUnits); j-- {
				v := &s.units[j]
				if v.boiler {
					if short > 0 && short <= leadReach && s.tokens(0, j) > 0 {
						f[FeatBoilerNear] = 1
					}
					break
				}
				if v.content {
					if v.words > titleMaxWords {
						break
					}
					short++
				}
			}
		}
		if s.titleLike(i) {
			f[FeatTitle] = 1
		}
		if s.titleLike(i + 1) {
			f[FeatTitleNext] = 1
		}
		for j := i - 1; j >= max(0, i-windowUnits); j-- {
			if s.units[j].content {
				if s.units[j].endsSentence {
					f[FeatPrevEnds] = 1
				}
				break
			}
		}
		if s.units[i].words <= titleMaxWords {
			f[FeatShort] = 1
		}
		for j := i - 1; j >= max(0, i-windowUnits); j-- {
			if v := &s.units[j]; v.content && !v.boiler {
				if v.words <= titleMaxWords && !v.endsSentence {
					f[FeatPrevShort] = 1
				}
				break
			}
		}
		run := 0
		for j := i + 1; j < min(n, i+windowUnits) && run < 3; j++ {
			v := &s.units[j]
			if !v.content || v.boiler {
				continue
			}
			if v.words > titleMaxWords {
				break
			}
			run++
		}
		f[FeatShortRun] = float64(run) / 3
		if s.units[i].echoed {
			f[FeatEchoed] = 1
		}
		if u := &s.units[i]; u.words > titleMaxWords && u.cues&cueContinues == 0 && f[FeatPrevEnds] == 1 {
			f[FeatFreshLead] = 1
		}
		if u := &s.units[i]; u.words <= titleLongWords && (!u.endsSentence || u.cues&cueAsks != 0) {
			short := 0
			for j := i + 1; j < min(n, i+windowUnits); j++ {
				v := &s.units[j]
				if !v.content || v.boiler {
					continue
				}
				if v.words > titleMaxWords {
					if v.cues&cueContinues == 0 {
						f[FeatTitleLoose] = 1
					}
					break
				}
				if short++; short > 2 {
					break
				}
			}
		}
		seen := 0
		for j := i; j < min(n, i+windowUnits) && seen < leadReach; j++ {
			v := &s.units[j]
			if !v.content || v.boiler {
				continue
			}
			seen++
			if v.cues&cueDateline != 0 {
				f[FeatDateline] = 1
			}
			if v.words > titleMaxWords {
				if v.cues&cueContinues != 0 {
					f[FeatContinues] = 1
				}
				if v.cues&cueDay != 0 {
					f[FeatDay] = 1
				}
				break
			}
		}
		f[FeatCohesion] = 1 - float64(s.units[i].cos)
		f[FeatPageCohesion] = 1 - float64(s.units[i].allCos)
		f[FeatWideCohesion] = 1 - float64(s.units[i].wideCos)
		if s.units[i].cues&cueItem != 0 {
			f[FeatItem] = 1
			if items > 0 {
				f[FeatItemRun] = 1
			}
		}
		if s.units[i].cues&cueQuestion != 0 {
			f[FeatQuestion] = 1
			if asks > 0 {
				f[FeatQuestionRun] = 1
			}
		}
		if s.units[i].cues&cueColon != 0 {
			f[FeatColonNext] = 1
		}
		for j := i - 1; j >= max(0, i-windowUnits); j-- {
			if v := &s.units[j]; v.content && !v.boiler {
				if v.cues&cueColon != 0 {
					f[FeatColon] = 1
				}
				break
			}
		}
		a, _ := s.window(i, -1, topicWindow)
		_, b := s.window(i, 1, topicWindow)
		if n := s.tokens(a, b); n > 0 && s.tokens(a, i) > 0 && s.tokens(i, b) > 0 {
			_, lv := s.best(a, i)
			_, rv := s.best(i, b)
			_, whole := s.best(a, b)
			f[FeatTopic] = min(topicCap, max(0, lv+rv-whole)/float64(n))
		}
		out = append(out, g)
	}
	// Depth of the cohesion valleys.
	for k := range out {
		c := 1 - out[k].Features[FeatCohesion]
		left, right := c, c
		for j := max(0, k-depthReach); j < k; j++ {
			left = max(left, 1-out[j].Features[FeatCohesion])
		}
		for j := k + 1; j < min(len(out), k+depthReach+1); j++ {
			right = max(right, 1-out[j].Features[FeatCohesion])
		}
		f := &out[k].Features
		f[FeatDepth] = (left - c) + (right - c)
		f[FeatTitleCohesion] = f[FeatTitle] * f[FeatCohesion]
		f[FeatShortCohesion] = f[FeatShort] * f[FeatCohesion]
		f[FeatTitleFresh] = f[FeatTitle] * (1 - f[FeatContinues])
		f[FeatFreshDay] = f[FeatFreshLead] * f[FeatDay]
		f[FeatBoilerFresh] = f[FeatBoilerEnd] * (1 - f[FeatContinues])
	}
	for k := range out {
		out[k].Score = BoundaryScore(s.opt.Weights, s.opt.Trees, &out[k].Features)
	}
	return out
}

// split returns the spans of units that form articles, and the gaps with
// their scores (see Cuts).
func (s *segmenter) split() ([]span, []Gap) {
	if len(s.units) == 0 {
		return nil, nil
	}
	gaps := s.gaps()
	Cuts(gaps, s.opt.MinTokens)
	cuts := []int{0}
	for _, g := range gaps {
		if g.Cut {
			cuts = append(cuts, g.unit)
		}
	}
	cuts = append(cuts, len(s.units))
	out := make([]span, 0, len(cuts)-1)
	for j := 1; j < len(cuts); j++ {
		out = append(out, span{cuts[j-1], cuts[j]})
	}
	return out, gaps
}

// Cuts decides where a page is cut, from its gaps (in page order, as the
// segmenter makes them) and their scores: gaps whose Score is positive
// are taken best first, and a cut is made only if both articles it
// leaves have at least minTokens content tokens (read from the gaps'
// Before and After). It sets the gaps' Cut flags (pagegen decodes fitted
// pages with it too).
func Cuts(gaps []Gap, minTokens int) {
	order := make([]int, 0, len(gaps))
	for k := range gaps {
		gaps[k].Cut = false
		if gaps[k].Score > 0 {
			order = append(order, k)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(gaps[b].Score, gaps[a].Score) })
	var cuts []int // gap indices, sorted
	for _, k := range order {
		g := &gaps[k]
		p, _ := slices.BinarySearch(cuts, k)
		before, after := g.Before, g.After
		if p > 0 {
			before -= gaps[cuts[p-1]].Before
		}
		if p < len(cuts) {
			after -= gaps[cuts[p]].After
		}
		if int(before) < minTokens || int(after) < minTokens {
			continue
		}
		cuts = slices.Insert(cuts, p, k)
		g.Cut = true
	}
}

// splitAt returns the spans that start at the given units (sorted), for
// evaluation against known boundaries.
func (s *segmenter) splitAt(starts []int) []span {
	if len(s.units) == 0 {
		return nil
	}
	cuts := []int{0}
	for _, i := range starts {
		if i > cuts[len(cuts)-1] && i < len(s.units) {
			cuts = append(cuts, i)
		}
	}
	cuts = append(cuts, len(s.units))
	out := make([]span, 0, len(cuts)-1)
	for j := 1; j < len(cuts); j++ {
		out = append(out, span{cuts[j-1], cuts[j]})
	}
	return out
}

// Lead cues
//
// Arabic news paragraphs announce whether they open a story or go on with
// one. In the 3,822 labeled articles of models/labels.tsv (paragraphs of
// at least 8 words), 72% of the paragraphs after the first start with a
// connective (و or ف joined to the first word, كما, أما, من جهته, يذكر
// أن ...), against 4% of the first paragraphs; 31% of the first
// paragraphs name the day (a weekday, اليوم, أمس) in their first 12
// words, against 8% of the others; and 13% of the first paragraphs
// carry a dateline or an agency credit ("بغداد (رويترز) -",
// "دبي، الإمارات العربية المتحدة (CNN)--", "باريس- أ ش أ", "بغداد/"),
// against 0.1%. A byline line ("كتب ـ محمد جمال:", "بقلم") opens a story
// too. passageCues reads these from the raw text of a passage.
const (
	cueContinues = 1 << iota // starts with a connective
	cueDateline              // a dateline or agency credit in its first words, or a byline
	cueDay                   // a weekday, اليوم or أمس among its first 12 words
	cueAsks                  // ends with ? ؟ or ! (a title may)
	cueItem                  // opens with an item marker: 1- 2. (3) أولا: المادة, a bullet
	cueQuestion              // ends with ? or ؟, or opens with س:
	cueColon                 // ends with a colon
)

// cueWords are the first words that continue a story (besides و and ف
// joined to a word).
var cueWords = map[string]bool{"كما": true, "أما": true, "اما": true, "يذكر": true, "يشار": true, "فيما": true, "بينما": true, "لكن": true, "ولكن": true, "إلا": true, "الا": true, "غير": true, "بدوره": true, "بدورها": true, "وتابع": true, "وأضاف": true, "واضاف": true}

// cueAfterMin are the words after من that continue a story (من جهته ...).
var cueAfterMin = map[string]bool{"جهته": true, "جهتها": true, "جانبه": true, "جانبها": true, "ناحية": true, "ناحيته": true, "ناحيتها": true, "جهة": true, "جهتهم": true, "جانبهم": true}

// notConnective are words that start with و or ف as part of the word
// (وزير, وزارة, فرنسا ...), not as a connective.
var notConnective = []string{"وزير", "وزار", "وكال", "واشنطن", "وفد", "وسط", "وقف", "وفق", "وفا", "وحد", "وجه", "وصل", "وصف", "وقع", "وضع", "ولاي", "ولي", "وطن", "وثيق", "وافق", "ودع", "فرنس", "فلسطين", "فريق", "فصائل", "فصيل", "فيديو", "فتح", "فرض", "فشل", "فاز", "فضل", "في", "فوق"}

// weekdays are the day names a lead gives, without the article.
var weekdays = map[string]bool{"أحد": true, "احد": true, "اثنين": true, "إثنين": true, "ثلاثاء": true, "أربعاء": true, "اربعاء": true, "خميس": true, "جمعة": true, "سبت": true, "اليوم": true, "أمس": true, "امس": true}

// agencies are credits a dateline puts in brackets or after a dash.
var agencies = []string{"رويترز", "أ ف ب", "ا ف ب", "أ.ف.ب", "أف ب", "CNN", "د ب أ", "د.ب.أ", "أ ش أ", "ا ش ا", "أ.ش.أ", "واع", "الأناضول", "الاناضول", "سانا", "بترا", "وام", "كونا", "يو بي آي", "شينخوا", "قنا", "واس", "سبوتنيك", "الألمانية", "الفرنسية", "وكالات", "خاص"}

// ordinals are the ordinal adverbs that number items (أولا: ...), without
// tanween.
var ordinals = map[string]bool{"أولا": true, "اولا": true, "ثانيا": true, "ثالثا": true, "رابعا": true, "خامسا": true, "سادسا": true, "سابعا": true, "ثامنا": true, "تاسعا": true, "عاشرا": true, "أخيرا": true, "اخيرا": true}

// itemWords are first words that number a part of a text.
var itemWords = map[string]bool{"المادة": true, "مادة": true, "البند": true, "بند": true, "الفصل": true, "الباب": true}

// itemMarker reports whether a passage whose first words are f opens with
// an item marker: a number of one or two digits with its punctuation
// ("1-", "2.", "(3)", "4)", a number alone on a short line), an ordinal
// adverb, a word that numbers a part of a law (المادة, البند ...), or a
// bullet (■ • * -).
func itemMarker(f []string) bool {
	if len(f) == 0 {
		return false
	}
	w := f[0]
	if w == "(" || w == "[" {
		if len(f) == 1 {
			return false
		}
		f = f[1:]
		w = f[0]
	}
	w = strings.TrimLeft(w, "([")
	if w == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(w)
	switch r {
	case '■', '▪', '•', '●', '*', '◄', '►', '◆', '-', '–', '—', 'ـ':
		return true
	}
	// Digits (ASCII, Arabic-Indic or Eastern).
	d, rest := 0, w
	for rest != "" {
		r, size := utf8.DecodeRuneInString(rest)
		if !unicode.IsDigit(r) {
			break
		}
		d++
		rest = rest[size:]
	}
	if d > 0 && d <= 2 {
		if rest != "" {
			return strings.ContainsAny(rest[:1], "-.):/") || strings.HasPrefix(rest, "ـ")
		}
		return len(f) <= 3 || len(f) > 1 && (f[1] == "-" || f[1] == "." || f[1] == ")" || f[1] == "ـ" || f[1] == "–")
	}
	if d > 0 {
		return false
	}
	w = strings.TrimRight(w, "ً:،,.-)")
	return ordinals[w] || itemWords[w]
}

// ItemMarker reports whether the raw text of a passage opens with an item
// marker, as FeatItem reads it (for the page generator's tests).
func ItemMarker(raw string) bool { return passageCues(raw)&cueItem != 0 }

// passageCues returns the lead cues of the raw text of a passage. It
// reads only the first words and allocates nothing.
func passageCues(raw string) uint8 {
	head := raw[:min(len(raw), 300)]
	// The first 12 words, as substrings of head; end10 is where the 10th
	// ends.
	var f [12]string
	n, end10 := 0, 0
	for i := 0; i < len(head) && n < len(f); {
		r, size := utf8.DecodeRuneInString(head[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		j := i
		for j < len(head) {
			r, size := utf8.DecodeRuneInString(head[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += size
		}
		f[n] = head[i:j]
		n++
		if n <= 10 {
			end10 = j
		}
		i = j
	}
	if n == 0 {
		return 0
	}
	var c uint8
	t := strings.TrimRight(raw, " \t\r\u00a0\u200f\u200e\"'»”’)]}")
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "؟") || strings.HasSuffix(t, "!") {
		c |= cueAsks
	}
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "؟") || f[0] == "س:" || f[0] == "س/" || n > 1 && f[0] == "س" && f[1] == ":" {
		c |= cueQuestion
	}
	if t = strings.TrimRight(t, "-ـ "); strings.HasSuffix(t, ":") {
		c |= cueColon
	}
	item := itemMarker(f[:n])
	if item {
		c |= cueItem
	}
	w0 := strings.TrimLeftFunc(f[0], func(r rune) bool { return !unicode.IsLetter(r) })
	switch {
	case cueWords[w0]:
		c |= cueContinues
	case w0 == "من" && n > 1 && cueAfterMin[strings.Trim(f[1], "،,")]:
		c |= cueContinues
	case (strings.HasPrefix(w0, "و") || strings.HasPrefix(w0, "ف")) && utf8.RuneCountInString(w0) > 2:
		c |= cueContinues
		for _, p := range notConnective {
			if strings.HasPrefix(w0, p) {
				c &^= cueContinues
				break
			}
		}
	}
	// Dateline: a place and an agency credit, or a place and a dash or
	// slash, in the first words; or a byline.
	h := head[:end10]
	for _, a := range agencies {
		if k := strings.Index(h, a); k >= 0 && (strings.Contains(h[max(0, k-2):k], "(") || strings.Contains(h[max(0, k-4):k], "-")) {
			c |= cueDateline
			break
		}
	}
	if c&cueContinues == 0 && !item {
		// A place of one to two words, then the dash or slash (not an
		// item number: "10- ...").
		for k := 0; k < min(n, 3); k++ {
			w := f[k]
			if k > 0 && (w == "-" || w == "–" || w == "—" || w == "/" || strings.HasPrefix(w, "-") || strings.HasPrefix(w, "–") || strings.HasPrefix(w, "—")) ||
				k < 2 && len(w) > 2 && (strings.HasSuffix(w, "/") || strings.HasSuffix(w, "-") || strings.HasSuffix(w, "–") || strings.HasSuffix(w, "—")) {
				c |= cueDateline
				break
			}
		}
	}
	if (w0 == "كتب" || w0 == "كتبت") && n <= 8 || w0 == "بقلم" {
		c |= cueDateline
	}
	for _, w := range f[:n] {
		w = strings.Trim(w, "،,.:؛()\"'«»-")
		w = strings.TrimPrefix(w, "يوم")
		if weekdays[w] || strings.HasPrefix(w, "ال") && weekdays[w[len("ال"):]] || strings.HasPrefix(w, "وال") && weekdays[w[len("وال"):]] {
			c |= cueDay
			break
		}
	}
	return c
}
