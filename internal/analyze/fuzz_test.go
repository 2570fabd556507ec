package analyze

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadMarkers: any input gives an error or markers that are valid
// UTF-8, trimmed, non-empty, one line each and not comments.
func FuzzReadMarkers(f *testing.F) {
	f.Add("# c\nاقرأ أيضا\n\n  تابعونا  \r\n")
	f.Add("\uFEFFإعلان")
	f.Add("\xff\n")
	f.Fuzz(func(t *testing.T, in string) {
		ms, err := ReadMarkers(strings.NewReader(in), "f")
		if err != nil {
			return
		}
		for _, m := range ms {
			if m == "" || !utf8.ValidString(m) || m != strings.TrimSpace(m) || strings.ContainsAny(m, "\n") || strings.HasPrefix(m, "#") {
				t.Errorf("ReadMarkers(%q) gave marker %q", in, m)
			}
		}
	})
}
