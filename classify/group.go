package classify

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/internal/version"
)

// Grouped models
//
// Training documents often come from several sources that use the same
// labels in different senses: one outlet files Syria under
// "internationalNews", another under "middleEast". A grouped model keeps
// one model per group of training documents (Trainer.AddGrouped; the
// command line reads the group from a JSON field such as "source") and a
// router that picks the group of a new text. The text is then scored by
// its group's model alone; labels the group never used get probability 0.
//
// The router is itself a complement naive Bayes with uniform priors and
// alpha 0.01 (routerAlpha), whose labels are the groups and whose features
// are the distinct character n-grams of the text's first 1,000 characters
// (1 to 4 characters, after each run of white space becomes one space),
// each counted once per document and stored as its xxhash64 (seed 0). They see what the word
// pipeline normalizes away: spelling conventions, punctuation, digits,
// datelines, which tell outlets apart better than the words do. A text
// the router knows no n-gram of goes to the first group in byte order.
// The router's counts are kept in maps by hash, not in the bayesian
// engine: a document adds thousands of n-grams, each once, and the
// engine's string keys would make training several times slower.
//
// On the ANT corpus (README, Accuracy) the router finds the outlet of 82%
// of the dev articles, and the grouped model is 1.6 points more accurate
// than one model over all outlets.

const (
	// routerAlpha is the router's smoothing constant. The router's
	// features are many and each document adds each at most once, so a
	// small alpha lets rare but telling n-grams count.
	routerAlpha = 0.01
	// gramRunes is the longest character n-gram of the router.
	gramRunes = 4
	// routerRunes is how many characters of a text the router reads (after
	// white space runs become one space). Outlets show themselves early,
	// in the title and the dateline; on the ANT split, reading all of each
	// article is 0.5 points more accurate (0.8419 against 0.8371) but
	// makes training 1.7 times and classification 1.6 times slower, past
	// issue 4's speed targets.
	routerRunes = 1000
)

// ErrGroupMix is returned when grouped and ungrouped documents or models
// meet in one Trainer.
var ErrGroupMix = errors.New("classify: grouped and ungrouped documents cannot be trained together")

// routerOptions returns the options of the router of a model trained with
// opts: the pipeline is kept only so that the file names one.
func routerOptions(opts Options) Options {
	return Options{Text: opts.Text, Alpha: routerAlpha, Complement: true, UniformPriors: true, chars: true}
}

// gramScratch holds the buffers of charGrams.
type gramScratch struct {
	grams  []uint64
	buf    []byte
	starts []int
	// seen is an open-addressing hash set of the text's n-grams (0 marks
	// a free slot).
	seen []uint64
}

// charGrams returns the distinct hashes of the 1- to gramRunes-rune
// substrings of the first routerRunes runes of s, with each run of white
// space first made one space, in order of first occurrence. The slice is reused by the next call.
func (g *gramScratch) charGrams(s string) []uint64 {
	n := g.runes(s)
	size := 64
	for size < 2*gramRunes*n {
		size *= 2
	}
	if len(g.seen) < size {
		g.seen = make([]uint64, size)
	} else {
		clear(g.seen[:size])
	}
	seen, mask := g.seen[:size], uint64(size-1)
	zero := false // the hash 0 was seen
	g.grams = g.grams[:0]
	g.each(n, func(h uint64) {
		if h == 0 {
			if !zero {
				zero = true
				g.grams = append(g.grams, h)
			}
			return
		}
		for j := h & mask; ; j = (j + 1) & mask {
			if seen[j] == h {
				return
			}
			if seen[j] == 0 {
				seen[j] = h
				g.grams = append(g.grams, h)
				return
			}
		}
	})
	return g.grams
}

// runes sets g.buf to s with each run of white space made one space, cut
// after routerRunes runes, and g.starts to the byte offset of each of its
// n runes and the end; it returns n.
func (g *gramScratch) runes(s string) int {
	g.buf, g.starts = g.buf[:0], g.starts[:0]
	space := false
	for _, r := range s {
		if len(g.starts) >= routerRunes {
			break
		}
		if unicode.IsSpace(r) {
			if !space {
				g.starts = append(g.starts, len(g.buf))
				g.buf = append(g.buf, ' ')
			}
			space = true
			continue
		}
		space = false
		g.starts = append(g.starts, len(g.buf))
		g.buf = utf8.AppendRune(g.buf, r)
	}
	g.starts = append(g.starts, len(g.buf))
	return len(g.starts) - 1
}

