package classify

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func TestCharGrams(t *testing.T) {
	hashes := func(grams ...string) []uint64 {
		var out []uint64
		for _, g := range grams {
			out = append(out, xxhash.Sum64String(g))
		}
		return out
	}
	tests := []struct {
		in   string
		want []uint64
	}{
		{"", nil},
		{"a", hashes("a")},
		{"aa", hashes("a", "aa")},
		{"ab \t\n c", hashes("a", "ab", "ab ", "ab c", "b", "b ", "b c", " ", " c", "c")},
		{"عيد", hashes("ع", "عي", "عيد", "ي", "يد", "د")},
		{"abcde", hashes("a", "ab", "abc", "abcd", "b", "bc", "bcd", "bcde", "c", "cd", "cde", "d", "de", "e")},
		{"abab", hashes("a", "ab", "aba", "abab", "b", "ba", "bab")},
		// Only the first routerRunes characters count.
		{strings.Repeat("a", routerRunes) + "b", hashes("a", "aa", "aaa", "aaaa")},
		{strings.Repeat("a", routerRunes-1) + "  b", hashes("a", "aa", "aaa", "aaaa", "aaa ", "aa ", "a ", " ")},
	}
	var g gramScratch
	for _, tt := range tests {
		if got := g.charGrams(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("charGrams(%q) = %x, want %x", tt.in, got, tt.want)
		}
	}
}

// groupedExamples are two outlets that use labels a and b the other way
// round: outlet x writes with "!" and files apples under a, outlet y
// writes with "?" and files apples under b.
var groupedExamples = []struct{ text, label, group string }{
	{"apple apple pie !", "a", "x"},
	{"apple tart !", "a", "x"},
	{"banana split !", "b", "x"},
	{"banana bread !", "b", "x"},
	{"banana pie ?", "a", "y"},
	{"banana cake ?", "a", "y"},
	{"apple juice ?", "b", "y"},
	{"apple cider ?", "b", "y"},
	{"cherry jam ?", "c", "y"},
}

