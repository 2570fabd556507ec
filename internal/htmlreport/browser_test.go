package htmlreport

// Browser tests: the reports are opened with file:// in a headless
// Chromium through chromedp and checked from the DOM. They need Debian's
// chromium (or another Chromium or Chrome on PATH, or KHABAR_CHROMIUM);
// they skip only when KHABAR_NO_BROWSER=1, and fail when no browser is
// found.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/khabar-nlp/khabar/dedup"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/datadir"
	"github.com/khabar-nlp/khabar/internal/report"
	"github.com/khabar-nlp/khabar/models"
)

// chromium returns the browser to run, or "" when there is none.
func chromium() string {
	if p := os.Getenv("KHABAR_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// A browser is one headless Chromium with the errors its pages logged.
type browser struct {
	ctx    context.Context
	mu     sync.Mutex
	errors []string
}

// newBrowser starts a headless Chromium for the test, with a fresh
// profile and nothing that reaches the network.
func newBrowser(t testing.TB) *browser {
	t.Helper()
	if os.Getenv("KHABAR_NO_BROWSER") == "1" {
		t.Skip("KHABAR_NO_BROWSER=1: browser test skipped")
	}
	path := chromium()
	if path == "" {
		t.Fatal("no Chromium on PATH: install it (apt-get install -y chromium) or set KHABAR_CHROMIUM, or set KHABAR_NO_BROWSER=1 to skip the browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	b := &browser{ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	// Console subscribes when it returns: every later message is seen.
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				b.mu.Lock()
				b.errors = append(b.errors, string(m.Type)+": "+m.Text)
				b.mu.Unlock()
			}
		}
	}()
	return b
}

func (b *browser) do(t testing.TB, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](t testing.TB, b *browser, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// noErrors fails the test if a page threw or logged an error.
func (b *browser) noErrors(t testing.TB) {
	t.Helper()
	// Let the messages of the last actions arrive.
	b.do(t, chromedp.Sleep(200*time.Millisecond))
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		t.Errorf("console: %s", e)
	}
}

// open writes the report to the test's temp dir and loads it.
func (b *browser) open(t testing.TB, name string, report []byte, ready string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, report, 0o644); err != nil {
		t.Fatal(err)
	}
	b.do(t, chromedp.Navigate("file://"+path), chromedp.WaitReady(chromedp.CSS(ready)))
	return path
}

// rtl checks that the first element matching sel, Arabic text, is marked
// dir="rtl" lang="ar" and laid out right to left.
func (b *browser) rtl(t testing.TB, sel string) {
	t.Helper()
	q := "document.querySelector(" + strconv.Quote(sel) + ")"
	dir := eval[string](t, b, q+`.getAttribute("dir") + " " + `+q+`.getAttribute("lang")`)
	computed := eval[string](t, b, "getComputedStyle("+q+").direction")
	if dir != "rtl ar" || computed != "rtl" {
		t.Errorf("%s: dir and lang %q, computed direction %q; want \"rtl ar\", rtl", sel, dir, computed)
	}
}