// each calls f with the hash of every n-gram of the n runes set by runes,
// repeats included.
func (g *gramScratch) each(n int, f func(uint64)) {
	for i := 0; i < n; i++ {
		for k := 1; k <= gramRunes && i+k <= n; k++ {
			f(xxhash.Sum64(g.buf[g.starts[i]:g.starts[i+k]]))
		}
	}
}

// routerCounts counts the character n-grams of each group's documents.
type routerCounts struct {
	groups map[string]*groupGrams
	gramScratch
}

type groupGrams struct {
	docs   int64
	grams  int64 // n-grams counted, each once per document
	counts map[uint64]uint64
}

func newRouterCounts() *routerCounts {
	return &routerCounts{groups: make(map[string]*groupGrams)}
}

func (r *routerCounts) group(name string) *groupGrams {
	g := r.groups[name]
	if g == nil {
		g = &groupGrams{counts: make(map[uint64]uint64)}
		r.groups[name] = g
	}
	return g
}

// add counts the distinct n-grams of text in group.
func (r *routerCounts) add(text, group string) {
	g := r.group(group)
	grams := r.charGrams(text)
	g.docs++
	g.grams += int64(len(grams))
	for _, h := range grams {
		g.counts[h]++
	}
}

// addModel adds the counts of a router model.
func (r *routerCounts) addModel(m *Model) {
	m.expand()
	C := len(m.labels)
	for c, name := range m.labels {
		g := r.group(name)
		g.docs += m.docs[c]
		g.grams += m.tokens[c]
		for j, h := range m.bigrams {
			if n := m.counts[j*C+c]; n > 0 {
				g.counts[h] += n
			}
		}
	}
}

// addCounts adds the counts of o.
func (r *routerCounts) addCounts(o *routerCounts) {
	for name, og := range o.groups {
		g := r.group(name)
		g.docs += og.docs
		g.grams += og.grams
		for h, n := range og.counts {
			g.counts[h] += n
		}
	}
}

// model returns the counts as an uncompiled router model.
func (r *routerCounts) model(opts Options) *Model {
	names := make([]string, 0, len(r.groups))
	for name := range r.groups {
		names = append(names, name)
	}
	slices.Sort(names)
	C := len(names)
	m := &Model{opts: routerOptions(opts), version: version.Version, labels: names, docs: make([]int64, C), tokens: make([]int64, C)}
	all := make(map[uint64]struct{})
	for c, name := range names {
		g := r.groups[name]
		m.docs[c], m.tokens[c] = g.docs, g.grams
		for h := range g.counts {
			all[h] = struct{}{}
		}
	}
	m.bigrams = make([]uint64, 0, len(all))
	for h := range all {
		m.bigrams = append(m.bigrams, h)
	}
	slices.Sort(m.bigrams)
	m.counts = make([]uint64, len(m.bigrams)*C)
	for c, name := range names {
		counts := r.groups[name].counts
		for j, h := range m.bigrams {
			m.counts[j*C+c] = counts[h]
		}
	}
	return m
}

// CheckGroup returns an error when group cannot name a group of training
// documents; the rules are those of CheckLabel.
func CheckGroup(group string) error {
	if err := CheckLabel(group); err != nil {
		return fmt.Errorf("group: %w", err)
	}
	return nil
}

// AddGrouped counts one document with its label in its group, for a
// grouped model (see Grouped models). A Trainer holds grouped documents or
// ungrouped ones, not both.
func (t *Trainer) AddGrouped(text, label, group string) error {
	return t.AddGroupedDocument("", text, label, group)
}

// AddGroupedDocument is AddGrouped with the document's id, which puts it
// in a cross-validation fold (see AddDocument).
func (t *Trainer) AddGroupedDocument(id, text, label, group string) error {
	t.init()
	if err := CheckLabel(label); err != nil {
		return err
	}
	if err := CheckGroup(group); err != nil {
		return err
	}
	if err := t.grouped(); err != nil {
		return err
	}
	if err := t.group(group).AddDocument(id, text, label); err != nil {
		return err
	}
	t.router.add(text, group)
	return nil
}

