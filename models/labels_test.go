package models

import (
	"os"
	"strings"
	"testing"
)

var testLabels = []string{"a", "b"}

func TestReadLabels(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr string
	}{
		{labelsHeader + "\nnews-2013\tx/y 1#z.txt\ta\n\nant-multisource\tAL-1\tb\n", 2, ""},
		{labelsHeader + "\r\nnews-2013\tx\ta\r\n", 1, ""},
		{"", 0, "t.tsv: empty file"},
		{"corpus\tid\tlabel\n", 0, "t.tsv:1: not a khabar label file"},
		{"# khabar-labels 2\tcorpus\tid\tlabel\n", 0, `t.tsv:1: label file version "# khabar-labels 2`},
		{labelsHeader + "\nnews-2013\tx\n", 0, "t.tsv:2: want CORPUS<TAB>ID<TAB>LABEL"},
		{labelsHeader + "\nnews-2013\tx\tc\n", 0, `t.tsv:2: unknown label "c"`},
		{labelsHeader + "\nweb\tx\ta\n", 0, `t.tsv:2: unknown corpus "web"`},
		{labelsHeader + "\nnews-2013\tx\ta\nnews-2013\tx\tb\n", 0, `t.tsv:3: news-2013 "x" is labeled twice`},
		{"\uFEFF" + labelsHeader + "\nnews-2013\tx\ta\n", 1, ""},
		{labelsHeader + "\nnews-2013\tx\xff\ta\n", 0, "t.tsv:2: not valid UTF-8"},
		{labelsHeader + "\nnews-2013\t" + strings.Repeat("x", 1<<20) + "\ta\n", 0, "t.tsv:2: line longer than 1 MiB"},
	}
	for _, tt := range tests {
		got, err := readLabels(strings.NewReader(tt.in), "t.tsv", testLabels)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("readLabels(%.80q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || len(got) != tt.want {
			t.Errorf("readLabels(%q) = %d records, %v; want %d", tt.in, len(got), err, tt.want)
		}
	}
}

// TestShippedLabels checks the label file in the repository.
func TestShippedLabels(t *testing.T) {
	f, err := os.Open("labels.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := readLabels(f, "labels.tsv", modelLabels)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, r := range recs {
		count[r.label]++
	}
	for _, l := range modelLabels {
		if count[l] < 100 {
			t.Errorf("label %s has %d articles, want at least 100", l, count[l])
		}
	}
}

func FuzzReadLabels(f *testing.F) {
	f.Add(labelsHeader + "\nnews-2013\tx\ta\n")
	f.Add("# khabar-labels 1\n\t\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		recs, err := readLabels(strings.NewReader(in), "f", testLabels)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "models: f:") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q does not start with the file name or is not one line", err)
			}
			return
		}
		for _, r := range recs {
			if r.id == "" || strings.Contains(r.id, "\t") {
				t.Fatalf("bad record %+v", r)
			}
		}
	})
}
