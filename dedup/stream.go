package dedup

import (
	"slices"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/internal/shingle"
	"github.com/khabar-nlp/khabar/internal/text"
)

// Long units
//
// A unit longer than text.PieceSize (a whole document of hundreds of
// megabytes at document level, or one very long line) is not tokenized at
// once: the Signer tokenizes it a piece at a time (text.TokenPieces) and
// makes, from each piece's tokens, the next shingle hashes (shingleStream,
// which keeps the last tokens for the shingles across pieces), the exact
// hash (xxhash of the token stream, written token by token), the SimHash
// counts, and the shingle set (setBuilder: sorted runs of at most
// setRun hashes, merged at the end). The record is the same, bit for
// bit, as for the unit tokenized at once; what it costs is its shingle
// set, about twice for a moment, instead of its normalized copy, tokens,
// shingle hashes and the copies of the set.

// pieceSize is the length above which a unit is long, and the size of
// the pieces it is tokenized in (text.PieceSize; tests make it small).
var pieceSize = text.PieceSize

// isLong reports whether a unit of n bytes of text is signed a piece at a
// time; its record's Set is then its own, not a buffer of the Signer.
func isLong(n int) bool { return n > pieceSize }

// A shingleStream makes the shingle hashes of a token stream fed a piece
// at a time: the same hashes, in the same order, as shingle.Shingler.Hashes
// of all the tokens at once.
type shingleStream struct {
	sh      *shingle.Shingler
	started bool       // a shingle was made: the stream has N tokens or runes
	carry   text.Carry // the last N-1 tokens (at least 1 for characters; all, before started)
}

// add returns the hashes of the shingles that end in toks. The slice is
// valid until the next call.
func (st *shingleStream) add(toks [][]byte) []uint64 {
	win := st.carry.Window(toks)
	n := st.sh.N()
	var hs []uint64
	if !st.sh.Chars() {
		if len(win) >= n {
			// The carry holds at most N-1 tokens: no shingle lies in
			// it.
			hs = st.sh.Hashes(win)
			st.started = true
		}
	} else if carried := joinedRunes(st.carry.Tokens()); st.started || joinedRunes(win) >= n {
		// Skip the shingles that lie in the carry: they were made from
		// the piece before.
		hs = st.sh.Hashes(win)
		if skip := carried - n + 1; skip > 0 {
			hs = hs[skip:]
		}
		st.started = true
	}
	st.keep(win)
	return hs
}

// finish returns the hashes still to come at the end of the stream: for a
// stream of fewer than N tokens (or runes), its one shingle. It makes st
// ready for the next stream.
func (st *shingleStream) finish() []uint64 {
	var hs []uint64
	if carry := st.carry.Tokens(); !st.started && len(carry) > 0 {
		hs = st.sh.Hashes(carry)
	}
	st.started = false
	st.carry.Reset()
	return hs
}

// keep keeps the last N-1 tokens of win, or all of them before a shingle
// was made.
func (st *shingleStream) keep(win [][]byte) {
	if st.started {
		// A character shingle across pieces holds the space before the
		// piece's first token: the carry keeps a token even for N = 1.
		k := st.sh.N() - 1
		if st.sh.Chars() {
			k = max(k, 1)
		}
		win = win[max(len(win)-k, 0):]
	}
	st.carry.Keep(win)
}

// joinedRunes returns the number of runes in toks joined by single spaces,
// as character shingles see them.
func joinedRunes(toks [][]byte) int {
	n := max(len(toks)-1, 0)
	for _, t := range toks {
		for _, c := range t {
			if c&0xC0 != 0x80 {
				n++
			}
		}
	}
	return n
}

// setRun is the largest number of hashes a setBuilder sorts at once (8
// MiB; tests make it small).
var setRun = 1 << 20

