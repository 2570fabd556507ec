// Package analyze is khabar's main job: it turns scraped news pages into
// articles with topics, and says which passages are duplicates or site
// boilerplate.
//
// For each page it:
//
//  1. splits the page into passages (non-blank lines) and tokenizes them
//     with the topic model's pipeline;
//  2. finds duplicated passages: copies inside the page (a repeated photo
//     caption, a headline that repeats a sentence of the lead) through the
//     dedup stage, and exact copies of passages of earlier pages;
//  3. marks boilerplate: short passages holding a site-furniture marker
//     ("مواضيع ذات صلة", a newsletter sign-up; see DefaultMarkers, matched
//     without stop words) and short passages that recur in many pages;
//  4. splits the page into articles from its structure alone: each gap
//     between passages gets boundary evidence (the end of a boilerplate
//     block, a caption printed twice, a title-like line, a drop in lexical
//     cohesion, the topic model's log-likelihood shift, lead cues, and
//     more: see "Boundary features" in segment.go), a logistic model with
//     boosted trees (Weights, Trees, fitted on generated pages by package
//     pagegen) scores it, and the
//     page is cut at the best-scoring gaps that leave every article at
//     least SegmentOptions.MinTokens content tokens. No cut needs the two
//     sides to get different labels: two stories of one topic split too;
//  5. labels each article with the model, with its calibrated probability.
//
// Pages are analyzed by a pool of workers; results come out in input order
// and do not depend on the number of workers.
package analyze

import (
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/text"
)

// Unknown is the label of an article none of whose words the topic model
// knows: classify's, which no model has as a label.
const Unknown = classify.Unknown

// Topics is what analyze needs of a topic model; *classify.Model has it.
type Topics interface {
	// Labels returns the model's labels.
	Labels() []string
	// LogPriors returns the log prior of each label.
	LogPriors() []float64
	// Pipeline returns the text pipeline the model was trained with.
	Pipeline() *text.Pipeline
	// AddScores adds to dst, for each label, the score of the tokens
	// (from Pipeline) without the prior, and returns how many features
	// were scored. Scores must add up: the score of two passages is the
	// sum of their scores. It must be safe for concurrent use.
	AddScores(dst []float64, tokens [][]byte) int
}

// A PageDup is a passage of a page that repeats another passage of the
// same page.
type PageDup struct {
	// Passage and Of are passage indexes: Passage repeats Of (Of < Passage
	// in reading order, or Of is the longer passage that contains it).
	Passage, Of int
	// Similarity is the Jaccard similarity, or the containment of Passage
	// in Of when Contained is true.
	Similarity float64
	Contained  bool
}

// PageDupFinder finds duplicated passages inside one page. It must be safe
// for concurrent use.
type PageDupFinder func(doc string, passages []text.Passage) ([]PageDup, error)

// Options configure an Analyzer. The zero value is usable.
type Options struct {
	// Workers is the number of pages analyzed at once; 0 means one per CPU.
	Workers int
	// Segment tunes the splitting of pages into articles.
	Segment SegmentOptions
	// RecurDocs is the number of pages a short passage must occur in to be
	// boilerplate (default 5).
	RecurDocs int
	// RecurMaxTokens is the longest passage, in tokens, that recurrence can
	// make boilerplate (default 12); longer recurring passages are reported
	// as duplicates only.
	RecurMaxTokens int
	// Markers are the boilerplate markers (see DefaultMarkers); nil means
	// DefaultMarkers, an empty non-nil slice none.
	Markers []string
	// KeepGaps keeps every candidate gap with its features and score in
	// PageReport.Gaps, for fitting and inspecting the boundary model.
	KeepGaps bool
	// Boundaries, when not nil, gives for a page (by its index in the
	// input and its id) the lines where its articles start; the page is
	// then split there instead of by the boundary model (ok false: the
	// model splits it). It serves to measure labels on known boundaries.
	Boundaries func(page int, id string) (starts []int, ok bool)
}

func (o *Options) defaults() {
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.RecurDocs <= 0 {
		o.RecurDocs = 5
	}
	if o.RecurMaxTokens <= 0 {
		o.RecurMaxTokens = 12
	}
}

// A Page is one input document.
type Page struct {
	ID   string
	Text string
}

// An Article is a run of a page's lines that tells one story.
type Article struct {
	StartLine int     `json:"start_line"`
	EndLine   int     `json:"end_line"`
	Label     string  `json:"label"`
	Prob      float64 `json:"prob"`
	Tokens    int     `json:"tokens"`
	Start     string  `json:"start"` // the first words
}

