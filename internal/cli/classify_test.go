package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/classify"
)

const trainTSV = `crime	police arrest suspect after robbery
crime	court jails thief for robbery
crime	police investigate theft at the bank
sport	team wins the cup final
sport	coach praises team after win
sport	striker scores as team wins match
`

// tempFiles writes files into a new temporary folder and returns it.
func tempFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// trainModel trains a model on trainTSV and returns its path.
func trainModel(t *testing.T, extra ...string) string {
	t.Helper()
	dir := tempFiles(t, map[string]string{"train.tsv": trainTSV})
	model := filepath.Join(dir, "m.model")
	args := append(append([]string{"train", "-o", model, filepath.Join(dir, "train.tsv")}, legacyRecipe...), extra...)
	if _, errOut, code := run(t, "", args...); code != 0 {
		t.Fatalf("khabar %q: exit %d: %s", args, code, errOut)
	}
	return model
}

func TestTrainFormats(t *testing.T) {
	want := "label\tdocuments\ttokens\tfeatures\ncrime\t2\t5\t5\nsport\t1\t3\t3\ntotal\t3\t8\t8\n"
	tests := []struct {
		name  string
		files map[string]string
		args  []string
	}{
		{"tsv", map[string]string{"in.tsv": "crime\tpolice arrest\nsport\tteam wins cup\ncrime\tcourt jails thief\n"}, nil},
		{"fasttext", map[string]string{"in.ft": "__label__crime police arrest\n__label__sport team wins cup\n__label__crime court jails thief\n"}, nil},
		{"jsonl", map[string]string{"in.jsonl": `{"id":"1","title":"police","text":"arrest","topic":"crime"}
{"id":"2","title":"team","text":"wins cup","topic":"sport"}
{"id":"3","title":"court jails","text":"thief","topic":"crime"}
`}, []string{"--text-field", "title,text", "--label-field", "topic"}},
		{"folders", map[string]string{"in/crime/a.txt": "police arrest", "in/crime/b.txt": "court jails thief", "in/sport/c.txt": "team wins cup"}, nil},
		{"forced format, gzip name", map[string]string{"in.data": "crime\tpolice arrest\nsport\tteam wins cup\ncrime\tcourt jails thief\n"}, []string{"--format", "tsv"}},
	}
	for _, tt := range tests {
		dir := tempFiles(t, tt.files)
		var input string
		for name := range tt.files {
			input = filepath.Join(dir, strings.SplitN(name, "/", 2)[0])
		}
		model := filepath.Join(dir, "m.model")
		args := append(append([]string{"train", "-o", model, input}, legacyRecipe...), tt.args...)
		out, errOut, code := run(t, "", args...)
		if code != 0 || out != want {
			t.Errorf("%s: khabar train = %q (exit %d, stderr %q), want %q", tt.name, out, code, errOut, want)
			continue
		}
		if !strings.Contains(errOut, "trained 2 labels on 3 documents; vocabulary 8 words") {
			t.Errorf("%s: stderr %q", tt.name, errOut)
		}
		if _, err := classify.LoadFile(model); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	model := trainModel(t)
	dir := tempFiles(t, map[string]string{
		"one.tsv":        "crime\tpolice arrest\ncrime\tcourt\n",
		"empty.tsv":      "crime\tpolice arrest\n\tcourt\n",
		"nolabel.ft":     "__label__crime police\nno label here\n",
		"nolabel.jsonl":  `{"text":"police","label":"crime"}` + "\n" + `{"text":"court"}` + "\n",
		"reserved.tsv":   "crime\tpolice\nunknown\tcourt\n",
		"loose/a.txt":    "police arrest",
		"notamodel.bin":  "hello",
		"more.tsv":       "weather\tsunny and warm\n",
		"train.tsv":      trainTSV,
		"truncated.mdl":  "",
		"stdin-only.tsv": "",
	})
	data, _ := os.ReadFile(model)
	os.WriteFile(filepath.Join(dir, "truncated.mdl"), data[:len(data)-5], 0o644)
	p := func(name string) string { return filepath.Join(dir, name) }
	out := p("out.model")
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"train", p("one.tsv")}, 2, "-o MODEL is required"},
		{[]string{"train", "-o", out}, 2, "requires at least 1 arg"},
		{[]string{"train", "-o", out, p("one.tsv")}, 1, `khabar: train: need documents of at least two labels to train, found 1 ["crime"], in ` + p("one.tsv") + "\n"},
		{[]string{"train", "-o", out, p("empty.tsv")}, 1, "empty.tsv:2: empty label before the tab"},
		{[]string{"train", "-o", out, p("nolabel.ft")}, 1, "nolabel.ft:2: no __label__ prefix"},
		{[]string{"train", "-o", out, p("nolabel.jsonl")}, 1, `nolabel.jsonl:2: no label in field "label"`},
		{[]string{"train", "-o", out, p("reserved.tsv")}, 1, "khabar: train: " + p("reserved.tsv") + `:2: bad label "unknown": reserved`},
		{[]string{"train", "-o", out, p("loose")}, 1, "no label: put labeled text files in a folder per label"},
		{[]string{"train", "-o", out, "--alpha", "0", p("train.tsv")}, 2, "--alpha 0: want a positive number"},
		{[]string{"train", "-o", out, "--model", p("notamodel.bin"), p("more.tsv")}, 1, "notamodel.bin: not a khabar model"},
		{[]string{"train", "-o", out, "--model", p("truncated.mdl"), p("more.tsv")}, 1, "truncated.mdl: is corrupt (checksum)"},
		{[]string{"train", "-o", out, "--model", model, "--stem", p("more.tsv")}, 2, `was trained with the text pipeline "text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off stem=off", the command line asks for`},
		{[]string{"train", "-o", out, "--model", model, "--bigrams", p("more.tsv")}, 2, "was trained with --bigrams=false"},
		{[]string{"train", "-o", filepath.Join(dir, "no/such/dir/m"), p("train.tsv")}, 1, "khabar: train: cannot write " + filepath.Join(dir, "no/such/dir/m") + ": no such directory\n"},
	}
	for _, tt := range tests {
		expectError(t, "", tt.args, tt.code, tt.msg)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed training wrote %s", out)
	}
}