// screenshot writes a PNG of the viewport, or with full of the whole
// page, to path and checks its size.
func (b *browser) screenshot(t testing.TB, path string, full bool) {
	t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100) // 100: PNG
	}
	png, err := chromedp.Run(b.ctx, shot)
	if err != nil {
		t.Fatal(err)
	}
	if len(png) < 10_000 || string(png[1:4]) != "PNG" {
		t.Fatalf("screenshot of %d bytes, want a PNG over 10 kB", len(png))
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// domCluster is a cluster as the report's DOM shows it.
type domCluster struct {
	N       int      `json:"n"`
	Members []string `json:"members"` // "kept|dup id:line"
}

// readClusters walks every page of the dedup report and returns its
// clusters from the DOM.
func (b *browser) readClusters(t testing.TB) []domCluster {
	t.Helper()
	var all []domCluster
	for {
		page := eval[[]domCluster](t, b, `Array.from(document.querySelectorAll("#list section.cluster")).map(s => ({
			n: +s.dataset.n,
			members: Array.from(s.querySelectorAll("li.member")).map(li =>
				li.querySelector(".role").textContent + " " + li.querySelector(".doc").textContent)
		}))`)
		all = append(all, page...)
		if eval[bool](t, b, `document.getElementById("next").disabled`) {
			return all
		}
		b.do(t, chromedp.Click(chromedp.CSS("#next")))
	}
}

// jsonClusters are the clusters as report.WriteJSON (khabar dedup --json)
// writes them, in the form of readClusters.
func jsonClusters(t testing.TB, res *dedup.Result) []domCluster {
	t.Helper()
	var buf strings.Builder
	if err := report.WriteJSON(&buf, report.NewDedup(res, nil)); err != nil {
		t.Fatal(err)
	}
	var out []domCluster
	sc := bufio.NewScanner(strings.NewReader(buf.String()))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var c struct {
			Cluster int
			Members []struct {
				Doc     string
				Line    int
				EndLine int `json:"end_line"`
				Kept    bool
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		dc := domCluster{N: c.Cluster}
		for _, m := range c.Members {
			role := "dup"
			if m.Kept {
				role = "kept"
			}
			where := m.Doc
			if res.Options.Level == dedup.PassageLevel {
				where = fmt.Sprintf("%s:%d", m.Doc, m.Line)
				if m.EndLine != m.Line {
					where += fmt.Sprintf("-%d", m.EndLine)
				}
			}
			dc.Members = append(dc.Members, role+" "+where)
		}
		out = append(out, dc)
	}
	return out
}

func sameClusters(t testing.TB, got, want []domCluster) {
	t.Helper()
	members := func(cs []domCluster) (n int) {
		for _, c := range cs {
			n += len(c.Members)
		}
		return n
	}
	if len(got) != len(want) || members(got) != members(want) {
		t.Fatalf("the report shows %d clusters of %d members, --json has %d of %d", len(got), members(got), len(want), members(want))
	}
	for i := range want {
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			t.Errorf("cluster %d in the report = %v, --json has %v", i+1, got[i], want[i])
		}
	}
}

// docsDir is where -update writes the screenshots for the README.
const docsDir = "../../docs"

func TestBrowserSeedsDedup(t *testing.T) {
	b := newBrowser(t)
	docs := seedDocs()
	report, res := dedupHTML(t, docs, dedup.Options{Containment: 0.7})
	b.open(t, "seeds-dedup.html", report, "#list section.cluster")
	sameClusters(t, b.readClusters(t), jsonClusters(t, res))

	b.rtl(t, "li.member .excerpt")

	b.screenshot(t, filepath.Join(t.TempDir(), "seeds-dedup.png"), true)
	if *update {
		b.screenshot(t, filepath.Join(docsDir, "dedup-seeds.png"), true)
	}

	// Clicking the caption of line 32 shows it beside the lead it
	// repeats, the shared words marked in both and the lead's part
	// outlined.
	b.do(t, chromedp.Click(chromedp.CSS(`#c1 li.member[data-member="0"]`)))
	if eval[bool](t, b, `document.getElementById("compare").hidden`) {
		t.Fatal("clicking a member did not open the side-by-side view")
	}
	captionMarks := eval[[]string](t, b, `Array.from(document.querySelectorAll("#cmp-member mark")).map(m => m.textContent)`)
	leadMarks := eval[[]string](t, b, `Array.from(document.querySelectorAll("#cmp-kept mark")).map(m => m.textContent)`)
	region := eval[string](t, b, `document.querySelector("#cmp-kept .region").textContent`)
	const shared = "ضرب قاعدة عسكرية تستخدمها قوات الحشد الشعبي"
	if len(captionMarks) != 1 || captionMarks[0] != shared || len(leadMarks) != 1 || leadMarks[0] != shared || region != shared {
		t.Errorf("marks: caption %q, lead %q, region %q; want [%q] in both and as the region", captionMarks, leadMarks, region, shared)
	}
	b.rtl(t, "#cmp-kept .text")
	b.rtl(t, "#cmp-member .text")
	eval[int](t, b, `window.scrollTo(0, 0), 0`)
	b.screenshot(t, filepath.Join(t.TempDir(), "seeds-dedup-compare.png"), false)
	if *update {
		b.screenshot(t, filepath.Join(docsDir, "dedup-seeds-compare.png"), false)
	}

	// The filter keeps the clusters holding a document id.
	b.do(t,
		chromedp.Click(chromedp.CSS("#cmp-close")),
		chromedp.SendKeys(chromedp.CSS("#filter"), "003_"),
		chromedp.Sleep(400*time.Millisecond))
	if n := eval[int](t, b, `document.querySelectorAll("#list section.cluster").length`); n != 1 {
		t.Errorf("filter 003_ shows %d clusters, want 1", n)
	}
	// Words match whatever their alef and harakat: "الأنفجارُ" finds the
	// caption's "الانفجار".
	b.do(t,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("filter").value = "", 0`),
		chromedp.SendKeys(chromedp.CSS("#filter"), "الأنفجارُ"),
		chromedp.Sleep(400*time.Millisecond))
	if got := eval[[]int](t, b, `Array.from(document.querySelectorAll("#list section.cluster")).map(s => +s.dataset.n)`); fmt.Sprint(got) != "[1]" {
		t.Errorf("filter الأنفجارُ shows clusters %v, want [1]", got)
	}
	b.noErrors(t)
}

func TestBrowserSeedsAnalyze(t *testing.T) {
	b := newBrowser(t)
	report, reps := analyzeRun(t, seedPages())
	b.open(t, "seeds-analyze.html", report, "section.page")
	// What the DOM shows, per page: the articles as "label prob lines"
	// and the flagged line numbers; what the analysis found, the same way.
	type shown struct {
		Articles []string `json:"articles"`
		Flagged  []int    `json:"flagged"`
	}
	got := eval[[]shown](t, b, `Array.from(document.querySelectorAll("section.page")).map(p => ({
		articles: Array.from(p.querySelectorAll(".article")).map(a =>
			a.querySelector(".label").textContent + " " + a.querySelector(".prob").textContent + " " +
			a.querySelector("li").value + "-" + Array.from(a.querySelectorAll("li")).pop().value),
		flagged: Array.from(p.querySelectorAll("li.flagged")).map(li => li.value)
	}))`)
	var want []shown
	for _, p := range reps {
		var w shown
		for _, a := range p.Report.Articles {
			w.Articles = append(w.Articles, fmt.Sprintf("%s %.3f %d-%d", a.Label, a.Prob, a.StartLine, a.EndLine))
		}
		flagged := map[int]bool{}
		for f := range p.Report.Flags.All() {
			for l := f.Line; l <= f.EndLine; l++ {
				flagged[l] = true
			}
		}
		for l := 1; l <= p.Report.Lines; l++ {
			if flagged[l] {
				w.Flagged = append(w.Flagged, l)
			}
		}
		want = append(want, w)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("the report shows\n%v\nthe analysis found\n%v", got, want)
	}
	m, err := models.Default()
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]bool{}
	for _, l := range m.Labels() {
		labels[l] = true
	}
	for _, p := range reps {
		for _, a := range p.Report.Articles {
			labels[a.Label] = true
		}
	}
	if bars := eval[int](t, b, `document.querySelectorAll("#labels rect.bar").length`); bars != len(labels) {
		t.Errorf("%d label bars, want %d (the model's labels and any other found)", bars, len(labels))
	}
	b.rtl(t, "li .ar")
	b.screenshot(t, filepath.Join(t.TempDir(), "seeds-analyze.png"), false)
	if *update {
		b.screenshot(t, filepath.Join(docsDir, "analyze-seeds.png"), false)
	}
	b.noErrors(t)
}

// TestBrowserEscaping checks that markup in the corpus text and ids is
// shown as text: no element made, no script run.
func TestBrowserEscaping(t *testing.T) {
	b := newBrowser(t)
	docs, pages := hostileDocs()
	report, _ := dedupHTML(t, docs, dedup.Options{})
	for _, r := range []struct {
		name   string
		html   []byte
		ready  string
		action chromedp.Action[chromedp.Void]
	}{
		{"dedup.html", report, "#list section.cluster", chromedp.Click(chromedp.CSS(`#c1 li.member[data-member="1"]`))},
		{"analyze.html", analyzeHTML(t, pages), "section.page", chromedp.Sleep(0)},
	} {
		b.open(t, r.name, r.html, r.ready)
		b.do(t, r.action)
		imgs := eval[int](t, b, `document.querySelectorAll("img").length`)
		pwned := eval[bool](t, b, `window.__pwned === 1`)
		text := eval[string](t, b, `document.body.textContent`)
		if imgs != 0 || pwned {
			t.Errorf("%s: %d img elements, script ran: %v; want the markup as text", r.name, imgs, pwned)
		}
		for _, want := range []string{`<script>alert("x")</script>`, `"><img src=x onerror=window.__pwned=1>`} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the page text does not show %q", r.name, want)
			}
		}
	}
	b.noErrors(t)
}