// A Flag marks a passage as a duplicate or as boilerplate.
type Flag struct {
	Line    int    `json:"line"`
	EndLine int    `json:"end_line"`
	Kind    string `json:"kind"` // "duplicate", "contained" or "boilerplate"
	// For duplicates: the page and line of the passage it repeats.
	OfID   string  `json:"of_id,omitempty"`
	OfLine int     `json:"of_line,omitempty"`
	Sim    float64 `json:"similarity,omitempty"`
	Reason string  `json:"reason,omitempty"` // for boilerplate: the marker or "recurs in N pages"
	Start  string  `json:"start"`
}

// A PageReport is the analysis of one page.
type PageReport struct {
	ID       string    `json:"id"`
	Lines    int       `json:"lines"`
	Articles []Article `json:"articles"`
	Flags    []Flag    `json:"flags"`
	// Gaps are the candidate gaps, with Options.KeepGaps only.
	Gaps []Gap `json:"-"`
}

// An Analyzer analyzes pages with one topic model. It is safe for
// concurrent use.
type Analyzer struct {
	topics  Topics
	dups    PageDupFinder
	opt     Options
	markers *markerMatcher
	labels  []string
	prior   []float64
}

// New returns an Analyzer.
func New(topics Topics, dups PageDupFinder, opt Options) *Analyzer {
	opt.defaults()
	return &Analyzer{
		topics:  topics,
		dups:    dups,
		opt:     opt,
		markers: newMarkerMatcher(topics.Pipeline(), opt.Markers),
		labels:  topics.Labels(),
		prior:   topics.LogPriors(),
	}
}

// pageState is what the first pass keeps of a page: no text, only what the
// second pass needs.
type pageState struct {
	id     string
	lines  int
	units  []unit
	hashes []uint64 // exact hash of each passage's token stream (0: no tokens)
	starts []string // first words of each passage
	dups   []PageDup
	ll     []float64 // scores of each unit's tokens (see newSegmenter)
	err    error
}

const startWords = 8

// worker holds the buffers of one goroutine of the first pass.
type worker struct {
	tk, mk *text.Tokenizer // the model's pipeline; the markers' (no stop words)
	buf    []byte
	coh    cohesion
	skip   []bool
	// starts maps the hash of a passage's text to its first words, so that
	// the copies of a line share one string.
	starts map[uint64]string
}

func (a *Analyzer) newWorker() *worker {
	return &worker{tk: a.topics.Pipeline().NewTokenizer(), mk: a.markers.p.NewTokenizer(), starts: map[uint64]string{}}
}

// scan is the first pass over one page.
func (a *Analyzer) scan(w *worker, p Page) *pageState {
	ps := text.Passages(p.Text, text.Lines)
	st := &pageState{id: p.ID, lines: strings.Count(p.Text, "\n") + 1}
	if strings.HasSuffix(p.Text, "\n") {
		st.lines--
	}
	st.units = make([]unit, len(ps))
	st.hashes = make([]uint64, len(ps))
	st.starts = make([]string, len(ps))
	nl := len(a.labels)
	st.ll = make([]float64, (len(ps)+1)*nl)
	w.coh.reset()
	for i, pa := range ps {
		raw := p.Text[pa.Start:pa.End]
		toks := w.tk.Tokens(raw)
		u := unit{line: pa.Line, endLine: pa.EndLine, content: true, words: int32(len(toks)), endsSentence: endsSentence(raw), cues: passageCues(raw)}
		u.tokens = int32(a.topics.AddScores(st.ll[(i+1)*nl:(i+2)*nl], toks))
		w.coh.add(toks)
		st.hashes[i], w.buf = hashTokens(w.buf, toks)
		// Only a short passage can be boilerplate; stop words never make
		// a passage longer.
		if len(toks) > 0 && len(toks) <= maxBoilerplateTokens {
			if mk := a.markers.match(w.mk.Tokens(raw)); mk != "" {
				u.boiler, u.content = true, false
			}
		}
		st.units[i] = u
		rh := xxhash.Sum64String(raw)
		start, ok := w.starts[rh]
		if !ok {
			start = firstWords(raw, startWords)
			w.starts[rh] = start
		}
		st.starts[i] = start
	}
	if len(w.starts) > 1<<12 { // a map keeps its buckets when cleared
		w.starts = map[uint64]string{}
	}
	clear(w.starts)
	if a.dups != nil {
		st.dups, st.err = a.dups(p.Text, ps)
	}
	if cap(w.skip) < len(ps) {
		w.skip = make([]bool, len(ps))
	}
	skip := w.skip[:len(ps)]
	for i := range skip {
		skip[i] = st.units[i].boiler
	}
	for _, d := range st.dups {
		if !d.Contained && d.Passage >= 0 && d.Passage < len(skip) {
			skip[d.Passage] = true
		}
	}
	w.coh.measure(st.units, skip)
	return st
}

