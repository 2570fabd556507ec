package analyze

import (
	"strings"

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
}

// newMarkerMatcher returns a matcher of markers (nil: DefaultMarkers) for
// text that the model reads with pipeline model.
func newMarkerMatcher(model *text.Pipeline, markers []string) *markerMatcher {
	set := model.Settings()
	set.StopWords, set.Stem = false, false
	m := &markerMatcher{p: text.New(set)}
	if markers == nil {
		markers = DefaultMarkers
	}
	for _, s := range markers {
		if toks := m.p.Tokens(s); len(toks) > 0 {
			m.markers = append(m.markers, strings.Join(toks, " "))
		}
	}
	return m
}

// match returns the marker found in the passage with the given tokens, or
// "".
func (m *markerMatcher) match(tokens [][]byte) string {
	if len(tokens) == 0 || len(tokens) > maxBoilerplateTokens {
		return ""
	}
	var b strings.Builder
	b.WriteByte(' ')
	for _, t := range tokens {
		b.Write(t)
		b.WriteByte(' ')
	}
	line := b.String()
	for _, mk := range m.markers {
		// A marker may follow a clitic (واشترك, بنشرتنا), so only its end
		// must fall on a token boundary.
		if strings.Contains(line, mk+" ") {
			return mk
		}
	}
	return ""
}
