package corpus

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// write creates files under dir from name → content.
func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gz(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// readAll returns "ID|LABEL|TEXT|LINE" for every document, the warnings and
// the error.
func readAll(paths []string, opt Options) (docs []string, warnings []string, err error) {
	opt.Warn = func(e error) { warnings = append(warnings, e.Error()) }
	r := NewReader(paths, opt)
	defer r.Close()
	for r.Next() {
		d := r.Document()
		docs = append(docs, strings.Join([]string{d.ID, d.Label, d.Text}, "|"))
	}
	return docs, warnings, r.Err()
}

func TestReaderFormats(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("داعش ", 30000) // 300 KB line
	write(t, dir, map[string]string{
		"a/1.txt":          "\uFEFFسطر\r\nثان\r\n",
		"a/2.txt":          "",
		"a/.hidden.txt":    "hidden",
		"a/.git/x.txt":     "hidden",
		"a/b/3.txt.gz":     gz("مضغوط"),
		"news.jsonl":       "\uFEFF{\"id\":\"n1\",\"title\":\"عنوان\",\"text\":\"نص\\nثان\",\"label\":\"crime\"}\r\n\n{\"id\":7,\"text\":\"" + long + "\",\"title\":null}\n{\"text\":\"بلا رقم\"}\n",
		"train.tsv":        "crime\tقتل في السوق\nother\tرياضة\n",
		"train.ft":         "__label__crime __label__x قتل\nبلا وسم\n",
		"bin.txt":          "abc\x00def",
		"empty.txt.gz":     gz(""),
		"bad-utf8.txt":     "داعش\xff\xfeنص\xff",
		"compressed.jsonl": gz("{\"id\":\"z\",\"text\":\"gz\"}\n"),
	})
	p := func(s string) string { return filepath.Join(dir, s) }
	tests := []struct {
		name  string
		paths []string
		opt   Options
		want  []string
		warn  int
	}{
		{"folder, sorted, hidden skipped, gz, empty file", []string{p("a")}, Options{},
			[]string{p("a/1.txt") + "||سطر\r\nثان\r\n", p("a/b/3.txt.gz") + "||مضغوط"}, 1},
		{"label dirs", []string{p("a")}, Options{LabelDirs: true},
			[]string{p("a/1.txt") + "||سطر\r\nثان\r\n", p("a/b/3.txt.gz") + "|b|مضغوط"}, 1},
		{"empty file skipped with a warning", []string{p("a/2.txt")}, Options{}, nil, 1},
		{"empty gzip file skipped with a warning", []string{p("empty.txt.gz")}, Options{}, nil, 1},
		{"empty standard input is no documents, silently", []string{"-"}, Options{Stdin: strings.NewReader("")}, nil, 0},
		{"jsonl with joined fields, BOM, CRLF, number id, long line, missing id", []string{p("news.jsonl")}, Options{TextFields: []string{"title", "text"}},
			[]string{"n1|crime|عنوان\nنص\nثان", "7||\n" + long, p("news.jsonl") + ":4||\nبلا رقم"}, 0},
		{"tsv", []string{p("train.tsv")}, Options{},
			[]string{p("train.tsv") + ":1|crime|قتل في السوق", p("train.tsv") + ":2|other|رياضة"}, 0},
		{"fasttext", []string{p("train.ft")}, Options{},
			[]string{p("train.ft") + ":1|crime|قتل", p("train.ft") + ":2||بلا وسم"}, 0},
		{"binary skipped with a warning", []string{p("bin.txt")}, Options{}, nil, 1},
		{"invalid utf-8 repaired", []string{p("bad-utf8.txt")}, Options{},
			[]string{p("bad-utf8.txt") + "||داعش\uFFFDنص\uFFFD"}, 1},
		{"gzip jsonl by content", []string{p("compressed.jsonl")}, Options{}, []string{"z||gz"}, 0},
		{"forced format", []string{p("train.tsv")}, Options{Format: FormatText},
			[]string{p("train.tsv") + "||crime\tقتل في السوق\nother\tرياضة\n"}, 0},
	}
	for _, tt := range tests {
		docs, warns, err := readAll(tt.paths, tt.opt)
		if err != nil {
			t.Errorf("%s: error %v", tt.name, err)
			continue
		}
		if strings.Join(docs, "\n--\n") != strings.Join(tt.want, "\n--\n") {
			t.Errorf("%s: documents\n%q\nwant\n%q", tt.name, docs, tt.want)
		}
		if len(warns) != tt.warn {
			t.Errorf("%s: warnings %q, want %d", tt.name, warns, tt.warn)
		}
	}
}

func TestReaderRepairCount(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"x.txt": "a\xff\xfeb\xffc"})
	r := NewReader([]string{filepath.Join(dir, "x.txt")}, Options{})
	if !r.Next() {
		t.Fatalf("Next() = false, err %v", r.Err())
	}
	if got := r.Document().Repaired; got != 2 {
		t.Errorf("Repaired = %d, want 2", got)
	}
	if got := r.Stats().Repaired; got != 2 {
		t.Errorf("Stats().Repaired = %d, want 2", got)
	}
}