// A setBuilder makes the shingle set (distinct hashes, in increasing
// order) of hashes added a piece at a time: each setRun hashes are sorted
// into a run of their distinct values, and the runs are merged at the end.
type setBuilder struct {
	buf, sorted, scratch []uint64
	runs                 [][]uint64
}

// add adds hs to the set.
func (b *setBuilder) add(hs []uint64) {
	for len(hs) > 0 {
		k := min(len(hs), setRun-len(b.buf))
		b.buf = append(b.buf, hs[:k]...)
		hs = hs[k:]
		if len(b.buf) == setRun {
			b.flush()
		}
	}
}

// flush sorts the hashes in buf into a new run.
func (b *setBuilder) flush() {
	if len(b.buf) == 0 {
		return
	}
	b.sorted, b.scratch = shingle.SortedSet(b.sorted[:0], b.scratch, b.buf)
	b.runs = append(b.runs, slices.Clone(b.sorted))
	b.buf = b.buf[:0]
}

// set returns the set of all the hashes added, in a new slice of its
// length, and makes b ready for the next set.
func (b *setBuilder) set() []uint64 {
	b.flush()
	runs := b.runs
	b.runs = nil
	switch len(runs) {
	case 0:
		return []uint64{}
	case 1:
		return runs[0]
	}
	out := make([]uint64, 0, mergeRuns(nil, runs))
	return out[:mergeRuns(out, runs)]
}

// mergeRuns merges the sorted runs of distinct values into out (when not
// nil: it must have room for them) without repeats, and returns the
// number of distinct values. The runs' heads are kept in a binary heap.
func mergeRuns(out []uint64, runs [][]uint64) int {
	pos := make([]int, len(runs))
	heap := make([]int, 0, len(runs)) // run numbers, by head value
	head := func(i int) uint64 { return runs[heap[i]][pos[heap[i]]] }
	down := func(i int) {
		for {
			l, small := 2*i+1, i
			if l < len(heap) && head(l) < head(small) {
				small = l
			}
			if r := l + 1; r < len(heap) && head(r) < head(small) {
				small = r
			}
			if small == i {
				return
			}
			heap[i], heap[small] = heap[small], heap[i]
			i = small
		}
	}
	for r, run := range runs {
		if len(run) > 0 {
			heap = append(heap, r)
		}
	}
	for i := len(heap)/2 - 1; i >= 0; i-- {
		down(i)
	}
	n := 0
	var last uint64
	out = out[:cap(out)]
	for len(heap) > 0 {
		v := head(0)
		if n == 0 || v != last {
			if out != nil {
				out[n] = v
			}
			n++
			last = v
		}
		r := heap[0]
		if pos[r]++; pos[r] == len(runs[r]) {
			heap[0] = heap[len(heap)-1]
			heap = heap[:len(heap)-1]
		}
		down(0)
	}
	return n
}

var space = []byte{' '}

// longUnit is what the Signer makes of a long unit.
type longUnit struct {
	tokens      int
	exact       uint64
	set         []uint64 // its own
	fingerprint uint64   // with SimHash
}

// signLong makes the tokens count, exact hash, shingle set and SimHash of
// the unit s a piece at a time.
func (g *Signer) signLong(s string) longUnit {
	if g.stream.sh == nil {
		g.stream.sh = newShingler(g.spec.Shingle)
	}
	var (
		u     longUnit
		exact = xxhash.New()
		sim   simCounts
		add   = func(hs []uint64) {
			g.setb.add(hs)
			if g.spec.Method == SimHashBits {
				sim.add(hs)
			}
		}
	)
	for toks := range g.tk.TokenPieces(s, pieceSize) {
		for _, t := range toks {
			if u.tokens > 0 {
				exact.Write(space)
			}
			exact.Write(t)
			u.tokens++
		}
		add(g.stream.add(toks))
	}
	add(g.stream.finish())
	u.exact = exact.Sum64()
	u.set = g.setb.set()
	u.fingerprint = sim.fingerprint()
	return u
}