// grouped makes t a grouped Trainer, unless it holds ungrouped counts.
func (t *Trainer) grouped() error {
	if t.router != nil {
		return nil
	}
	if len(t.stats) > 0 {
		return ErrGroupMix
	}
	t.router = newRouterCounts()
	t.groups = make(map[string]*Trainer)
	return nil
}

// group returns the Trainer of one group.
func (t *Trainer) group(name string) *Trainer {
	g := t.groups[name]
	if g == nil {
		g = newTrainer(t.opts) // checked when t was made
		t.groups[name] = g
	}
	return g
}

// empty reports whether t has counted nothing.
func (t *Trainer) empty() bool { return len(t.stats) == 0 && t.router == nil }

// addGroupedTrainer adds the counts of the grouped Trainer o.
func (t *Trainer) addGroupedTrainer(o *Trainer) error {
	if err := t.grouped(); err != nil {
		return err
	}
	for name, og := range o.groups {
		if err := t.group(name).AddTrainer(og); err != nil {
			return err
		}
	}
	t.router.addCounts(o.router)
	return nil
}

// addGroupedModel adds the counts of the grouped model m.
func (t *Trainer) addGroupedModel(m *Model) error {
	if err := t.grouped(); err != nil {
		return err
	}
	for i, name := range m.router.labels {
		if err := t.group(name).AddModel(m.groups[i]); err != nil {
			return err
		}
	}
	t.router.addModel(m.router)
	return nil
}

// groupedModel freezes a grouped Trainer.
func (t *Trainer) groupedModel() (*Model, error) {
	router := t.router.model(t.opts)
	if len(router.labels) < 2 {
		return nil, fmt.Errorf("%w: need documents of at least two groups, found %d %q", ErrTooFewLabels, len(router.labels), router.labels)
	}
	if err := router.compile(); err != nil {
		return nil, err
	}
	return t.groupedWith(router)
}

// groupedWith freezes a grouped Trainer with router, its compiled router
// (made once by groupedModel, and again only when the groups change).
func (t *Trainer) groupedWith(router *Model) (*Model, error) {
	groups := make([]*Model, len(router.labels))
	for i, name := range router.labels {
		m, err := t.groups[name].Model()
		if err != nil {
			return nil, fmt.Errorf("group %q: %w", name, err)
		}
		groups[i] = m
	}
	m, err := newGrouped(t.opts, version.Version, router, groups)
	if err == nil {
		m.cv = t.cv
	}
	return m, err
}

// newGrouped returns the grouped model of router and groups (compiled),
// one group per router label in order.
func newGrouped(opts Options, ver string, router *Model, groups []*Model) (*Model, error) {
	m := &Model{opts: opts, version: ver, router: router, groups: groups}
	index := make(map[string]int)
	for _, g := range groups {
		for _, l := range g.labels {
			index[l] = 0
		}
	}
	for l := range index {
		m.labels = append(m.labels, l)
	}
	slices.Sort(m.labels)
	for c, l := range m.labels {
		index[l] = c
	}
	C := len(m.labels)
	m.docs, m.tokens = make([]int64, C), make([]int64, C)
	m.groupLabels = make([][]int, len(groups))
	for i, g := range groups {
		m.groupLabels[i] = make([]int, len(g.labels))
		for k, l := range g.labels {
			c := index[l]
			m.groupLabels[i][k] = c
			m.docs[c] += g.docs[k]
			m.tokens[c] += g.tokens[k]
		}
	}
	if err := m.compile(); err != nil {
		return nil, err
	}
	return m, nil
}

// Groups returns nil: a Model has no groups (a GroupedModel has). It is
// there for Classifier.
func (m *Model) Groups() []string {
	if m.router == nil {
		return nil
	}
	return m.router.labels
}

// groupScores sets s.scores to the scores of text under the model of its
// group: for each label the group knows, its score there, and -Inf for the
// others. score is LogScores or LogLikelihoods of the group's Scorer.
func (s *Scorer) groupScores(text string, score func(*Scorer, string) ([]float64, int)) ([]float64, int) {
	rs, known := s.route.LogScores(text)
	g := 0
	if known > 0 {
		g = argmax(rs)
	}
	s.group = g
	gs, known := score(s.groups[g], text)
	for c := range s.scores {
		s.scores[c] = math.Inf(-1)
	}
	for k, c := range s.m.groupLabels[g] {
		s.scores[c] = gs[k]
	}
	return s.scores, known
}