func TestTrainContinue(t *testing.T) {
	model := trainModel(t, "--stem", "--bigrams", "--alpha", "0.5")
	dir := tempFiles(t, map[string]string{"more.tsv": "weather\tsunny and warm\nweather\train tomorrow\nsport\tteam loses\n"})
	out := filepath.Join(dir, "m2.model")
	stdout, errOut, code := run(t, "", "train", "-o", out, "--model", model, filepath.Join(dir, "more.tsv"))
	if code != 0 {
		t.Fatalf("continue: exit %d: %s", code, errOut)
	}
	if !strings.Contains(stdout, "sport\t4\t") || !strings.Contains(stdout, "weather\t2\t") || !strings.Contains(stdout, "total\t9\t") {
		t.Errorf("continued summary:\n%s", stdout)
	}
	m, err := classify.LoadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if o := m.Options(); !o.Text.Stem || !o.Bigrams || o.Alpha != 0.5 {
		t.Errorf("continued model options %+v, want the old model's stem, bigrams and alpha", o)
	}
	if strings.Join(m.Labels(), ",") != "crime,sport,weather" {
		t.Errorf("labels %q", m.Labels())
	}
}

func TestClassifyCommand(t *testing.T) {
	model := trainModel(t)
	dir := tempFiles(t, map[string]string{
		"docs.tsv": "?\tpolice arrest the thief\n?\tthe team wins\n?\t\n?\tzzz qqq\n",
	})
	docs := filepath.Join(dir, "docs.tsv")
	id := func(n int) string { return docs + ":" + string(rune('0'+n)) }

	out, errOut, code := run(t, "", "classify", "-m", model, docs)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != 4 {
		t.Fatalf("classify: exit %d, %q, %q", code, out, errOut)
	}
	wantLabels := []string{"crime", "sport", "unknown", "unknown"}
	for i, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[0] != id(i+1) || f[1] != wantLabels[i] {
			t.Errorf("line %d = %q, want id %s, label %s and a probability", i+1, line, id(i+1), wantLabels[i])
		}
	}
	if !strings.Contains(errOut, "warning: 2 documents have no word the model knows; classified unknown") {
		t.Errorf("stderr %q, want a warning about 2 unknown documents", errOut)
	}

	out, _, _ = run(t, "", "classify", "-m", model, "--top", "2", docs)
	if f := strings.Split(strings.Split(out, "\n")[0], "\t"); len(f) != 5 || f[1] != "crime" || f[3] != "sport" {
		t.Errorf("--top 2 first line %q, want id, crime, p, sport, p", f)
	}

	out, _, _ = run(t, "", "classify", "-m", model, "--min-prob", "0.99999", docs)
	if f := strings.Split(strings.Split(out, "\n")[0], "\t"); f[1] != "unknown" {
		t.Errorf("--min-prob 0.99999 first line %q, want unknown", f)
	}
	// With --top, an unknown line shows the label that was not sure enough.
	out, _, _ = run(t, "", "classify", "-m", model, "--min-prob", "0.99999", "--top", "2", docs)
	if f := strings.Split(strings.Split(out, "\n")[0], "\t"); len(f) != 5 || f[1] != "unknown" || f[3] != "crime" || f[4] != f[2] {
		t.Errorf("--min-prob 0.99999 --top 2 first line %q, want id, unknown, p, crime, p", f)
	}

	out, _, _ = run(t, "", "classify", "-m", model, "--json", "--top", "2", docs)
	var rec struct {
		ID    string
		Label string
		Prob  float64
		Known int
		Top   []classify.LabelProb
	}
	first := strings.Split(out, "\n")[0]
	if err := json.Unmarshal([]byte(first), &rec); err != nil || rec.ID != id(1) || rec.Label != "crime" || rec.Known != 4 || len(rec.Top) != 2 || rec.Top[0].Label != "crime" {
		t.Errorf("--json first line %s (%v)", first, err)
	}

	out, _, code = run(t, "الشرطة police arrest\n", "classify", "-m", model)
	if code != 0 || !strings.HasPrefix(out, "-\tcrime\t") {
		t.Errorf("classify from stdin = %q, exit %d", out, code)
	}
}

