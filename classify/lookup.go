package classify

import (
	"math/bits"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// Feature lookup
//
// A compiled model finds the table row of a text's word or n-gram through
// a featIndex: the features' 64-bit hashes (xxhash64 of the word, or of
// the n-gram's tokens joined by single spaces, as stored) sorted, each
// with its row, and a directory of the top bits of the hash that gives,
// for each value of them, the run of sorted entries that start so. With
// one or two entries per run, a lookup reads one directory cell (the
// directory, about 3 bytes per feature, stays in the processor's caches)
// and one or two cache lines of entries, instead of one or more random
// reads in a hash table twice as large or a Go map of strings; a table
// of hundreds of thousands of features outgrows the caches, and this is
// where classifying spends its time.
//
// A word is looked up by its hash too, and found when the hash is that of
// a word of the model; only when two words of the model share a hash
// (odds of about 1 in 10^9 for a model of 100,000 words) are the bytes
// compared. A text's word that is not in the model is thus taken for one
// that is only when their 64-bit hashes are equal: about 1 in 10^14 per
// token for a model of 100,000 words, the odds that n-grams, known by
// their hash alone, have always had. Reading the word's bytes to compare
// them would double the cache misses of the lookup that dominates the time
// of classifying.

// A featIndex maps feature hashes to table rows. It is immutable once
// built and safe for concurrent use.
type featIndex struct {
	shift   uint        // 64 minus the directory's bits
	dir     []uint32    // entries[dir[b]:dir[b+1]] have hash>>shift == b
	entries []featEntry // sorted by hash, then row
}

type featEntry struct {
	hash   uint64
	row    uint32
	shared bool // another word of the model has this hash
}

// newFeatIndex returns the index of entries, which it sorts.
func newFeatIndex(entries []featEntry) featIndex {
	if !slices.IsSortedFunc(entries, compareEntries) {
		slices.SortFunc(entries, compareEntries)
	}
	// One or two entries per directory cell, at least 2^4 cells.
	b := max(4, bits.Len(uint(len(entries)/2)))
	x := featIndex{shift: uint(64 - b), dir: make([]uint32, 1<<b+1), entries: entries}
	i := 0
	for c := range 1 << b {
		x.dir[c] = uint32(i)
		for i < len(entries) && entries[i].hash>>x.shift == uint64(c) {
			i++
		}
	}
	x.dir[1<<b] = uint32(len(entries))
	return x
}

func compareEntries(a, b featEntry) int {
	switch {
	case a.hash < b.hash:
		return -1
	case a.hash > b.hash:
		return 1
	case a.row < b.row:
		return -1
	case a.row > b.row:
		return 1
	}
	return 0
}

// start returns where the run of entries of hash h starts, and touch
// mixed with the hash found there: reading it brings the entry into the
// cache, and the loop that calls start for each feature of a text lets
// the processor wait for many such reads at once.
func (x *featIndex) start(h, touch uint64) (uint32, uint64) {
	if len(x.entries) == 0 {
		return 0, touch
	}
	i := x.dir[h>>x.shift]
	return i, touch ^ x.entries[min(int(i), len(x.entries)-1)].hash
}

// match returns the row of the n-gram hash h, whose run starts at entry
// i (from start), and whether it has one.
func (x *featIndex) match(h uint64, i uint32) (uint32, bool) {
	for _, e := range x.entries[min(int(i), len(x.entries)):] {
		if e.hash >= h {
			return e.row, e.hash == h
		}
	}
	return 0, false
}

// lookup returns the row of the n-gram hash h, and whether it has one.
func (x *featIndex) lookup(h uint64) (uint32, bool) {
	i, _ := x.start(h, 0)
	return x.match(h, i)
}

// wordIndex returns the index of the words of hashes hashes, rows 0 to
// len(hashes)-1.
func wordIndex(hashes []uint64) featIndex {
	entries := make([]featEntry, len(hashes))
	for i, h := range hashes {
		entries[i] = featEntry{hash: h, row: uint32(i)}
	}
	x := newFeatIndex(entries)
	for i := 1; i < len(entries); i++ {
		if entries[i].hash == entries[i-1].hash {
			entries[i].shared, entries[i-1].shared = true, true
		}
	}
	return x
}

// gramIndex returns the index of the n-gram hashes grams (sorted), rows
// from first on.
func gramIndex(grams []uint64, first int) featIndex {
	entries := make([]featEntry, len(grams))
	for j, h := range grams {
		entries[j] = featEntry{hash: h, row: uint32(first + j)}
	}
	return newFeatIndex(entries)
}

// matchWord returns the row of the word w of hash h, whose run starts at
// entry i (from start), and whether it has one; shared holds the words
// of the entries marked shared, by row.
func (x *featIndex) matchWord(h uint64, i uint32, w []byte, shared map[uint32]string) (uint32, bool) {
	for _, e := range x.entries[min(int(i), len(x.entries)):] {
		if e.hash > h {
			break
		}
		if e.hash == h && (!e.shared || shared[e.row] == string(w)) {
			return e.row, true
		}
	}
	return 0, false
}

// lookupWord returns the row of the word w, and whether it has one (see
// matchWord).
func (x *featIndex) lookupWord(w []byte, shared map[uint32]string) (uint32, bool) {
	h := xxhash.Sum64(w)
	i, _ := x.start(h, 0)
	return x.matchWord(h, i, w, shared)
}
