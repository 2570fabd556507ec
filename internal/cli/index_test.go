package cli

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// indexCorpus writes n JSON Lines documents of random words (seeded), and
// returns its path and the texts. Document i is unique: it starts with
// the word "doc<i>".
func indexCorpus(t *testing.T, dir, name string, n int, seed uint64) (string, []string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	var texts []string
	for i := range n {
		words := []string{fmt.Sprintf("doc%d", i)}
		for range 60 {
			words = append(words, fmt.Sprintf("w%d", rng.IntN(3000)))
		}
		text := strings.Join(words, " ")
		texts = append(texts, text)
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("%s-%d", name, i), "text": text})
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(dir, name+".jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, texts
}

// indexStats runs "index stats --json" and returns its numbers.
func indexStats(t *testing.T, dir string) map[string]any {
	t.Helper()
	out, errOut, code := run(t, "", "index", "stats", "--json", dir)
	if code != 0 {
		t.Fatalf("index stats: exit %d: %s", code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestIndexCommands(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "idx")
	old, _ := indexCorpus(t, dir, "old", 50, 1)
	if _, errOut, code := run(t, "", "index", "create", idx, "--level", "document"); code != 0 {
		t.Fatalf("create: exit %d: %s", code, errOut)
	}
	if _, errOut, code := run(t, "", "index", "add", idx, "--batch", "20", old); code != 0 || !strings.Contains(errOut, "added 50 documents (50 units, 0 skipped without tokens) in 3 batches") {
		t.Fatalf("add: exit %d: %s", code, errOut)
	}
	// Copies of documents 3 and 7, and one new document twice.
	oldText := func(i int) string {
		data, _ := os.ReadFile(old)
		var m map[string]string
		json.Unmarshal([]byte(strings.Split(string(data), "\n")[i]), &m)
		return m["text"]
	}
	q := filepath.Join(dir, "q.jsonl")
	lines := []string{
		fmt.Sprintf(`{"id":"q0","text":%q}`, oldText(3)),
		`{"id":"q1","text":"a new story about the river and the bridge in the north of the country"}`,
		fmt.Sprintf(`{"id":"q2","text":%q}`, oldText(7)),
		`{"id":"q3","text":"a new story about the river and the bridge in the north of the country"}`,
	}
	os.WriteFile(q, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	out, errOut, code := run(t, "", "index", "query", idx, "--pairs", q)
	if code != 0 {
		t.Fatalf("query: exit %d: %s", code, errOut)
	}
	want := "#a_doc\ta_passage\ta_line\ta_tokens\tb_doc\tb_passage\tb_line\tb_tokens\tkind\tsimilarity\n" +
		"old-3\t0\t1\t61\tq0\t0\t1\t61\texact\t1.000\n" +
		"old-7\t0\t1\t61\tq2\t0\t1\t61\texact\t1.000\n" +
		"q1\t0\t1\t15\tq3\t0\t1\t15\texact\t1.000\n"
	if out != want {
		t.Errorf("query --pairs =\n%s\nwant\n%s", out, want)
	}
	// --new-only writes the one new story once.
	fresh := filepath.Join(dir, "fresh.jsonl")
	if _, errOut, code := run(t, "", "index", "query", idx, "--new-only", "-o", fresh, q); code != 0 ||
		!strings.Contains(errOut, "khabar: index query: wrote "+fresh+": kept 1 document, dropped 3 as duplicates in 3 clusters\n") {
		t.Fatalf("query --new-only: exit %d: %s", code, errOut)
	}
	if data, _ := os.ReadFile(fresh); string(data) != lines[1]+"\n" {
		t.Errorf("--new-only wrote %q, want %q", data, lines[1]+"\n")
	}
	if _, errOut, code := run(t, "", "index", "query", idx, "--add", "--pairs", q); code != 0 {
		t.Fatalf("query --add: exit %d: %s", code, errOut)
	}
	if st := indexStats(t, idx); st["documents"] != float64(54) || st["batches"] != float64(4) {
		t.Errorf("after --add: %v, want 54 documents in 4 batches", st)
	}
	if _, errOut, code := run(t, "", "index", "verify", idx); code != 0 || !strings.Contains(errOut, "sound") {
		t.Errorf("verify: exit %d: %s", code, errOut)
	}
}

func TestIndexErrors(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "idx")
	run(t, "", "index", "create", idx, "--level", "document")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"index", "create", idx}, 1, "khabar: index create: " + idx + " is not empty\n"},
		{[]string{"index", "create", filepath.Join(dir, "b"), "--threshold", "0"}, 2, "khabar: index create: threshold outside (0, 1]: --threshold 0\n"},
		{[]string{"index", "add", filepath.Join(dir, "none"), "x"}, 1, "khabar: index add: not a khabar index: " + filepath.Join(dir, "none") + " has no index.db\n"},
		{[]string{"index", "query", idx, "--new-only", "q"}, 2, "khabar: index query: --new-only and --output go together\n"},
		{[]string{"index", "query", idx, "--new-only", "-o", "x", "-"}, 2, "khabar: index query: --new-only reads its input twice: give files, not standard input\n"},
		{[]string{"index", "add", idx}, 2, ""},
	} {
		_, errOut, code := run(t, "", c.args...)
		if code != c.code || c.msg != "" && errOut != c.msg {
			t.Errorf("khabar %s: exit %d, %q; want %d, %q", strings.Join(c.args, " "), code, errOut, c.code, c.msg)
		}
	}
}

