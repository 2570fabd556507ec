package analyze

import (
	"strings"

	"github.com/khabar-nlp/khabar/internal/text"
)

// boilerplateMarkers are phrases that mark site furniture rather than news
// prose: links to other articles, newsletter and app sign-ups, share and
// follow buttons, copyright lines. A short passage that contains one is
// boilerplate. They are written in plain Arabic and normalized with the
// analysis pipeline, so spelling variants (أ/ا, ة/ه) match.
var boilerplateMarkers = []string{
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
	markers []string // normalized, tokens joined by single spaces
}

func newMarkerMatcher(p *text.Pipeline) *markerMatcher {
	m := &markerMatcher{}
	for _, s := range boilerplateMarkers {
		m.markers = append(m.markers, strings.Join(p.Tokens(s), " "))
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
