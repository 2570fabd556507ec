package htmlreport

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/report"
)

// The dedup report
//
// The page shows a summary of the run and its settings, a histogram of
// the cluster sizes, and the clusters, a page at a time, with a filter
// over ids and text. Clicking a member shows it beside the kept member of
// its cluster, the shingles they share highlighted in both; in a
// containment cluster the part of the kept (longer) text that holds the
// member is outlined.
//
// The clusters are in JSON blocks, <script type="application/json"
// class="block">, one per page of Options.PageSize clusters, that the
// script parses only when their page is shown (or when the filter needs
// them), so that a report of tens of thousands of clusters opens fast. A
// block is {"texts": [...], "clusters": [...]}: the distinct texts of the
// block's members, each once, and per cluster
//
//	{"n": 1, "kind": "exact", "kept": 0, "m": [member...]}
//
// where a member is {"id", "line", "end_line", "tokens", "sim", "t"} (t
// indexes texts), and, for members other than the kept one, "hl": the
// shared spans in the member's text and "kh": those in the kept text, as
// flat lists of UTF-16 offsets start, end, start, end...; "region" (in a
// containment cluster) the part of the kept text from its first to its
// last shared span; "nohl": true when the tokens could not be placed in
// the text (see spans.go).

type member struct {
	ID      string  `json:"id"`
	Line    int     `json:"line"`
	EndLine int     `json:"end_line"`
	Tokens  int     `json:"tokens"`
	Sim     float64 `json:"sim"`
	Text    int     `json:"t"`
	HL      []int   `json:"hl,omitempty"`
	KH      []int   `json:"kh,omitempty"`
	Region  []int   `json:"region,omitempty"`
	NoHL    bool    `json:"nohl,omitempty"`
	text    string
}

type cluster struct {
	N       int      `json:"n"`
	Kind    string   `json:"kind"`
	Kept    int      `json:"kept"`
	Members []member `json:"m"`
}

type block struct {
	Texts    []string  `json:"texts"`
	Clusters []cluster `json:"clusters"`
}

type setting struct{ Name, Value string }

type dedupView struct {
	Stamp                               string
	Unit                                string // "passage" or "document"
	Documents, Units, Skipped, Clusters string
	Duplicates, DuplicateBytes, Percent string
	ClusterCount, PageSize              int
	Settings                            []setting
	Histogram                           chart
	Blocks                              []template.HTML
}

var dedupTemplate = parse("dedup.tmpl")

// Dedup writes the HTML report of res to w. textOf returns the text of a
// unit (its document's Text[Start:End]); every member of every cluster is
// asked for once.
func Dedup(w io.Writer, res *dedup.Result, textOf func(dedup.Unit) string, o Options) error {
	if o.PageSize <= 0 {
		o.PageSize = 50
	}
	view := report.NewDedup(res, textOf)
	opt, s := res.Options, res.Stats
	v := dedupView{
		Stamp:          o.stamp(),
		Unit:           view.Unit(),
		Documents:      report.Thousands(s.Documents),
		Units:          report.Thousands(s.Units),
		Skipped:        report.Thousands(s.Skipped),
		Clusters:       report.Thousands(s.Clusters),
		Duplicates:     report.Thousands(s.Duplicates),
		DuplicateBytes: report.Thousands(int(s.DuplicateBytes)),
		Percent:        strconv.FormatFloat(view.Percent(), 'f', 1, 64),
		ClusterCount:   view.Len(),
		PageSize:       o.PageSize,
		Settings:       settings(opt),
		Histogram:      sizeHistogram(res.Clusters),
	}
	blocks, err := renderBlocks(view, o)
	if err != nil {
		return err
	}
	v.Blocks = blocks
	return dedupTemplate.Execute(w, v)
}

// newBlock gathers the distinct texts of the clusters' members.
func newBlock(cs []cluster) block {
	b := block{Clusters: cs}
	index := map[string]int{}
	for ci := range cs {
		for mi := range cs[ci].Members {
			m := &cs[ci].Members[mi]
			t, ok := index[m.text]
			if !ok {
				t = len(b.Texts)
				index[m.text] = t
				b.Texts = append(b.Texts, m.text)
			}
			m.Text = t
		}
	}
	return b
}

// blockTemplate is one JSON block; html/template escapes the block's data
// for the script element it is in.
var blockTemplate = template.Must(template.New("block").Parse(`<script type="application/json" class="block">{{.}}</script>` + "\n"))

// renderBlocks makes the JSON blocks of the clusters, a page of clusters
// each, on o.Workers goroutines: highlights, then the block's
// html/template execution. The blocks come out in cluster order.
func renderBlocks(view *report.Dedup, o Options) ([]template.HTML, error) {
	res := view.Result()
	n := (view.Len() + o.PageSize - 1) / o.PageSize
	out := make([]template.HTML, n)
	errs := make([]error, n)
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := newHighlighter(res.Options.Text, res.Options.Shingle)
			var buf strings.Builder
			for bi := range next {
				lo := bi * o.PageSize
				cs := clustersOf(view, lo, min(lo+o.PageSize, view.Len()))
				for ci := range cs {
					h.highlight(&cs[ci])
				}
				buf.Reset()
				errs[bi] = blockTemplate.Execute(&buf, newBlock(cs))
				out[bi] = template.HTML(buf.String())
			}
		}()
	}
	for bi := range n {
		next <- bi
	}
	close(next)
	wg.Wait()
	return out, errors.Join(errs...)
}

