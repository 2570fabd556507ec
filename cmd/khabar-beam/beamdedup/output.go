package beamdedup

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/stats"
	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/report"
)

func init() {
	register.DoFn5x0[uint64, func(*groupRec) bool, func(*uint64) bool, func(*[]uint64) bool, func(int, clusterPart)](&memberFn{})
	register.Iter1[groupRec]()
	register.Emitter2[int, clusterPart]()
	register.Function3x0(labelOf)
	register.Emitter1[int]()
	register.DoFn5x1[int, func(*clusterPart) bool, func(*int, *int) bool, func(*int, *int) bool, func(int, clusterRec), error](&clusterFn{})
	register.Iter1[clusterPart]()
	register.Emitter2[int, clusterRec]()
	register.Iter1[clusterRec]()
	register.DoFn4x1[context.Context, int, func(*int) bool, func(*clusterRec) bool, error](&writeClustersFn{})
	register.Iter1[int]()
	register.Function4x0(sendUnits)
	register.Emitter2[uint64, nearHalf]()
	register.Function4x0(nearBlocks)
	register.Function3x0(exactBlock)
	register.Emitter1[pairBlock]()
	register.Iter1[edge]()
	register.Iter1[nearHalf]()
	register.DoFn3x0[pairBlock, func(*int, *int) bool, func(int, pairBlock)](&blockShardFn{})
	register.Emitter2[int, pairBlock]()
	register.DoFn5x1[context.Context, int, func(*int) bool, func(*pairBlock) bool, func(*int, *int) bool, error](&writePairsFn{})
	register.Iter1[pairBlock]()
	register.Function1x2(edgeByA)
	register.Function1x2(shardKV)
}

// A clusterPart is what an exact-duplicate group brings to its cluster:
// the cluster's label (its component's smallest representative, which is
// its first unit), the group's representative, exact hash, units and
// shingle set.
type clusterPart struct {
	Label uint64
	Rep   uint64
	Exact uint64
	Units []unitInfo
	Set   []uint64
}

// A clusterRec is a cluster, as dedup's Clusters stage makes it, with its
// number from 1 in the order of the first members.
type clusterRec struct {
	Number int
	Kind   int
	Kept   int
	// Members are the units in input order, Similarities their
	// similarities to the kept one.
	Members      []unitInfo
	Similarities []float64
}

// Clusters are made and numbered by buckets of bucketDocs documents (of
// their first members): the clusters of each bucket are counted first,
// then made and numbered after those of the buckets before it, so that no
// worker holds them all, and dedup's Clusters stage runs once per bucket,
// not once per cluster.
const bucketDocs = 1 << 12

// memberFn sends an exact-duplicate group to the bucket of its cluster,
// named by its component's label; a group of one unit without verified
// pairs is in no cluster.
type memberFn struct{}

func (memberFn) ProcessElement(rep uint64, groups func(*groupRec) bool, labels func(*uint64) bool, sets func(*[]uint64) bool, emit func(int, clusterPart)) {
	var g groupRec
	if !groups(&g) {
		return
	}
	label := rep
	if !labels(&label) && len(g.Units) < 2 {
		return
	}
	p := clusterPart{Label: label, Rep: rep, Exact: g.Exact, Units: g.Units}
	sets(&p.Set)
	emit(int(label>>passageBits)/bucketDocs, p)
}

// labelOf returns the bucket of a part when it is its cluster's first
// (one per cluster), for counting the clusters per bucket.
func labelOf(bucket int, p clusterPart, emit func(int)) {
	if p.Rep == p.Label {
		emit(bucket)
	}
}

// clusterFn makes, numbers and sends to their shards the clusters of a
// bucket, with dedup's Clusters stage given every component's star (each
// group's representative paired with its label): the same clusters, kind,
// kept member and similarities as khabar dedup.
type clusterFn struct {
	Spec spec

	o      dedup.Options
	before map[int]int // bucket -> clusters in the buckets before it
	docs   int
}

func (fn *clusterFn) Setup() error {
	ds, err := fn.Spec.dedupSpec()
	fn.o = ds.Options()
	return err
}

