package analyze

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/internal/text"
)

// DefaultMarkers are phrases that mark site furniture rather than news
// prose: links to other articles, newsletter and app sign-ups, share and
// follow buttons, copyright lines. A short passage (at most
// maxBoilerplateTokens tokens) that contains one, word for word, is
// boilerplate. They are written in plain Arabic and matched on the
// normalized words of the passage, with the model's normalization but
// without its stop-word list or stemming: "اقرأ أيضا" needs both words
// ("أيضا" is a stop word), so "وأنا أقرأ القرآن" is not a marker. Options.Markers
// (khabar analyze --markers FILE) replaces the list.
var DefaultMarkers = []string{
	"المزيد من المقالات",
	"مواضيع ذات صلة",
	"مقالات ذات صلة",
	"أخبار ذات صلة",
	"اقرأ أيضا",
	"اقرأ المزيد",
	"الأكثر قراءة",
	"الأكثر مشاهدة",
	"النشرة البريدية",
	"نشرتنا البريدية",
	"صندوق بريدك",
	"اشترك في",
	"اشترك الآن",
	"تابعونا على",
	"تابعنا على",
	"شارك هذا المقال",
	"شارك المقال",
	"حمل تطبيق",
	"جميع الحقوق محفوظة",
	"هل أعجبك المحتوى",
	"سياسة الخصوصية",
}

// maxBoilerplateTokens bounds the length of a passage that a marker makes
// boilerplate: a long paragraph that mentions a newsletter is still prose.
const maxBoilerplateTokens = 25

// markerMatcher finds boilerplate markers in passages.
type markerMatcher struct {
	p       *text.Pipeline // the model's normalization, no stop words, no stemming
	markers []string       // normalized, tokens joined by single spaces
	keys    [][]byte       // each marker and a space after it
	// last holds the last token of every marker of two tokens or more, and
	// single the markers of one token: a passage without such a token (or
	// a token ending with a single one) cannot hold a marker.
	last   map[string]bool
	single []string
}

// newMarkerMatcher returns a matcher of markers (nil: DefaultMarkers) for
// text that the model reads with pipeline model.
func newMarkerMatcher(model *text.Pipeline, markers []string) *markerMatcher {
	set := model.Settings()
	set.StopWords, set.Stem = false, false
	m := &markerMatcher{p: text.New(set), last: map[string]bool{}}
	if markers == nil {
		markers = DefaultMarkers
	}
	for _, s := range markers {
		toks := m.p.Tokens(s)
		switch len(toks) {
		case 0:
			continue
		case 1:
			m.single = append(m.single, toks[0])
		default:
			m.last[toks[len(toks)-1]] = true
		}
		m.markers = append(m.markers, strings.Join(toks, " "))
		m.keys = append(m.keys, []byte(m.markers[len(m.markers)-1]+" "))
	}
	return m
}

// maybe reports whether a passage with these tokens may hold a marker.
func (m *markerMatcher) maybe(tokens [][]byte) bool {
	for _, t := range tokens {
		if m.last[string(t)] {
			return true
		}
		for _, s := range m.single {
			if bytes.HasSuffix(t, []byte(s)) {
				return true
			}
		}
	}
	return false
}

// match returns the marker found in the passage with the given tokens, or
// "".
func (m *markerMatcher) match(tokens [][]byte) string {
	mk, _ := m.matchBuf(nil, tokens)
	return mk
}

// matchBuf is match with buf as scratch space, returned for reuse: a page
// of a million short lines allocates nothing here.
func (m *markerMatcher) matchBuf(buf []byte, tokens [][]byte) (string, []byte) {
	if len(tokens) == 0 || len(tokens) > maxBoilerplateTokens || !m.maybe(tokens) {
		return "", buf
	}
	line := append(buf[:0], ' ')
	for _, t := range tokens {
		line = append(line, t...)
		line = append(line, ' ')
	}
	for i, mk := range m.keys {
		// A marker may follow a clitic (واشترك, بنشرتنا), so only its end
		// must fall on a token boundary.
		if bytes.Contains(line, mk) {
			return m.markers[i], line
		}
	}
	return "", line
}

// ReadMarkers reads a list of boilerplate markers (for Options.Markers)
// from r: one marker a line, UTF-8, surrounding spaces trimmed; blank lines
// and lines starting with '#' are skipped. name is used in errors. A file
// with no marker turns marker matching off (recurring lines are still
// boilerplate). Example:
//
//	# site furniture of example.com
//	اقرأ أيضا
//	تابعونا على تويتر
func ReadMarkers(r io.Reader, name string) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 1<<20)
	markers := []string{}
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("analyze: %s:%d: not valid UTF-8", name, line)
		}
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		markers = append(markers, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("analyze: %s: %v", name, err)
	}
	return markers, nil
}
