// Command bigdoc writes one JSON Lines document of about -mb megabytes of
// text to standard output: the texts of news-2013 (title and text), one
// after another with a line break between them, for bench/bigdoc.sh.
//
//	go run ./bench/bigdoc -mb 200 $KHABAR_DATA/news-2013/articles.jsonl.gz > big.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/khabar-nlp/khabar/internal/corpus"
)

func main() {
	mb := flag.Int("mb", 200, "megabytes of text")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: bigdoc [-mb N] CORPUS.jsonl.gz > big.jsonl")
		os.Exit(2)
	}
	r := corpus.NewReader(flag.Args(), corpus.Options{TextFields: []string{"title", "text"}})
	defer r.Close()
	var b strings.Builder
	for b.Len() < *mb<<20 && r.Next() {
		b.WriteString(r.Document().Text)
		b.WriteByte('\n')
	}
	if err := r.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "bigdoc:", err)
		os.Exit(1)
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]string{"id": "big", "text": b.String()}); err != nil {
		fmt.Fprintln(os.Stderr, "bigdoc:", err)
		os.Exit(1)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "bigdoc:", err)
		os.Exit(1)
	}
}
