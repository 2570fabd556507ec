package beamdedup

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.Function2x0(edgePairs)
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
// no loop, so the rounds are unrolled; the star check fails the job when the
// edges are not stars after them.

// edgePairs emits the edge of a verified pair in both directions.
func edgePairs(e edge, emit func(pair)) {
	emit(pair{e.A, e.B})
	emit(pair{e.B, e.A})
}

// components returns the component label of every node of the verified
// edges (KV<node, label>), the label being the component's smallest node;
// nodes without edges are left out. Every step is a packed shuffle of the
// edges, grouped by node (see shuffle.go): large-star (stepLargeStar) and
// small-star (stepSmallStar) in turn, rounds times, then the star check
// (stepStars).
func components(s beam.Scope, edges, counts beam.PCollection, rounds int) beam.PCollection {
	s = s.Scope("components")
	e := pack(s, beam.ParDo(s, edgePairs, edges), counts)
	for r := range rounds {
		rs := s.Scope(fmt.Sprintf("round%d", r+1))
		e = shuffle(rs, e, counts, stepLargeStar, 0)
		e = shuffle(rs, e, counts, stepSmallStar, 0)
	}
	return beam.ParDo(s, unpackPairs, shuffle(s, e, counts, stepStars, rounds))
}
