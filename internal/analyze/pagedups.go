package analyze

import (
	"fmt"
	"slices"
	"sync"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/shingle"
	"github.com/khabar-nlp/khabar/internal/text"
)

// PageDupOptions are the dedup options analyze uses inside a page:
// character 5-grams, so that a caption differing from the lead by a clitic
// still matches, Jaccard >= 0.8 for copies, and containment >= 0.7 for a
// caption or headline that repeats a sentence of a longer passage.
func PageDupOptions() dedup.Options {
	return dedup.Options{
		Shingle:     dedup.Shingling{Chars: true, N: 5},
		Threshold:   0.8,
		Containment: 0.7,
		Pairs:       true,
		Workers:     1,
	}
}

// Bounds of the in-page search, so that its time and memory grow linearly
// with the page, whatever it repeats.
const (
	// maxPostings is the most passages a shingle's posting list holds. A
	// shingle in more passages (a common word's letters) is too common to
	// point at a copy: later passages do not look it up.
	maxPostings = 32
	// maxCandidates is the most earlier passages one passage is measured
	// against: those that share the most shingles with it.
	maxCandidates = 64
	// maxTouched bounds the candidates counted before choosing them.
	maxTouched = 4096
	// maxCopyPairs is the most later exact copies of a passage that are
	// paired with a third passage that contains or repeats it (the copies
	// are already flagged as copies of the first).
	maxCopyPairs = 8
	// sampleAbove is the number of shingles in a page above which only one
	// shingle hash in sampleRate is kept (those divisible by it): on such a
	// page, similarities are estimated from the sample, which keeps memory
	// near 3 bytes a shingle.
	sampleAbove = 1 << 22
	sampleRate  = 8
)

// PageDups finds the duplicated passages inside one page with dedup's
// stages, under the dedup.Spec of its options (see PageDupOptions): each
// passage is a dedup.Record, its exact hash and shingle set made from
// dedup's tokens of the passage (the Spec's text settings and shingling),
// and a pair is a copy when dedup's Verify stage accepts it, so analyze and
// "khabar dedup" with the same options agree on what a copy is. The search
// stays linear in the size of the page whatever it repeats:
//
//  1. passages with the same exact hash (the same tokens, as dedup's
//     exact clusters) are grouped: a later copy is a duplicate of the
//     first (similarity 1) and is not compared again, so a page of a
//     million identical lines costs a million hash look-ups;
//  2. other passages look up their shingles in an inverted index from
//     shingle to the earlier passages holding it (at most maxPostings
//     each), and at most maxCandidates of the passages found, those
//     sharing the most shingles, are verified (dedup.Spec.Verify, exact
//     Jaccard) and, failing that, measured for containment (the share of
//     the shorter passage's shingles in the longer one).
//
// Candidates come from the shingles rather than from LSH band keys: the
// containment of a caption in a long lead is far below any Jaccard
// threshold, so its pair never shares a band, and the shingle sets serve
// both tests without the 128 MinHash values per passage that band keys
// need. A pair that shares only common shingles can thus be missed; on
// the seeds and on news pages the pairs are the ones dedup.Find finds
// (TestPageDupsAgreesWithFind). A PageDups is safe for concurrent use.
type PageDups struct {
	opts        dedup.Options
	spec        dedup.Spec
	pipe        *text.Pipeline // of spec.Text
	containment float64
	scratch     sync.Pool // of *pageScratch, for Find
}

// NewPageDups returns the in-page search with options opts (at passage
// level, exactly verified: opts.NoVerify and SimHash do not apply).
func NewPageDups(opts dedup.Options) (*PageDups, error) {
	opts.Pairs = true
	opts.Level = dedup.PassageLevel
	if opts.NoVerify || opts.Method != dedup.MinHashLSH {
		return nil, fmt.Errorf("analyze: the in-page search verifies every pair exactly (no NoVerify, no SimHash)")
	}
	spec, err := opts.Spec()
	if err != nil {
		return nil, err
	}
	d := &PageDups{opts: opts, spec: spec, pipe: text.New(spec.Text), containment: opts.Containment}
	d.scratch.New = func() any { return d.newScratch() }
	return d, nil
}