// TestClassifyOrder checks that the worker pool keeps input order.
func TestClassifyOrder(t *testing.T) {
	model := trainModel(t)
	var in strings.Builder
	words := []string{"police arrest", "team wins", "court jails thief", "coach praises team"}
	for i := 0; i < 2000; i++ {
		in.WriteString("?\t" + words[i%4] + "\n")
	}
	dir := tempFiles(t, map[string]string{"many.tsv": in.String()})
	for _, workers := range []string{"1", "3", "8"} {
		out, errOut, code := run(t, "", "classify", "-m", model, "--workers", workers, filepath.Join(dir, "many.tsv"))
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != 0 || len(lines) != 2000 {
			t.Fatalf("workers %s: exit %d, %d lines, %s", workers, code, len(lines), errOut)
		}
		for i, line := range lines {
			want := "crime"
			if i%2 == 1 {
				want = "sport"
			}
			if !strings.HasSuffix(strings.Split(line, "\t")[0], ":"+itoa64(int64(i+1))) || strings.Split(line, "\t")[1] != want {
				t.Fatalf("workers %s: line %d = %q, want line %d labeled %s", workers, i+1, line, i+1, want)
			}
		}
	}
}

// TestClassifyIDWithTab: tabs and line breaks in a document id become
// spaces, so that every document is one line of three fields.
func TestClassifyIDWithTab(t *testing.T) {
	model := trainModel(t)
	dir := tempFiles(t, map[string]string{"x.jsonl": `{"id":"a\tb\nc","text":"police arrest"}` + "\n"})
	out, errOut, code := run(t, "", "classify", "-m", model, filepath.Join(dir, "x.jsonl"))
	if f := strings.Split(out, "\t"); code != 0 || strings.Count(out, "\n") != 1 || len(f) != 3 || f[0] != "a b c" || f[1] != "crime" {
		t.Errorf("classify of id %q = %q (exit %d, %s), want one line \"a b c<TAB>crime<TAB>P\"", "a\tb\nc", out, code, errOut)
	}
}