// news2013 reads the first n documents of news-2013 (title and text).
func news2013(t testing.TB, n int) []dedup.Doc {
	t.Helper()
	dir := datadir.Dir()
	if dir == "" {
		t.Skip("KHABAR_DATA not set")
	}
	r := corpus.NewReader([]string{filepath.Join(dir, "news-2013", "articles.jsonl.gz")}, corpus.Options{TextFields: []string{"title", "text"}})
	defer r.Close()
	var docs []dedup.Doc
	for len(docs) < n && r.Next() {
		d := r.Document()
		docs = append(docs, dedup.Doc{ID: d.ID, Text: d.Text})
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

func TestBrowserNews2013(t *testing.T) {
	docs := news2013(t, 2000)
	b := newBrowser(t)
	report, res := dedupHTML(t, docs, dedup.Options{Level: dedup.DocumentLevel})
	if len(res.Clusters) < 20 {
		t.Fatalf("%d clusters in 2,000 documents of news-2013; want a real test", len(res.Clusters))
	}
	t.Logf("2,000 documents of news-2013: %d clusters, report %d bytes", len(res.Clusters), len(report))
	b.open(t, "news-2013.html", report, "#list section.cluster")
	b.do(t, chromedp.Click(chromedp.CSS(`#list section.cluster li.member:not(.kept)`)))
	hidden := eval[bool](t, b, `document.getElementById("compare").hidden`)
	marks := eval[int](t, b, `document.querySelectorAll("#cmp-member mark").length`)
	if hidden || marks == 0 {
		t.Errorf("side-by-side view: hidden %v, %d marks; want shown with marks", hidden, marks)
	}
	b.rtl(t, "#cmp-member .text")
	b.screenshot(t, filepath.Join(t.TempDir(), "news-2013.png"), false)
	b.do(t, chromedp.Click(chromedp.CSS("#cmp-close")))
	sameClusters(t, b.readClusters(t), jsonClusters(t, res))
	b.noErrors(t)
}

// TestBrowserSeesErrors checks that the console check of the other tests
// can fail: a page that logs an error and throws is seen.
func TestBrowserSeesErrors(t *testing.T) {
	b := newBrowser(t)
	b.open(t, "bad.html", []byte(`<!DOCTYPE html><html><body><p>x</p><script>console.error("logged"); throw new Error("thrown");</script></body></html>`), "p")
	b.do(t, chromedp.Sleep(200*time.Millisecond))
	b.mu.Lock()
	got := strings.Join(b.errors, "\n")
	b.mu.Unlock()
	if !strings.Contains(got, "logged") || !strings.Contains(got, "thrown") {
		t.Errorf("console messages seen: %q, want the logged error and the exception", got)
	}
}

// BenchmarkBrowserOpen opens the report named by KHABAR_HTML_REPORT
// (written by bench/html.sh) in headless Chromium, from navigation to the
// first page of clusters drawn; it skips when the variable is unset.
func BenchmarkBrowserOpen(b *testing.B) {
	path := os.Getenv("KHABAR_HTML_REPORT")
	if path == "" {
		b.Skip("KHABAR_HTML_REPORT not set")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		b.Fatal(err)
	}
	br := newBrowser(b)
	for b.Loop() {
		br.do(b, chromedp.Navigate("about:blank"))
		start := time.Now()
		br.do(b, chromedp.Navigate("file://"+abs), chromedp.WaitReady(chromedp.CSS("#list section.cluster")))
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-to-first-page")
	}
	br.noErrors(b)
}
