package beamdedup

import (
	"fmt"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.Function1x2(edgeKV)
	register.Function3x0(bothWays)
	register.Function3x0(largeStar)
	register.Function2x2(downward)
	register.Function3x0(smallStar)
	register.DoFn4x1[uint64, func(*uint64) bool, func(*uint64) bool, func(uint64, uint64), error](&starCheckFn{})
}

// Connected components
//
// The alternation of Kiveris, Lattanzi, Mirrokni, Rastogi and
// Vassilvitskii, "Connected Components in MapReduce and Beyond" (SoCC
// 2014), over undirected edges (u, v) of node numbers, where Γ(u) is the
// set of u's neighbours and m(u) the smallest of Γ(u) and u:
//
//   - large-star: every u links each neighbour v > u to m(u), and drops
//     its links to its smaller neighbours (they keep them: u > w gives
//     (u, m(w)) at w);
//   - small-star: every u links itself and each neighbour v < u to the
//     smallest of them, m.
//
// Neither changes the components, and the two in turn make every
// component a star whose centre is its smallest node, in O(log² n) rounds
// (in practice, a few). A star is a fixed point of both. A Beam graph has
// no loop, so the rounds are unrolled; starCheckFn fails the job when the
// edges are not stars after them.

// edgeKV is the edge of a verified pair.
func edgeKV(e edge) (uint64, uint64) { return e.B, e.A }

// bothWays emits an edge in both directions.
func bothWays(u, v uint64, emit func(uint64, uint64)) {
	emit(u, v)
	emit(v, u)
}

// neighbours returns the distinct values of it, in increasing order.
func neighbours(it func(*uint64) bool) []uint64 {
	var vs []uint64
	var v uint64
	for it(&v) {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return slices.Compact(vs)
}

// largeStar is the reduce step of large-star at node u, given all its
// neighbours.
func largeStar(u uint64, vs func(*uint64) bool, emit func(uint64, uint64)) {
	n := neighbours(vs)
	m := min(u, n[0])
	for _, v := range n {
		if v > u {
			emit(v, m)
		}
	}
}

// downward orients an edge from its larger node to its smaller one.
func downward(u, v uint64) (uint64, uint64) { return max(u, v), min(u, v) }

// smallStar is the reduce step of small-star at node u, given its
// neighbours smaller than u.
func smallStar(u uint64, vs func(*uint64) bool, emit func(uint64, uint64)) {
	n := neighbours(vs)
	m := n[0] // < u
	emit(u, m)
	for _, v := range n[1:] {
		emit(v, m)
	}
}

// starCheckFn checks, at node x, given the nodes it links down to (outs)
// and those that link down to it (ins), that the edges are stars: a node
// links down to at most one node, and then nothing links down to it. It
// emits x's component label: the centre it links to, or itself.
type starCheckFn struct {
	Rounds int
}

func (fn *starCheckFn) ProcessElement(x uint64, outs, ins func(*uint64) bool, emit func(uint64, uint64)) error {
	down := neighbours(outs)
	var v uint64
	up := ins(&v)
	if len(down) > 1 || len(down) == 1 && up {
		return fmt.Errorf("beamdedup: the connected components are not found after %d rounds; run again with --rounds %d", fn.Rounds, 2*fn.Rounds)
	}
	if len(down) == 1 {
		emit(x, down[0])
	} else {
		emit(x, x)
	}
	return nil
}

// components returns the component label of every node of the verified
// edges (KV<node, label>), the label being the component's smallest node;
// nodes without edges are left out.
func components(s beam.Scope, edges beam.PCollection, rounds int) beam.PCollection {
	s = s.Scope("components")
	e := beam.ParDo(s, edgeKV, edges)
	for r := range rounds {
		rs := s.Scope(fmt.Sprintf("round%d", r+1))
		e = beam.ParDo(rs, largeStar, beam.GroupByKey(rs, beam.ParDo(rs, bothWays, e)))
		e = beam.ParDo(rs, smallStar, beam.GroupByKey(rs, beam.ParDo(rs, downward, e)))
	}
	e = beam.ParDo(s, downward, e)
	return beam.ParDo(s, &starCheckFn{Rounds: rounds}, beam.CoGroupByKey(s, e, beam.SwapKV(s, e)))
}