func TestClassifyTerminal(t *testing.T) {
	model := trainModel(t)
	var out, errOut bytes.Buffer
	code := Main([]string{"classify", "-m", model, "--top", "2", "-"}, &IOStreams{In: strings.NewReader("police arrest"), Out: &out, ErrOut: &errOut, OutTTY: true})
	if code != 0 || strings.Contains(out.String(), "\t") || !strings.HasPrefix(out.String(), "-  crime  ") {
		t.Errorf("classify on a terminal = %q, want aligned columns without tabs", out.String())
	}
}

func TestClassifyErrors(t *testing.T) {
	model := trainModel(t)
	dir := tempFiles(t, map[string]string{"junk.model": "not a model at all"})
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"classify", "-m", model, "--top", "0"}, 2, "--top 0: want 1 or more"},
		{[]string{"classify", "-m", model, "--min-prob", "1.5"}, 2, "--min-prob 1.5"},
		{[]string{"classify", "-m", model, "--workers", "-1"}, 2, "--workers -1 (want >= 0)"},
		{[]string{"classify", "-m", model, "--stem"}, 2, "unknown flag: --stem"},
		{[]string{"classify", "-m", filepath.Join(dir, "junk.model")}, 1, "classify: " + filepath.Join(dir, "junk.model") + ": not a khabar model"},
		{[]string{"classify", "-m", filepath.Join(dir, "missing.model")}, 1, "no such file or directory"},
	}
	for _, tt := range tests {
		expectError(t, "", tt.args, tt.code, tt.msg)
	}
}

func TestEvalCommand(t *testing.T) {
	model := trainModel(t)
	dir := tempFiles(t, map[string]string{
		"test.tsv":  "crime\tpolice arrest\nsport\tteam wins\ncrime\tteam wins\n",
		"train.tsv": trainTSV,
		"many.tsv":  strings.Repeat(trainTSV, 4),
	})
	test := filepath.Join(dir, "test.tsv")
	out, errOut, code := run(t, "", "eval", "-m", model, "--test", test)
	// The model of trainModel is not calibrated (three documents): the
	// wrong prediction has probability 0.92, |1 - 0.8571| + |1 - 2*0.9231|
	// over 3 documents is the ECE.
	want := "documents\t3\naccuracy\t0.6667\nmacro_f1\t0.6667\nece\t0.3297\n\n" +
		"label\tprecision\trecall\tf1\tsupport\ncrime\t1.0000\t0.5000\t0.6667\t2\nsport\t0.5000\t1.0000\t0.6667\t1\n\n" +
		"true\\predicted\tcrime\tsport\ncrime\t1\t1\nsport\t0\t1\n\n" +
		"probability\tdocuments\taccuracy\tmean_prob\n0.8-0.9\t1\t1.0000\t0.8571\n0.9-1.0\t2\t0.5000\t0.9231\n"
	if code != 0 || out != want {
		t.Errorf("eval -m --test = %q (exit %d, %s), want %q", out, code, errOut, want)
	}

	out, _, code = run(t, "", append([]string{"eval", "--json", "--test", test, filepath.Join(dir, "train.tsv")}, legacyRecipe...)...)
	var rep classify.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Documents != 3 || rep.Correct != 2 {
		t.Errorf("eval --json --test TRAIN = %s (%v)", out, err)
	}

	out, errOut, code = run(t, "", "eval", "--folds", "2", "--json", filepath.Join(dir, "many.tsv"))
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Documents != 24 {
		t.Errorf("eval --folds 2 = %s (exit %d, %s)", out, code, errOut)
	}
	again, _, _ := run(t, "", "eval", "--folds", "2", "--json", filepath.Join(dir, "many.tsv"))
	if again != out {
		t.Errorf("eval --folds is not repeatable: %s then %s", out, again)
	}

	out, errOut, code = run(t, "", "eval", "--test-every", "3", "--json", filepath.Join(dir, "train.tsv"))
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Documents != 2 {
		t.Errorf("eval --test-every 3 = %s (exit %d, %s), want 2 test documents (lines 3 and 6)", out, code, errOut)
	}

	// Text files are one document each, on line 1: --test-every finds no
	// test document, and says why.
	folder := tempFiles(t, map[string]string{"crime/a.txt": "police arrest", "crime/b.txt": "court jails thief", "sport/c.txt": "team wins", "sport/d.txt": "coach praises team"})
	expectError(t, "", []string{"eval", "--test-every", "2", folder}, 1, "no test documents: --test-every 2 tests the documents on lines divisible by 2, and there are none (a text file is one document, on line 1; use --folds)")
}