func TestReaderErrors(t *testing.T) {
	dir := t.TempDir()
	corrupt := gz("{\"id\":\"ok\",\"text\":\"a\"}\n{\"id\":\"ok2\",\"text\":\"b\"}\n")
	corrupt = corrupt[:len(corrupt)-6] // cut the gzip trailer
	badsum := gz("نص")
	badsum = badsum[:len(badsum)-8] + "\x00\x00\x00\x00" + badsum[len(badsum)-4:] // a wrong CRC-32
	write(t, dir, map[string]string{
		"bad.jsonl":     "{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\",\"text\":\"b\"\n",
		"notext.jsonl":  "{\"id\":\"1\",\"body\":\"a\"}\n",
		"nolabel.jsonl": "{\"id\":\"1\",\"text\":\"a\"}\n",
		"notab.tsv":     "crime\tok\nno tab here\n",
		"nolabel.ft":    "__label__a x\nplain\n",
		"array.jsonl":   "{\"text\":[\"a\"]}\n",
		"cut.jsonl.gz":  corrupt,
		"notgz.gz":      "\x1f\x8bnot really gzip",
		"badsum.txt.gz": badsum,
		"nogroup.jsonl": "{\"text\":\"a\",\"source\":\"x\"}\n{\"text\":\"b\",\"source\":\" \"}\n",
		"group.tsv":     "crime\tok\n",
	})
	p := func(s string) string { return filepath.Join(dir, s) }
	tests := []struct {
		path    string
		opt     Options
		docs    int
		wantErr string
	}{
		{p("bad.jsonl"), Options{}, 1, p("bad.jsonl") + ":2: malformed JSON"},
		{p("notext.jsonl"), Options{}, 0, p("notext.jsonl") + `:1: no text field "text"`},
		{p("nolabel.jsonl"), Options{RequireLabels: true}, 0, p("nolabel.jsonl") + `:1: no label in field "label"`},
		{p("notab.tsv"), Options{}, 1, p("notab.tsv") + ":2: want LABEL<TAB>TEXT"},
		{p("nolabel.ft"), Options{RequireLabels: true}, 1, p("nolabel.ft") + ":2: no __label__ prefix"},
		{p("array.jsonl"), Options{}, 0, `field "text" is an object or array`},
		{p("cut.jsonl.gz"), Options{}, 2, p("cut.jsonl.gz") + ":"},
		{p("notgz.gz"), Options{}, 0, p("notgz.gz") + ": corrupt gzip: invalid header"},
		{p("badsum.txt.gz"), Options{}, 0, p("badsum.txt.gz") + ": corrupt gzip: invalid checksum"},
		{p("nogroup.jsonl"), Options{GroupField: "source"}, 1, p("nogroup.jsonl") + `:2: no group in field "source"`},
		{p("group.tsv"), Options{GroupField: "source"}, 0, p("group.tsv") + `: a group field ("source") needs JSON Lines input, not tsv`},
	}
	for _, tt := range tests {
		docs, _, err := readAll([]string{tt.path}, tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "corpus: ") {
			t.Errorf("read %s: error %v, want one containing %q", tt.path, err, tt.wantErr)
		}
		if len(docs) != tt.docs {
			t.Errorf("read %s: %d documents before the error, want %d", tt.path, len(docs), tt.docs)
		}
		var ce *Error
		if err != nil && !errors.As(err, &ce) {
			t.Errorf("read %s: error %T is not a *corpus.Error", tt.path, err)
		}
	}
}

