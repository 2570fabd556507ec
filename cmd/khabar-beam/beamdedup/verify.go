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
// The verification is the dedup package's, Spec.Verify.
type verifyFn struct {
	Spec spec

	ds dedup.Spec
}

func (fn *verifyFn) Setup() (err error) {
	fn.ds, err = fn.Spec.dedupSpec()
	return err
}

func (fn *verifyFn) ProcessElement(b uint64, sets func(*[]uint64) bool, halves func(*halfPair) bool, emit func(edge)) {
	rb := &dedup.Record{}
	sets(&rb.Set)
	var h halfPair
	for halves(&h) {
		if sim, ok := fn.ds.Verify(&dedup.Record{Set: h.Set}, rb); ok {
			emit(edge{A: h.A, B: b, Similarity: sim})
		}
	}
}

// verify returns the verified pairs of representatives among the
// candidates.
func verify(s beam.Scope, reps, cands beam.PCollection, sp spec) (sets, edges beam.PCollection) {
	s = s.Scope("verify")
	sets = beam.ParDo(s, setOf, reps)
	halves := beam.ParDo(s, sendSet, beam.CoGroupByKey(s, sets, cands))
	edges = beam.ParDo(s, &verifyFn{Spec: sp}, beam.CoGroupByKey(s, sets, halves))
	return sets, edges
}