func TestEvalUsage(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"eval", "x.tsv"}, "choose one of"},
		{[]string{"eval", "-m", "m", "--folds", "5", "x.tsv"}, "choose one of"},
		{[]string{"eval", "-m", "m"}, "-m MODEL needs --test INPUT"},
		{[]string{"eval", "-m", "m", "--test", "t", "x.tsv"}, `tests on --test INPUT only; unexpected "x.tsv"`},
		{[]string{"eval", "-m", "m", "--test", "t", "--stem"}, "leave out the training flags"},
		{[]string{"eval", "--folds", "1", "x.tsv"}, "--folds 1: want 2 or more"},
		{[]string{"eval", "--folds", "5"}, "no training documents"},
		{[]string{"eval", "--folds", "5", "-"}, "give files, not standard input"},
		{[]string{"eval", "--test-every", "-2", "x"}, "--test-every -2"},
	}
	for _, tt := range tests {
		expectError(t, "", tt.args, ExitUsage, tt.msg)
	}
}

func TestTrainClassifyEvalFlagsParsed(t *testing.T) {
	io := &IOStreams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	var tr *TrainOptions
	cmd := NewCmdTrain(io, func(o *TrainOptions) error { tr = o; return nil })
	cmd.SetArgs([]string{"-o", "m.model", "--stem", "--alpha", "0.1", "--complement", "--bigrams", "--min-count", "2", "--uniform-priors", "--model", "old", "a.jsonl", "b"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	o := tr.opts
	if tr.Output != "m.model" || tr.OldModel != "old" || !o.Text.Stem || o.Alpha != 0.1 || !o.Complement || !o.Bigrams || o.MinCount != 2 || !o.UniformPriors ||
		!tr.corpus.LabelDirs || !tr.corpus.RequireLabels || strings.Join(tr.Paths, ",") != "a.jsonl,b" || !tr.changed["stem"] || tr.changed["stopwords"] {
		t.Errorf("train options = %+v", tr)
	}

	var cl *ClassifyOptions
	cmd = NewCmdClassify(io, func(o *ClassifyOptions) error { cl = o; return nil })
	cmd.SetArgs([]string{"-m", "m.model", "--top", "3", "--min-prob", "0.5", "--json", "--workers", "2"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if cl.Model != "m.model" || cl.Top != 3 || cl.MinProb != 0.5 || !cl.JSON || cl.Workers != 2 || strings.Join(cl.Paths, ",") != "-" {
		t.Errorf("classify options = %+v", cl)
	}

	var ev *EvalOptions
	cmd = NewCmdEval(io, func(o *EvalOptions) error { ev = o; return nil })
	cmd.SetArgs([]string{"--folds", "5", "--complement", "--json", "x.jsonl"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if ev.Folds != 5 || !ev.opts.Complement || !ev.JSON || strings.Join(ev.Paths, ",") != "x.jsonl" {
		t.Errorf("eval options = %+v", ev)
	}
}

// TestClassifyDefaultModel: without -m, classify uses the embedded model.
func TestClassifyDefaultModel(t *testing.T) {
	out, errOut, code := run(t, "أعلنت الشرطة القبض على المتهم بقتل شاب طعنا بسكين في مشاجرة داخل سوق شعبي", "classify", "--json")
	if code != 0 || !strings.Contains(out, `"label":"crime"`) {
		t.Errorf("khabar classify (default model) = %q, exit %d, %s", out, code, errOut)
	}
}

// groupedJSONL is two outlets that use the labels a and b the other way
// round, each with its own punctuation.
const groupedJSONL = `{"id":"1","source":"x","label":"a","text":"apple apple pie !"}
{"id":"2","source":"x","label":"a","text":"apple tart !"}
{"id":"3","source":"x","label":"b","text":"banana split !"}
{"id":"4","source":"x","label":"b","text":"banana bread !"}
{"id":"5","source":"y","label":"a","text":"banana pie ?"}
{"id":"6","source":"y","label":"a","text":"banana cake ?"}
{"id":"7","source":"y","label":"b","text":"apple juice ?"}
{"id":"8","source":"y","label":"b","text":"apple cider ?"}
`

func TestTrainGrouped(t *testing.T) {
	dir := tempFiles(t, map[string]string{
		"g.jsonl":    groupedJSONL,
		"more.jsonl": `{"id":"9","source":"y","label":"c","text":"cherry jam ?"}` + "\n",
		"new.jsonl":  `{"id":"n1","text":"apple !"}` + "\n" + `{"id":"n2","text":"apple ?"}` + "\n",
		"t.tsv":      trainTSV,
	})
	p := func(s string) string { return filepath.Join(dir, s) }
	out, errOut, code := run(t, "", append([]string{"train", "-o", p("g.khm"), "--group-field", "source", p("g.jsonl")}, legacyRecipe...)...)
	if code != 0 || !strings.Contains(out, "total\t8\t") || !strings.Contains(errOut, "trained 2 labels in 2 groups (x, y) on 8 documents") {
		t.Fatalf("train --group-field: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = run(t, "", "classify", "-m", p("g.khm"), p("new.jsonl"))
	if want := "n1\ta\t"; code != 0 || !strings.HasPrefix(out, want) || !strings.Contains(out, "\nn2\tb\t") {
		t.Errorf("classify with a grouped model = %q (exit %d, %s), want n1 a and n2 b", out, code, errOut)
	}

	// Training further needs the groups again, and keeps them.
	expectError(t, "", []string{"train", "-o", p("g2.khm"), "--model", p("g.khm"), p("more.jsonl")}, 2, "is a grouped model: give --group-field")
	if _, errOut, code = run(t, "", "train", "-o", p("g2.khm"), "--model", p("g.khm"), "--group-field", "source", p("more.jsonl")); code != 0 {
		t.Fatalf("continue a grouped model: exit %d: %s", code, errOut)
	}
	m, err := classify.LoadClassifierFile(p("g2.khm"))
	if err != nil || strings.Join(m.Labels(), ",") != "a,b,c" || strings.Join(m.Groups(), ",") != "x,y" {
		t.Errorf("continued grouped model: %v, labels %q, groups %q", err, m.Labels(), m.Groups())
	}
	flat := trainModel(t)
	expectError(t, "", []string{"train", "-o", p("g3.khm"), "--model", flat, "--group-field", "source", p("g.jsonl")}, 2, "has no groups: --group-field cannot add them")

	expectError(t, "", []string{"train", "-o", p("g4.khm"), "--group-field", "source", p("t.tsv")}, 1, `t.tsv: a group field ("source") needs JSON Lines input, not tsv`)
	expectError(t, "", []string{"analyze", "-m", p("g.khm"), p("new.jsonl")}, 1, "a grouped model (trained with --group-field) cannot score the parts of a page")

	// eval groups the training documents of each split the same way.
	out, errOut, code = run(t, "", append([]string{"eval", "--json", "--test-every", "4", "--group-field", "source", p("g.jsonl")}, legacyRecipe...)...)
	var rep classify.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Documents != 2 || rep.Correct != 2 {
		t.Errorf("eval --group-field = %s (exit %d, %s), want 2 test documents, both right (one model of both outlets gets neither)", out, code, errOut)
	}
}
