package report

// Reports of khabar dedup
//
// A dedup.Result is written in one of four forms. None is read back by
// khabar; programs that read them should check the header line where there
// is one.
//
// Text (WriteText), for a person: a summary, the settings, then each
// cluster with its kind and, per member, the similarity to the kept member,
// the document id and line, the number of tokens and an excerpt of the
// original text (white space collapsed, at most ExcerptWidth, 80,
// characters):
//
//	5 documents, 154 passages (0 without tokens), 3 clusters: 3 duplicated passages, 276 bytes (0.6% of the text)
//	passage level, word:3 shingles, minhash 128 hashes seed 0, 16 bands x 6 rows, Jaccard >= 0.8, verified
//
//	cluster 1: exact, 2 passages
//	  kept  1.000  000_0a357c2f619dea6d.txt:32  8 tokens  الانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي
//	        1.000  000_0a357c2f619dea6d.txt:33  8 tokens  الانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي
//
// The first line counts the documents read, the units compared and, in
// parentheses, the units skipped: "without tokens", or with MinTokens N
// above 1 "under N tokens". At document level the units are the documents:
// "5 documents (0 without tokens), ...".
//
// Members (WriteMembers), tab-separated, one member per line after a
// header line; kept is 1 for the kept member:
//
//	#cluster	kind	kept	similarity	doc	passage	line	end_line	start	end	tokens
//	1	exact	1	1.000	000_0a357c2f619dea6d.txt	16	32	32	4238	4335	8
//
// JSON Lines (WriteJSON), one cluster per line; "excerpt" is the
// original text of the member (not normalized, line breaks kept), cut to
// its first JSONExcerptChars characters with "…" after them when it is
// longer, and left out when the text is not at hand:
//
//	{"cluster":1,"kind":"exact","members":[{"doc":"000_0a357c2f619dea6d.txt","doc_index":0,"passage":16,"line":32,"end_line":32,"start":4238,"end":4335,"tokens":8,"shingles":6,"similarity":1,"kept":true,"excerpt":"الانفجار ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي"},...]}
//
// Pairs (WritePairs), tab-separated, one verified pair per line after a
// header line, for evaluation; in a contained pair, a is inside b:
//
//	#a_doc	a_passage	a_line	a_tokens	b_doc	b_passage	b_line	b_tokens	kind	similarity
//	000_0a357c2f619dea6d.txt	16	32	8	000_0a357c2f619dea6d.txt	17	33	8	exact	1.000
//
// Pairs as JSON Lines (WritePairsJSON), one pair per line, the similarity
// in full precision:
//
//	{"a":{"doc":"000_0a357c2f619dea6d.txt","doc_index":0,"passage":16,"line":32,"tokens":8},"b":{"doc":"000_0a357c2f619dea6d.txt","doc_index":0,"passage":17,"line":33,"tokens":8},"kind":"exact","similarity":1}
//
// Similarities have Decimals (3) decimals in the text and tab-separated
// forms, JSONDecimals (6) in the JSON clusters. Document ids have tabs and
// line breaks replaced by spaces (OneLine) in the text and tab-separated
// forms. Byte offsets are into the document text, lines are 1-based.
// Version history: 1, the first; 2, JSON members carry "excerpt", and
// pairs can be JSON Lines.

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/khabar-nlp/khabar/dedup"
)

// A Span is a stretch of a document that a report points at.
type Span struct {
	Doc      string // the document's id
	DocIndex int    // the document's index in the input
	Passage  int    // the passage's index in the document (0 at document level)
	Line     int    // first line, 1-based
	EndLine  int    // last line
	Start    int    // byte offset of the first byte in the document text
	End      int    // byte offset after the last byte
	Tokens   int
	Shingles int
	// Text is the span's original text, or its first JSONExcerptChars
	// characters or more, when HasText; the excerpts are cut from it.
	Text    string
	HasText bool
}

