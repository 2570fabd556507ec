package beamdedup

import (
	"cmp"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.Function1x2(byExact)
	register.Function4x0(exactGroup)
	register.Emitter1[repRec]()
	register.Emitter2[uint64, groupRec]()
	register.Iter1[unitRec]()
	register.Function2x0(bandKeys)
	register.Emitter1[pair]()
	register.Emitter2[uint64, uint64]()
	register.Iter1[uint64]()
}

// A repRec is the representative of an exact-duplicate group: the first
// of its units, with its shingle set and band keys.
type repRec struct {
	Rep   uint64
	Set   []uint64
	Bands []uint64
}

// A groupRec holds the units of one exact-duplicate group, in input order,
// and their exact hash.
type groupRec struct {
	Exact uint64
	Units []unitInfo
}

func byExact(u unitRec) (uint64, unitRec) { return u.Exact, u }

// exactGroup makes the representative of a group of units with one exact
// hash, the first in input order, and the group.
func exactGroup(exact uint64, units func(*unitRec) bool, reps func(repRec), groups func(uint64, groupRec)) {
	var us []unitRec
	var u unitRec
	for units(&u) {
		us = append(us, u)
		u = unitRec{}
	}
	slices.SortFunc(us, func(a, b unitRec) int { return cmp.Compare(a.Info.Key, b.Info.Key) })
	rep := us[0]
	reps(repRec{Rep: rep.Info.Key, Set: rep.Set, Bands: rep.Bands})
	g := groupRec{Exact: exact, Units: make([]unitInfo, len(us))}
	for i := range us {
		g.Units[i] = us[i].Info
	}
	groups(rep.Info.Key, g)
}

// exactGroups groups the units by exact hash.
func exactGroups(s beam.Scope, units beam.PCollection) (reps, groups beam.PCollection) {
	s = s.Scope("exact")
	return beam.ParDo2(s, exactGroup, beam.GroupByKey(s, beam.ParDo(s, byExact, units)))
}

// bandKeys emits the bucket of each band of a representative: the band's
// key, mixed with the band's number so that equal keys of two bands are
// two buckets.
func bandKeys(r repRec, emit func(pair)) {
	for b, k := range r.Bands {
		emit(pair{k ^ mix(uint64(b)+1), r.Rep})
	}
}

// mix is the finalizer of SplitMix64, a bijection that spreads the band
// number over all bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// candidates returns the candidate pairs (a, b), a < b, of representatives
// that share a bucket (KV<a, b>); a pair can come more than once. The
// buckets are grouped by a packed shuffle (stepBuckets); every two
// representatives of a bucket are a candidate. The bucket is not capped
// (khabar dedup caps none either).
func candidates(s beam.Scope, reps, counts beam.PCollection) beam.PCollection {
	s = s.Scope("candidates")
	bands := pack(s, beam.ParDo(s, bandKeys, reps), counts)
	return beam.ParDo(s, unpackPairs, shuffle(s, bands, counts, stepBuckets, 0))
}