func TestReaderGroups(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"g.jsonl": "{\"id\":\"1\",\"text\":\"a\",\"label\":\"l\",\"source\":\" bbc \"}\n" +
			"{\"id\":\"2\",\"text\":\"b\",\"label\":\"l\",\"source\":7}\n" +
			"{\"id\":\"3\",\"text\":\"c\",\"label\":\"cnn\"}\n" +
			"{\"id\":\"4\",\"text\":\"d\",\"label\":\"l\",\"source\":\"x\"}\n",
	})
	tests := []struct {
		field string
		want  []string
	}{
		{"source", []string{"1:bbc", "2:7"}}, // the third has no group
		{"label", []string{"1:l", "2:l", "3:cnn", "4:l"}},
		{"", []string{"1:", "2:", "3:", "4:"}},
	}
	for _, tt := range tests {
		var got, warnings []string
		r := NewReader([]string{filepath.Join(dir, "g.jsonl")}, Options{GroupField: tt.field, Warn: func(e error) { warnings = append(warnings, e.Error()) }})
		for r.Next() {
			got = append(got, r.Document().ID+":"+r.Document().Group)
		}
		r.Close()
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("GroupField %q: groups %q, want %q", tt.field, got, tt.want)
		}
		if tt.field == "source" && (r.Err() == nil || !strings.Contains(r.Err().Error(), `:3: no group in field "source"`)) {
			t.Errorf("GroupField %q: error %v, want one at line 3", tt.field, r.Err())
		}
	}
	// Invalid UTF-8 in a group is repaired with a warning that says so.
	var warnings []string
	write(t, dir, map[string]string{"bad.jsonl": "{\"text\":\"d\",\"source\":\"a\xffb\"}\n"})
	r := NewReader([]string{filepath.Join(dir, "bad.jsonl")}, Options{GroupField: "source", Warn: func(e error) { warnings = append(warnings, e.Error()) }})
	defer r.Close()
	if !r.Next() || r.Document().Group != "a\uFFFDb" {
		t.Fatalf("group of invalid UTF-8: %q, %v", r.Document().Group, r.Err())
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "bad.jsonl:1: replaced 1 invalid UTF-8 sequence with U+FFFD in the group") {
		t.Errorf("warnings %q, want one about the group", warnings)
	}
}

// TestReaderSkipsUnreadable checks that a missing path, a dangling link in
// a folder and an unreadable folder are each reported and skipped, and that
// the readable files around them are still read.
func TestReaderSkipsUnreadable(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"d/a.txt": "a", "d/c.txt": "c", "e.txt": "e"})
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "d/b.txt")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	p := func(s string) string { return filepath.Join(dir, s) }
	docs, warns, err := readAll([]string{p("missing.txt"), p("d"), p("e.txt")}, Options{})
	want := []string{p("d/a.txt") + "||a", p("d/c.txt") + "||c", p("e.txt") + "||e"}
	if err != nil || strings.Join(docs, ",") != strings.Join(want, ",") {
		t.Errorf("read with unreadable entries: %q, %v; want %q, nil", docs, err, want)
	}
	wantWarns := []string{
		"corpus: " + p("missing.txt") + ": no such file or directory",
		"corpus: " + p("d/b.txt") + ": no such file or directory",
	}
	if strings.Join(warns, "\n") != strings.Join(wantWarns, "\n") {
		t.Errorf("warnings %q, want %q", warns, wantWarns)
	}
}

