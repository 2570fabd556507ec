// Package analyze is khabar's main job: it turns scraped news pages into
// articles with topics, and says which passages are duplicates or site
// boilerplate.
//
// For each page it:
//
//  1. splits the page into passages (non-blank lines) and reads each once
//     into one record: the topic model's tokens and scores, and dedup's
//     tokens (its text settings) for the exact hash, the shingles and the
//     markers;
//  2. finds duplicated passages: copies inside the page (a repeated photo
//     caption, a headline that repeats a sentence of the lead; PageDups),
//     and exact copies of passages of earlier pages, exact as "khabar
//     dedup" says (the same tokens, stop words included);
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
// Pages are analyzed on khabar's worker pool (internal/pool); results come
// out in input order and do not depend on the number of workers.
package analyze

import (
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/pool"
	"github.com/khabar-nlp/khabar/internal/report"
	"github.com/khabar-nlp/khabar/internal/shingle"
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

// An Analyzer analyzes pages with one topic model. It is safe for
// concurrent use.
type Analyzer struct {
	topics  Topics
	dups    *PageDups      // nil: no search for copies inside a page
	exact   text.Settings  // the pipeline of the passages' exact hashes: dedup's
	plain   *text.Pipeline // made with exact, once (a Pipeline's tables cost)
	opt     Options
	markers *markerMatcher
	labels  []string
	prior   []float64
	// keepRuns makes a unit of every copy of a run (see runKeep): the
	// reference TestRunsCollapse compares the collapsed runs with.
	keepRuns bool
}

// New returns an Analyzer. dups searches the copies inside a page (nil:
// none); its text settings are also those of the exact hashes that find
// copies of earlier pages, as "khabar dedup" would call them exact (with
// nil, dedup's default settings).
func New(topics Topics, dups *PageDups, opt Options) *Analyzer {
	opt.defaults()
	a := &Analyzer{
		topics:  topics,
		dups:    dups,
		opt:     opt,
		markers: newMarkerMatcher(topics.Pipeline(), opt.Markers),
		labels:  topics.Labels(),
		prior:   topics.LogPriors(),
	}
	if dups != nil {
		a.exact = dups.Spec().Text
	}
	a.plain = text.New(a.exact)
	if dups != nil {
		a.plain = dups.pipe
	}
	return a
}

// pageState is what the first pass keeps of a page: no text, only what the
// second pass needs.
type pageState struct {
	id     string
	lines  int
	units  []unit
	keys   []passageKeys // of each passage
	starts []string      // first words of each passage
	dups   []PageDup     // pairs inside the page but exact copies
	copies []exactCopy   // exact copies inside the page, in page order
	ll     []float64     // scores of each unit's tokens (see newSegmenter)
}

// Runs of copies
//
// A line repeated on the lines right after it (a run: "x" a million
// times) makes a unit per copy in main's reading of a page, and each
// copy says nothing new: it is an exact copy of the first (PageDups), it
// is not content, and it can open no article. So a run of more than
// runKeep+2 copies of a line keeps its first line and the runKeep copies
// after it as units of their own, and one unit, its tail, for all the
// copies after those, whose lines it spans (every other unit is one
// line: scan reads text.Lines passages, which are lines, so a unit of
// several lines is a tail, and pageState needs no list of them); the
// tail's copies are flagged, one a line, when the report is made
// (report.Flags.AddRun).
// Every look of the segmenter and of the cohesion measure along the
// units reaches at most wideUnits (40) units, and the in-page search
// pairs at most maxCopyPairs (8) copies of a line with a third passage:
// with runKeep (64) copies kept, no look crosses the run and none tells
// the tail from the copies it stands for, so the report is the one every
// copy as a unit would give (TestRunsCollapse compares them), and a page
// of a million copies of a line costs a few units. A run is collapsed
// only when its copies are exact copies (the line has shingles) and the
// page is split by the model (not Options.Boundaries, which may start an
// article at any line).
const runKeep = 64

// passageKeys are the keys of a passage across pages (one slice of both
// a page: one slice header less for each of a corpus's pages).
type passageKeys struct {
	// hash is the exact hash of the passage's tokens, dedup's (0: no
	// tokens).
	hash uint64
	// recur is the recurrence key of a short passage (0: none): the hash
	// of its model tokens, so that site furniture recurs whatever its stop
	// words ("تابعونا على تويتر", "تابعونا في تويتر").
	recur uint64
}

const startWords = 8

func itoa(n int) string { return strconv.Itoa(n) }

// worker holds the buffers of one goroutine of the first pass.
type worker struct {
	// tk is the model's pipeline, nil when the model's tokens are dedup's
	// refined (text.Pipeline.Refines): each passage is then normalized and
	// split once.
	tk    *text.Tokenizer
	model *text.Pipeline
	toks  [][]byte // the model's tokens, refined from dedup's
	// dt is dedup's pipeline (Analyzer.exact): the tokens of the exact
	// hash, of the in-page search, and, when the markers' pipeline is the
	// same, of the markers; mk is the markers' (the model's normalization,
	// no stop words, no stemming) when it is not.
	dt, mk *text.Tokenizer
	ds     *pageScratch // the in-page search, nil without one
	buf    []byte
	coh    cohesion
	skip   []bool
	// starts maps the hash of a passage's text to its first words, so that
	// the copies of a line share one string.
	starts map[uint64]string
}

func (a *Analyzer) newWorker() *worker {
	w := &worker{model: a.topics.Pipeline(), dt: a.plain.NewTokenizer(), starts: map[uint64]string{}}
	if !w.model.Refines(a.exact) {
		w.tk = w.model.NewTokenizer()
	}
	if a.markers.p.Settings() != a.exact {
		w.mk = a.markers.p.NewTokenizer()
	}
	if a.dups != nil {
		w.ds = a.dups.newScratch()
	}
	return w
}

// scan is the first pass over one page. It reads each passage once, into
// one record (unit): the model's tokens give its scores and cohesion
// words; dedup's tokens its exact hash, its shingles for the in-page
// search and its markers.
//
// The passages are counted first, so that each slice of one value a
// passage is made once, at its size, and no slice of all the passages is
// kept (on a page of a million short lines, each byte a line counts).
func (a *Analyzer) scan(w *worker, p Page) *pageState {
	n, total := 0, 0
	// The tails of the runs of copies (see runKeep): passages
	// [from, from+n), the last lines endLine.
	type tail struct{ from, n, endLine int }
	var tails []tail
	runFrom, runRaw := 0, ""
	endRun := func(end, endLine int) {
		if from := runFrom + 1 + runKeep; end-from >= 2 {
			tails = append(tails, tail{from, end - from, endLine})
		}
	}
	prevLine := 0
	sc := text.NewPassageScanner(p.Text, text.Lines)
	for pa, ok := sc.Next(); ok; pa, ok = sc.Next() {
		raw := p.Text[pa.Start:pa.End]
		if n == 0 || pa.Line != prevLine+1 || pa.EndLine != pa.Line || raw != runRaw {
			endRun(n, prevLine)
			runFrom, runRaw = n, raw
			if pa.EndLine != pa.Line {
				runRaw = "" // a passage of lines is no copy on the next line
			}
		}
		prevLine = pa.EndLine
		n++
		total += pa.End - pa.Start
	}
	if n > 0 {
		endRun(n, prevLine)
	}
	if w.ds == nil || a.opt.Boundaries != nil || a.keepRuns {
		tails = nil
	}
	if len(tails) > 0 {
		// Keep the runs whose copies are exact copies.
		kept := tails[:0]
		sc = text.NewPassageScanner(p.Text, text.Lines)
		k := 0
		for pa, ok := sc.Next(); ok && k < len(tails); pa, ok = sc.Next() {
			if pa.Index == tails[k].from {
				if w.ds.hasCopies(w.dt.Tokens(p.Text[pa.Start:pa.End]), total) {
					kept = append(kept, tails[k])
				}
				k++
			}
		}
		tails = kept
	}
	units := n
	for _, t := range tails {
		units -= t.n - 1
	}
	st := &pageState{id: p.ID, lines: strings.Count(p.Text, "\n") + 1}
	if strings.HasSuffix(p.Text, "\n") {
		st.lines--
	}
	n = units
	st.units = make([]unit, n)
	st.keys = make([]passageKeys, n)
	st.starts = make([]string, n)
	nl := len(a.labels)
	st.ll = make([]float64, (n+1)*nl)
	w.coh.reset()
	if w.ds != nil {
		w.ds.begin(n, total)
	}
	sc = text.NewPassageScanner(p.Text, text.Lines)
	for i := range n {
		pa, _ := sc.Next()
		endLine := pa.EndLine
		if len(tails) > 0 && pa.Index == tails[0].from {
			// One unit for the tail of a run: the same text, its lines.
			for range tails[0].n - 1 {
				sc.Next()
			}
			endLine = tails[0].endLine
			tails = tails[1:]
		}
		raw := p.Text[pa.Start:pa.End]
		// dedup's tokens first: the model's may be refined from them.
		plain := w.dt.Tokens(raw)
		k := &st.keys[i]
		k.hash, w.buf = hashTokens(w.buf, plain)
		if w.ds != nil {
			w.ds.add(plain, k.hash)
		}
		var toks [][]byte
		if w.tk != nil {
			toks = w.tk.Tokens(raw)
		} else {
			w.toks = w.model.Refine(w.toks[:0], plain)
			toks = w.toks
		}
		u := unit{line: pa.Line, endLine: endLine, content: true, words: int32(len(toks)), endsSentence: endsSentence(raw), cues: passageCues(raw)}
		u.tokens = int32(a.topics.AddScores(st.ll[(i+1)*nl:(i+2)*nl], toks))
		w.coh.add(toks)
		if len(toks) > 0 && int(u.tokens) <= a.opt.RecurMaxTokens {
			k.recur, w.buf = shingle.ExactHash(w.buf, toks)
		}
		// Only a short passage can be boilerplate; stop words never make
		// a passage longer.
		if len(toks) > 0 && len(toks) <= maxBoilerplateTokens {
			mt := plain
			if w.mk != nil {
				mt = w.mk.Tokens(raw)
			}
			var mk string
			if mk, w.buf = a.markers.matchBuf(w.buf, mt); mk != "" {
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
	if w.ds != nil {
		st.dups, st.copies = w.ds.end()
	}
	if cap(w.skip) < n {
		w.skip = make([]bool, n)
	}
	skip := w.skip[:n]
	for i := range skip {
		skip[i] = st.units[i].boiler
	}
	for _, c := range st.copies {
		skip[c.passage] = true
	}
	for _, d := range st.dups {
		if !d.Contained && d.Passage >= 0 && d.Passage < len(skip) {
			skip[d.Passage] = true
		}
	}
	w.coh.measure(st.units, skip)
	if cap(w.skip) > 1<<20 { // do not keep a huge page's buffers
		w.skip = nil
	}
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

// hashTokens is shingle.ExactHash, or 0 for a passage without tokens. buf
// is scratch space, returned for reuse.
func hashTokens(buf []byte, toks [][]byte) (uint64, []byte) {
	if len(toks) == 0 {
		return 0, buf
	}
	return shingle.ExactHash(buf, toks)
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
// The first error from emit stops the run.
func (a *Analyzer) Analyze(next func() (Page, bool), emit func(*PageReport) error) (*Summary, error) {
	states, err := a.scanAll(next)
	if err != nil {
		return nil, err
	}
	// Across pages: where each passage (by its exact hash, dedup's) occurs
	// first, and how many pages hold each short passage (by its
	// recurrence key).
	type first struct{ page, line int32 }
	type recur struct{ pages, last int32 } // distinct pages; the last counted
	firsts := make(map[uint64]first)
	recurs := make(map[uint64]recur)
	ids := make([]string, len(states))
	for pi, st := range states {
		ids[pi] = st.id
		for ui, pk := range st.keys {
			h := pk.hash
			if _, ok := firsts[h]; h != 0 && !ok {
				firsts[h] = first{page: int32(pi), line: int32(st.units[ui].line)}
			}
			if k := pk.recur; k != 0 {
				if r, ok := recurs[k]; !ok {
					recurs[k] = recur{pages: 1, last: int32(pi)}
				} else if r.last != int32(pi) {
					recurs[k] = recur{pages: r.pages + 1, last: int32(pi)}
				}
			}
		}
	}
	sum := report.NewSummary(a.labels)
	for pi, st := range states {
		rep := a.finish(pi, st, func(h uint64) (page, line int) {
			f := firsts[h]
			return int(f.page), int(f.line)
		}, func(k uint64) int { return int(recurs[k].pages) }, ids)
		states[pi] = nil // the report holds what a later page needs
		sum.Add(&rep.Page)
		if err := emit(rep); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// scanAll runs the first pass on the worker pool, keeping input order.
func (a *Analyzer) scanAll(next func() (Page, bool)) ([]*pageState, error) {
	var states []*pageState
	err := pool.Map(a.opt.Workers, 1, pool.Next(next), func() func(Page) *pageState {
		w := a.newWorker()
		return func(p Page) *pageState { return a.scan(w, p) }
	}, func(_ Page, st *pageState) error {
		states = append(states, st)
		return nil
	})
	return states, err
}

// finish is the second pass over one page: flags, segmentation, labels.
// firstOf gives the page and line where a passage's exact hash occurs
// first, pagesOf the number of pages holding a recurrence key;
// ids are the pages' ids.
func (a *Analyzer) finish(pi int, st *pageState, firstOf func(uint64) (int, int), pagesOf func(uint64) int, ids []string) *PageReport {
	rep := &PageReport{Page: report.Page{ID: st.id, Lines: st.lines, Articles: []Article{}}}
	units := st.units
	// flagged[ui] is 1 + the index in st.dups of the pair that flags unit
	// ui, copyFlag for an exact copy of an earlier passage of the page
	// (st.copies), or −1 − the index in cross of its first copy on an
	// earlier page (0: not flagged). Flags are made once, in rep.Flags.
	const copyFlag = math.MaxInt32
	flagged := make([]int32, len(units))
	type copyOf struct{ page, line int }
	var cross []copyOf
	// Captions and intertitles that repeat the start of a paragraph.
	for _, d := range st.dups {
		if d.Contained && d.Passage >= 0 && d.Of > d.Passage && d.Of-d.Passage <= echoReach && d.Of < len(units) {
			units[d.Passage].echoed = true
		}
	}
	// Copies inside the page: exact copies first (a passage's exact copy
	// pair was the first pair found with it), then the other pairs.
	for _, c := range st.copies {
		flagged[c.passage] = copyFlag
		// A later copy says nothing new about the topic.
		units[c.passage].content = false
		if c.of == c.passage-1 && !units[c.of].boiler {
			units[c.of].opensCaption = true
		}
	}
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
	// Recurring short passages, and exact copies of earlier pages.
	for ui, pk := range st.keys {
		h := pk.hash
		u := &units[ui]
		if k := pk.recur; k != 0 && !u.boiler {
			if pages := pagesOf(k); pages >= a.opt.RecurDocs {
				u.boiler, u.content, u.recurs = true, false, int32(pages)
			}
		}
		if h == 0 {
			continue
		}
		if fp, fl := firstOf(h); fp != pi && flagged[ui] == 0 && !u.boiler {
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
	// In page order, as the units are.
	rep.Flags.Grow(nf)
	copies := st.copies // those not yet met
	for ui := range units {
		u := &units[ui]
		var c exactCopy
		if len(copies) > 0 && int(copies[0].passage) == ui {
			c, copies = copies[0], copies[1:]
		}
		// The flag of each line of the unit: one, or one for each copy of
		// a run's tail, the only units of several lines (see runKeep).
		lines, end := 1, u.endLine
		if u.endLine > u.line {
			lines, end = u.endLine-u.line+1, u.line
		}
		fl := Flag{Line: u.line, EndLine: end, Start: st.starts[ui]}
		switch f := flagged[ui]; {
		case u.boiler:
			fl.Kind, fl.Reason = report.FlagBoilerplate, u.reason()
		case f == copyFlag:
			fl.Kind, fl.OfID, fl.OfLine, fl.Sim = report.FlagDuplicate, st.id, units[c.of].line, 1
		case f > 0:
			d := st.dups[f-1]
			fl.Kind = report.FlagDuplicate
			if d.Contained {
				fl.Kind = report.FlagContained
			}
			fl.OfID, fl.OfLine, fl.Sim = st.id, units[d.Of].line, d.Similarity
		case f < 0:
			c := cross[-f-1]
			fl.Kind, fl.OfID, fl.OfLine, fl.Sim = report.FlagDuplicate, ids[c.page], c.line, 1
		default:
			continue
		}
		rep.Flags.AddRun(fl, lines)
	}
	st.dups, st.copies, st.keys, flagged, cross = nil, nil, nil, nil, nil // not needed any more: a big page frees them

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
