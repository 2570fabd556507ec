// Package report is the one report layer of khabar: a view model of what
// dedup and analyze found, and the renderers that write it for people
// (text), for programs (tab-separated, JSON Lines), and, through package
// htmlreport, as HTML.
//
// The view model is:
//
//   - a Span: a stretch of a document, with the document's id and index,
//     the passage, its first and last line, its byte range, its tokens and
//     shingles, and its original text when it is at hand (the excerpt);
//   - a Cluster of Members (spans with their similarity to the kept
//     member), and a Pair of spans, made from a dedup.Result by a Dedup;
//   - a Page of Articles and Flags, made by package analyze, and the
//     Summary of a run.
//
// Every report draws from these, and the few things the formats share live
// here once: the excerpt widths (ExcerptWidth for a person,
// JSONExcerptChars for programs), the rounding of probabilities and
// similarities (Round), the one-line escaping of the tab-separated forms
// (OneLine), and the thousands separators and plurals of the text.
//
// Files: dedup.go holds the dedup view and its four formats, pages.go the
// analyze pages and their three formats; each opens with the
// specification of its formats. None is read back by khabar.
package report

import (
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"unicode"
)

// ExcerptWidth is the most characters of a passage's text that the text
// report of dedup shows (white space collapsed; see Excerpt).
const ExcerptWidth = 80

// JSONExcerptChars is the most characters of a member's text in the JSON
// report of dedup (see Cut).
const JSONExcerptChars = 200

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

// Round returns x rounded to the given number of decimals, as the text
// forms print it ("%.3f"), so that a figure in JSON and the same figure in
// text agree: the JSON reports show 0.941176 rather than
// 0.9411764705882353.
func Round(x float64, decimals int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', decimals, 64), 64)
	return v
}

// Decimals is the number of decimals of the probabilities and
// similarities that reports show (JSON similarities of dedup keep
// six: JSONDecimals).
const (
	Decimals     = 3
	JSONDecimals = 6
)

// Score formats a probability or a similarity with Decimals decimals.
func Score(x float64) string {
	return strconv.FormatFloat(x, 'f', Decimals, 64)
}

// appendScore is Score appended to b.
func appendScore(b []byte, x float64) []byte {
	return strconv.AppendFloat(b, x, 'f', Decimals, 64)
}

// jsonEncoder returns an encoder to w that leaves <, > and & as they are:
// the JSON reports are read by programs, not embedded in HTML.
func jsonEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// OneLine returns s with each tab, carriage return and line feed turned
// into a space, so that it fits one field of a tab-separated line. The
// reports and the tables of the command write ids and excerpts through
// it.
func OneLine(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}

// Thousands formats n with commas between groups of three digits.
func Thousands(n int) string {
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

// count returns n, with Thousands, and the noun, in the plural unless n
// is 1: "1 cluster", "1,204 clusters".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Thousands(n) + " " + noun + "s"
}

// plural returns "1 page", "2 pages": n and the noun, in the plural
// unless n is 1 (no thousands separators, as analyze's text has always
// had).
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