// DefaultPageDups returns the in-page search with PageDupOptions, which
// are valid by construction (TestPageDupOptions).
func DefaultPageDups() *PageDups {
	d, err := NewPageDups(PageDupOptions())
	if err != nil {
		panic(err) // constant options: cannot happen
	}
	return d
}

// Spec returns the dedup.Spec of the search: its text settings are those
// of the tokens it reads.
func (d *PageDups) Spec() dedup.Spec { return d.spec }

func (d *PageDups) newScratch() *pageScratch {
	return &pageScratch{d: d, tk: d.pipe.NewTokenizer(), sh: shingle.New(d.spec.Shingle.Chars, d.spec.Shingle.N)}
}

// Find returns the duplicated passages of doc, whose passages are ps: the
// exact copies of an earlier passage first, in page order, then the other
// pairs.
func (d *PageDups) Find(doc string, ps []text.Passage) []PageDup {
	s := d.scratch.Get().(*pageScratch)
	defer d.scratch.Put(s)
	total := 0
	for _, p := range ps {
		total += p.End - p.Start
	}
	s.begin(len(ps), total)
	var buf []byte
	for _, p := range ps {
		toks := s.tk.Tokens(doc[p.Start:p.End])
		var h uint64
		if len(toks) > 0 {
			h, buf = shingle.ExactHash(buf, toks)
		}
		s.add(toks, h)
	}
	pairs, copies := s.end()
	var out []PageDup
	for _, c := range copies {
		out = append(out, PageDup{Passage: int(c.passage), Of: int(c.of), Similarity: 1})
	}
	return append(out, pairs...)
}

// pageScratch holds the buffers of PageDups for one goroutine: the
// passages' shingle sets, and an open-addressing hash table from shingle to
// the passages holding it (as a linked list), reset after each page over
// the slots it used.
type pageScratch struct {
	d  *PageDups
	tk *text.Tokenizer // for Find
	sh *shingle.Shingler

	// The page being searched (begin, add, end).
	sample     bool
	j          int          // the next passage
	out        []PageDup    // pairs but exact copies
	exactOut   []exactCopy  // exact copies, in page order
	recQ, recJ dedup.Record // the pair being verified

	sets   []uint64          // the sorted distinct shingles of each passage but copies, concatenated
	ends   []int             // passage j's set is sets[ends[j-1]:ends[j]] (ends[-1] = 0)
	exact  map[uint64]int32  // exact hash → first passage
	copies map[int32][]int32 // first copy → later copies (at most maxCopyPairs)

	keys  []uint64 // slot → shingle hash
	head  []int32  // slot → first posting + 1 (0: empty slot)
	count []int32  // slot → postings in its list
	used  []int32  // slots to reset
	pass  []int32  // posting → passage
	next  []int32  // posting → next posting + 1 (0: end)
	inter []int32  // shingles each passage shares with the current one
	touch []int32  // passages with inter > 0
	found []found
	probe []uint64 // for hasCopies
}

// An exactCopy is a passage with the same tokens as an earlier one, the
// first with them: 8 bytes, where a PageDup takes 32 (a page of a million
// copies of one line holds a million).
type exactCopy struct{ passage, of int32 }

// A found is a pair of the current passage with an earlier one.
type found struct {
	with int32 // the earlier passage, for the order of the output
	dup  PageDup
}

// slot returns the table slot of h, claiming an empty one if h is new.
func (s *pageScratch) slot(h uint64) int {
	mask := len(s.keys) - 1
	i := int(h^(h>>29)) & mask
	for s.head[i] != 0 && s.keys[i] != h {
		i = (i + 1) & mask
	}
	if s.head[i] == 0 {
		s.keys[i] = h
	}
	return i
}

// grow makes the table hold n shingles at half load, moving the slots in
// use (the table grows with the page instead of being sized for it).
func (s *pageScratch) grow(n int) {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	if size <= len(s.keys) {
		return
	}
	oldKeys, oldHead, oldCount := s.keys, s.head, s.count
	s.keys = make([]uint64, size)
	s.head = make([]int32, size)
	s.count = make([]int32, size)
	used := s.used
	s.used = make([]int32, 0, max(cap(used), n))
	for _, i := range used {
		j := s.slot(oldKeys[i])
		s.head[j], s.count[j] = oldHead[i], oldCount[i]
		s.used = append(s.used, int32(j))
	}
}

