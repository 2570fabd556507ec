package classify

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/khabar-nlp/khabar/internal/version"
)

// TestModelFileBytes checks the worked example of the format comment.
func TestModelFileBytes(t *testing.T) {
	m := mustTrain(t, []Example{{"x y", "a"}, {"y", "b"}}, Options{})
	got, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	hdr := `{"khabar":"` + version.Version + `","pipeline":"text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off stem=off",` +
		`"model":"multinomial","alpha":1,"priors":"documents","features":"words","min_count":0,` +
		`"labels":[{"name":"a","documents":1,"tokens":2},{"name":"b","documents":1,"tokens":1}],"words":2,"bigrams":0}`
	want := []byte("KHABARNB\x01\x00\x00\x00")
	want = binary.LittleEndian.AppendUint32(want, uint32(len(hdr)))
	want = append(want, hdr...)
	want = append(want, "\x01x\x01\x00\x01y\x01\x01"...)
	want = binary.LittleEndian.AppendUint64(want, xxhash.Sum64(want))
	if !bytes.Equal(got, want) {
		t.Errorf("model file:\n%q\nwant\n%q", got, want)
	}
	if version.Version == "0.1.0" {
		if len(got) != 351 || !bytes.HasSuffix(got, []byte("\x69\xf2\x3b\x1f\x04\xf1\xef\x4d")) {
			t.Errorf("model file of %d bytes ends in %x, want 351 bytes ending in 69f23b1f04f1ef4d (the format comment's example)", len(got), got[len(got)-8:])
		}
	}
}

func TestModelRoundTrip(t *testing.T) {
	ex := readTSV(t, "testdata/nb_train.tsv")
	for _, opts := range []Options{
		{},
		{Bigrams: true, Alpha: 0.25, Complement: true, UniformPriors: true, MinCount: 2},
		{Text: text.Settings{Stem: true, StopWords: true, Skip: text.StepTehMarbuta | text.StepNFKC}, Bigrams: true},
	} {
		m := mustTrain(t, ex, opts)
		data, err := m.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got, err := Load("m", data)
		if err != nil {
			t.Fatalf("%+v: Load: %v", opts, err)
		}
		if !got.Equal(m) {
			t.Errorf("%+v: loaded model differs", opts)
		}
		again, _ := got.MarshalBinary()
		if !bytes.Equal(again, data) {
			t.Errorf("%+v: re-encoded model differs", opts)
		}
		for _, e := range ex {
			p, q := m.Classify(e.Text), got.Classify(e.Text)
			if p.Label != q.Label || p.Prob != q.Prob {
				t.Errorf("%+v: loaded model classifies %q as %s %v, trained model %s %v", opts, e.Text, q.Label, q.Prob, p.Label, p.Prob)
			}
		}
	}
}

// withChecksum fixes the checksum of a model file edited by a test.
func withChecksum(b []byte) []byte {
	b = bytes.Clone(b)
	end := len(b) - 8
	binary.LittleEndian.PutUint64(b[end:], xxhash.Sum64(b[:end]))
	return b
}

