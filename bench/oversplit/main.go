// Command oversplit measures how often khabar analyze splits real
// single-article pages, on a held-out sample, for bench/oversplit.sh.
//
//	oversplit sample [-seed 11] [-mod 8] DATA > sample.jsonl
//	oversplit count [-seed 11] [-show 30] sample.jsonl analyze.jsonl
//
// sample writes, as JSON Lines {"id", "title", "text"}, the articles of
// news-2013 and ant-multisource under DATA ($KHABAR_DATA) that are not in
// models/labels.tsv (the articles the default model, the boundary weights
// and the page generator are fitted on) and whose id falls in the sample:
// xxhash of "SEED/CORPUS/ID" is 0 modulo mod. The choice depends only on
// the seed and the ids, never on what analyze does with them. Each
// article is one page: a real page that holds one article, apart from
// the digests and press reviews some feeds publish.
//
// count reads that sample and the output of "khabar analyze --json
// --text-field title,text" on it, and prints per corpus the pages and the
// share cut into two or more articles; with -show N it then prints N of
// the split pages, the first in the order of xxhash of "SEED/read/ID"
// (so which pages are read is fixed before they are), line by line with
// a mark where each article starts, for a person to judge.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/models"
)

// corpora are the files sampled, by the corpus name of the label file.
var corpora = []struct{ name, file string }{
	{"news-2013", "news-2013/articles.jsonl.gz"},
	{"ant-multisource", "ant-multisource/train.jsonl.gz"},
}

type page struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	seed := fs.Uint64("seed", 11, "sample seed")
	mod := fs.Uint64("mod", 8, "sample one article in mod")
	show := fs.Int("show", 0, "print this many split pages to read")
	fs.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "sample":
		if fs.NArg() != 1 {
			usage()
		}
		err = sample(fs.Arg(0), *seed, *mod)
	case "count":
		if fs.NArg() != 2 {
			usage()
		}
		err = count(fs.Arg(0), fs.Arg(1), *seed, *show)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "oversplit:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: oversplit sample [-seed S] [-mod M] DATA > sample.jsonl\n       oversplit count [-seed S] [-show N] sample.jsonl analyze.jsonl")
	os.Exit(2)
}

func sample(dir string, seed, mod uint64) error {
	ids, err := models.IDs()
	if err != nil {
		return err
	}
	labeled := map[string]bool{}
	for _, id := range ids {
		labeled[id] = true
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range corpora {
		f, err := os.Open(filepath.Join(dir, c.file))
		if err != nil {
			return err
		}
		r, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %v", c.file, err)
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 1<<30)
		for sc.Scan() {
			var p page
			if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
				return fmt.Errorf("%s: %v", c.file, err)
			}
			id := c.name + "/" + p.ID
			if labeled[id] || xxhash.Sum64String(fmt.Sprintf("%d/%s", seed, id))%mod != 0 {
				continue
			}
			p.ID = id
			if err := enc.Encode(p); err != nil {
				return err
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %v", c.file, err)
		}
		f.Close()
	}
	return w.Flush()
}

type result struct {
	ID       string `json:"id"`
	Articles []struct {
		Start int `json:"start_line"`
	} `json:"articles"`
}

func count(sampleFile, analyzed string, seed uint64, show int) error {
	f, err := os.Open(analyzed)
	if err != nil {
		return err
	}
	defer f.Close()
	pages, split := map[string]int{}, map[string]int{}
	starts := map[string][]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("%s: %v", analyzed, err)
		}
		if r.ID == "" {
			continue // the summary
		}
		c, _, _ := strings.Cut(r.ID, "/")
		pages[c]++
		if len(r.Articles) >= 2 {
			split[c]++
			for _, a := range r.Articles {
				starts[r.ID] = append(starts[r.ID], a.Start)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	tp, ts := 0, 0
	for _, c := range corpora {
		fmt.Printf("%-16s %6d pages, %4d split (%.2f%%)\n", c.name, pages[c.name], split[c.name], 100*float64(split[c.name])/float64(max(1, pages[c.name])))
		tp += pages[c.name]
		ts += split[c.name]
	}
	fmt.Printf("%-16s %6d pages, %4d split (%.2f%%)\n", "all", tp, ts, 100*float64(ts)/float64(max(1, tp)))
	if show <= 0 {
		return nil
	}
	var ids []string
	for id := range starts {
		ids = append(ids, id)
	}
	key := func(id string) uint64 { return xxhash.Sum64String(fmt.Sprintf("%d/read/%s", seed, id)) }
	slices.SortFunc(ids, func(a, b string) int {
		if ka, kb := key(a), key(b); ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	ids = ids[:min(show, len(ids))]
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	texts := map[string]string{}
	sf, err := os.Open(sampleFile)
	if err != nil {
		return err
	}
	defer sf.Close()
	sc = bufio.NewScanner(sf)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for sc.Scan() {
		var p page
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return err
		}
		if want[p.ID] {
			texts[p.ID] = p.Title + "\n" + p.Text
		}
	}
	for k, id := range ids {
		fmt.Printf("\n=== %d. %s: articles at lines %v\n", k+1, id, starts[id])
		cut := map[int]bool{}
		for _, s := range starts[id] {
			cut[s] = true
		}
		for l, line := range strings.Split(texts[id], "\n") {
			mark := "  "
			if cut[l+1] {
				mark = ">>"
			}
			fmt.Printf("%s %3d %s\n", mark, l+1, line)
		}
	}
	return nil
}