// TestReaderFollowsLinks: links to folders inside a walked folder are
// walked (under the link's name, which gives the label), except a loop or
// a second link to the same folder; a named pipe is skipped with a warning.
func TestReaderFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"root/crime/a.txt": "a", "root/z.txt": "z", "elsewhere/sport/b.txt": "b"})
	p := func(s string) string { return filepath.Join(dir, s) }
	if err := os.Symlink(p("elsewhere/sport"), p("root/sport")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	os.Symlink(p("elsewhere/sport"), p("root/sport2"))      // the same folder again
	os.Symlink("..", p("root/crime/up"))                    // a loop
	os.Symlink(p("root"), p("rootlink"))                    // the root given as a link
	os.Symlink(p("elsewhere/sport/b.txt"), p("root/c.txt")) // a link to a file
	fifo := ""
	if err := exec.Command("mkfifo", p("root/pipe.txt")).Run(); err == nil {
		fifo = p("root/pipe.txt")
	}
	for _, top := range []string{"root", "rootlink"} {
		docs, warns, err := readAll([]string{p(top)}, Options{LabelDirs: true})
		want := []string{p(top+"/c.txt") + "||b", p(top+"/crime/a.txt") + "|crime|a", p(top+"/sport/b.txt") + "|sport|b", p(top+"/z.txt") + "||z"}
		if err != nil || strings.Join(docs, ",") != strings.Join(want, ",") {
			t.Errorf("read %s: %q, %v; want %q, nil", top, docs, err, want)
		}
		wantWarns := []string{
			"corpus: " + p(top+"/crime/up") + ": a link to a folder that holds it (a loop); not followed",
		}
		if fifo != "" {
			wantWarns = append(wantWarns, "corpus: "+p(top+"/pipe.txt")+": not a regular file (a named pipe)")
		}
		real, _ := filepath.EvalSymlinks(p("elsewhere/sport"))
		wantWarns = append(wantWarns, "corpus: "+p(top+"/sport2")+": a link to a folder already read ("+real+"); not followed")
		if strings.Join(warns, "\n") != strings.Join(wantWarns, "\n") {
			t.Errorf("read %s: warnings\n%s\nwant\n%s", top, strings.Join(warns, "\n"), strings.Join(wantWarns, "\n"))
		}
	}
}

func TestReaderUnreadableFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("permissions do not apply to root")
	}
	dir := t.TempDir()
	write(t, dir, map[string]string{"d/ok.txt": "a", "d/locked/x.txt": "b"})
	os.Chmod(filepath.Join(dir, "d/locked"), 0)
	defer os.Chmod(filepath.Join(dir, "d/locked"), 0o755)
	docs, warns, err := readAll([]string{filepath.Join(dir, "d")}, Options{})
	if err != nil || len(docs) != 1 || len(warns) != 1 || !strings.Contains(warns[0], "locked") {
		t.Errorf("unreadable folder: documents %q, warnings %q, error %v; want ok.txt read and one warning naming the folder", docs, warns, err)
	}
}

func TestReaderStdin(t *testing.T) {
	docs, _, err := readAll([]string{"-"}, Options{Stdin: strings.NewReader("كَتَبَ\n")})
	if err != nil || len(docs) != 1 || docs[0] != "-||كَتَبَ\n" {
		t.Errorf("stdin: %q, %v", docs, err)
	}
	docs, _, err = readAll([]string{"-"}, Options{Format: FormatJSONL, Stdin: strings.NewReader(gz("{\"id\":\"a\",\"text\":\"b\"}\n"))})
	if err != nil || len(docs) != 1 || docs[0] != "a||b" {
		t.Errorf("gzip jsonl stdin: %q, %v", docs, err)
	}
}

