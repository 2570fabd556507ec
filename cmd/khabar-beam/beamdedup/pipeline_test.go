package beamdedup

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/cli"
	"github.com/khabar-nlp/khabar/seeds"

	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
)

func TestMain(m *testing.M) {
	// Prism logs every job at level INFO.
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	ptest.MainWithDefault(m, "prism")
}

// khabarDedup runs "khabar dedup ARGS..." in process and returns its
// standard output.
func khabarDedup(t *testing.T, args ...string) []byte {
	t.Helper()
	var out, errOut bytes.Buffer
	root := cli.NewCmdRoot(&cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	root.SetArgs(append([]string{"dedup"}, args...))
	root.SetOut(&errOut)
	root.SetErr(&errOut)
	if err := root.Execute(); err != nil {
		t.Fatalf("khabar dedup %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return out.Bytes()
}

// runBeam runs the pipeline under Prism into a new folder and returns it.
func runBeam(t *testing.T, o Options) string {
	t.Helper()
	o.Output = t.TempDir()
	p, s := beam.NewPipelineWithRoot()
	if err := Build(context.Background(), s, o); err != nil {
		t.Fatal(err)
	}
	if err := ptest.Run(p); err != nil {
		t.Fatalf("pipeline: %v", err)
	}
	return o.Output
}

// joined returns the shards of one output of the pipeline, in name order,
// concatenated, with the header line of every shard but the first left
// out.
func joined(t *testing.T, dir, kind string, header bool) []byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, kind+"-*"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no %s shards in %s (%v)", kind, dir, err)
	}
	var out []byte
	for i, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if header && i > 0 {
			_, b, _ = bytes.Cut(b, []byte("\n"))
		}
		out = append(out, b...)
	}
	return out
}

// sameLines fails the test unless got and want are the same bytes, naming
// the first line that differs.
func sameLines(t *testing.T, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("%s: %d lines, want %d; line %d is\n%.300s\nwant\n%.300s", what, len(g), len(w), i+1, gl, wl)
		}
	}
}

// compare runs the pipeline and khabar dedup on the same files with the
// same flags and checks that the clusters and pairs are the same bytes.
func compare(t *testing.T, o Options, files []string, flags ...string) (clusters, pairs int) {
	t.Helper()
	return sameOutputs(t, runBeam(t, o), files, flags...)
}

// sameOutputs checks that the clusters and pairs the pipeline wrote into
// dir are the same bytes as those of khabar dedup with flags.
func sameOutputs(t *testing.T, dir string, files []string, flags ...string) (clusters, pairs int) {
	t.Helper()
	wantJSON := khabarDedup(t, append(append([]string{"--json"}, flags...), files...)...)
	wantPairs := khabarDedup(t, append(append([]string{"--pairs"}, flags...), files...)...)
	sameLines(t, "clusters", joined(t, dir, "clusters", false), wantJSON)
	sameLines(t, "pairs", joined(t, dir, "pairs", true), wantPairs)
	return bytes.Count(wantJSON, []byte("\n")), bytes.Count(wantPairs, []byte("\n")) - 1
}

// seedFiles writes the embedded sample pages into a folder.
func seedFiles(t *testing.T) (glob string, files []string) {
	dir := t.TempDir()
	for _, p := range seeds.Pages() {
		name := filepath.Join(dir, p.Name)
		if err := os.WriteFile(name, []byte(p.Text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	return filepath.Join(dir, "*.txt"), files
}

func TestSeeds(t *testing.T) {
	glob, files := seedFiles(t)
	for _, tc := range []struct {
		name  string
		level dedup.Level
		flags []string
	}{
		{"passage", dedup.PassageLevel, nil},
		{"passage-char5-0.5", dedup.PassageLevel, []string{"--shingle", "char:5", "--threshold", "0.5"}},
		// No two seed pages share a tenth of their word 3-grams.
		{"document-char5-0.1", dedup.DocumentLevel, []string{"--level", "document", "--shingle", "char:5", "--threshold", "0.1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Options{Inputs: []string{glob}, Shards: 3}
			o.Dedup.Level = tc.level
			o.Dedup.Threshold = 0.8
			for i := 0; i+1 < len(tc.flags); i += 2 {
				switch tc.flags[i] {
				case "--shingle":
					if err := o.Dedup.Shingle.UnmarshalText([]byte(tc.flags[i+1])); err != nil {
						t.Fatal(err)
					}
				case "--threshold":
					fmt.Sscan(tc.flags[i+1], &o.Dedup.Threshold)
				}
			}
			c, p := compare(t, o, files, tc.flags...)
			t.Logf("%d clusters, %d pairs", c, p)
			if c == 0 || p == 0 {
				t.Errorf("%d clusters, %d pairs: the seeds have duplicates", c, p)
			}
		})
	}
}

// newsSlice writes the first n documents of news-2013 into shards files
// of equal size (in name order) and returns their names; it skips the
// test when KHABAR_DATA is not set.
func newsSlice(t *testing.T, n, shards int) []string {
	dir := os.Getenv("KHABAR_DATA")
	if dir == "" {
		t.Skip("KHABAR_DATA not set")
	}
	f, err := os.Open(filepath.Join(dir, "news-2013", "articles.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<30)
	out := t.TempDir()
	var names []string
	var w *os.File
	for i := 0; i < n && sc.Scan(); i++ {
		if i%((n+shards-1)/shards) == 0 {
			if w != nil {
				w.Close()
			}
			name := filepath.Join(out, fmt.Sprintf("news-%02d.jsonl", len(names)))
			if w, err = os.Create(name); err != nil {
				t.Fatal(err)
			}
			names = append(names, name)
		}
		w.Write(sc.Bytes())
		w.Write([]byte("\n"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return names
}

func TestNews2013(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	files := newsSlice(t, 20000, 1)
	for _, level := range []dedup.Level{dedup.PassageLevel, dedup.DocumentLevel} {
		t.Run(level.String(), func(t *testing.T) {
			o := Options{Inputs: files, TextFields: []string{"title", "text"}, FieldsGiven: true}
			o.Dedup.Level = level
			// One run for the three outputs: clusters, pairs and --drop.
			o.Drop = true
			dir := runBeam(t, o)
			flags := []string{"--level", level.String(), "--text-field", "title,text"}
			c, p := sameOutputs(t, dir, files, flags...)
			t.Logf("%d clusters, %d pairs", c, p)
			sameDrop(t, dir, files, flags...)
		})
	}
}

// TestShards runs the pipeline on the news-2013 slice cut into 8 files,
// with 4 threads, against khabar dedup on the slice in one file.
func TestShards(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	one := newsSlice(t, 20000, 1)
	eight := newsSlice(t, 20000, 8)
	if len(eight) != 8 {
		t.Fatalf("%d shards", len(eight))
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	o := Options{Inputs: []string{filepath.Join(filepath.Dir(eight[0]), "news-*.jsonl")}, Shards: 5}
	dir := runBeam(t, o)
	sameLines(t, "clusters", joined(t, dir, "clusters", false), khabarDedup(t, append([]string{"--json"}, one...)...))
	sameLines(t, "pairs", joined(t, dir, "pairs", true), khabarDedup(t, append([]string{"--pairs"}, one...)...))
}
