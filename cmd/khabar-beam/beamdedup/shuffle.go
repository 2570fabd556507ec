package beamdedup

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

// Packed shuffles
//
// The band buckets and the rounds of the connected components group
// small records, two numbers (K, V), by K: there are as many keys as band
// keys or nodes, millions for a corpus of a few hundred thousand
// documents. A runner keeps state for every key of a grouping, and
// Prism (the one-machine runner) some hundreds of bytes for every key and
// every element, many times the record. So the records are not grouped
// one key at a time but by hash buckets of keys: a bucket's records
// travel as a few packed blobs (16 bytes a record), and the step that
// reads a bucket sorts its records by (K, V) and runs on every key's run
// of records, as it would on the key's group. The number of buckets
// follows the input, one per shuffleDocs documents, so that a bucket's
// records stay a small load for one worker however large the corpus.

func init() {
	register.DoFn3x0[pair, func(*int, *int) bool, func(uint64, []byte)](&packFn{})
	register.Emitter2[uint64, []byte]()
	register.DoFn4x1[uint64, func(*[]byte) bool, func(*int, *int) bool, func(uint64, []byte), error](&groupFn{})
	register.Iter1[[]byte]()
	register.Function3x0(unpackPairs)
}

// shuffleDocs is the number of documents per bucket of a packed shuffle.
const shuffleDocs = 256

// flushPairs is the number of records a bucket's blob holds at most
// before it is sent (1 MB).
const flushPairs = 1 << 16

// A pair is a record of a packed shuffle.
type pair struct{ K, V uint64 }

func comparePairs(a, b pair) int { return cmp.Or(cmp.Compare(a.K, b.K), cmp.Compare(a.V, b.V)) }

// A packer collects records by bucket and emits each bucket's records as
// blobs: KV<bucket, 16 bytes per record, K then V, little-endian>.
type packer struct {
	buckets uint64
	bufs    map[uint64][]byte
}

func newPacker(docs int) *packer {
	return &packer{buckets: uint64(docs/shuffleDocs + 1), bufs: map[uint64][]byte{}}
}

// add adds a record, emitting its bucket's blob when it is full.
func (p *packer) add(r pair, emit func(uint64, []byte)) {
	b := mix(r.K) % p.buckets
	buf := binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(p.bufs[b], r.K), r.V)
	if len(buf) >= 16*flushPairs {
		emit(b, buf)
		buf = nil
	}
	p.bufs[b] = buf
}

// flush emits the blobs of all buckets, in bucket order.
func (p *packer) flush(emit func(uint64, []byte)) {
	for _, b := range slices.Sorted(maps.Keys(p.bufs)) {
		if len(p.bufs[b]) > 0 {
			emit(b, p.bufs[b])
		}
	}
	clear(p.bufs)
}

// packFn packs records into blobs by bucket, over a bundle.
type packFn struct {
	p *packer
}

func (fn *packFn) ProcessElement(r pair, counts func(*int, *int) bool, emit func(uint64, []byte)) {
	if fn.p == nil {
		fn.p = newPacker(totalDocs(counts))
	}
	fn.p.add(r, emit)
}

// FinishBundle emits the blobs of the bundle. (Beam wants the side input
// of ProcessElement here too.)
func (fn *packFn) FinishBundle(_ func(*int, *int) bool, emit func(uint64, []byte)) {
	if fn.p != nil {
		fn.p.flush(emit)
	}
}

// The steps of a packed shuffle: what is done with each key's run of
// records, the values in increasing order.
const (
	// stepBuckets: K a band bucket, V its representatives; emits every two
	// of them (a, b), a < b .
	stepBuckets = iota
	// stepLargeStar: K a node u, V its neighbours; emits large-star's
	// edges oriented downward, keyed by the larger node.
	stepLargeStar
	// stepSmallStar: K a node u, V its smaller neighbours; emits
	// small-star's edges in both directions.
	stepSmallStar
	// stepStars: K a node x, V its neighbours (the last round's edges, both
	// ways): the smaller ones x links down to, the larger ones link down
	// to x; emits x's label.
	stepStars
)