func TestLoadErrors(t *testing.T) {
	m := mustTrain(t, []Example{{"x y", "a"}, {"y", "b"}}, Options{})
	good, _ := m.MarshalBinary()
	// replace edits the header or the body and fixes the header length
	// and the checksum, to make files that pass the checksum but are wrong.
	replace := func(old, new string) []byte {
		hlen := binary.LittleEndian.Uint32(good[12:])
		hdr := bytes.Replace(good[16:16+hlen], []byte(old), []byte(new), 1)
		body := good[16+hlen : len(good)-8]
		if bytes.Equal(hdr, good[16:16+hlen]) {
			body = bytes.Replace(body, []byte(old), []byte(new), 1)
		}
		out := binary.LittleEndian.AppendUint32(bytes.Clone(good[:12]), uint32(len(hdr)))
		out = append(append(out, hdr...), body...)
		return withChecksum(append(out, make([]byte, 8)...))
	}
	newer := bytes.Clone(good)
	newer[8] = 6
	zeroVersion := bytes.Clone(good)
	zeroVersion[8] = 0
	flipped := bytes.Clone(good)
	flipped[len(flipped)-12] ^= 1
	tests := []struct {
		name string
		data []byte
		err  error
		msg  string
	}{
		{"empty", nil, ErrNotModel, "classify: M: not a khabar model"},
		{"text", []byte("crime\tpolice arrest suspect\n"), ErrNotModel, "classify: M: not a khabar model"},
		{"gob", []byte("\x0e\xff\x81\x03\x01\x01\x0fserializable"), ErrNotModel, "not a khabar model"},
		{"magic only", good[:8], ErrNotModel, "not a khabar model"},
		{"version 0", zeroVersion, ErrNotModel, "not a khabar model"},
		{"newer", newer, ErrNewer, "classify: M: format 6 is newer than this program (reads 5)"},
		{"prefix only", good[:16], ErrChecksum, "classify: M: is corrupt (checksum)"},
		{"truncated", good[:len(good)-1], ErrChecksum, "classify: M: is corrupt (checksum)"},
		{"flipped bit", flipped, ErrChecksum, "is corrupt (checksum)"},
		{"extra byte", append(bytes.Clone(good), 0), ErrChecksum, "is corrupt (checksum)"},
		{"pipeline", replace("text/1 norm", "text/9 norm"), ErrPipeline, `classify: M: text pipeline unknown to this program: "text/9 norm=`},
		{"model kind", replace("multinomial", "bernoullixx"), ErrMalformed, `model "bernoullixx"`},
		{"one label", replace(`{"name":"a","documents":1,"tokens":2},`, ""), ErrMalformed, "1 labels"},
		{"label order", replace(`"name":"a"`, `"name":"c"`), ErrMalformed, "increasing order"},
		{"empty label", replace(`"name":"a"`, `"name":""`), ErrMalformed, "classify: M: malformed model: empty label"},
		{"zero documents", replace(`"documents":1`, `"documents":0`), ErrMalformed, "0 documents"},
		{"alpha", replace(`"alpha":1`, `"alpha":0`), ErrMalformed, "alpha 0"},
		{"word count", replace(`"words":2`, `"words":3`), ErrMalformed, "do not fit"},
		{"unknown field", replace(`"words":2`, `"wordz":2`), ErrMalformed, "unknown field"},
		{"words order", replace("\x01x\x01\x00\x01y", "\x01y\x01\x00\x01x"), ErrMalformed, "increasing order"},
		{"zero counts", replace("\x01x\x01\x00", "\x01x\x00\x00"), ErrMalformed, "no counts"},
	}
	for _, tt := range tests {
		_, err := Load("M", tt.data)
		var le *LoadError
		if !errors.Is(err, tt.err) || !errors.As(err, &le) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: Load = %v, want %v with %q", tt.name, err, tt.err, tt.msg)
		}
		if _, rerr := ReadModel("M", bytes.NewReader(tt.data)); fmt.Sprint(rerr) != fmt.Sprint(err) {
			t.Errorf("%s: ReadModel = %v, Load = %v", tt.name, rerr, err)
		}
	}
}

// endless is a reader that never ends, like /dev/zero, and counts what
// was read from it.
type endless struct {
	b    byte
	read int
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.b
	}
	e.read += len(p)
	return len(p), nil
}

// TestReadModelStopsEarly: a stream that does not start like a model is
// refused after its prefix, not read to its end (which may never come).
func TestReadModelStopsEarly(t *testing.T) {
	for _, tt := range []struct {
		prefix string
		b      byte
		err    error
	}{{"", 0, ErrNotModel}, {"", 'K', ErrNotModel}, {magic + "\x09\x00\x00\x00", 0, ErrNewer}} {
		e := &endless{b: tt.b}
		_, err := ReadModel("M", io.MultiReader(strings.NewReader(tt.prefix), e))
		if !errors.Is(err, tt.err) || len(tt.prefix)+e.read > 4096 {
			t.Errorf("ReadModel(%q then endless %q) = %v after %d bytes, want %v after at most 4096", tt.prefix, tt.b, err, len(tt.prefix)+e.read, tt.err)
		}
	}
	if _, err := LoadFile(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("LoadFile(folder) = %v, want an error saying it is a directory", err)
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "topics.model")
	m := mustTrain(t, readTSV(t, "testdata/nb_train.tsv"), Options{})
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(m) {
		t.Error("model read back differs")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d files after WriteFile, want 1 (no temporary file left)", len(entries))
	}
	if err := m.WriteFile(filepath.Join(dir, "no/such/dir/m")); err == nil {
		t.Error("WriteFile into a missing folder succeeded")
	}
	if _, err := LoadFile(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("LoadFile(missing) = %v", err)
	}
}