// TestIndexKillDuringAdd kills "index add" with SIGKILL at random moments,
// 20 times: each time the index must verify, and hold whole batches only.
func TestIndexKillDuringAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: 20 real processes killed")
	}
	dir := t.TempDir()
	idx := filepath.Join(dir, "idx")
	const n, batch = 3000, 100
	corpus, _ := indexCorpus(t, dir, "c", n, 2)
	if _, errOut, code := run(t, "", "index", "create", idx, "--level", "document"); code != 0 {
		t.Fatal(errOut)
	}
	// How long one whole add takes, to kill within it.
	start := time.Now()
	if out, err := khabarCmd(t, "index", "add", idx, "--batch", strconv.Itoa(batch), corpus).CombinedOutput(); err != nil {
		t.Fatalf("add: %v: %s", err, out)
	}
	whole := time.Since(start)
	rng := rand.New(rand.NewPCG(3, 4))
	docs := float64(n)
	killedMidway := 0
	for i := range 20 {
		cmd := khabarCmd(t, "index", "add", idx, "--batch", strconv.Itoa(batch), corpus)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Float64() * float64(whole)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if out, errOut, code := run(t, "", "index", "verify", idx); code != 0 {
			t.Fatalf("kill %d: verify: exit %d: %s%s", i, code, out, errOut)
		}
		st := indexStats(t, idx)
		got := st["documents"].(float64)
		added := got - docs
		if int(added)%batch != 0 && added != n {
			t.Fatalf("kill %d: %v documents added, not whole batches of %d", i, added, batch)
		}
		if added > 0 && added < n {
			killedMidway++
		}
		if st["units"] != got || st["batches"].(float64) < 1 {
			t.Fatalf("kill %d: stats %v", i, st)
		}
		docs = got
	}
	t.Logf("a whole add takes %v; %d of 20 kills fell between two batches of one add", whole, killedMidway)
	if killedMidway == 0 {
		t.Errorf("no kill fell inside an add: the test tested nothing")
	}
}

// TestIndexQueryWhileAdding queries from other processes while "index add"
// runs: every answer must be one committed state, the documents of
// whole batches from the first. An add can end before a query process
// gets to see it midway (it takes well under a second on an idle
// machine), so the test tries again with twice the documents, up to four
// times, until some query has seen a state between the first and the
// last; every answer of every try is checked.
func TestIndexQueryWhileAdding(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: real processes")
	}
	dir := t.TempDir()
	midway := 0
	for try, n := 0, 6000; try < 4 && midway == 0; try, n = try+1, n*2 {
		var states int
		states, midway = queryWhileAdding(t, dir, fmt.Sprintf("c%d", try), n)
		t.Logf("%d documents: the queries saw %d different states, %d of them midway", n, states, midway)
	}
	if midway == 0 {
		t.Errorf("no query ran while add was midway: the test tested nothing")
	}
}

// queryWhileAdding adds n documents to a new index in batches of 100 and
// queries the index from other processes until the add ends; it returns
// how many different states the queries saw and how many of them were
// neither empty nor complete.
func queryWhileAdding(t *testing.T, dir, name string, n int) (states, midway int) {
	t.Helper()
	const batch = 100
	idx := filepath.Join(dir, name+"-idx")
	corpus, texts := indexCorpus(t, dir, name, n, 5)
	run(t, "", "index", "create", idx, "--level", "document")
	// The query: a copy of the first document of every batch.
	var b strings.Builder
	for i := 0; i < n; i += batch {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("q%d", i/batch), "text": texts[i]})
		b.Write(line)
		b.WriteByte('\n')
	}
	q := filepath.Join(dir, name+"-q.jsonl")
	os.WriteFile(q, []byte(b.String()), 0o644)
	add := khabarCmd(t, "index", "add", idx, "--batch", strconv.Itoa(batch), corpus)
	if err := add.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- add.Wait() }()
	seen := map[int]bool{}
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("add: %v", err)
			}
			running = false
		default:
		}
		out, err := khabarCmd(t, "index", "query", idx, "--pairs", q).Output()
		if err != nil {
			t.Fatalf("query: %v", err)
		}
		// The matched batches must be 0..k-1.
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")[1:]
		k := len(lines)
		for j, l := range lines {
			if want := fmt.Sprintf("%s-%d\t", name, j*batch); !strings.HasPrefix(l, want) {
				t.Fatalf("query while adding: pair %d is %q, want it to start %q (not a snapshot)", j, l, want)
			}
		}
		seen[k] = true
	}
	for k := range seen {
		if k > 0 && k < n/batch {
			midway++
		}
	}
	return len(seen), midway
}