func TestFastTextLabel(t *testing.T) {
	tests := []struct {
		in, label string
		n         int
		text      string
	}{
		{"__label__crime قتل", "crime", 1, "قتل"},
		{"__label__a __label__b  x y", "a", 2, "x y"},
		{"plain text", "", 0, "plain text"},
		{"__label__only", "only", 1, ""},
		{"__label__ text", "", 1, "text"},
	}
	for _, tt := range tests {
		label, n, text := fastTextLabel([]byte(tt.in))
		if label != tt.label || n != tt.n || string(text) != tt.text {
			t.Errorf("fastTextLabel(%q) = %q, %d, %q, want %q, %d, %q", tt.in, label, n, text, tt.label, tt.n, tt.text)
		}
	}
}

// TestFastTextLabelProblems: with labels required, an empty label is a
// malformed line, and a line with several labels is read with its first
// label and a warning.
func TestFastTextLabelProblems(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"empty.ft": "__label__a x\n__label__ y\n", "multi.ft": "__label__a __label__b x\n"})
	p := func(s string) string { return filepath.Join(dir, s) }
	_, _, err := readAll([]string{p("empty.ft")}, Options{RequireLabels: true})
	if want := "corpus: " + p("empty.ft") + ":2: empty label after __label__"; fmt.Sprint(err) != want {
		t.Errorf("empty label: error %v, want %q", err, want)
	}
	docs, warns, err := readAll([]string{p("multi.ft")}, Options{RequireLabels: true})
	want := `corpus: ` + p("multi.ft") + `:1: 2 labels; only the first, "a", is used`
	if err != nil || len(docs) != 1 || docs[0] != p("multi.ft")+":1|a|x" || strings.Join(warns, "\n") != want {
		t.Errorf("several labels: %q, warnings %q, error %v; want the first label and the warning %q", docs, warns, err, want)
	}
	if _, warns, _ := readAll([]string{p("multi.ft")}, Options{}); len(warns) != 0 {
		t.Errorf("several labels, labels not required: warnings %q, want none", warns)
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		path   string
		forced Format
		want   Format
	}{
		{"a.jsonl", FormatAuto, FormatJSONL},
		{"a.JSONL.gz", FormatAuto, FormatJSONL},
		{"a.ndjson", FormatAuto, FormatJSONL},
		{"a.tsv", FormatAuto, FormatTSV},
		{"a.ft", FormatAuto, FormatFastText},
		{"a.txt", FormatAuto, FormatText},
		{"-", FormatAuto, FormatText},
		{"-", FormatJSONL, FormatJSONL},
		{"a.jsonl", FormatText, FormatText},
	}
	for _, tt := range tests {
		if got := FormatOf(tt.path, tt.forced); got != tt.want {
			t.Errorf("FormatOf(%q, %q) = %q, want %q", tt.path, tt.forced, got, tt.want)
		}
	}
}

// TestReaderInvalidUTF8Warnings: the warning names the line of the first
// bad byte (in a text file, the line inside the file) and says when the
// bad bytes were in the id or the label, which are repaired too.
func TestReaderInvalidUTF8Warnings(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"page.txt":    "ok\r\nok\nbad \xff here \xfe\xfe\nbad \xff again\n",
		"l.tsv":       "ok\tok\ncri\xffme\tالشرطة \xff\n",
		"i.jsonl":     `{"id":"ok","text":"ok"}` + "\n" + `{"id":"b` + "\xfe" + `","text":"نص"}` + "\n",
		"label.jsonl": `{"id":"x","text":"نص","label":"a` + "\xff" + `"}` + "\n",
	})
	p := func(s string) string { return filepath.Join(dir, s) }
	tests := []struct {
		file, doc, warn string
	}{
		{"page.txt", p("page.txt") + "||ok\r\nok\nbad \uFFFD here \uFFFD\nbad \uFFFD again\n", p("page.txt") + ":3: replaced 3 invalid UTF-8 sequences with U+FFFD"},
		{"l.tsv", p("l.tsv") + ":2|cri\uFFFDme|الشرطة \uFFFD", p("l.tsv") + ":2: replaced 2 invalid UTF-8 sequences with U+FFFD in the text, the label"},
		{"i.jsonl", "b\uFFFD||نص", p("i.jsonl") + ":2: replaced 1 invalid UTF-8 sequence with U+FFFD in the id"},
		{"label.jsonl", "x|a\uFFFD|نص", p("label.jsonl") + ":1: replaced 1 invalid UTF-8 sequence with U+FFFD in the label"},
	}
	for _, tt := range tests {
		docs, warns, err := readAll([]string{p(tt.file)}, Options{})
		if err != nil || docs[len(docs)-1] != tt.doc || len(warns) != 1 || warns[0] != "corpus: "+tt.warn {
			t.Errorf("read %s: last document %q, warnings %q, error %v; want %q and the warning %q", tt.file, docs[len(docs)-1], warns, err, tt.doc, "corpus: "+tt.warn)
		}
	}
}

