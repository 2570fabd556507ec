package cli

import (
	"bufio"
	"io"
	"text/tabwriter"

	"github.com/khabar-nlp/khabar/internal/report"
)

// A table writes rows of cells: tab-separated values, or on a terminal
// (IOStreams.OutTTY) columns aligned with spaces. Tabs and line breaks in
// cells (a document id may hold them) become spaces.
type table struct {
	w  *bufio.Writer
	tw *tabwriter.Writer
}

func newTable(io *IOStreams) *table {
	t := &table{w: bufio.NewWriterSize(io.Out, 1<<16)}
	if io.human() {
		t.tw = tabwriter.NewWriter(t.w, 0, 8, 2, ' ', 0)
	}
	return t
}

func (t *table) row(cells ...string) {
	var w io.Writer = t.w
	if t.tw != nil {
		w = t.tw
	}
	for i, c := range cells {
		if i > 0 {
			io.WriteString(w, "\t")
		}
		io.WriteString(w, report.OneLine(c))
	}
	io.WriteString(w, "\n")
}

// flush writes out the rows so far. On a terminal, the rows written before
// a flush are aligned among themselves.
func (t *table) flush() error {
	if t.tw != nil {
		if err := t.tw.Flush(); err != nil {
			return err
		}
	}
	return t.w.Flush()
}
