package corpus

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestJSONFields(t *testing.T) {
	tests := []struct {
		in   string
		want []string // id, text; "<absent>" or "<null>"
		err  bool
	}{
		{`{"id":"a","text":"b"}`, []string{"a", "b"}, false},
		{` { "text" : "x\"y\\z\/\n\t\u0628\ud83d\ude00" , "id" : 12.5e3 } `, []string{"12.5e3", "x\"y\\z/\n\tب😀"}, false},
		{`{"id":null,"text":true,"other":{"a":[1,2,{"b":null}]}}`, []string{"<null>", "true"}, false},
		{`{"text":"a","text":"b"}`, []string{"<absent>", "b"}, false},
		{`{"text":"\ud800x"}`, []string{"<absent>", "\uFFFDx"}, false},
		{`{}`, []string{"<absent>", "<absent>"}, false},
		{`{"text":"a"} x`, nil, true},
		{`["text"]`, nil, true},
		{`{"text":"a",}`, nil, true},
		{`{"text":"a\x"}`, nil, true},
		{"{\"text\":\"a\tb\"}", nil, true},
		{`{"n":01}`, nil, true},
		{`{"n":-}`, nil, true},
		{`{"n":tru}`, nil, true},
		{`{"text":"a"`, nil, true},
		{`{"text":{"a":1}}`, nil, true},
		{``, nil, true},
	}
	for _, tt := range tests {
		f := newJSONFields([]string{"id", "text"})
		err := f.parse([]byte(tt.in))
		if (err != nil) != tt.err {
			t.Errorf("parse(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err != nil {
			continue
		}
		for i, w := range tt.want {
			got := string(f.vals[i])
			if !f.present[i] {
				got = "<absent>"
			} else if f.isNull[i] {
				got = "<null>"
			}
			if got != w {
				t.Errorf("parse(%q) field %s = %q, want %q", tt.in, f.names[i], got, w)
			}
		}
	}
}

// FuzzJSONFields checks the decoder against encoding/json: both accept the
// same lines (for objects), and the string fields they read are equal.
func FuzzJSONFields(f *testing.F) {
	for _, s := range []string{`{"id":"a","text":"b"}`, `{"text":"\u0628\ud83d\ude00","n":[1,{"x":null}],"id":3}`, `{"text":"a\ud800"}`, `{"id":1e5,"text":"x"}`, `{"text":"\xff"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		fields := newJSONFields([]string{"id", "text"})
		err := fields.parse(line)
		var ref map[string]any
		refErr := json.Unmarshal(line, &ref)
		if refErr != nil || ref == nil {
			// encoding/json rejects it (or it is null): we must reject it too,
			// unless the only complaint is about something we do not check.
			if err == nil && !strings.Contains(refErr.Error(), "invalid UTF-8") && refErr != nil {
				t.Fatalf("parse(%q) = nil, encoding/json: %v", line, refErr)
			}
			return
		}
		if err != nil {
			// The reader refuses an object or array in a wanted field,
			// which encoding/json accepts into an any.
			for _, name := range fields.names {
				switch ref[name].(type) {
				case map[string]any, []any:
					return
				}
			}
			t.Fatalf("parse(%q) = %v, encoding/json accepts it", line, err)
		}
		for i, name := range fields.names {
			v, ok := ref[name]
			if ok != fields.present[i] {
				t.Fatalf("parse(%q) present[%s] = %v, want %v", line, name, fields.present[i], ok)
			}
			// encoding/json replaces every invalid byte with U+FFFD, the
			// reader a whole run of them: compare with runs collapsed.
			if s, isStr := v.(string); isStr && collapseFFFD(strings.ToValidUTF8(string(fields.vals[i]), "\uFFFD")) != collapseFFFD(s) {
				t.Fatalf("parse(%q) %s = %q, encoding/json %q", line, name, fields.vals[i], s)
			}
		}
	})
}

// FuzzReaderJSONL feeds arbitrary bytes as a JSON Lines file: the reader
// never panics, and every error names the file and a line.
func FuzzReaderJSONL(f *testing.F) {
	f.Add([]byte("{\"id\":\"a\",\"text\":\"b\"}\n{\"id\":\n"))
	f.Add([]byte("\uFEFF{\"text\":\"x\"}\r\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader([]string{"-"}, Options{Format: FormatJSONL, Stdin: strings.NewReader(string(data))})
		for r.Next() {
			if d := r.Document(); !utf8.ValidString(d.Text) || !utf8.ValidString(d.ID) {
				t.Fatalf("document %q has invalid UTF-8", d.ID)
			}
		}
		if err := r.Err(); err != nil && !strings.HasPrefix(err.Error(), "corpus: -:") {
			t.Fatalf("error %q does not name the file and line", err)
		}
	})
}

func collapseFFFD(s string) string {
	for strings.Contains(s, "\uFFFD\uFFFD") {
		s = strings.ReplaceAll(s, "\uFFFD\uFFFD", "\uFFFD")
	}
	return s
}

// FuzzReaderLines feeds arbitrary bytes, plain or gzip-compressed, as a
// text, TSV or fastText file, with or without required labels: the reader
// never panics; documents are valid UTF-8, come in line order, and carry a
// label when labels are required; every error names the file and a line.
func FuzzReaderLines(f *testing.F) {
	f.Add([]byte("crime\tقتل\nother\tرياضة\r\n"), uint8(1), false, true)
	f.Add([]byte("__label__a __label__b x\nplain\n\xff"), uint8(2), false, true)
	f.Add([]byte("\uFEFFسطر\r\nثان"), uint8(0), false, false)
	f.Add([]byte("\tno label\n"), uint8(1), true, true)
	f.Fuzz(func(t *testing.T, data []byte, format uint8, compress, labels bool) {
		formats := []Format{FormatText, FormatTSV, FormatFastText, FormatJSONL}
		fm := formats[int(format)%len(formats)]
		in := string(data)
		if compress {
			in = gz(in)
		}
		r := NewReader([]string{"-"}, Options{Format: fm, RequireLabels: labels, Stdin: strings.NewReader(in)})
		defer r.Close()
		last := 0
		for r.Next() {
			d := r.Document()
			if !utf8.ValidString(d.Text) || !utf8.ValidString(d.ID) || !utf8.ValidString(d.Label) {
				t.Fatalf("%v: document %q has invalid UTF-8", fm, d.ID)
			}
			if labels && d.Label == "" {
				t.Fatalf("%v: document %q has no label, but labels are required", fm, d.ID)
			}
			if fm != FormatText && d.Line <= last {
				t.Fatalf("%v: document %q at line %d after line %d", fm, d.ID, d.Line, last)
			}
			last = d.Line
		}
		if err := r.Err(); err != nil && !strings.HasPrefix(err.Error(), "corpus: -:") {
			t.Fatalf("%v: error %q does not name the file and line", fm, err)
		}
	})
}
