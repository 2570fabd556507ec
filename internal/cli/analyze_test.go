package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/models"
)

// analyzeJSON parses "khabar analyze --json" output into one line per page:
// "ID: articles START-END LABEL, ...; dup LINE, ...; boiler LINE, ...".
func analyzeJSON(t *testing.T, out string) map[string]string {
	t.Helper()
	pages := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var p struct {
			ID       string
			Articles []struct {
				StartLine int `json:"start_line"`
				EndLine   int `json:"end_line"`
				Label     string
			}
			Flags []struct {
				Line int
				Kind string
			}
			Summary *json.RawMessage
		}
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		if p.Summary != nil {
			continue
		}
		var arts, dups, boiler []string
		for _, a := range p.Articles {
			arts = append(arts, fmt.Sprintf("%d-%d %s", a.StartLine, a.EndLine, a.Label))
		}
		for _, f := range p.Flags {
			if f.Kind == "boilerplate" {
				boiler = append(boiler, fmt.Sprint(f.Line))
			} else if f.Kind == "duplicate" {
				dups = append(dups, fmt.Sprint(f.Line))
			}
		}
		pages[p.ID[:3]] = strings.Join(arts, ", ") + "; dup " + strings.Join(dups, ",") + "; boiler " + strings.Join(boiler, ",")
	}
	return pages
}

// TestAnalyzeSeedsGolden runs the main job on the embedded seeds with the
// embedded model. The expected pages come from reading them: 000 is an ISIS
// article and, from the repeated caption at line 32, an article on the
// investigation of an explosion at a military base (the file has no final
// line break, so its last line is 59); 003 is an ISIS article, then site
// boilerplate at lines 60 and 62, then an article on an armed brawl in a
// Baghdad market from line 64; 001, 002 and 004 are one ISIS article each,
// 001 ending with two newsletter lines.
func TestAnalyzeSeedsGolden(t *testing.T) {
	out, errOut, code := runTTY(t, "analyze")
	if code != 0 {
		t.Fatalf("khabar analyze: exit %d, %s", code, errOut)
	}
	golden(t, "analyze-seeds.golden", out)

	jsonOut, _, code := runTerm(t, "analyze", "--json")
	if code != 0 {
		t.Fatalf("khabar analyze --json: exit %d", code)
	}
	golden(t, "analyze-seeds.jsonl.golden", jsonOut)
	tsvOut, _, code := runTerm(t, "analyze")
	if code != 0 {
		t.Fatalf("khabar analyze (not a terminal): exit %d", code)
	}
	golden(t, "analyze-seeds.tsv.golden", tsvOut)
	want := map[string]string{
		"000": "1-30 isis-resurgence, 32-59 explosion-investigation; dup 33; boiler ",
		"001": "1-45 isis-resurgence; dup ; boiler 47,48",
		"002": "1-54 isis-resurgence; dup 6; boiler ",
		"003": "1-58 isis-resurgence, 64-105 crime; dup 2; boiler 60,62",
		"004": "1-17 isis-resurgence; dup ; boiler ",
	}
	// knownWrong holds what the default model answers on pages where it
	// disagrees with the reading above. The test fails when that answer
	// changes, so that a fix (or a new error) is seen and the entry
	// updated. 001: since the labels were re-read and grown (issue 12),
	// complement naive Bayes files this ISIS article, which mixes ISIS's
	// attacks with the 2020 curfew and aid, under other (khabar classify:
	// other 0.67, isis-resurgence 0.21); the recipe was chosen on held-out
	// outlets, not on the seeds.
	knownWrong := map[string]string{
		"001": "1-45 other; dup ; boiler 47,48",
	}
	got := analyzeJSON(t, jsonOut)
	for id, w := range want {
		if k, ok := knownWrong[id]; ok {
			if got[id] != k {
				t.Errorf("page %s: %q, known to be %q (the reading is %q): update knownWrong", id, got[id], k, w)
			}
			continue
		}
		if got[id] != w {
			t.Errorf("page %s: %q, want %q", id, got[id], w)
		}
	}
}

// TestAnalyzeWorkersDeterministic checks that the output does not depend on
// the number of workers.
func TestAnalyzeWorkersDeterministic(t *testing.T) {
	one := mustRun(t, "analyze", "--json", "--workers", "1")
	for _, w := range []string{"2", "5"} {
		if got := mustRun(t, "analyze", "--json", "--workers", w); got != one {
			t.Errorf("khabar analyze --workers %s differs from --workers 1", w)
		}
	}
}

