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
	register.Emitter2[uint64, uint64]()
	register.Function3x0(bucketPairs)
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
func bandKeys(r repRec, emit func(uint64, uint64)) {
	for b, k := range r.Bands {
		emit(k^mix(uint64(b)+1), r.Rep)
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

// bucketPairs emits every two representatives of a bucket, as (a, b) with
// a < b. The bucket is not capped (khabar dedup caps none either).
func bucketPairs(_ uint64, reps func(*uint64) bool, emit func(uint64, uint64)) {
	var rs []uint64
	var r uint64
	for reps(&r) {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	rs = slices.Compact(rs)
	for i, a := range rs {
		for _, b := range rs[i+1:] {
			emit(a, b)
		}
	}
}

// candidates returns the candidate pairs (a, b), a < b, of representatives
// that share a bucket; a pair can come more than once.
func candidates(s beam.Scope, reps beam.PCollection) beam.PCollection {
	s = s.Scope("candidates")
	return beam.ParDo(s, bucketPairs, beam.GroupByKey(s, beam.ParDo(s, bandKeys, reps)))
}