// A Member is a span in a cluster.
type Member struct {
	Span
	Similarity float64 // to the kept member, in full precision
	Kept       bool
}

// A Cluster is a group of duplicated spans.
type Cluster struct {
	N       int    // 1-based, in report order
	Kind    string // "exact", "near" or "contained"
	Kept    int    // index of the kept member
	Members []Member
}

// A Pair is a verified pair of spans; in a contained pair, A is inside B.
type Pair struct {
	A, B       Span
	Kind       string
	Similarity float64
}

// A Dedup is the view of a dedup.Result that its reports draw from: the
// result's clusters and pairs as Spans, with their text from textOf. It
// only reads the result, and is safe for concurrent use when textOf is.
type Dedup struct {
	res    *dedup.Result
	textOf func(dedup.Unit) string
}

// NewDedup returns the view of res. textOf returns the original text of a
// unit (it may return only its first JSONExcerptChars characters); it may
// be nil when the text is not at hand, and is called once per member a
// report writes.
func NewDedup(res *dedup.Result, textOf func(dedup.Unit) string) *Dedup {
	return &Dedup{res: res, textOf: textOf}
}

// Result returns the result the view is of.
func (d *Dedup) Result() *dedup.Result { return d.res }

// Unit returns the unit compared: "passage" or "document".
func (d *Dedup) Unit() string { return d.res.Options.Level.String() }

// Len returns the number of clusters.
func (d *Dedup) Len() int { return len(d.res.Clusters) }

// Cluster returns cluster i (0-based) as a view, its members appended to
// members[:0] (which may be nil) for reuse.
func (d *Dedup) Cluster(i int, members []Member) Cluster {
	c := d.res.Clusters[i]
	out := Cluster{N: i + 1, Kind: c.Kind.String(), Kept: c.Kept, Members: members[:0]}
	for mi, m := range c.Members {
		out.Members = append(out.Members, Member{Span: d.span(m.Unit, true), Similarity: m.Similarity, Kept: mi == c.Kept})
	}
	return out
}

// span is the view of u, with its text when withText and the text is at
// hand.
func (d *Dedup) span(u dedup.Unit, withText bool) Span {
	s := Span{
		Doc: u.ID, DocIndex: u.Doc, Passage: u.Passage, Line: u.Line, EndLine: u.EndLine,
		Start: u.Start, End: u.End, Tokens: u.Tokens, Shingles: u.Shingles,
	}
	if withText && d.textOf != nil {
		s.Text, s.HasText = d.textOf(u), true
	}
	return s
}

// Pairs returns the number of verified pairs (dedup.Options.Pairs).
func (d *Dedup) Pairs() int { return len(d.res.Pairs) }

// Pair returns pair i (0-based), without text.
func (d *Dedup) Pair(i int) Pair {
	p := d.res.Pairs[i]
	return Pair{A: d.span(p.A, false), B: d.span(p.B, false), Kind: p.Kind.String(), Similarity: p.Similarity}
}

// Percent returns the share of the text's bytes in duplicated units, in
// percent.
func (d *Dedup) Percent() float64 {
	s := d.res.Stats
	if s.Bytes == 0 {
		return 0
	}
	return 100 * float64(s.DuplicateBytes) / float64(s.Bytes)
}

// Summary returns the first line of the text report: what was read,
// compared, skipped and found.
func (d *Dedup) Summary() string {
	o, s := d.res.Options, d.res.Stats
	unit := d.Unit()
	// The units compared, and those skipped: "154 passages (0 without
	// tokens)", at document level "5 documents (0 without tokens)".
	skipped := Thousands(s.Skipped) + " without tokens"
	if o.MinTokens > 1 {
		skipped = Thousands(s.Skipped) + " under " + count(o.MinTokens, "token")
	}
	units := count(s.Documents, "document") + ", " + count(s.Units, unit) + " (" + skipped + ")"
	if o.Level == dedup.DocumentLevel {
		units = count(s.Documents, "document") + " (" + skipped + ")"
	}
	return fmt.Sprintf("%s, %s: %s, %s (%.1f%% of the text)",
		units, count(s.Clusters, "cluster"),
		count(s.Duplicates, "duplicated "+unit), count(int(s.DuplicateBytes), "byte"), d.Percent())
}