func trainGrouped(t *testing.T, opts Options, order []int) *GroupedModel {
	t.Helper()
	tr, err := NewTrainer(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range order {
		ex := groupedExamples[i]
		if err := tr.AddGrouped(ex.text, ex.label, ex.group); err != nil {
			t.Fatal(err)
		}
	}
	m, err := tr.GroupedModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func allExamples() []int {
	order := make([]int, len(groupedExamples))
	for i := range order {
		order[i] = i
	}
	return order
}

func TestGroupedClassify(t *testing.T) {
	m := trainGrouped(t, Options{}, allExamples())
	if got, want := m.Groups(), []string{"x", "y"}; !slices.Equal(got, want) {
		t.Fatalf("Groups() = %q, want %q", got, want)
	}
	if got, want := m.Labels(), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Fatalf("Labels() = %q, want %q", got, want)
	}
	tests := []struct {
		in, want string
	}{
		{"apple !", "a"},
		{"apple ?", "b"},
		{"banana !", "b"},
		{"banana ?", "a"},
		{"!", Unknown}, // routed, but no word known
	}
	for _, tt := range tests {
		p := m.Classify(tt.in)
		if p.Label != tt.want {
			t.Errorf("Classify(%q) = %q (%v), want %q", tt.in, p.Label, p.Probs, tt.want)
		}
	}
	// Group x never used label c: its probability is 0, not a share.
	p := m.Classify("apple !")
	if p.Probs[2] != 0 || math.Abs(p.Probs[0]+p.Probs[1]-1) > 1e-12 {
		t.Errorf("Classify(%q).Probs = %v, want c at 0 and a+b = 1", "apple !", p.Probs)
	}
	// The same text through one model of all documents: the two outlets'
	// apples cancel out, which is what groups are for.
	var flat []Example
	for _, ex := range groupedExamples {
		flat = append(flat, Example{ex.text, ex.label})
	}
	one, err := Train(flat, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := one.Classify("apple ?"), m.Classify("apple ?"); a.Label == b.Label {
		t.Errorf("ungrouped and grouped models agree on %q (%q): the fixture does not test routing", "apple ?", a.Label)
	}
	lc := m.LabelCounts()
	if lc[0].Documents != 4 || lc[1].Documents != 4 || lc[2].Documents != 1 {
		t.Errorf("LabelCounts() = %+v, want 4, 4 and 1 documents", lc)
	}
}

func TestGroupedDeterministic(t *testing.T) {
	want, err := trainGrouped(t, Options{Complement: true}, allExamples()).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	rev := allExamples()
	slices.Reverse(rev)
	got, err := trainGrouped(t, Options{Complement: true}, rev).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("documents in reverse order give another model file")
	}
}

func TestGroupedRoundTrip(t *testing.T) {
	m := trainGrouped(t, Options{Bigrams: true, UniformPriors: true, Alpha: 0.5}, allExamples())
	data, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if v := binary.LittleEndian.Uint32(data[8:]); v != groupedVersion {
		t.Errorf("format version %d, want %d", v, groupedVersion)
	}
	if _, err := Load("g", data); !errors.Is(err, ErrGrouped) {
		t.Errorf("Load of a grouped model's file = %v, want ErrGrouped", err)
	}
	c, err := LoadClassifier("g", data)
	if err != nil {
		t.Fatal(err)
	}
	m2, ok := c.(*GroupedModel)
	if !ok {
		t.Fatalf("LoadClassifier of a grouped model's file = %T, want *GroupedModel", c)
	}
	if !m2.Equal(m) {
		t.Error("loaded grouped model differs")
	}
	data2, _ := m2.MarshalBinary()
	if !bytes.Equal(data, data2) {
		t.Error("grouped model file is not byte-stable")
	}
	for _, s := range []string{"apple !", "banana ?", "cherry"} {
		if a, b := m.Classify(s), m2.Classify(s); !slices.Equal(a.Probs, b.Probs) {
			t.Errorf("Classify(%q) = %v after loading, want %v", s, b.Probs, a.Probs)
		}
	}
}

// TestGroupedMerge checks that counts merged from parts, or from a saved
// model, give the model of all the documents.
func TestGroupedMerge(t *testing.T) {
	want, _ := trainGrouped(t, Options{}, allExamples()).MarshalBinary()
	a, _ := NewTrainer(Options{})
	b, _ := NewTrainer(Options{})
	for i, ex := range groupedExamples {
		tr := a
		if i%2 == 1 {
			tr = b
		}
		if err := tr.AddGrouped(ex.text, ex.label, ex.group); err != nil {
			t.Fatal(err)
		}
	}
	all, _ := NewTrainer(Options{})
	empty, _ := NewTrainer(Options{})
	for _, tr := range []*Trainer{empty, a, b} {
		if err := all.AddTrainer(tr); err != nil {
			t.Fatal(err)
		}
	}
	m, err := all.GroupedModel()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := m.MarshalBinary(); !bytes.Equal(got, want) {
		t.Error("AddTrainer of two halves differs from training on all")
	}

	first := trainGrouped(t, Options{}, []int{0, 2, 4, 6})
	cont, _ := NewTrainer(Options{})
	if err := cont.AddModel(first); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{1, 3, 5, 7, 8} {
		ex := groupedExamples[i]
		if err := cont.AddGrouped(ex.text, ex.label, ex.group); err != nil {
			t.Fatal(err)
		}
	}
	if m, err = cont.GroupedModel(); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.MarshalBinary(); !bytes.Equal(got, want) {
		t.Error("AddModel then the other documents differs from training on all")
	}
}

func TestGroupedErrors(t *testing.T) {
	tr, _ := NewTrainer(Options{})
	tr.Add("x", "a")
	if err := tr.AddGrouped("x", "a", "g"); !errors.Is(err, ErrGroupMix) {
		t.Errorf("AddGrouped after Add = %v, want %v", err, ErrGroupMix)
	}
	tr, _ = NewTrainer(Options{})
	tr.AddGrouped("x", "a", "g")
	if err := tr.Add("x", "a"); !errors.Is(err, ErrGroupMix) {
		t.Errorf("Add after AddGrouped = %v, want %v", err, ErrGroupMix)
	}
	flat, _ := Train([]Example{{"x", "a"}, {"y", "b"}}, Options{})
	if err := tr.AddModel(flat); !errors.Is(err, ErrGroupMix) {
		t.Errorf("AddModel(ungrouped) on a grouped Trainer = %v, want %v", err, ErrGroupMix)
	}
	for _, g := range []string{"", " g", Unknown} {
		if err := tr.AddGrouped("x", "a", g); err == nil || !strings.HasPrefix(err.Error(), "group: ") {
			t.Errorf("AddGrouped(group %q) = %v, want a group error", g, err)
		}
	}

	tests := []struct {
		name string
		docs [][3]string
		want string
	}{
		{"one group", [][3]string{{"x", "a", "g"}, {"y", "b", "g"}}, "at least two groups"},
		{"one label in a group", [][3]string{{"x", "a", "g"}, {"y", "b", "g"}, {"z", "a", "h"}}, `group "h": classify: need documents of at least two labels`},
	}
	for _, tt := range tests {
		tr, _ := NewTrainer(Options{})
		for _, d := range tt.docs {
			if err := tr.AddGrouped(d[0], d[1], d[2]); err != nil {
				t.Fatal(err)
			}
		}
		_, err := tr.GroupedModel()
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrTooFewLabels) {
			t.Errorf("%s: GroupedModel() = %v, want %q", tt.name, err, tt.want)
		}
		if _, err := tr.Model(); !errors.Is(err, ErrGrouped) {
			t.Errorf("%s: Model() of a grouped Trainer = %v, want ErrGrouped", tt.name, err)
		}
	}
}