// intersect counts the values two sorted sets share.
func intersect(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// begin starts the search of a page of n passages and total bytes.
func (s *pageScratch) begin(n, total int) {
	s.sets = s.sets[:0]
	if cap(s.ends) < n {
		s.ends = make([]int, 0, n)
	}
	s.ends = s.ends[:0]
	s.sample = total > sampleAbove // bytes bound the shingles from above
	s.j, s.out, s.exactOut = 0, nil, nil
	s.grow(0)
	if s.exact == nil {
		s.exact, s.copies = map[uint64]int32{}, map[int32][]int32{}
	}
	if cap(s.inter) < n {
		s.inter = make([]int32, n)
	}
	s.inter = s.inter[:n]
}

// end returns the pairs found in the page but exact copies, and the
// exact copies, and resets the buffers.
func (s *pageScratch) end() ([]PageDup, []exactCopy) {
	out, copies := s.out, s.exactOut
	s.exactOut = nil
	for _, i := range s.used {
		s.head[i], s.count[i] = 0, 0
	}
	s.used, s.pass, s.next, s.out = s.used[:0], s.pass[:0], s.next[:0], nil
	if len(s.exact) > 1<<16 { // a map keeps its buckets when cleared
		s.exact, s.copies = map[uint64]int32{}, map[int32][]int32{}
	}
	if len(s.keys) > 1<<20 { // do not keep a huge page's buffers
		*s = pageScratch{d: s.d, tk: s.tk, sh: s.sh}
	}
	if cap(s.ends) > 1<<20 { // nor those of a page of a million lines
		s.ends, s.inter = nil, nil
	}
	clear(s.exact)
	clear(s.copies)
	return out, copies
}

// set returns passage j's shingle set; later exact copies keep no set of
// their own.
func (s *pageScratch) set(j int) []uint64 {
	start := 0
	if j > 0 {
		start = s.ends[j-1]
	}
	return s.sets[start:s.ends[j]]
}

// shingles appends to dst the shingle set of a passage whose tokens are
// toks (none below the options' MinTokens), only the sample of it when
// sample is true (see sampleAbove).
func (s *pageScratch) shingles(dst []uint64, toks [][]byte, sample bool) []uint64 {
	if len(toks) == 0 || len(toks) < s.d.opts.MinTokens {
		return dst
	}
	start := len(dst)
	dst = append(dst, s.sh.Set(toks)...)
	if sample {
		kept := dst[:start]
		for _, h := range dst[start:] {
			if h%sampleRate == 0 {
				kept = append(kept, h)
			}
		}
		dst = kept
	}
	return dst
}

// hasCopies reports whether, in a page of total bytes of passages (as given
// to begin), a passage with tokens toks has shingles, so that a later
// passage with the same tokens is an exact copy of it (add).
func (s *pageScratch) hasCopies(toks [][]byte, total int) bool {
	s.probe = s.shingles(s.probe[:0], toks, total > sampleAbove)
	return len(s.probe) > 0
}

// add searches the next passage, whose tokens (from the Spec's text
// settings) are toks and exact hash (shingle.ExactHash of toks) h, against
// the earlier ones.
func (s *pageScratch) add(toks [][]byte, h uint64) {
	j := s.j
	s.j++
	inter := s.inter
	start := len(s.sets)
	s.sets = s.shingles(s.sets, toks, s.sample)
	s.ends = append(s.ends, len(s.sets))
	sj := s.sets[start:]
	if len(sj) == 0 {
		return
	}
	if r, ok := s.exact[h]; ok && slices.Equal(s.set(int(r)), sj) {
		s.exactOut = append(s.exactOut, exactCopy{passage: int32(j), of: r})
		if c := s.copies[r]; len(c) < maxCopyPairs {
			s.copies[r] = append(c, int32(j))
		}
		s.sets = s.sets[:start]
		s.ends[j] = start
		return
	}
	if _, ok := s.exact[h]; !ok {
		s.exact[h] = int32(j)
	}
	if 2*(len(s.used)+len(sj)) > len(s.keys) {
		s.grow(len(s.used) + len(sj))
	}
	// Candidates: earlier passages sharing uncommon shingles.
	s.touch = s.touch[:0]
	exactCounts := true
	for _, sh := range sj {
		i := s.slot(sh)
		if s.head[i] == 0 {
			s.used = append(s.used, int32(i))
		} else if s.count[i] >= maxPostings {
			exactCounts = false
			continue
		}
		for e := s.head[i]; e != 0; e = s.next[e-1] {
			q := s.pass[e-1]
			if inter[q] == 0 {
				if len(s.touch) == maxTouched {
					exactCounts = false
					continue
				}
				s.touch = append(s.touch, q)
			}
			inter[q]++
		}
		s.count[i]++
		s.pass = append(s.pass, int32(j))
		s.next = append(s.next, s.head[i])
		s.head[i] = int32(len(s.pass))
	}
	if len(s.touch) > maxCandidates {
		slices.SortFunc(s.touch, func(a, b int32) int {
			if inter[a] != inter[b] {
				return int(inter[b] - inter[a])
			}
			return int(a - b)
		})
		for _, q := range s.touch[maxCandidates:] {
			inter[q] = 0
		}
		s.touch = s.touch[:maxCandidates]
	}
	slices.Sort(s.touch)
	s.found = s.found[:0]
	s.recJ.Set = sj
	for _, q := range s.touch {
		n := int(inter[q])
		inter[q] = 0
		s.recQ.Set = s.set(int(q))
		d, ok := s.measure(int(q), j, n, exactCounts)
		if !ok {
			continue
		}
		s.found = append(s.found, found{q, d})
		// The same pair for the later copies of q.
		for _, c := range s.copies[q] {
			dc := d
			if dc.Passage == int(q) {
				dc.Passage = int(c)
			} else {
				dc.Of = int(c)
			}
			s.found = append(s.found, found{c, dc})
		}
	}
	slices.SortStableFunc(s.found, func(x, y found) int { return int(x.with - y.with) })
	for _, f := range s.found {
		s.out = append(s.out, f.dup)
	}
}

// measure decides whether passages q (earlier, record s.recQ) and j
// (s.recJ), sharing n shingles when exact (else to be counted), are copies
// (dedup's Verify) or one is inside the other.
func (s *pageScratch) measure(q, j, n int, exact bool) (PageDup, bool) {
	if sim, ok := s.d.spec.Verify(&s.recQ, &s.recJ); ok {
		return PageDup{Passage: j, Of: q, Similarity: sim}, true
	}
	if s.d.containment == 0 {
		return PageDup{}, false
	}
	if !exact {
		n = intersect(s.recQ.Set, s.recJ.Set)
	}
	// The shorter passage inside the longer (the earlier one when they are
	// as long).
	a, b := len(s.recQ.Set), len(s.recJ.Set)
	short, long, sz := q, j, a
	if b < a {
		short, long, sz = j, q, b
	}
	if c := float64(n) / float64(sz); c >= s.d.containment {
		return PageDup{Passage: short, Of: long, Similarity: c, Contained: true}, true
	}
	return PageDup{}, false
}

// findPageDups runs dedup.Find on one page, the reference that
// TestPageDupsAgreesWithFind compares PageDups with.
func findPageDups(doc string, opts dedup.Options) ([]PageDup, error) {
	res, err := dedup.Find(slices.Values([]dedup.Doc{{Text: doc}}), opts)
	if err != nil {
		return nil, err
	}
	var out []PageDup
	for _, p := range res.Pairs {
		if p.Kind == dedup.Contained {
			out = append(out, PageDup{Passage: p.A.Passage, Of: p.B.Passage, Similarity: p.Similarity, Contained: true})
			continue
		}
		out = append(out, PageDup{Passage: p.B.Passage, Of: p.A.Passage, Similarity: p.Similarity})
	}
	return out, nil
}