// groupFn reads the blobs of one bucket of a packed shuffle and runs its
// step on every key's records; what it emits (records for the next
// shuffle) is packed over the bundle.
type groupFn struct {
	Step   int
	Rounds int

	p    *packer
	recs []pair
}

func (fn *groupFn) ProcessElement(_ uint64, blobs func(*[]byte) bool, counts func(*int, *int) bool, emit func(uint64, []byte)) error {
	if fn.p == nil {
		fn.p = newPacker(totalDocs(counts))
	}
	recs := fn.recs[:0]
	var blob []byte
	for blobs(&blob) {
		for i := 0; i+16 <= len(blob); i += 16 {
			recs = append(recs, pair{binary.LittleEndian.Uint64(blob[i:]), binary.LittleEndian.Uint64(blob[i+8:])})
		}
	}
	slices.SortFunc(recs, comparePairs)
	recs = slices.Compact(recs)
	fn.recs = recs
	out := func(k, v uint64) { fn.p.add(pair{k, v}, emit) }
	for i := 0; i < len(recs); {
		j := i + 1
		for j < len(recs) && recs[j].K == recs[i].K {
			j++
		}
		if err := fn.run(recs[i].K, recs[i:j], out); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// FinishBundle emits the blobs of the bundle.
func (fn *groupFn) FinishBundle(_ func(*int, *int) bool, emit func(uint64, []byte)) {
	if fn.p != nil {
		fn.p.flush(emit)
	}
}

// run runs the step on the records of key k, whose values are distinct
// and increasing.
func (fn *groupFn) run(k uint64, run []pair, out func(k, v uint64)) error {
	switch fn.Step {
	case stepBuckets:
		for i, a := range run {
			for _, b := range run[i+1:] {
				out(a.V, b.V)
			}
		}
	case stepLargeStar:
		// largeStar: every neighbour v > u linked to m = min(u, Γ(u)).
		m := min(k, run[0].V)
		for _, v := range run {
			if v.V > k {
				out(max(v.V, m), min(v.V, m))
			}
		}
	case stepSmallStar:
		// smallStar: u and its smaller neighbours linked to the smallest.
		m := run[0].V
		out(k, m)
		out(m, k)
		for _, v := range run[1:] {
			out(v.V, m)
			out(m, v.V)
		}
	case stepStars:
		// The star check: a node links down to at most one node, and then
		// nothing links down to it.
		down := 0
		for down < len(run) && run[down].V < k {
			down++
		}
		if down > 1 || down == 1 && down < len(run) {
			return fmt.Errorf("beamdedup: the connected components are not found after %d rounds; run again with --rounds %d", fn.Rounds, 2*fn.Rounds)
		}
		if down == 1 {
			out(k, run[0].V)
		} else {
			out(k, k)
		}
	}
	return nil
}

// unpackPairs emits the records of a blob.
func unpackPairs(_ uint64, blob []byte, emit func(uint64, uint64)) {
	for i := 0; i+16 <= len(blob); i += 16 {
		emit(binary.LittleEndian.Uint64(blob[i:]), binary.LittleEndian.Uint64(blob[i+8:]))
	}
}

// shuffle groups packed records by bucket and runs a step on them.
func shuffle(s beam.Scope, packed, counts beam.PCollection, step, rounds int) beam.PCollection {
	return beam.ParDo(s, &groupFn{Step: step, Rounds: rounds}, beam.GroupByKey(s, packed), beam.SideInput{Input: counts})
}

// pack packs records (a PCollection of pair) into blobs by bucket.
func pack(s beam.Scope, recs, counts beam.PCollection) beam.PCollection {
	return beam.ParDo(s, &packFn{}, recs, beam.SideInput{Input: counts})
}
