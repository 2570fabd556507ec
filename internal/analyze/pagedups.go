package analyze

import (
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

// maxAllPairs is the most passages a page may have for DedupFinder to
// compare every pair of them exactly; a longer page goes through dedup.Find
// and its LSH index.
const maxAllPairs = 400

// DedupFinder returns a PageDupFinder that compares the passages of one
// page with the dedup stage's shingles and measures (opts: see
// PageDupOptions). A page of up to maxAllPairs passages has every pair of
// passages compared exactly, which is both faster than building MinHash
// signatures for a few lines and free of LSH misses; a longer page runs
// through dedup.Find.
func DedupFinder(opts dedup.Options) PageDupFinder {
	opts.Pairs = true
	threshold := opts.Threshold
	if threshold == 0 {
		threshold = dedup.DefaultThreshold
	}
	type scratch struct {
		tk *text.Tokenizer
		sh *dedup.Shingler
	}
	pool := sync.Pool{New: func() any {
		return &scratch{text.New(opts.Text).NewTokenizer(), dedup.NewShingler(opts.Shingle)}
	}}
	return func(doc string, ps []text.Passage) ([]PageDup, error) {
		if len(ps) > maxAllPairs {
			return findPageDups(doc, opts)
		}
		s := pool.Get().(*scratch)
		defer pool.Put(s)
		sets := make([][]uint64, len(ps))
		for i, p := range ps {
			toks := s.tk.Tokens(doc[p.Start:p.End])
			if len(toks) < opts.MinTokens {
				continue
			}
			sets[i] = append([]uint64(nil), s.sh.Set(toks)...)
		}
		var out []PageDup
		for j := range sets {
			for i := 0; i < j; i++ {
				if len(sets[i]) == 0 || len(sets[j]) == 0 {
					continue
				}
				if sim := dedup.Jaccard(sets[i], sets[j]); sim >= threshold {
					out = append(out, PageDup{Passage: j, Of: i, Similarity: sim})
					continue
				}
				if opts.Containment == 0 {
					continue
				}
				// The shorter passage inside the longer (the earlier one
				// when they are as long).
				short, long := i, j
				if len(sets[j]) < len(sets[i]) {
					short, long = j, i
				}
				if c := dedup.Containment(sets[short], sets[long]); c >= opts.Containment {
					out = append(out, PageDup{Passage: short, Of: long, Similarity: c, Contained: true})
				}
			}
		}
		return out, nil
	}
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