// TestGroupedLoadErrors breaks grouped files in ways a checksum does not
// catch (the checksum is fixed after each change).
func TestGroupedLoadErrors(t *testing.T) {
	m := trainGrouped(t, Options{}, allExamples())
	data, _ := m.MarshalBinary()
	flat, _ := Train([]Example{{"x", "a"}, {"y", "b"}}, Options{})
	flatData, _ := flat.MarshalBinary()
	hlen := int(binary.LittleEndian.Uint32(data[12:]))
	body := data[prefixLen+hlen : len(data)-checksumLen]
	routerLen := binary.LittleEndian.Uint64(body)
	router := body[8 : 8+routerLen]

	replaceHeader := func(old, new string) []byte {
		return withChecksum(bytes.Replace(data, []byte(old), []byte(new), 1))
	}
	// grouped rebuilds a grouped file from parts.
	grouped := func(parts ...[]byte) []byte {
		out := slices.Clone(data[:prefixLen+hlen])
		for _, p := range parts {
			out = binary.LittleEndian.AppendUint64(out, uint64(len(p)))
			out = append(out, p...)
		}
		return withChecksum(append(out, make([]byte, checksumLen)...))
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"groups count", replaceHeader(`"groups":2`, `"groups":3`), "part 3: truncated"},
		{"model kind", replaceHeader(`"grouped"`, `"complex"`), `model "complex" in a file of format 2`},
		{"unknown field", replaceHeader(`"groups"`, `"grupos"`), "unknown field"},
		{"words as router", grouped(flatData, flatData, flatData), "router: want a complement model of chars"},
		{"router as group", grouped(router, router, router), `features "chars" outside a grouped model's router`},
		{"nested", grouped(router, data, data), "a grouped model inside a grouped model"},
		{"part missing", grouped(router, flatData), "part 2: truncated"},
		{"one group", replaceHeader(`"groups":2`, `"groups":1`), "1 groups"},
		{"bytes after", grouped(router, flatData, flatData, []byte("x")), "bytes after the last group"},
		{"chars alone", router, `features "chars" outside a grouped model's router`},
	}
	for _, tt := range tests {
		_, err := LoadClassifier("G", tt.data)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: LoadClassifier = %v, want %q", tt.name, err, tt.want)
		}
	}
}