func TestReaderWarningKinds(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"bin.txt": "a\x00b", "empty.txt": "", "bad.txt": "a\xffb"})
	tests := []struct {
		file string
		want error
		line int
	}{
		{"bin.txt", ErrBinary, 0},
		{"empty.txt", ErrEmpty, 0},
		{"bad.txt", nil, 1},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.file)
		var got []error
		r := NewReader([]string{path}, Options{Warn: func(e error) { got = append(got, e) }})
		for r.Next() {
		}
		r.Close()
		if len(got) != 1 {
			t.Errorf("%s: warnings %v, want 1", tt.file, got)
			continue
		}
		var ce *Error
		if !errors.As(got[0], &ce) || ce.Path != path || ce.Line != tt.line {
			t.Errorf("%s: warning %#v, want an *Error for %s line %d", tt.file, got[0], path, tt.line)
		}
		if tt.want != nil && !errors.Is(got[0], tt.want) {
			t.Errorf("%s: warning %v, want it to wrap %v", tt.file, got[0], tt.want)
		}
	}
}

// TestCorruptGzipMidStream: a .gz whose stream is garbled in the middle
// reads as malformed JSON at some line; the error says the file is corrupt
// gzip (the checksum fails at the end), at that line, after the documents
// before it.
func TestCorruptGzipMidStream(t *testing.T) {
	var lines strings.Builder
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&lines, "{\"id\":\"%d\",\"text\":\"نص رقم %d\"}\n", i, i)
	}
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.NoCompression) // stored blocks: a flipped byte stays in the text
	w.Write([]byte(lines.String()))
	w.Close()
	data := b.Bytes()
	at := bytes.Index(data, []byte(`{"id":"50"`)) // line 50
	data[at+1] = 'x'                              // {x... is not JSON; the CRC-32 no longer matches
	dir := t.TempDir()
	path := filepath.Join(dir, "a.jsonl.gz")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	docs, _, err := readAll([]string{path}, Options{})
	want := "corpus: " + path + ":50: corrupt gzip: invalid checksum (this line, the first that could not be read, has malformed JSON"
	if err == nil || !strings.HasPrefix(err.Error(), want) || len(docs) != 49 {
		t.Errorf("read a garbled .gz: %d documents, error %v; want 49 and %q", len(docs), err, want)
	}
	if !errors.Is(err, gzip.ErrChecksum) {
		t.Errorf("error %v does not wrap gzip.ErrChecksum", err)
	}
	// The same bad line in a file that is not compressed is bad JSON.
	plain := filepath.Join(dir, "a.jsonl")
	os.WriteFile(plain, []byte(strings.Replace(lines.String(), `{"id":"50"`, `{x"id":"50"`, 1)), 0o644)
	if _, _, err := readAll([]string{plain}, Options{}); err == nil || !strings.Contains(err.Error(), plain+":50: malformed JSON") {
		t.Errorf("read a bad plain line: %v, want malformed JSON at line 50", err)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want Format
	}{
		{`{"id":"1","text":"a"}` + "\n", FormatJSONL},
		{"\n\n  \t{\"text\":\"a\"}", FormatJSONL},
		{"\uFEFF{\"text\":\"a\"}\n", FormatJSONL},
		{"__label__crime police\n", FormatFastText},
		{"\r\n __label__a b", FormatFastText},
		{"crime\tpolice\n", FormatText},
		{"داعش {يهاجم}\n{", FormatText},
		{"label__x\n", FormatText},
		{"", FormatText},
		{"\n \n", FormatText},
	}
	for _, tt := range tests {
		if got := sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("sniff(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

// TestReaderSniffs: standard input and files whose name gives no line
// format are read in the format of their first line, and Sniffed is told;
// a forced format or a named one is not sniffed; with FieldsGiven, a file
// read as text is an error.
func TestReaderSniffs(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"cooking.train": "__label__baking flour\n__label__eggs boil\n",
		"train.txt":     "__label__a x\n",
		"page.txt":      "a page {x}\n",
		"x.jsonl":       `{"text":"a"}` + "\n",
		"lines.tsv":     "{\tb\n",
	})
	p := func(s string) string { return filepath.Join(dir, s) }
	tests := []struct {
		paths   []string
		opt     Options
		stdin   string
		docs    []string
		sniffed string
		err     string
	}{
		{[]string{"-"}, Options{}, "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n", []string{"a||x", "b||y"}, "-:jsonl", ""},
		{[]string{"-"}, Options{}, "__label__l t\n", []string{"-:1|l|t"}, "-:fasttext", ""},
		{[]string{"-"}, Options{}, "plain text\n{\n", []string{"-||plain text\n{\n"}, "", ""},
		{[]string{"-"}, Options{Format: FormatText}, "{\"text\":\"x\"}\n", []string{"-||{\"text\":\"x\"}\n"}, "", ""},
		{[]string{p("cooking.train")}, Options{}, "", []string{p("cooking.train") + ":1|baking|flour", p("cooking.train") + ":2|eggs|boil"}, p("cooking.train") + ":fasttext", ""},
		{[]string{p("train.txt")}, Options{RequireLabels: true}, "", []string{p("train.txt") + ":1|a|x"}, p("train.txt") + ":fasttext", ""},
		{[]string{p("x.jsonl"), p("lines.tsv")}, Options{}, "", []string{p("x.jsonl") + ":1||a", p("lines.tsv") + ":1|{|b"}, "", ""},
		{[]string{p("x.jsonl"), p("page.txt")}, Options{FieldsGiven: true}, "", []string{p("x.jsonl") + ":1||a"}, "", p("page.txt") + ": " + ErrFieldsOnText.Error()},
		{[]string{"-"}, Options{FieldsGiven: true}, "{\"text\":\"x\"}\n", []string{"-:1||x"}, "-:jsonl", ""},
	}
	for _, tt := range tests {
		var sniffed []string
		opt := tt.opt
		opt.Stdin = strings.NewReader(tt.stdin)
		opt.Sniffed = func(path string, f Format) { sniffed = append(sniffed, path+":"+string(f)) }
		docs, _, err := readAll(tt.paths, opt)
		if !slices.Equal(docs, tt.docs) || strings.Join(sniffed, ",") != tt.sniffed {
			t.Errorf("read %q < %q: %q, sniffed %q; want %q, sniffed %q", tt.paths, tt.stdin, docs, sniffed, tt.docs, tt.sniffed)
		}
		if (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("read %q: error %v, want %q", tt.paths, err, tt.err)
		}
	}
}