// endsSentence reports whether s ends with sentence-final punctuation,
// after closing quotes and brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \t\r\u00a0\u200f\u200e\"'»”’)]}")
	for _, end := range []string{".", "!", "?", "؟", "…", "۔"} {
		if strings.HasSuffix(s, end) {
			return true
		}
	}
	return false
}

// hashTokens is dedup.ExactHash, or 0 for a passage without tokens. buf
// is scratch space, returned for reuse.
func hashTokens(buf []byte, toks [][]byte) (uint64, []byte) {
	if len(toks) == 0 {
		return 0, buf
	}
	return dedup.ExactHash(buf, toks)
}

// firstWords returns the first n words of s, separated by single spaces,
// with " …" when s has more.
func firstWords(s string, n int) string {
	var b strings.Builder
	words := 0
	for i := 0; i < len(s); {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++
		}
		if i == len(s) {
			break
		}
		if words == n {
			b.WriteString(" …")
			break
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' {
			j++
		}
		if words > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:j])
		words++
		i = j
	}
	return b.String()
}

// Analyze runs both passes over pages and calls emit with each page's
// report, in input order. next returns the next page, or false at the end.
// The first error from the duplicate finder or emit stops the run.
func (a *Analyzer) Analyze(next func() (Page, bool), emit func(*PageReport) error) (*Summary, error) {
	states, err := a.scanAll(next)
	if err != nil {
		return nil, err
	}
	// Exact recurrence across pages: which pages hold each passage hash,
	// and where it occurred first.
	type first struct {
		page, line int32 // where the passage occurs first
		pages      int32 // distinct pages holding the passage
		last       int32 // the last page counted
	}
	seen := make(map[uint64]*first)
	ids := make([]string, len(states))
	for pi, st := range states {
		ids[pi] = st.id
		for ui, h := range st.hashes {
			if h == 0 {
				continue
			}
			switch f := seen[h]; {
			case f == nil:
				seen[h] = &first{page: int32(pi), line: int32(st.units[ui].line), pages: 1, last: int32(pi)}
			case f.last != int32(pi):
				f.pages++
				f.last = int32(pi)
			}
		}
	}
	sum := newSummary(a.labels)
	for pi, st := range states {
		rep := a.finish(pi, st, func(h uint64) (page, line, pages int) {
			f := seen[h]
			return int(f.page), int(f.line), int(f.pages)
		}, ids)
		states[pi] = nil // the report holds what a later page needs
		sum.add(rep)
		if err := emit(rep); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// scanAll runs the first pass with a worker pool, keeping input order.
func (a *Analyzer) scanAll(next func() (Page, bool)) ([]*pageState, error) {
	type job struct {
		i int
		p Page
	}
	jobs := make(chan job, 4*a.opt.Workers)
	var mu sync.Mutex
	var states []*pageState
	var wg sync.WaitGroup
	for w := 0; w < a.opt.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := a.newWorker()
			for j := range jobs {
				st := a.scan(w, j.p)
				mu.Lock()
				for len(states) <= j.i {
					states = append(states, nil)
				}
				states[j.i] = st
				mu.Unlock()
			}
		}()
	}
	n := 0
	for {
		p, ok := next()
		if !ok {
			break
		}
		jobs <- job{n, p}
		n++
	}
	close(jobs)
	wg.Wait()
	for _, st := range states {
		if st.err != nil {
			return nil, st.err
		}
	}
	return states, nil
}

