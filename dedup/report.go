package dedup

// Reports
//
// A Result is written in one of four forms. None is read back by khabar;
// programs that read them should check the header line where there is one.
//
// Text (WriteText), for a person: a summary, the settings, then each
// cluster with its kind and, per member, the similarity to the kept member,
// the document id and line, the number of tokens and an excerpt of the
// original text (white space collapsed, at most 80 characters):
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
// Document ids have tabs and line breaks replaced by spaces in the
// tab-separated forms. Byte offsets are into the document text, lines are
// 1-based. Version history: 1, the first; 2, JSON members carry
// "excerpt", and pairs can be JSON Lines.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/khabar-nlp/khabar/internal/text"
)

// WriteText writes the report for a person. textOf returns the original
// text of a unit for the excerpts; it may be nil, or return "", when the text is
// not at hand.
func WriteText(w io.Writer, res *Result, textOf func(Unit) string) error {
	bw := bufio.NewWriter(w)
	o, s := res.Options, res.Stats
	unit := "passage"
	if o.Level == DocumentLevel {
		unit = "document"
	}
	pct := 0.0
	if s.Bytes > 0 {
		pct = 100 * float64(s.DuplicateBytes) / float64(s.Bytes)
	}
	// The units compared, and those skipped: "154 passages (0 without
	// tokens)", at document level "5 documents (0 without tokens)".
	skipped := thousands(s.Skipped) + " without tokens"
	if o.MinTokens > 1 {
		skipped = thousands(s.Skipped) + " under " + count(o.MinTokens, "token")
	}
	units := count(s.Documents, "document") + ", " + count(s.Units, unit) + " (" + skipped + ")"
	if o.Level == DocumentLevel {
		units = count(s.Documents, "document") + " (" + skipped + ")"
	}
	fmt.Fprintf(bw, "%s, %s: %s, %s (%.1f%% of the text)\n",
		units, count(s.Clusters, "cluster"),
		count(s.Duplicates, "duplicated "+unit), count(int(s.DuplicateBytes), "byte"), pct)
	fmt.Fprintf(bw, "%s\n", describe(o))
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	for ci, c := range res.Clusters {
		fmt.Fprintf(tw, "\ncluster %d: %s, %s\n", ci+1, c.Kind, count(len(c.Members), unit))
		for i, m := range c.Members {
			kept := ""
			if i == c.Kept {
				kept = "kept"
			}
			loc := m.ID
			if o.Level == PassageLevel {
				loc += ":" + strconv.Itoa(m.Line)
				if m.EndLine != m.Line {
					loc += "-" + strconv.Itoa(m.EndLine)
				}
			}
			ex := ""
			if textOf != nil {
				ex = Excerpt(textOf(m.Unit), 80)
			}
			fmt.Fprintf(tw, "  %s\t%.3f\t%s\t%d tokens\t%s\n", kept, m.Similarity, text.OneLine(loc), m.Tokens, ex)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// describe says which settings made a result.
func describe(o Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s level", o.Level)
	if o.Level == PassageLevel && o.Paragraphs {
		b.WriteString(" (paragraphs)")
	}
	fmt.Fprintf(&b, ", %s shingles", o.Shingle)
	if o.MinTokens > 0 {
		fmt.Fprintf(&b, ", at least %d tokens", o.MinTokens)
	}
	if o.Method == SimHashBits {
		fmt.Fprintf(&b, ", simhash distance <= %d", o.K)
	} else {
		fmt.Fprintf(&b, ", minhash %d hashes seed %d, %d bands x %d rows", o.Hashes, o.Seed, o.Bands, o.Rows)
	}
	fmt.Fprintf(&b, ", Jaccard >= %v", o.Threshold)
	if o.Cluster == StarClusters {
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

// Excerpt returns s with runs of white space collapsed to one space and cut
// to at most n characters, an ellipsis taking the last place when it is
// cut.
func Excerpt(s string, n int) string {
	out := make([]rune, 0, n+1)
	space := false
	for _, r := range strings.TrimSpace(s) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, r)
		if len(out) > n {
			return string(out[:n-1]) + "…"
		}
	}
	return string(out)
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// count returns n and the noun, in the plural unless n is 1.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

// WriteMembers writes the clusters tab-separated, one member per line.
func WriteMembers(w io.Writer, res *Result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("#cluster\tkind\tkept\tsimilarity\tdoc\tpassage\tline\tend_line\tstart\tend\ttokens\n")
	var line []byte
	for ci, c := range res.Clusters {
		for i, m := range c.Members {
			kept := 0
			if i == c.Kept {
				kept = 1
			}
			line = strconv.AppendInt(line[:0], int64(ci+1), 10)
			line = append(line, '\t')
			line = append(line, c.Kind.String()...)
			line = append(line, '\t')
			line = strconv.AppendInt(line, int64(kept), 10)
			line = append(line, '\t')
			line = strconv.AppendFloat(line, m.Similarity, 'f', 3, 64)
			line = append(line, '\t')
			line = append(line, text.OneLine(m.ID)...)
			for _, n := range []int{m.Passage, m.Line, m.EndLine, m.Start, m.End, m.Tokens} {
				line = append(line, '\t')
				line = strconv.AppendInt(line, int64(n), 10)
			}
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

// JSONExcerptChars is the most characters of a member's text in the JSON
// report.
const JSONExcerptChars = 200

// Cut returns the first n characters of s, with "…" after them when s is
// longer; s is kept as it is otherwise (white space included).
func Cut(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos] + "…"
		}
		i++
	}
	return s
}

type jsonCluster struct {
	Cluster int          `json:"cluster"`
	Kind    string       `json:"kind"`
	Members []jsonMember `json:"members"`
}

// WriteJSON writes the clusters as JSON Lines, one cluster per line.
// textOf returns the original text of a unit for the excerpts; when it is
// nil the excerpts are left out.
func WriteJSON(w io.Writer, res *Result, textOf func(Unit) string) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for ci, c := range res.Clusters {
		jc := jsonCluster{Cluster: ci + 1, Kind: c.Kind.String(), Members: make([]jsonMember, len(c.Members))}
		for i, m := range c.Members {
			jc.Members[i] = jsonMember{
				Doc: m.ID, DocIndex: m.Doc, Passage: m.Passage, Line: m.Line, EndLine: m.EndLine,
				Start: m.Start, End: m.End, Tokens: m.Tokens, Shingles: m.Shingles,
				Similarity: round6(m.Similarity), Kept: i == c.Kept,
			}
			if textOf != nil {
				ex := Cut(textOf(m.Unit), JSONExcerptChars)
				jc.Members[i].Excerpt = &ex
			}
		}
		if err := enc.Encode(jc); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// round6 rounds x to 6 decimals, so that JSON shows 0.941176 rather
// than 0.9411764705882353.
func round6(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 6, 64), 64)
	return v
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

// WritePairsJSON writes the verified pairs (Result.Pairs, made with
// Options.Pairs) as JSON Lines, one pair per line.
func WritePairsJSON(w io.Writer, res *Result) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	unit := func(u Unit) jsonPairUnit {
		return jsonPairUnit{Doc: u.ID, DocIndex: u.Doc, Passage: u.Passage, Line: u.Line, Tokens: u.Tokens}
	}
	for _, p := range res.Pairs {
		if err := enc.Encode(jsonPair{A: unit(p.A), B: unit(p.B), Kind: p.Kind.String(), Similarity: p.Similarity}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WritePairs writes the verified pairs (Result.Pairs, made with
// Options.Pairs) tab-separated.
func WritePairs(w io.Writer, res *Result) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("#a_doc\ta_passage\ta_line\ta_tokens\tb_doc\tb_passage\tb_line\tb_tokens\tkind\tsimilarity\n")
	for _, p := range res.Pairs {
		fmt.Fprintf(bw, "%s\t%d\t%d\t%d\t%s\t%d\t%d\t%d\t%s\t%.3f\n",
			text.OneLine(p.A.ID), p.A.Passage, p.A.Line, p.A.Tokens, text.OneLine(p.B.ID), p.B.Passage, p.B.Line, p.B.Tokens, p.Kind, p.Similarity)
	}
	return bw.Flush()
}