// Settings returns the second line of the text report: the settings that
// made the result.
func (d *Dedup) Settings() string {
	o := d.res.Options
	var b strings.Builder
	fmt.Fprintf(&b, "%s level", o.Level)
	if o.Level == dedup.PassageLevel && o.Paragraphs {
		b.WriteString(" (paragraphs)")
	}
	fmt.Fprintf(&b, ", %s shingles", o.Shingle)
	if o.MinTokens > 0 {
		fmt.Fprintf(&b, ", at least %d tokens", o.MinTokens)
	}
	if o.Method == dedup.SimHashBits {
		fmt.Fprintf(&b, ", simhash distance <= %d", o.K)
	} else {
		fmt.Fprintf(&b, ", minhash %d hashes seed %d, %d bands x %d rows", o.Hashes, o.Seed, o.Bands, o.Rows)
	}
	fmt.Fprintf(&b, ", Jaccard >= %v", o.Threshold)
	if o.Stars {
		b.WriteString(", star clusters")
	}
	if o.Containment > 0 {
		fmt.Fprintf(&b, ", containment >= %v", o.Containment)
	}
	if o.NoVerify {
		b.WriteString(", estimated (not verified)")
	} else {
		b.WriteString(", verified")
	}
	return b.String()
}

// WriteText writes the report for a person (see the format above).
func WriteText(w io.Writer, d *Dedup) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s\n%s\n", d.Summary(), d.Settings())
	unit := d.Unit()
	passages := d.res.Options.Level == dedup.PassageLevel
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	var members []Member
	for ci := range d.Len() {
		c := d.Cluster(ci, members)
		members = c.Members
		fmt.Fprintf(tw, "\ncluster %d: %s, %s\n", c.N, c.Kind, count(len(c.Members), unit))
		for _, m := range c.Members {
			kept := ""
			if m.Kept {
				kept = "kept"
			}
			loc := m.Doc
			if passages {
				loc += ":" + strconv.Itoa(m.Line)
				if m.EndLine != m.Line {
					loc += "-" + strconv.Itoa(m.EndLine)
				}
			}
			ex := ""
			if m.HasText {
				ex = Excerpt(m.Text, ExcerptWidth)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%d tokens\t%s\n", kept, Score(m.Similarity), OneLine(loc), m.Tokens, ex)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// appendFields appends the tab-separated fields id (OneLine) and ns to
// line.
func appendFields(line []byte, id string, ns ...int) []byte {
	line = append(line, OneLine(id)...)
	for _, n := range ns {
		line = append(line, '\t')
		line = strconv.AppendInt(line, int64(n), 10)
	}
	return line
}

// MembersHeader is the first line of the tab-separated members.
const MembersHeader = "#cluster\tkind\tkept\tsimilarity\tdoc\tpassage\tline\tend_line\tstart\tend\ttokens\n"

// WriteMembers writes the clusters tab-separated, one member per line.
func WriteMembers(w io.Writer, d *Dedup) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(MembersHeader)
	var line []byte
	var members []Member
	for ci := range d.Len() {
		c := d.Cluster(ci, members)
		members = c.Members
		for _, m := range c.Members {
			kept := 0
			if m.Kept {
				kept = 1
			}
			line = strconv.AppendInt(line[:0], int64(c.N), 10)
			line = append(line, '\t')
			line = append(line, c.Kind...)
			line = append(line, '\t')
			line = strconv.AppendInt(line, int64(kept), 10)
			line = append(line, '\t')
			line = appendScore(line, m.Similarity)
			line = append(line, '\t')
			line = appendFields(line, m.Doc, m.Passage, m.Line, m.EndLine, m.Start, m.End, m.Tokens)
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

type jsonMember struct {
	Doc        string  `json:"doc"`
	DocIndex   int     `json:"doc_index"`
	Passage    int     `json:"passage"`
	Line       int     `json:"line"`
	EndLine    int     `json:"end_line"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Tokens     int     `json:"tokens"`
	Shingles   int     `json:"shingles"`
	Similarity float64 `json:"similarity"`
	Kept       bool    `json:"kept"`
	Excerpt    *string `json:"excerpt,omitempty"`
}

type jsonCluster struct {
	Cluster int          `json:"cluster"`
	Kind    string       `json:"kind"`
	Members []jsonMember `json:"members"`
}

// WriteJSON writes the clusters as JSON Lines, one cluster per line; the
// excerpts are left out when the view has no text.
func WriteJSON(w io.Writer, d *Dedup) error {
	bw := bufio.NewWriter(w)
	enc := jsonEncoder(bw)
	var members []Member
	for ci := range d.Len() {
		c := d.Cluster(ci, members)
		members = c.Members
		jc := jsonCluster{Cluster: c.N, Kind: c.Kind, Members: make([]jsonMember, len(c.Members))}
		for i, m := range c.Members {
			jc.Members[i] = jsonMember{
				Doc: m.Doc, DocIndex: m.DocIndex, Passage: m.Passage, Line: m.Line, EndLine: m.EndLine,
				Start: m.Start, End: m.End, Tokens: m.Tokens, Shingles: m.Shingles,
				Similarity: Round(m.Similarity, JSONDecimals), Kept: m.Kept,
			}
			if m.HasText {
				ex := Cut(m.Text, JSONExcerptChars)
				jc.Members[i].Excerpt = &ex
			}
		}
		if err := enc.Encode(jc); err != nil {
			return err
		}
	}
	return bw.Flush()
}

type jsonPairUnit struct {
	Doc      string `json:"doc"`
	DocIndex int    `json:"doc_index"`
	Passage  int    `json:"passage"`
	Line     int    `json:"line"`
	Tokens   int    `json:"tokens"`
}

type jsonPair struct {
	A          jsonPairUnit `json:"a"`
	B          jsonPairUnit `json:"b"`
	Kind       string       `json:"kind"`
	Similarity float64      `json:"similarity"`
}

// WritePairsJSON writes the verified pairs (dedup.Options.Pairs) as JSON
// Lines, one pair per line.
func WritePairsJSON(w io.Writer, d *Dedup) error {
	bw := bufio.NewWriter(w)
	enc := jsonEncoder(bw)
	unit := func(s Span) jsonPairUnit {
		return jsonPairUnit{Doc: s.Doc, DocIndex: s.DocIndex, Passage: s.Passage, Line: s.Line, Tokens: s.Tokens}
	}
	for i := range d.Pairs() {
		p := d.Pair(i)
		if err := enc.Encode(jsonPair{A: unit(p.A), B: unit(p.B), Kind: p.Kind, Similarity: p.Similarity}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// PairsHeader is the first line of the tab-separated pairs.
const PairsHeader = "#a_doc\ta_passage\ta_line\ta_tokens\tb_doc\tb_passage\tb_line\tb_tokens\tkind\tsimilarity\n"

// WritePairs writes the verified pairs (dedup.Options.Pairs)
// tab-separated. A run can have tens of millions of pairs: each line is
// appended to one buffer, as WriteMembers does.
func WritePairs(w io.Writer, d *Dedup) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(PairsHeader)
	var line []byte
	for i := range d.Pairs() {
		p := d.Pair(i)
		line = appendFields(line[:0], p.A.Doc, p.A.Passage, p.A.Line, p.A.Tokens)
		line = append(line, '\t')
		line = appendFields(line, p.B.Doc, p.B.Passage, p.B.Line, p.B.Tokens)
		line = append(line, '\t')
		line = append(line, p.Kind...)
		line = append(line, '\t')
		line = appendScore(line, p.Similarity)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}
