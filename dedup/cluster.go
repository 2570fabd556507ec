package dedup

import (
	"cmp"
	"fmt"
	"slices"
)

// Clusters is the last stage of Find: it groups the units of recs into
// clusters, given the verified pairs among them (from Spec.Verify, or a
// Result's Pairs), exactly as Find does with the same options. Units with
// the same Record.Exact are exact duplicates without a pair; a Near or
// Exact pair joins the clusters of its units; a Contained pair (A inside
// B) joins A to its best container only; Options.Stars and
// Options.Containment apply as in Find. Members' similarities to the kept
// unit are computed from the records.
//
// recs are every unit, each once, in any order: the clusters list them in
// input order (Unit.Doc, then Unit.Passage). A pair names its units by Doc
// and Passage. Options.Pairs, MinTokens, Workers and Progress are
// ignored; the records must have been made under o's Spec (Options.Spec),
// with Set unless NoVerify without Containment, and with Sig or
// Fingerprint under NoVerify. The stage is a method named Clusters, not a
// function Cluster, since the type Cluster has that name.
func (o Options) Clusters(recs []Record, pairs []Pair) ([]Cluster, error) {
	r, err := o.resolve()
	if err != nil {
		return nil, err
	}
	f := newFinder(r)
	f.index = nil
	recs = slices.Clone(recs)
	slices.SortStableFunc(recs, func(a, b Record) int {
		return cmp.Or(cmp.Compare(a.Doc, b.Doc), cmp.Compare(a.Passage, b.Passage))
	})
	type key struct{ doc, passage int }
	num := make(map[key]int32, len(recs))
	f.given = make([]Unit, len(recs))
	for i := range recs {
		rec := &recs[i]
		k := key{rec.Doc, rec.Passage}
		if _, dup := num[k]; dup {
			return nil, fmt.Errorf("%w: Clusters: unit doc %d passage %d given twice", ErrOption, rec.Doc, rec.Passage)
		}
		if f.keepSets && len(rec.Set) != rec.Shingles {
			return nil, fmt.Errorf("%w: Clusters: unit doc %d passage %d has %d of its %d shingles", ErrOption, rec.Doc, rec.Passage, len(rec.Set), rec.Shingles)
		}
		if f.keepSigs && len(rec.Sig) != r.Hashes {
			return nil, fmt.Errorf("%w: Clusters: unit doc %d passage %d has %d MinHash values (want %d)", ErrOption, rec.Doc, rec.Passage, len(rec.Sig), r.Hashes)
		}
		num[k] = int32(i)
		f.given[i] = rec.Unit
		u := unitRec{shingles: int32(rec.Shingles)}
		f.addUnit(u, rec.Exact, nil, rec.Set, false, rec.Sig, rec.Fingerprint)
	}
	f.uf = newUnionFind(len(f.reps))
	f.hasContained = make([]bool, len(f.reps))
	var contained []repPair
	for _, p := range pairs {
		a, okA := num[key{p.A.Doc, p.A.Passage}]
		b, okB := num[key{p.B.Doc, p.B.Passage}]
		if !okA || !okB {
			return nil, fmt.Errorf("%w: Clusters: pair of doc %d passage %d and doc %d passage %d names a unit not in the records", ErrOption, p.A.Doc, p.A.Passage, p.B.Doc, p.B.Passage)
		}
		ra, rb := f.units[a].rep, f.units[b].rep
		if p.Kind == Contained {
			contained = append(contained, repPair{a: ra, b: rb, kind: Contained, sim: p.Similarity})
			continue
		}
		f.uf.union(ra, rb)
	}
	slices.SortStableFunc(contained, func(x, y repPair) int {
		return cmp.Or(cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	f.joinContainment(contained)
	if r.Stars {
		f.makeStars()
	}
	return f.clusters(), nil
}

// A unionFind partitions the items 0..n-1 into disjoint sets. The root of a
// set is always its smallest item, so the partition, and every root,
// depend only on the unions made, not on their order.
type unionFind struct {
	parent []int32
}

func newUnionFind(n int) *unionFind {
	uf := &unionFind{parent: make([]int32, n)}
	for i := range uf.parent {
		uf.parent[i] = int32(i)
	}
	return uf
}

// grow adds items up to n-1, each in a set of its own.
func (uf *unionFind) grow(n int) {
	for i := len(uf.parent); i < n; i++ {
		uf.parent = append(uf.parent, int32(i))
	}
}

// find returns the root of i's set, halving the path on the way.
func (uf *unionFind) find(i int32) int32 {
	p := uf.parent
	for p[i] != i {
		p[i] = p[p[i]]
		i = p[i]
	}
	return i
}

// union merges the sets of a and b and reports whether they were apart.
func (uf *unionFind) union(a, b int32) bool {
	ra, rb := uf.find(a), uf.find(b)
	if ra == rb {
		return false
	}
	if ra < rb {
		uf.parent[rb] = ra
	} else {
		uf.parent[ra] = rb
	}
	return true
}

// makeStars splits every connected component of representatives into
// stars (Options.Stars): in input order, the first representative not yet
// placed (with Containment, the one with the most shingles) is a center;
// every other one not yet placed that is similar enough to it joins it.
// f.star maps each representative to its center, and hasContained is
// set, per center, when a member joined by containment only.
func (f *finder) makeStars() {
	n := len(f.reps)
	f.star = make([]int32, n)
	contained := make([]bool, n)
	comps := make(map[int32][]int32)
	var roots []int32
	for r := range int32(n) {
		f.star[r] = r
		root := f.uf.find(r)
		if _, ok := comps[root]; !ok {
			roots = append(roots, root)
		}
		comps[root] = append(comps[root], r)
	}
	for _, root := range roots {
		left := comps[root]
		for len(left) > 0 {
			c := 0
			if f.o.Containment > 0 {
				for i, r := range left {
					if f.units[f.reps[r]].shingles > f.units[f.reps[left[c]]].shingles {
						c = i
					}
				}
			}
			center := left[c]
			var rest []int32
			for _, r := range left {
				if r == center {
					continue
				}
				switch joins, byContainment := f.joinsStar(r, center); {
				case joins:
					f.star[r] = center
					contained[center] = contained[center] || byContainment
				default:
					rest = append(rest, r)
				}
			}
			left = rest
		}
	}
	f.hasContained = contained
}

// joinsStar tells whether representative r is similar enough to the
// center c to join its star, and whether by containment only.
func (f *finder) joinsStar(r, c int32) (joins, byContainment bool) {
	if _, ok := f.accept(min(r, c), max(r, c)); ok {
		return true, false
	}
	if f.o.Containment > 0 && f.sets != nil {
		return containment(f.sets.get(r), f.sets.get(c)) >= f.o.Containment-1e-9, true
	}
	return false, false
}

// root returns the representative that names the cluster of
// representative r: its union-find root, or with Options.Stars its center.
func (f *finder) root(r int32) int32 {
	if f.star != nil {
		return f.star[r]
	}
	return f.uf.find(r)
}

// clusters builds the clusters from the union-find over representatives:
// every group of two or more units whose representatives share a root,
// members in input order, clusters ordered by their first member.
func (f *finder) clusters() []Cluster {
	n := len(f.reps)
	size := make([]int32, n) // units per root
	for i := range f.units {
		size[f.root(f.units[i].rep)]++
	}
	multiRep := make([]bool, n) // the root's set has more than one representative
	for r := range n {
		if root := f.root(int32(r)); root != int32(r) {
			multiRep[root] = true
		}
	}
	index := make([]int32, n) // root -> cluster index + 1
	var out []Cluster
	var unitsOf [][]int32 // the unit numbers of each cluster's members
	for i := range f.units {
		u := &f.units[i]
		root := f.root(u.rep)
		if size[root] < 2 {
			continue
		}
		if index[root] == 0 {
			kind := Exact
			switch {
			case f.hasContained[root]:
				kind = Contained
			case multiRep[root]:
				kind = Near
			}
			out = append(out, Cluster{Kind: kind, Members: make([]Member, 0, size[root])})
			unitsOf = append(unitsOf, make([]int32, 0, size[root]))
			index[root] = int32(len(out))
		}
		ci := index[root] - 1
		out[ci].Members = append(out[ci].Members, Member{Unit: f.unit(int32(i))})
		unitsOf[ci] = append(unitsOf[ci], int32(i))
	}
	for ci := range out {
		f.finishCluster(&out[ci], unitsOf[ci])
	}
	return out
}

// finishCluster chooses the kept member and the similarities to it; units
// are the unit numbers of the members.
func (f *finder) finishCluster(c *Cluster, units []int32) {
	c.Kept = 0
	switch {
	case f.star != nil:
		// The center: the first member of its representative.
		center := f.star[f.units[units[0]].rep]
		for i, u := range units {
			if f.units[u].rep == center {
				c.Kept = i
				break
			}
		}
	case c.Kind == Contained:
		for i, m := range c.Members {
			if m.Shingles > c.Members[c.Kept].Shingles {
				c.Kept = i
			}
		}
	}
	kept := f.units[units[c.Kept]].rep
	for i := range c.Members {
		m := &c.Members[i]
		rep := f.units[units[i]].rep
		switch {
		case rep == kept:
			m.Similarity = 1
		case f.sets != nil && c.Kind == Contained:
			m.Similarity = containment(f.sets.get(rep), f.sets.get(kept))
		case f.sets != nil:
			m.Similarity = jaccard(f.sets.get(rep), f.sets.get(kept))
		case f.o.Method == SimHashBits:
			m.Similarity = 1 - float64(hamming(f.fps[rep], f.fps[kept]))/64
		default:
			k := f.o.Hashes
			m.Similarity = estimateJaccard(f.sigs[int(rep)*k:int(rep+1)*k], f.sigs[int(kept)*k:int(kept+1)*k])
		}
	}
}