func (fn *clusterFn) ProcessElement(bucket int, parts func(*clusterPart) bool, buckets, counts func(*int, *int) bool, emit func(int, clusterRec)) error {
	if fn.before == nil {
		fn.before = prefixSums(buckets)
		fn.docs = totalDocs(counts)
	}
	var recs []dedup.Record
	var pairs []dedup.Pair
	infos := make(map[uint64]unitInfo)
	labels := 0
	var p clusterPart
	for parts(&p) {
		for _, u := range p.Units {
			recs = append(recs, dedup.Record{Unit: u.unit(), Exact: p.Exact, Set: p.Set})
			infos[u.Key] = u
		}
		if p.Rep == p.Label {
			labels++
		} else {
			pairs = append(pairs, dedup.Pair{A: unitOf(p.Label), B: p.Units[0].unit(), Kind: dedup.Near})
		}
		p = clusterPart{}
	}
	cs, err := fn.o.Clusters(recs, pairs)
	if err != nil {
		return err
	}
	if len(cs) != labels {
		return fmt.Errorf("beamdedup: bucket %d: %d clusters of %d components", bucket, len(cs), labels)
	}
	for i, c := range cs {
		out := clusterRec{Number: fn.before[bucket] + i + 1, Kind: int(c.Kind), Kept: c.Kept}
		for _, m := range c.Members {
			out.Members = append(out.Members, infos[unitKey(m.Doc, m.Passage)])
			out.Similarities = append(out.Similarities, m.Similarity)
		}
		emit(shardOf(out.Members[0].Doc, fn.docs, fn.Spec.Shards), out)
	}
	return nil
}

// unitOf returns the dedup.Unit a pair names a unit by: its document and
// passage.
func unitOf(key uint64) dedup.Unit {
	return dedup.Unit{Doc: int(key >> passageBits), Passage: int(key & (1<<passageBits - 1))}
}

// prefixSums reads counts per key into, per key, the sum of the counts of
// the smaller keys.
func prefixSums(counts func(*int, *int) bool) map[int]int {
	type kc struct{ k, c int }
	var all []kc
	var k, c int
	for counts(&k, &c) {
		all = append(all, kc{k, c})
	}
	slices.SortFunc(all, func(a, b kc) int { return cmp.Compare(a.k, b.k) })
	out := make(map[int]int, len(all))
	sum := 0
	for _, x := range all {
		out[x.k] = sum
		sum += x.c
	}
	return out
}

// totalDocs sums the per-file document counts.
func totalDocs(counts func(*int, *int) bool) int {
	n := 0
	var f, c int
	for counts(&f, &c) {
		n += c
	}
	return n
}

// shardOf returns the shard of the output records whose first unit is in
// document doc of docs: the shards split the input order in equal ranges
// of documents.
func shardOf(doc, docs, shards int) int {
	if docs == 0 {
		return 0
	}
	return int(int64(doc) * int64(shards) / int64(docs))
}

// shardName returns the name of shard i of n of an output.
func shardName(dir, kind string, i, n int, ext string) string {
	return fmt.Sprintf("%s/%s-%05d-of-%05d.%s", dir, kind, i, n, ext)
}

// writeClustersFn writes one shard of the clusters, as JSON Lines in the
// form of khabar dedup --json (report.WriteJSON).
type writeClustersFn struct {
	Dir    string
	Shards int
}

