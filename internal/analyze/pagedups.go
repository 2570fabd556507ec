package analyze

import (
	"slices"
	"sync"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/text"
)

// PageDupOptions are the dedup options analyze uses inside a page:
// character 5-grams, so that a caption differing from the lead by a clitic
// still matches, Jaccard >= 0.8 for copies, and containment >= 0.7 for a
// caption or headline that repeats a sentence of a longer passage.
func PageDupOptions() dedup.Options {
	return dedup.Options{
		Shingle:     dedup.Shingling{Kind: dedup.CharShingles, N: 5},
		Threshold:   0.8,
		Containment: 0.7,
		Pairs:       true,
		Workers:     1,
	}
}

// maxInPage is the most passages a page may have for DedupFinder to
// compare them through its own small index; a longer page goes through
// dedup.Find.
const maxInPage = 2000

// DedupFinder returns a PageDupFinder that compares the passages of one
// page with the dedup stage's shingles and measures (opts: see
// PageDupOptions). Inside a page of up to maxInPage passages, an inverted
// index from shingle to passages counts the shingles every two passages
// share, so each pair that shares any is measured exactly (no LSH misses)
// and pairs that share none cost nothing; a longer page runs through
// dedup.Find.
func DedupFinder(opts dedup.Options) PageDupFinder {
	opts.Pairs = true
	threshold := opts.Threshold
	if threshold == 0 {
		threshold = dedup.DefaultThreshold
	}
	pool := sync.Pool{New: func() any {
		return &pageScratch{
			tk: text.New(opts.Text).NewTokenizer(),
			sh: dedup.NewShingler(opts.Shingle),
		}
	}}
	return func(doc string, ps []text.Passage) ([]PageDup, error) {
		if len(ps) > maxInPage {
			return findPageDups(doc, opts)
		}
		s := pool.Get().(*pageScratch)
		defer pool.Put(s)
		return s.find(doc, ps, opts.MinTokens, threshold, opts.Containment), nil
	}
}

// pageScratch holds the buffers of DedupFinder for one goroutine: an
// open-addressing hash table from shingle to the passages holding it (as a
// linked list), reset after each page over the slots it used.
type pageScratch struct {
	tk *text.Tokenizer
	sh *dedup.Shingler

	keys  []uint64 // slot → shingle hash
	head  []int32  // slot → first posting + 1 (0: empty slot)
	last  []int32  // slot → last passage added + 1, to skip repeats
	used  []int32  // slots to reset
	pass  []int32  // posting → passage
	next  []int32  // posting → next posting + 1 (0: end)
	sizes []int    // distinct shingles per passage
	inter []int32  // shingles each passage shares with the current one
	touch []int32  // passages with inter > 0
}

// slot returns the table slot of h, claiming an empty one if h is new.
func (s *pageScratch) slot(h uint64) int {
	mask := len(s.keys) - 1
	i := int(h^(h>>29)) & mask
	for s.head[i] != 0 && s.keys[i] != h {
		i = (i + 1) & mask
	}
	return i
}

// grow makes the table hold n shingles at half load.
func (s *pageScratch) grow(n int) {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	if size > len(s.keys) {
		s.keys = make([]uint64, size)
		s.head = make([]int32, size)
		s.last = make([]int32, size)
	}
}

func (s *pageScratch) find(doc string, ps []text.Passage, minTokens int, threshold, containment float64) []PageDup {
	// Every passage's shingles, concatenated, to size the table.
	var all []uint64
	bounds := make([]int, len(ps)+1)
	for j, p := range ps {
		toks := s.tk.Tokens(doc[p.Start:p.End])
		if len(toks) > 0 && len(toks) >= minTokens {
			all = append(all, s.sh.Hashes(toks)...)
		}
		bounds[j+1] = len(all)
	}
	s.grow(len(all))
	defer func() {
		for _, i := range s.used {
			s.head[i], s.last[i] = 0, 0
		}
		s.used, s.pass, s.next = s.used[:0], s.pass[:0], s.next[:0]
	}()
	if cap(s.inter) < len(ps) {
		s.inter = make([]int32, len(ps))
	}
	inter := s.inter[:len(ps)]
	s.sizes = s.sizes[:0]
	var out []PageDup
	for j := range ps {
		s.touch = s.touch[:0]
		size := 0
		for _, h := range all[bounds[j]:bounds[j+1]] {
			i := s.slot(h)
			if s.head[i] == 0 {
				s.keys[i] = h
				s.used = append(s.used, int32(i))
			} else if s.last[i] == int32(j)+1 {
				continue // a repeat inside this passage
			} else {
				for e := s.head[i]; e != 0; e = s.next[e-1] {
					q := s.pass[e-1]
					if inter[q] == 0 {
						s.touch = append(s.touch, q)
					}
					inter[q]++
				}
			}
			size++
			s.last[i] = int32(j) + 1
			s.pass = append(s.pass, int32(j))
			s.next = append(s.next, s.head[i])
			s.head[i] = int32(len(s.pass))
		}
		s.sizes = append(s.sizes, size)
		slices.Sort(s.touch)
		for _, q := range s.touch {
			n := float64(inter[q])
			inter[q] = 0
			a, b := float64(s.sizes[q]), float64(size)
			if sim := n / (a + b - n); sim >= threshold {
				out = append(out, PageDup{Passage: j, Of: int(q), Similarity: sim})
				continue
			}
			if containment == 0 {
				continue
			}
			// The shorter passage inside the longer (the earlier one when
			// they are as long).
			short, long, sz := int(q), j, a
			if b < a {
				short, long, sz = j, int(q), b
			}
			if c := n / sz; c >= containment {
				out = append(out, PageDup{Passage: short, Of: long, Similarity: c, Contained: true})
			}
		}
	}
	return out
}

// findPageDups runs dedup.Find on one page.
func findPageDups(doc string, opts dedup.Options) ([]PageDup, error) {
	res, err := dedup.Find([]dedup.Doc{{Text: doc}}, opts)
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