func TestAnalyzeFiles(t *testing.T) {
	dir := t.TempDir()
	page := "انفجار في مخزن للأسلحة\n\nقالت الشرطة إن انفجارا وقع في مخزن للأسلحة والذخيرة في قاعدة عسكرية وإن لجنة فنية بدأت التحقيق في أسباب الانفجار وملابساته وجمعت بقايا الصواريخ من مكان الحادث\n"
	os.WriteFile(filepath.Join(dir, "page.txt"), []byte(page), 0o644)
	out, errOut, code := run(t, "", "analyze", "--json", filepath.Join(dir, "page.txt"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"label":"explosion-investigation"`) || !strings.Contains(out, `"summary"`) {
		t.Errorf("khabar analyze page.txt = %s", out)
	}
}

func TestAnalyzeModelErrors(t *testing.T) {
	dir := t.TempDir()
	corrupt := append([]byte(nil), models.DefaultFile...)
	corrupt[len(corrupt)/2] ^= 0xff
	os.WriteFile(filepath.Join(dir, "corrupt.khm"), corrupt, 0o644)
	os.WriteFile(filepath.Join(dir, "foreign.khm"), []byte("hello"), 0o644)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"analyze", "-m", filepath.Join(dir, "missing.khm")}, 1, "missing.khm"},
		{[]string{"analyze", "-m", filepath.Join(dir, "corrupt.khm")}, 1, "is corrupt (checksum)"},
		{[]string{"analyze", "-m", filepath.Join(dir, "foreign.khm")}, 1, "not a khabar model"},
		{[]string{"analyze", "--workers", "-1"}, 2, "--workers -1"},
	}
	for _, tt := range tests {
		_, errOut, code := run(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("khabar %q: exit %d, stderr %q; want exit %d and one line with %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

// twoLabelModel writes a model of two labels, isis and sport, trained on
// one line each, to dir/m.khm and returns its path.
func twoLabelModel(t *testing.T, dir string) string {
	t.Helper()
	m, err := classify.Train([]classify.Example{
		{Text: "داعش هجوم خلايا التنظيم", Label: "isis"},
		{Text: "مباراة كرة القدم الفريق هدف", Label: "sport"},
	}, classify.Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "m.khm")
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAnalyzeOtherModel uses a model trained by khabar train's library on
// a few lines: analyze takes any model.
func TestAnalyzeOtherModel(t *testing.T) {
	path := twoLabelModel(t, t.TempDir())
	out := mustRun(t, "analyze", "--json", "-m", path)
	if !strings.Contains(out, `"label":"isis"`) || strings.Contains(out, "isis-resurgence") {
		t.Errorf("khabar analyze -m: labels not from the given model:\n%s", out)
	}
}

func TestAnalyzeFlagsParsed(t *testing.T) {
	var got *AnalyzeOptions
	cmd := NewCmdAnalyze(&IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}, func(o *AnalyzeOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"-m", "x.khm", "--json", "--workers", "3", "--recur-docs", "7", "--markers", "m.txt", "--text-field", "title,text", "a.jsonl"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Model != "x.khm" || !got.JSON || got.Workers != 3 || got.RecurDocs != 7 || got.Markers != "m.txt" || strings.Join(got.corpus.TextFields, ",") != "title,text" || strings.Join(got.Paths, ",") != "a.jsonl" {
		t.Errorf("parsed options = %+v", got)
	}
}

// TestAnalyzeCorruptGzip: the pages read before a corrupt part of a .gz
// file are reported (with the summary), then the error names the file.
func TestAnalyzeCorruptGzip(t *testing.T) {
	var lines strings.Builder
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&lines, `{"id":"p%d","text":"قالت الشرطة إن انفجارا وقع في مخزن للأسلحة في قاعدة عسكرية رقم %d"}`+"\n", i, i)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(lines.String()))
	zw.Close()
	cut := gz.Bytes()[:gz.Len()-6] // cut the gzip trailer
	path := filepath.Join(t.TempDir(), "cut.jsonl.gz")
	os.WriteFile(path, cut, 0o644)
	out, errOut, code := run(t, "", "analyze", "--json", path)
	if code != 1 || !strings.Contains(errOut, "cut.jsonl.gz") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming the file", code, errOut)
	}
	if n := strings.Count(out, `"id":"p`); n != 50 || !strings.Contains(out, `"summary"`) {
		t.Errorf("report has %d pages (want the 50 read) and summary %v", n, strings.Contains(out, `"summary"`))
	}
}

// TestAnalyzeUnknownWords: a page whose words the model does not know is
// one article labeled unknown with probability 0 (as classify labels such
// a text), counted in the summary; a page without words has no article.
func TestAnalyzeUnknownWords(t *testing.T) {
	dir := t.TempDir()
	model := twoLabelModel(t, dir)
	writeFiles(t, dir, map[string]string{
		"pages.jsonl": `{"id":"a","text":"كلمات لا يعرفها النموذج"}` + "\n" + `{"id":"b","text":"*** --- ***"}` + "\n" + `{"id":"c","text":"هجوم داعش"}` + "\n",
	})
	out := mustRun(t, "analyze", "--json", "-m", model, filepath.Join(dir, "pages.jsonl"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{
		`{"id":"a","lines":1,"articles":[{"start_line":1,"end_line":1,"label":"unknown","prob":0,"tokens":0,"start":"كلمات لا يعرفها النموذج"}],"flags":[]}`,
		`{"id":"b","lines":1,"articles":[],"flags":[]}`,
		`{"id":"c","lines":1,"articles":[{"start_line":1,"end_line":1,"label":"isis","prob":0.8226652675760756,"tokens":2,`,
		`{"summary":{"pages":3,"articles":2,"labels":{"isis":1,"sport":0,"unknown":1},`,
	}
	if len(lines) != len(want) {
		t.Fatalf("khabar analyze --json = %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d = %s, want it to start with %s", i+1, lines[i], w)
		}
	}
	tsv := mustRun(t, "analyze", "-m", model, filepath.Join(dir, "pages.jsonl"))
	if !strings.Contains(tsv, "a\tarticle\t1\t1\tunknown\t0.000\t\t") || strings.Contains(tsv, "b\t") {
		t.Errorf("khabar analyze (TSV) =\n%s\nwant an unknown article for a and no line for b", tsv)
	}
}

// TestAnalyzeReadsAndSubscribes: a page file of two short news lines with
// the words "reads" and "subscribed" is one article with no boilerplate
// flag (markers are matched with their own words, stop words included).
func TestAnalyzeReadsAndSubscribes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"page.txt": "قال اللاعب إنه يحب أن يقرأ وأنا أقرأ القرآن كل يوم في المنزل\nاشترك اللاعب في المباراة الأخيرة أمام الأهلي\n",
	})
	got := analyzeJSON(t, mustRun(t, "analyze", "--json", filepath.Join(dir, "page.txt")))
	for _, p := range got { // one page
		if len(got) != 1 || !strings.HasPrefix(p, "1-2 ") || strings.Contains(p, ",") || !strings.HasSuffix(p, "; dup ; boiler ") {
			t.Errorf("khabar analyze page.txt = %q, want one article 1-2 (any label), no flag", p)
		}
	}
}

