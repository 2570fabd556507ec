package text

import (
	"strings"
	"unicode"
)

// A Passage is a span of a document's text: a non-empty line, or with
// Paragraphs a run of non-empty lines.
type Passage struct {
	// Index is the passage's position among the document's passages, from 0.
	Index int
	// Line is the 1-based number of the passage's first line.
	Line int
	// EndLine is the 1-based number of its last line.
	EndLine int
	// Start and End are byte offsets into the document text: the passage is
	// text[Start:End], without its final line break (LF or CRLF).
	Start, End int
}

// PassageMode chooses how a document is split into passages.
type PassageMode int

const (
	// Lines makes every non-blank line a passage.
	Lines PassageMode = iota
	// Paragraphs makes every run of non-blank lines a passage.
	Paragraphs
)

// Passages splits text into passages. A line is blank when it holds only
// white space (including no-break spaces) and zero-width or bidi controls.
// Lines end at LF; a CR before the LF is not part of the passage.
func Passages(text string, mode PassageMode) []Passage {
	var out []Passage
	inPara := false
	for pos, line := 0, 1; pos < len(text); line++ {
		end, next := len(text), len(text)
		if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
			end, next = pos+i, pos+i+1
		}
		if end > pos && text[end-1] == '\r' {
			end--
		}
		switch {
		case isBlank(text[pos:end]):
			inPara = false
		case mode == Paragraphs && inPara:
			last := &out[len(out)-1]
			last.End, last.EndLine = end, line
		default:
			out = append(out, Passage{Index: len(out), Line: line, EndLine: line, Start: pos, End: end})
			inPara = true
		}
		pos = next
	}
	return out
}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && dropControls(r) >= 0 {
			return false
		}
	}
	return true
}
