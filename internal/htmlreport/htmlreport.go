// Package htmlreport renders the reports of khabar dedup and khabar
// analyze as self-contained HTML files: one file holding its stylesheet,
// its data and a little plain JavaScript, with no network access, that
// opens with file:// in any current browser.
//
// Every piece of corpus text (ids, passages, labels) goes through
// html/template, which escapes it for where it lands: HTML text, an
// attribute, or the JSON data blocks that the dedup report reads. Arabic
// text is marked dir="rtl" lang="ar"; ids and numbers inside it are
// wrapped in <bdi> so that they keep their left-to-right order; the font
// stack names fonts with Arabic glyphs on Linux, macOS and Windows.
//
// The output depends only on its input: no timestamp appears unless
// Options.Timestamp is set, so that the same run gives the same bytes.
//
// Files: dedup.go builds the dedup report (dedup.tmpl, dedup.js),
// analyze.go the analyze report (analyze.tmpl), spans.go computes the
// highlighted shared shingles, chart.go the inline SVG charts, and
// report.css styles both.
package htmlreport

import (
	"embed"
	"html/template"
	"time"
)

//go:embed dedup.tmpl analyze.tmpl report.css dedup.js
var files embed.FS

// Options configure both reports. The zero value is usable.
type Options struct {
	// Timestamp, when not zero, is shown in the report header (in UTC).
	Timestamp time.Time
	// PageSize is the number of dedup clusters on one page of the report
	// (default 50). The clusters of a page are parsed and drawn only when
	// the page is shown.
	PageSize int
	// Workers is the number of goroutines that compute highlights; 0
	// means one per CPU. The output does not depend on it.
	Workers int
}

func (o Options) stamp() string {
	if o.Timestamp.IsZero() {
		return ""
	}
	return o.Timestamp.UTC().Format(time.RFC3339)
}

// templates parses the embedded template name with the shared stylesheet.
func parse(name string) *template.Template {
	css, err := files.ReadFile("report.css")
	if err != nil {
		panic(err) // embedded: cannot happen
	}
	funcs := template.FuncMap{
		"css": func() template.CSS { return template.CSS(css) },
		"js": func(name string) template.JS {
			b, err := files.ReadFile(name)
			if err != nil {
				panic(err)
			}
			return template.JS(b)
		},
	}
	return template.Must(template.New(name).Funcs(funcs).ParseFS(files, name))
}