// TestFormat3Bytes checks the worked example of format 3 in the format
// comment.
func TestFormat3Bytes(t *testing.T) {
	m := mustTrain(t, []Example{{"x y", "a"}, {"y", "b"}}, Options{TF: TFLog, Temperature: 2})
	got, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if want := format3Example(3, ""); !bytes.Equal(got, want) {
		t.Errorf("model file:\n%q\nwant\n%q", got, want)
	}
}

// format3Example returns the file of the example of format 3 (the
// model of the format-1 example trained with tf "log" and temperature 2)
// as format version ver, with extra after the cv field of the header.
func format3Example(ver byte, extra string) []byte {
	hdr := `{"khabar":"` + version.Version + `","pipeline":"text/1 norm=nfkc,harakat,tatweel,alef,yeh,teh,digits,controls,spaces,lower stop=off stem=off",` +
		`"model":"multinomial","alpha":1,"priors":"documents","features":"words","min_count":0,` +
		`"labels":[{"name":"a","documents":1,"tokens":2},{"name":"b","documents":1,"tokens":1}],"words":2,"bigrams":0,` +
		`"tf":"log","idf":false,"length_norm":false,"weight_norm":false,"temperature":2,"counts":"weights","cv":null` + extra + `}`
	want := []byte("KHABARNB" + string([]byte{ver, 0, 0, 0}))
	want = binary.LittleEndian.AppendUint32(want, uint32(len(hdr)))
	want = append(want, hdr...)
	ln2 := "\xef\x39\xfa\xfe\x42\x2e\xe6\x3f"
	want = append(want, "\x01x\x01\x00"+ln2+"\x01y\x02\x00"+ln2+"\x01"+ln2...)
	return binary.LittleEndian.AppendUint64(want, xxhash.Sum64(want))
}

// TestFormat4Bytes: a model with a map of its top probability is format
// 4, the header of format 3 and the map's points; it loads back equal and
// classifies the same.
func TestFormat4Bytes(t *testing.T) {
	m := mustTrain(t, []Example{{"x y", "a"}, {"y", "b"}}, Options{TF: TFLog, Temperature: 2})
	m.topMap = &topMap{x: []float64{0.5, 0.75}, y: []float64{0.25, 1}}
	got, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if want := format3Example(4, `,"calibration":[[0.5,0.25],[0.75,1]]`); !bytes.Equal(got, want) {
		t.Errorf("model file:\n%q\nwant\n%q", got, want)
	}
	loaded, err := Load("m", got)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.Equal(m) {
		t.Errorf("loaded model differs")
	}
	for _, text := range []string{"x", "y", "x y y"} {
		p, q := m.Classify(text), loaded.Classify(text)
		if !slices.Equal(p.Probs, q.Probs) || p.Label != q.Label {
			t.Errorf("Classify(%q) = %v, loaded %v", text, p, q)
		}
	}
	// A map that is not monotone is refused.
	bad := bytes.Replace(got[:len(got)-8], []byte("[[0.5,0.25],[0.75,1]]"), []byte("[[0.5,0.95],[0.75,0]]"), 1)
	bad = binary.LittleEndian.AppendUint64(bad, xxhash.Sum64(bad))
	if _, err := Load("m", bad); err == nil || !strings.Contains(err.Error(), "calibration") {
		t.Errorf("Load of a decreasing map = %v, want an error naming calibration", err)
	}
}