// finish is the second pass over one page: flags, segmentation, labels.
// firstOf gives the page, line and number of pages of a passage hash;
// ids are the pages' ids.
func (a *Analyzer) finish(pi int, st *pageState, firstOf func(uint64) (int, int, int), ids []string) *PageReport {
	rep := &PageReport{ID: st.id, Lines: st.lines, Articles: []Article{}, Flags: []Flag{}}
	units := st.units
	// flagged[ui] is 1 + the index in st.dups of the pair that flags unit
	// ui, or −1 − the index in cross of its first copy on an earlier page
	// (0: not flagged). Flags are made once, in rep.Flags.
	flagged := make([]int32, len(units))
	type copyOf struct{ page, line int }
	var cross []copyOf
	// Captions and intertitles that repeat the start of a paragraph.
	for _, d := range st.dups {
		if d.Contained && d.Passage >= 0 && d.Of > d.Passage && d.Of-d.Passage <= echoReach && d.Of < len(units) {
			units[d.Passage].echoed = true
		}
	}
	// Copies inside the page.
	for di, d := range st.dups {
		if d.Passage < 0 || d.Passage >= len(units) || flagged[d.Passage] != 0 {
			continue
		}
		flagged[d.Passage] = int32(di + 1)
		if !d.Contained {
			// A later copy says nothing new about the topic.
			units[d.Passage].content = false
			if d.Of == d.Passage-1 && !units[d.Of].boiler {
				units[d.Of].opensCaption = true
			}
		}
	}
	// Exact copies of earlier pages, and recurring short passages.
	for ui, h := range st.hashes {
		if h == 0 {
			continue
		}
		fp, fl, pages := firstOf(h)
		u := &units[ui]
		if pages >= a.opt.RecurDocs && int(u.tokens) <= a.opt.RecurMaxTokens && !u.boiler {
			u.boiler, u.content, u.recurs = true, false, int32(pages)
		}
		if fp != pi && flagged[ui] == 0 && !u.boiler {
			cross = append(cross, copyOf{fp, fl})
			flagged[ui] = -int32(len(cross))
		}
	}
	nf := 0
	for ui := range units {
		if units[ui].boiler || flagged[ui] != 0 {
			nf++
		}
	}
	rep.Flags = make([]Flag, 0, nf)
	for ui := range units {
		u := &units[ui]
		switch f := flagged[ui]; {
		case u.boiler:
			rep.Flags = append(rep.Flags, Flag{Line: u.line, EndLine: u.endLine, Kind: "boilerplate", Reason: u.reason(), Start: st.starts[ui]})
		case f > 0:
			d := st.dups[f-1]
			kind := "duplicate"
			if d.Contained {
				kind = "contained"
			}
			rep.Flags = append(rep.Flags, Flag{Line: u.line, EndLine: u.endLine, Kind: kind, OfID: st.id, OfLine: units[d.Of].line, Sim: round3(d.Similarity), Start: st.starts[ui]})
		case f < 0:
			c := cross[-f-1]
			rep.Flags = append(rep.Flags, Flag{Line: u.line, EndLine: u.endLine, Kind: "duplicate", OfID: ids[c.page], OfLine: c.line, Sim: 1, Start: st.starts[ui]})
		}
	}
	sort.SliceStable(rep.Flags, func(i, j int) bool { return rep.Flags[i].Line < rep.Flags[j].Line })
	st.dups, st.hashes, flagged, cross = nil, nil, nil, nil // not needed any more: a big page frees them

	seg := newSegmenter(units, st.ll, a.prior, a.opt.Segment)
	st.ll = nil
	var spans []span
	if starts, ok := a.fixedStarts(pi, st); ok {
		spans = seg.splitAt(starts)
	} else {
		var gaps []Gap
		spans, gaps = seg.split()
		if a.opt.KeepGaps {
			rep.Gaps = gaps
		}
	}
	for _, sp := range spans {
		if art, ok := a.article(st, seg, sp); ok {
			rep.Articles = append(rep.Articles, art)
		}
	}
	return rep
}

// fixedStarts returns the units where Options.Boundaries starts the
// page's articles.
func (a *Analyzer) fixedStarts(pi int, st *pageState) ([]int, bool) {
	if a.opt.Boundaries == nil {
		return nil, false
	}
	lines, ok := a.opt.Boundaries(pi, st.id)
	if !ok {
		return nil, false
	}
	var starts []int
	for _, l := range lines {
		i, _ := slices.BinarySearchFunc(st.units, l, func(u unit, l int) int { return u.line - l })
		starts = append(starts, i)
	}
	slices.Sort(starts)
	return starts, true
}

// article turns a span of units into an article: boilerplate at either end
// is left out, and a span with no content (only boilerplate, copies of
// earlier lines, or lines without words) is not an article. A span whose
// content has words but none the model knows is an article labeled
// Unknown with probability 0, as "khabar classify" labels such a text.
func (a *Analyzer) article(st *pageState, seg *segmenter, sp span) (Article, bool) {
	from, to := sp.from, sp.to
	for from < to && !st.units[from].content && st.units[from].boiler {
		from++
	}
	for to > from && st.units[to-1].boiler {
		to--
	}
	if from >= to {
		return Article{}, false
	}
	if seg.tokens(from, to) == 0 {
		for _, u := range st.units[from:to] {
			if u.content && u.words > 0 {
				return Article{StartLine: st.units[from].line, EndLine: st.units[to-1].endLine, Label: Unknown, Start: st.starts[from]}, true
			}
		}
		return Article{}, false
	}
	label, _ := seg.best(from, to)
	// Posterior of the label: the model's calibrated probability of the
	// log joint scores (see calibrate.go).
	scores := make([]float64, len(a.labels))
	for c := range scores {
		scores[c] = a.prior[c] + seg.ll(from, to, c)
	}
	probs := a.probabilities(scores, seg.tokens(from, to))
	return Article{
		StartLine: st.units[from].line,
		EndLine:   st.units[to-1].endLine,
		Label:     a.labels[label],
		Prob:      probs[label], // full precision; reports round it
		Tokens:    seg.tokens(from, to),
		Start:     st.starts[from],
	}, true
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
