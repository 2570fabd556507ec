package beamdedup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
)

func init() {
	register.Function2x1(labelLine)
}

func labelLine(node, label uint64) string { return fmt.Sprintf("%d->%d", node, label) }

// wantLabels returns, for the nodes of the edges, node->smallest node of
// its component, by union-find.
func wantLabels(edges [][2]uint64) []string {
	parent := map[uint64]uint64{}
	var find func(uint64) uint64
	find = func(x uint64) uint64 {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		parent[x] = x
		return x
	}
	for _, e := range edges {
		a, b := find(e[0]), find(e[1])
		parent[max(a, b)] = min(a, b)
	}
	var out []string
	for x := range parent {
		out = append(out, labelLine(x, find(x)))
	}
	return out
}

func path(n int) [][2]uint64 {
	var es [][2]uint64
	for i := 1; i < n; i++ {
		es = append(es, [2]uint64{uint64(i), uint64(i + 1)})
	}
	return es
}

func TestComponents(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var random [][2]uint64
	for range 300 {
		a, b := rng.Uint64N(400), rng.Uint64N(400)
		if a != b {
			random = append(random, [2]uint64{min(a, b), max(a, b)})
		}
	}
	// A path numbered from its middle outwards, the worst order for
	// label propagation.
	var zigzag [][2]uint64
	for i := uint64(1); i < 64; i++ {
		zigzag = append(zigzag, [2]uint64{i, i + 1000})
		zigzag = append(zigzag, [2]uint64{i + 1000, i + 1})
	}
	for _, tc := range []struct {
		name  string
		edges [][2]uint64
	}{
		{"one edge", [][2]uint64{{3, 7}}},
		{"two stars", [][2]uint64{{1, 2}, {1, 3}, {1, 4}, {10, 12}, {11, 12}}},
		{"triangle and cycle", [][2]uint64{{5, 6}, {6, 7}, {5, 7}, {20, 21}, {21, 22}, {22, 23}, {20, 23}}},
		{"path of 200", path(200)},
		{"zigzag", zigzag},
		{"random", random},
		{"big keys", [][2]uint64{{1 << 62, 1<<62 + 1}, {1<<62 + 1, 1 << 40}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, s := beam.NewPipelineWithRoot()
			var es []edge
			for _, e := range tc.edges {
				es = append(es, edge{A: min(e[0], e[1]), B: max(e[0], e[1]), Similarity: 1})
			}
			labels := components(s, beam.CreateList(s, es), docCounts(s, 5000), DefaultRounds)
			passert.EqualsList(s, beam.ParDo(s, labelLine, labels), wantLabels(tc.edges))
			if err := ptest.Run(p); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestComponentsNotConverged checks that too few rounds fail the job with
// an error that says how many to ask for.
func TestComponentsNotConverged(t *testing.T) {
	p, s := beam.NewPipelineWithRoot()
	var es []edge
	for _, e := range path(200) {
		es = append(es, edge{A: e[0], B: e[1]})
	}
	components(s, beam.CreateList(s, es), docCounts(s, 5000), 1)
	err := ptest.Run(p)
	if err == nil || !strings.Contains(err.Error(), "after 1 rounds; run again with --rounds 2") {
		t.Fatalf("1 round on a path of 200: error %v, want one asking for 2 rounds", err)
	}
}

// docCounts returns the per-file document counts (KV<int, int>) of one
// file of docs documents (KV<docs, docs>, which sums to docs), which sets
// the number of buckets of the packed shuffles.
func docCounts(s beam.Scope, docs int) beam.PCollection {
	return beam.ParDo(s, shardKV, beam.Create(s, docs))
}
