// Package seeds embeds khabar's sample corpus: five Arabic news pages about
// security in Iraq and Syria, as scraped, with their repeated captions,
// boilerplate and appended second articles. They are the test of the
// default topic model and never part of its training data.
package seeds

import (
	"embed"
	"io/fs"
)

// FS holds the sample pages as NNN_HASH.txt at its root.
//
//go:embed *.txt
var FS embed.FS

// Names returns the file names of the sample pages in order.
func Names() []string {
	entries, _ := fs.ReadDir(FS, ".")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// A Page is one sample page: its file name and text.
type Page struct {
	Name, Text string
}

// Pages returns the sample pages in order.
func Pages() []Page {
	var pages []Page
	for _, name := range Names() {
		data, err := FS.ReadFile(name)
		if err != nil {
			// Unreachable: Names lists the embedded files.
			panic("seeds: " + err.Error())
		}
		pages = append(pages, Page{name, string(data)})
	}
	return pages
}