func (fn *writeClustersFn) ProcessElement(ctx context.Context, shard int, _ func(*int) bool, cs func(*clusterRec) bool) error {
	var all []clusterRec
	var c clusterRec
	for cs(&c) {
		all = append(all, c)
		c = clusterRec{}
	}
	slices.SortFunc(all, func(a, b clusterRec) int { return cmp.Compare(a.Number, b.Number) })
	return writeFile(ctx, shardName(fn.Dir, "clusters", shard, fn.Shards, "jsonl"), func(w io.Writer) error {
		for _, c := range all {
			if err := writeCluster(w, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeCluster writes one cluster with report.WriteJSON (khabar dedup's), which numbers the
// clusters of a Result from 1: the number is put in place of its "1".
func writeCluster(w io.Writer, c clusterRec) error {
	res := &dedup.Result{Clusters: []dedup.Cluster{{Kind: dedup.Kind(c.Kind), Kept: c.Kept, Members: make([]dedup.Member, len(c.Members))}}}
	byUnit := make(map[[2]int]string, len(c.Members))
	for i, m := range c.Members {
		res.Clusters[0].Members[i] = dedup.Member{Unit: m.unit(), Similarity: c.Similarities[i]}
		byUnit[[2]int{m.Doc, m.Start}] = m.Excerpt
	}
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, report.NewDedup(res, func(u dedup.Unit) string { return byUnit[[2]int{u.Doc, u.Start}] })); err != nil {
		return err
	}
	const one = `{"cluster":1,`
	line, ok := bytes.CutPrefix(buf.Bytes(), []byte(one))
	if !ok {
		return fmt.Errorf("beamdedup: report.WriteJSON wrote %.20q, not %q", buf.Bytes(), one)
	}
	if _, err := io.WriteString(w, `{"cluster":`+strconv.Itoa(c.Number)+","); err != nil {
		return err
	}
	_, err := w.Write(line)
	return err
}

// writeFile writes a file through Beam's file system, to a temporary name
// renamed at the end when the file system can rename.
func writeFile(ctx context.Context, name string, write func(io.Writer) error) error {
	fs, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fs.Close()
	tmp := name
	_, canRename := fs.(filesystem.Renamer)
	if canRename {
		tmp = name + "~"
	}
	f, err := fs.OpenWrite(ctx, tmp)
	if err != nil {
		return fmt.Errorf("beamdedup: %v", err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("beamdedup: %s: %v", name, err)
	}
	if canRename {
		return filesystem.Rename(ctx, fs, tmp, name)
	}
	return nil
}

// clusters makes, numbers and writes the clusters, and returns them
// (KV<shard, clusterRec>).
func clusters(s beam.Scope, groups, labels, sets, counts beam.PCollection, o Options, sp spec) beam.PCollection {
	s = s.Scope("clusters")
	parts := beam.ParDo(s, &memberFn{}, beam.CoGroupByKey(s, groups, labels, sets))
	buckets := stats.Count(s, beam.ParDo(s, labelOf, parts))
	numbered := beam.ParDo(s, &clusterFn{Spec: sp}, beam.GroupByKey(s, parts),
		beam.SideInput{Input: buckets}, beam.SideInput{Input: counts})
	beam.ParDo0(s, &writeClustersFn{Dir: o.Output, Shards: o.Shards}, beam.CoGroupByKey(s, allShards(s, o.Shards), numbered))
	return numbered
}

// allShards returns KV<shard, shard> for every shard, so that every shard
// file is written, empty or not.
func allShards(s beam.Scope, n int) beam.PCollection {
	vs := make([]any, n)
	for i := range vs {
		vs[i] = i
	}
	return beam.ParDo(s, shardKV, beam.Create(s, vs...))
}

func shardKV(i int) (int, int) { return i, i }

// A nearHalf is a verified pair on its way to its second representative:
// the first one's units and the similarity.
type nearHalf struct {
	Units      []unitInfo
	Similarity float64
}

func edgeByA(e edge) (uint64, edge) { return e.A, e }

// sendUnits joins the verified pairs (a, b) of representative a with a's
// units and sends them to b.
func sendUnits(_ uint64, groups func(*groupRec) bool, es func(*edge) bool, emit func(uint64, nearHalf)) {
	var g groupRec
	groups(&g)
	units := withoutExcerpts(g.Units)
	var e edge
	for es(&e) {
		emit(e.B, nearHalf{Units: units, Similarity: e.Similarity})
	}
}

// withoutExcerpts returns a copy of us without their excerpts, which the
// pairs do not show.
func withoutExcerpts(us []unitInfo) []unitInfo {
	out := make([]unitInfo, len(us))
	for i, u := range us {
		u.Excerpt = ""
		out[i] = u
	}
	return out
}

// A pairBlock stands for many pairs, expanded only when a shard is
// written, so that the pairs, whose number grows with the square of the
// group sizes, are never records of the pipeline: with Kind Exact, every
// two of A (an exact-duplicate group); with Kind Near, every unit of A
// with every unit of B (the groups of a verified pair), at Similarity.
type pairBlock struct {
	Kind       int
	A, B       []unitInfo
	Similarity float64
}

// nearBlocks joins the verified pairs (a, b) sent to b with b's units.
func nearBlocks(_ uint64, groups func(*groupRec) bool, hs func(*nearHalf) bool, emit func(pairBlock)) {
	var g groupRec
	groups(&g)
	units := withoutExcerpts(g.Units)
	var h nearHalf
	for hs(&h) {
		emit(pairBlock{Kind: int(dedup.Near), A: h.Units, B: units, Similarity: h.Similarity})
	}
}

// exactBlock makes the block of the pairs of an exact-duplicate group.
func exactBlock(_ uint64, g groupRec, emit func(pairBlock)) {
	if len(g.Units) > 1 {
		emit(pairBlock{Kind: int(dedup.Exact), A: withoutExcerpts(g.Units), Similarity: 1})
	}
}

// expand calls yield for every pair of b, the first in input order as A,
// as khabar dedup lists them.
func (b pairBlock) expand(yield func(a, b unitInfo)) {
	if b.Kind == int(dedup.Exact) {
		for i, x := range b.A {
			for _, y := range b.A[i+1:] {
				yield(x, y)
			}
		}
		return
	}
	for _, x := range b.A {
		for _, y := range b.B {
			if y.Key < x.Key {
				yield(y, x)
			} else {
				yield(x, y)
			}
		}
	}
}

// blockShardFn sends a block to every shard that holds one of its pairs,
// by the document of the pair's A.
type blockShardFn struct {
	Shards int
	docs   int
	ready  bool
}

func (fn *blockShardFn) ProcessElement(b pairBlock, counts func(*int, *int) bool, emit func(int, pairBlock)) {
	if !fn.ready {
		fn.docs, fn.ready = totalDocs(counts), true
	}
	var shards []int
	add := func(us []unitInfo) {
		for _, u := range us {
			shards = append(shards, shardOf(u.Doc, fn.docs, fn.Shards))
		}
	}
	if b.Kind == int(dedup.Exact) {
		add(b.A[:len(b.A)-1]) // the last is never an A
	} else {
		add(b.A)
		add(b.B)
	}
	slices.Sort(shards)
	for _, s := range slices.Compact(shards) {
		emit(s, b)
	}
}

// writePairsFn writes one shard of the pairs, tab-separated in the form of
// khabar dedup --pairs (report.WritePairs), header line included.
type writePairsFn struct {
	Dir    string
	Shards int
	docs   int
	ready  bool
}

func (fn *writePairsFn) ProcessElement(ctx context.Context, shard int, _ func(*int) bool, bs func(*pairBlock) bool, counts func(*int, *int) bool) error {
	if !fn.ready {
		fn.docs, fn.ready = totalDocs(counts), true
	}
	type pair struct {
		a, b unitInfo
		kind int
		sim  float64
	}
	var all []pair
	var b pairBlock
	for bs(&b) {
		b.expand(func(x, y unitInfo) {
			if shardOf(x.Doc, fn.docs, fn.Shards) == shard {
				all = append(all, pair{x, y, b.Kind, b.Similarity})
			}
		})
		b = pairBlock{}
	}
	slices.SortFunc(all, func(x, y pair) int {
		return cmp.Or(cmp.Compare(x.a.Key, y.a.Key), cmp.Compare(x.b.Key, y.b.Key))
	})
	res := &dedup.Result{Pairs: make([]dedup.Pair, len(all))}
	for i, p := range all {
		res.Pairs[i] = dedup.Pair{A: p.a.unit(), B: p.b.unit(), Kind: dedup.Kind(p.kind), Similarity: p.sim}
	}
	all = nil
	return writeFile(ctx, shardName(fn.Dir, "pairs", shard, fn.Shards, "tsv"), func(w io.Writer) error {
		return report.WritePairs(w, report.NewDedup(res, nil))
	})
}

// pairs writes the pairs: those of the exact groups and the expansion of
// the verified pairs.
func pairs(s beam.Scope, groups, edges, counts beam.PCollection, o Options) {
	s = s.Scope("pairs")
	halves := beam.ParDo(s, sendUnits, beam.CoGroupByKey(s, groups, beam.ParDo(s, edgeByA, edges)))
	near := beam.ParDo(s, nearBlocks, beam.CoGroupByKey(s, groups, halves))
	all := beam.Flatten(s, beam.ParDo(s, exactBlock, groups), near)
	sharded := beam.ParDo(s, &blockShardFn{Shards: o.Shards}, all, beam.SideInput{Input: counts})
	beam.ParDo0(s, &writePairsFn{Dir: o.Output, Shards: o.Shards}, beam.CoGroupByKey(s, allShards(s, o.Shards), sharded),
		beam.SideInput{Input: counts})
}
