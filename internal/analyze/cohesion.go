package analyze

import (
	"bytes"
	"math"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// Lexical cohesion
//
// For the gap before each passage, the content words (the topic model's
// tokens, known to the model or not, without a leading article ال and the
// clitic before it, so that a word with and without its article counts as
// one) of the nearest
// passages before it, until they hold cohesionWindow tokens (at most
// windowUnits passages), are compared with those of the passages after
// it: the cosine similarity of their word counts; and the same with all
// the words of the page before the gap in place of the left window (an
// article's later sections share words with its beginning, a new article
// does not); and the same as the first over wider windows (wideWindow
// tokens, at most wideUnits passages a side). Boilerplate passages and
// later copies of a passage are left out. Words are counted in
// cohesionBuckets buckets of their xxhash; two words of a 120-word window
// share a bucket rarely enough not to matter.
const cohesionBuckets = 1 << 12

// cohesion holds the buffers of the cohesion measure for one goroutine.
type cohesion struct {
	words  []uint16 // bucket of every token of the page, passage after passage
	bounds []int    // passage j's tokens are words[bounds[j]:bounds[j+1]]
	left   [cohesionBuckets]int32
	right  [cohesionBuckets]int32
	all    [cohesionBuckets]int32 // every word before the current passage
	touch  []uint16
}

func (c *cohesion) reset() {
	c.words, c.bounds = c.words[:0], append(c.bounds[:0], 0)
}

// add records the tokens of the next passage.
func (c *cohesion) add(toks [][]byte) {
	for _, t := range toks {
		c.words = append(c.words, uint16(xxhash.Sum64(stripArticle(t))&(cohesionBuckets-1)))
	}
	c.bounds = append(c.bounds, len(c.words))
}

// measure sets units[i].cos, allCos and wideCos for every unit; skip[i]
// leaves passage i out of the windows.
func (c *cohesion) measure(units []unit, skip []bool) {
	n := len(units)
	allNorm := 0.0 // Σ all[b]²
	defer clear(c.all[:])
	for i := range units {
		units[i].cos, units[i].allCos, units[i].wideCos = 1, 1, 1
		// A short passage whose words start the next one (an intertitle
		// or caption taken from the paragraph after it).
		if i+1 < n && !skip[i] && !skip[i+1] {
			a, b := c.words[c.bounds[i]:c.bounds[i+1]], c.words[c.bounds[i+1]:c.bounds[i+2]]
			if len(a) > 0 && len(a) <= titleMaxWords && len(a) < len(b) && slices.Equal(a, b[:len(a)]) {
				units[i].echoed = true
			}
		}
		if i > 0 && !skip[i-1] {
			for _, b := range c.words[c.bounds[i-1]:c.bounds[i]] {
				allNorm += float64(2*c.all[b] + 1)
				c.all[b]++
			}
		}
		if i == 0 {
			continue
		}
		var allDot, rr float64
		units[i].cos, allDot, rr = c.across(i, cohesionWindow, windowUnits, skip, true)
		if rr > 0 {
			units[i].allCos = float32(allDot / math.Sqrt(allNorm*rr))
		}
		units[i].wideCos, _, _ = c.across(i, wideWindow, wideUnits, skip, false)
	}
}

// across returns the cosine similarity of the words of the passages before
// and after the gap before passage i, up to want tokens and reach
// passages on each side (1 when a side is empty); with all, also the dot
// product of the window after with c.all, and the squared norm of the
// window after (0 when a side is empty).
func (c *cohesion) across(i, want, reach int, skip []bool, all bool) (cos float32, allDot, rr float64) {
	n := len(c.bounds) - 1
	cos = 1
	var ll, dot float64
	got := 0
	for j := i - 1; j >= 0 && j > i-1-reach && got < want; j-- {
		if skip[j] {
			continue
		}
		for _, b := range c.words[c.bounds[j]:c.bounds[j+1]] {
			if c.left[b] == 0 {
				c.touch = append(c.touch, b)
			}
			c.left[b]++
			got++
		}
	}
	if got > 0 {
		rgot := 0
		for j := i; j < n && j < i+reach && rgot < want; j++ {
			if skip[j] {
				continue
			}
			for _, b := range c.words[c.bounds[j]:c.bounds[j+1]] {
				if c.right[b] == 0 && c.left[b] == 0 {
					c.touch = append(c.touch, b)
				}
				c.right[b]++
				rgot++
			}
		}
		if rgot > 0 {
			for _, b := range c.touch {
				l, r := float64(c.left[b]), float64(c.right[b])
				ll += l * l
				rr += r * r
				dot += l * r
				if all {
					allDot += float64(c.all[b]) * r
				}
			}
			cos = float32(dot / math.Sqrt(ll*rr))
		}
	}
	for _, b := range c.touch {
		c.left[b], c.right[b] = 0, 0
	}
	c.touch = c.touch[:0]
	return cos, allDot, rr
}

// articlePrefixes are the article ال with the clitics that attach before
// it, in normalized spelling, longest first.
var articlePrefixes = [][]byte{[]byte("وال"), []byte("بال"), []byte("فال"), []byte("كال"), []byte("لل"), []byte("ال")}

// stripArticle returns t without a leading article, when at least two
// letters (four bytes) are left.
func stripArticle(t []byte) []byte {
	if len(t) < 6 || t[0] < 0xd8 || t[0] > 0xd9 {
		return t
	}
	for _, p := range articlePrefixes {
		if len(t) >= len(p)+4 && bytes.HasPrefix(t, p) {
			return t[len(p):]
		}
	}
	return t
}