// TestAnalyzeMarkers: --markers FILE replaces the marker list; a missing
// file is one line naming it, exit 1.
func TestAnalyzeMarkers(t *testing.T) {
	dir := t.TempDir()
	body := strings.Repeat("قالت الشرطة إن انفجارا وقع في مخزن للأسلحة والذخيرة في قاعدة عسكرية وإن لجنة فنية بدأت التحقيق. ", 3)
	writeFiles(t, dir, map[string]string{
		"page.txt":    body + "\nإعلان ممول\nاقرأ أيضا\n",
		"markers.txt": "# our site\n\nإعلان ممول\n",
		"none.txt":    "# no markers\n",
	})
	page := filepath.Join(dir, "page.txt")
	key := page[:3]
	tests := []struct {
		args []string
		want string
	}{
		{nil, "; boiler 3"},
		{[]string{"--markers", filepath.Join(dir, "markers.txt")}, "; boiler 2"},
		{[]string{"--markers", filepath.Join(dir, "none.txt")}, "; boiler "},
	}
	for _, tt := range tests {
		args := append(append([]string{"analyze", "--json"}, tt.args...), page)
		if got := analyzeJSON(t, mustRun(t, args...))[key]; !strings.HasSuffix(got, tt.want) {
			t.Errorf("khabar %q: %q, want it to end with %q", args, got, tt.want)
		}
	}
	_, errOut, code := run(t, "", "analyze", "--markers", filepath.Join(dir, "missing.txt"), page)
	if code != 1 || !strings.Contains(errOut, "missing.txt") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("--markers missing.txt: exit %d, stderr %q; want exit 1 and one line naming the file", code, errOut)
	}
}
