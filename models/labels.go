package models

// Label file format (models/labels.tsv)
//
// UTF-8 text, one record per line, fields separated by a tab. The first
// line is the header and carries the format version:
//
//	# khabar-labels 1<TAB>corpus<TAB>id<TAB>label
//
// Every other line is
//
//	CORPUS<TAB>ID<TAB>LABEL
//
// where CORPUS names a corpus under $KHABAR_DATA ("ant-multisource" for
// ant-multisource/train.jsonl.gz, "news-2013" for
// news-2013/articles.jsonl.gz), ID is the article's "id" field there
// (it may contain spaces, slashes and '#', never a tab), and LABEL is one of
// the model's labels. Blank lines are ignored. A (CORPUS, ID) pair occurs
// once. A BOM before the header and CR before LF are allowed; invalid
// UTF-8, and a line longer than 1 MiB, are errors naming the line. Example:
//
//	# khabar-labels 1	corpus	id	label
//	ant-multisource	AL-middleEast-1012-20180315	isis-resurgence
//	news-2013	Alahram.Newspaper/accidents/3/2013-01-24 19:31:14#b729…-bef0.txt	crime
//
// Version history: 1, the first.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

const labelsHeader = "# khabar-labels 1\tcorpus\tid\tlabel"

// corpora maps the CORPUS field to the file under $KHABAR_DATA and the JSON
// fields joined into the article text.
var corpora = map[string]string{
	"ant-multisource": "ant-multisource/train.jsonl.gz",
	"news-2013":       "news-2013/articles.jsonl.gz",
}

// A labeled is one record of the label file.
type labeled struct {
	corpus, id, label string
}

// readLabels parses a label file; name is used in errors.
func readLabels(r io.Reader, name string, allowed []string) ([]labeled, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []labeled
	seen := map[[2]string]bool{}
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSuffix(sc.Text(), "\r")
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("models: %s:%d: not valid UTF-8", name, line)
		}
		if line == 1 {
			s = strings.TrimPrefix(s, "\uFEFF") // a BOM, as an editor may add
			if strings.HasPrefix(s, "# khabar-labels ") && s != labelsHeader {
				return nil, fmt.Errorf("models: %s:1: label file version %q, this program reads %q", name, s, labelsHeader)
			}
			if s != labelsHeader {
				return nil, fmt.Errorf("models: %s:1: not a khabar label file (want header %q)", name, labelsHeader)
			}
			continue
		}
		if strings.TrimSpace(s) == "" {
			continue
		}
		f := strings.Split(s, "\t")
		if len(f) != 3 || f[0] == "" || f[1] == "" || f[2] == "" {
			return nil, fmt.Errorf("models: %s:%d: want CORPUS<TAB>ID<TAB>LABEL", name, line)
		}
		if _, ok := corpora[f[0]]; !ok {
			return nil, fmt.Errorf("models: %s:%d: unknown corpus %q", name, line, f[0])
		}
		ok := false
		for _, l := range allowed {
			ok = ok || l == f[2]
		}
		if !ok {
			return nil, fmt.Errorf("models: %s:%d: unknown label %q (want one of %s)", name, line, f[2], strings.Join(allowed, ", "))
		}
		key := [2]string{f[0], f[1]}
		if seen[key] {
			return nil, fmt.Errorf("models: %s:%d: %s %q is labeled twice", name, line, f[0], f[1])
		}
		seen[key] = true
		out = append(out, labeled{f[0], f[1], f[2]})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = errors.New("line longer than 1 MiB")
		}
		return nil, fmt.Errorf("models: %s:%d: %v", name, line+1, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("models: %s: empty file, not a khabar label file", name)
	}
	return out, nil
}