// clustersOf makes the report's clusters lo to hi (0-based) of the view,
// without highlights.
func clustersOf(view *report.Dedup, lo, hi int) []cluster {
	out := make([]cluster, 0, hi-lo)
	for ci := lo; ci < hi; ci++ {
		c := view.Cluster(ci, nil)
		rc := cluster{N: c.N, Kind: c.Kind, Kept: c.Kept, Members: make([]member, len(c.Members))}
		for mi, m := range c.Members {
			rc.Members[mi] = member{
				ID: m.Doc, Line: m.Line, EndLine: m.EndLine, Tokens: m.Tokens,
				Sim: report.Round(m.Similarity, report.Decimals), text: m.Text,
			}
		}
		out = append(out, rc)
	}
	return out
}

// highlight fills the shared spans of every member of c but the kept one.
// A member with the kept member's very bytes shares all its tokens, and
// the members of an exact cluster have the same tokens: their spans need
// no shingles.
func (h *highlighter) highlight(c *cluster) {
	if c.Kind == dedup.Exact.String() && h.fast {
		h.highlightExact(c)
		return
	}
	kept := &c.Members[c.Kept]
	kt := &h.kept
	kok := h.tokenSpans(kt, kept.text)
	var kset, khashes []uint64
	var kall []int // the span of all the kept tokens
	if kok {
		khashes = append([]uint64(nil), h.sh.Hashes(kt.toks)...)
		kset = h.set(kt.toks)
		kall = toUTF16(kept.text, byteSpans(kt, all(len(kt.toks))))
	}
	exact := c.Kind == dedup.Exact.String()
	for mi := range c.Members {
		m := &c.Members[mi]
		if mi == c.Kept {
			continue
		}
		if kok && m.text == kept.text {
			m.HL, m.KH = kall, kall
			if c.Kind == dedup.Contained.String() && len(kall) > 0 {
				m.Region = []int{kall[0], kall[len(kall)-1]}
			}
			continue
		}
		mt := &h.other
		ok := h.tokenSpans(mt, m.text)
		if !ok || !kok {
			m.NoHL = true
			continue
		}
		if exact {
			m.HL = toUTF16(m.text, byteSpans(mt, all(len(mt.toks))))
			m.KH = kall
			continue
		}
		mhashes := h.sh.Hashes(mt.toks)
		m.HL = toUTF16(m.text, byteSpans(mt, h.covered(mt, mhashes, kset)))
		mset := h.set(mt.toks)
		kh := byteSpans(kt, h.covered(kt, khashes, mset))
		m.KH = toUTF16(kept.text, kh)
		if c.Kind == dedup.Contained.String() && len(kh) > 0 {
			m.Region = []int{m.KH[0], m.KH[len(m.KH)-1]}
		}
	}
}

// highlightExact is highlight for an exact cluster with a pipeline that
// drops no token: all tokens are shared, from the first word rune to the
// last, and nothing needs tokenizing.
func (h *highlighter) highlightExact(c *cluster) {
	kept := &c.Members[c.Kept]
	kall := toUTF16(kept.text, h.wordBounds(kept.text))
	for mi := range c.Members {
		m := &c.Members[mi]
		if mi == c.Kept {
			continue
		}
		m.KH, m.HL = kall, kall
		if m.text != kept.text {
			m.HL = toUTF16(m.text, h.wordBounds(m.text))
		}
	}
}

// all returns n trues.
func all(n int) []bool {
	b := make([]bool, n)
	for i := range b {
		b[i] = true
	}
	return b
}

// settings lists the options that made a result, for the summary.
func settings(o dedup.Options) []setting {
	level := o.Level.String()
	if o.Level == dedup.PassageLevel && o.Paragraphs {
		level += " (paragraphs)"
	}
	s := []setting{{"level", level}, {"shingles", o.Shingle.String()}}
	if o.MinTokens > 0 {
		s = append(s, setting{"at least", strconv.Itoa(o.MinTokens) + " tokens"})
	}
	if o.Method == dedup.SimHashBits {
		s = append(s, setting{"method", fmt.Sprintf("simhash, distance ≤ %d", o.K)})
	} else {
		s = append(s,
			setting{"method", fmt.Sprintf("minhash, %d hashes, seed %d", o.Hashes, o.Seed)},
			setting{"bands × rows", fmt.Sprintf("%d × %d", o.Bands, o.Rows)})
	}
	s = append(s, setting{"threshold", fmt.Sprintf("Jaccard ≥ %v", o.Threshold)})
	if o.Stars {
		s = append(s, setting{"clusters", "star: every member verified against the kept one"})
	} else {
		s = append(s, setting{"clusters", "connected components of the verified pairs"})
	}
	if o.Containment > 0 {
		s = append(s, setting{"containment", fmt.Sprintf("≥ %v", o.Containment)})
	}
	verify := "every pair verified (exact Jaccard)"
	if o.NoVerify {
		verify = "estimated from the signatures (not verified)"
	}
	s = append(s, setting{"verification", verify}, setting{"text pipeline", o.Text.String()})
	return s
}