// TestHugeLineInPlace: the strings of a line longer than inPlaceMin are
// decoded in place; the documents are the same as encoding/json reads, and
// a document kept stays intact while later lines are read.
func TestHugeLineInPlace(t *testing.T) {
	unit := "نص \"مقتبس\" \\ وسطر\nجديد é 😀 \t/ "
	body, _ := json.Marshal(strings.Repeat(unit, inPlaceMin/len(unit)+10))
	esc := string(body[1:len(body)-1]) + `\ud800x\u00e9`
	lines := `{"id":"big\u0041","title":"عنوان \"ك\"","text":"` + esc + `","label":"l"}` + "\n" +
		`{"id":"b","text":"` + esc[:40] + `","text":"small \u00e9"}` + "\n" +
		`{"text":"` + esc + `","id":7}` + "\n"
	type rec struct{ ID, Title, Text string }
	var want []rec
	for _, l := range strings.Split(strings.TrimSpace(lines), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(v["id"])
		title, _ := v["title"].(string)
		want = append(want, rec{id, title, v["text"].(string)})
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "huge.jsonl")
	if err := os.WriteFile(path, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, fields := range [][]string{{"text"}, {"title", "text"}} {
		r := NewReader([]string{path}, Options{TextFields: fields})
		var got []Document
		for r.Next() {
			got = append(got, *r.Document())
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		if len(got) != len(want) {
			t.Fatalf("fields %q: %d documents, want %d", fields, len(got), len(want))
		}
		for i, w := range want {
			text := w.Text
			if len(fields) == 2 {
				text = w.Title + "\n" + w.Text
			}
			if got[i].ID != w.ID || got[i].Text != text {
				t.Errorf("fields %q, document %d: id %q, text of %d bytes (equal %v), want id %q, %d bytes", fields, i, got[i].ID, len(got[i].Text), got[i].Text == text, w.ID, len(text))
			}
		}
	}
}

// TestReaderSharedFields checks that a field named in two roles is read
// into each: the id as the text, the label as the group, a text field
// named twice.
func TestReaderSharedFields(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"s.jsonl": "{\"id\":\"a1\",\"text\":\"t\",\"label\":\"crime\"}\n",
	})
	tests := []struct {
		opt  Options
		want string // id|text|label|group
	}{
		{Options{TextFields: []string{"id"}}, "a1|a1|crime|"},
		{Options{TextFields: []string{"id", "text"}}, "a1|a1\nt|crime|"},
		{Options{TextFields: []string{"text", "text"}}, "a1|t\nt|crime|"},
		{Options{TextFields: []string{"label"}, GroupField: "label"}, "a1|crime|crime|crime"},
		{Options{IDField: "label"}, "crime|t|crime|"},
	}
	for _, tt := range tests {
		r := NewReader([]string{filepath.Join(dir, "s.jsonl")}, tt.opt)
		var got string
		if r.Next() {
			d := r.Document()
			got = d.ID + "|" + d.Text + "|" + d.Label + "|" + d.Group
		}
		if err := r.Err(); err != nil {
			got = err.Error()
		}
		r.Close()
		if got != tt.want {
			t.Errorf("Reader(%+v) = %q, want %q", tt.opt, got, tt.want)
		}
	}
}

// TestReaderTextKeepsNoBuffer: a text file's document keeps the buffer it
// was read into, and only it: the texts of the lines read after it (a
// file holding only a BOM, then tab-separated lines, then another text
// file) are their own, unchanged when later lines are read.
func TestReaderTextKeepsNoBuffer(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"1.txt":   "\uFEFFسطر أول\nسطر ثان\n",
		"2.txt":   "\uFEFF",
		"3.tsv":   "crime\tقتل في السوق\nother\tرياضة\nother\tطقس\n",
		"4.txt":   strings.Repeat("نص طويل ", 10000),
		"5.jsonl": "{\"text\":\"أخير\"}\n",
	})
	var paths []string
	for _, f := range []string{"1.txt", "2.txt", "3.tsv", "4.txt", "5.jsonl"} {
		paths = append(paths, filepath.Join(dir, f))
	}
	r := NewReader(paths, Options{})
	defer r.Close()
	var texts []string
	for r.Next() {
		texts = append(texts, r.Document().Text)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"سطر أول\nسطر ثان\n", "قتل في السوق", "رياضة", "طقس", strings.Repeat("نص طويل ", 10000), "أخير"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("texts %q, want %q", texts, want)
	}
}
