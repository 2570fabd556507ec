package beamdedup

import (
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/khabar-nlp/khabar/dedup"
)

func init() {
	register.Function1x2(setOf)
	register.Function4x0(sendSet)
	register.Emitter2[uint64, halfPair]()
	register.Iter1[[]uint64]()
	register.DoFn4x0[uint64, func(*[]uint64) bool, func(*halfPair) bool, func(edge)](&verifyFn{})
	register.Iter1[halfPair]()
	register.Emitter1[edge]()
}

// A halfPair is a candidate pair on its way to its second representative:
// the first one, A, and its shingle set.
type halfPair struct {
	A   uint64
	Set []uint64
}

// An edge is a verified pair of representatives, A < B.
type edge struct {
	A, B       uint64
	Similarity float64
}

func setOf(r repRec) (uint64, []uint64) { return r.Rep, r.Set }

// sendSet joins the candidates (a, b) of representative a with a's
// shingle set and sends it on to b, once per b.
func sendSet(a uint64, sets func(*[]uint64) bool, bs func(*uint64) bool, emit func(uint64, halfPair)) {
	var set []uint64
	sets(&set)
	var all []uint64
	var b uint64
	for bs(&b) {
		all = append(all, b)
	}
	slices.Sort(all)
	for _, b := range slices.Compact(all) {
		emit(b, halfPair{A: a, Set: set})
	}
}

// verifyFn joins the candidates (a, b) sent to representative b with b's
// shingle set and keeps those whose exact Jaccard similarity reaches the
// threshold.
type verifyFn struct {
	Threshold float64
}

func (fn *verifyFn) ProcessElement(b uint64, sets func(*[]uint64) bool, halves func(*halfPair) bool, emit func(edge)) {
	var set []uint64
	sets(&set)
	var h halfPair
	for halves(&h) {
		if sim, ok := accept(h.Set, set, fn.Threshold); ok {
			emit(edge{A: h.A, B: b, Similarity: sim})
		}
	}
}

// accept returns the exact Jaccard similarity of two shingle sets and
// whether it reaches the threshold t, as khabar dedup decides it.
func accept(a, b []uint64, t float64) (float64, bool) {
	in := dedup.Intersection(a, b)
	union := len(a) + len(b) - in
	return dedup.Jaccard(a, b), float64(in) >= t*float64(union)-1e-9
}

// verify returns the verified pairs of representatives among the
// candidates.
func verify(s beam.Scope, reps, cands beam.PCollection, threshold float64) (sets, edges beam.PCollection) {
	s = s.Scope("verify")
	sets = beam.ParDo(s, setOf, reps)
	halves := beam.ParDo(s, sendSet, beam.CoGroupByKey(s, sets, cands))
	edges = beam.ParDo(s, &verifyFn{Threshold: threshold}, beam.CoGroupByKey(s, sets, halves))
	return sets, edges
}
