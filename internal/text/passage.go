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
	sc := NewPassageScanner(text, mode)
	for p, ok := sc.Next(); ok; p, ok = sc.Next() {
		out = append(out, p)
	}
	return out
}

// A PassageScanner returns the passages of a text one at a time, the
// passages Passages returns all at once, so that a document of hundreds of
// megabytes can be split without a slice of all its passages.
type PassageScanner struct {
	text  string
	mode  PassageMode
	pos   int // the start of the next line
	line  int // its number
	index int // the next passage's
}

// NewPassageScanner returns a PassageScanner for text.
func NewPassageScanner(text string, mode PassageMode) *PassageScanner {
	return &PassageScanner{text: text, mode: mode, line: 1}
}

// Next returns the next passage, or false at the end of the text.
func (s *PassageScanner) Next() (Passage, bool) {
	var p Passage
	have := false
	for s.pos < len(s.text) {
		pos, line := s.pos, s.line
		end, next := len(s.text), len(s.text)
		if i := strings.IndexByte(s.text[pos:], '\n'); i >= 0 {
			end, next = pos+i, pos+i+1
		}
		if end > pos && s.text[end-1] == '\r' {
			end--
		}
		s.pos, s.line = next, line+1
		switch {
		case isBlank(s.text[pos:end]):
			if have {
				return p, true // the blank line ends the paragraph
			}
		case have:
			p.End, p.EndLine = end, line // the paragraph goes on
		default:
			p = Passage{Index: s.index, Line: line, EndLine: line, Start: pos, End: end}
			s.index++
			have = true
			if s.mode == Lines {
				return p, true
			}
		}
	}
	return p, have
}

func isBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && dropControls(r) >= 0 {
			return false
		}
	}
	return true
}
