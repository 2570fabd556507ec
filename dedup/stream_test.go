package dedup

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// withLong makes every unit longer than piece bytes long, tokenized piece
// bytes at a time, with sets sorted run hashes at a time, and cuts
// documents into parts of about piece bytes of passages, until the
// returned function is called.
func withLong(piece, run int) func() {
	p, r, b := pieceSize, setRun, batchText
	pieceSize, setRun, batchText = piece, run, piece
	return func() { pieceSize, setRun, batchText = p, r, b }
}

// TestSignLong: a unit signed a piece at a time (shingles across pieces,
// exact hash token by token, the set from sorted runs) has the record of
// the unit signed at once, field for field, and Find the same result, for
// word and character shingles of every size from 1, both methods, both
// levels, and units shorter than one shingle.
func TestSignLong(t *testing.T) {
	docs := append(stageDocs(t),
		Doc{"short", "ب"},
		Doc{"two", "كلمة\nثانية"},
		Doc{"long-tokens", "abcdefghijklmnop\nqrstuvwxyz0123456789\n" + strings.Repeat("x", 40)},
		Doc{"blank", "\n\n  \n"},
		Doc{"bad", "\xff\xfe نص\n\xe0 آخر"},
	)
	var opts []Options
	opts = append(opts, stageOptions...)
	opts = append(opts, Options{Containment: 0.7}, Options{Level: DocumentLevel, Containment: 0.5, Stars: true})
	for _, sh := range []Shingling{{N: 1}, {N: 2}, {N: 5}, {Chars: true, N: 1}, {Chars: true, N: 3}, {Chars: true, N: 12}} {
		opts = append(opts, Options{Shingle: sh}, Options{Shingle: sh, Level: DocumentLevel, Method: SimHashBits})
	}
	for _, o := range opts {
		_, want := signAll(t, docs, o)
		o.Pairs = true
		wantRes, err := Find(slices.Values(docs), o)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range [][2]int{{1, 3}, {7, 1}, {60, 64}, {500, 1 << 20}} {
			restore := withLong(size[0], size[1])
			_, got := signAll(t, docs, o)
			gotRes, err := Find(slices.Values(docs), o)
			restore()
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%+v, pieces of %d: %d records, want %d", o, size[0], len(got), len(want))
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("%+v, pieces of %d, runs of %d: record %d\n%+v\nwant\n%+v", o, size[0], size[1], i, got[i], want[i])
				}
			}
			if !reflect.DeepEqual(gotRes, wantRes) {
				t.Errorf("%+v, pieces of %d, runs of %d: Find found %+v\n%+v\nwant %+v\n%+v", o, size[0], size[1], gotRes.Stats, gotRes.Pairs, wantRes.Stats, wantRes.Pairs)
			}
		}
	}
}

func TestMergeRuns(t *testing.T) {
	for _, tc := range []struct {
		runs [][]uint64
		want []uint64
	}{
		{nil, []uint64{}},
		{[][]uint64{{}, {}}, []uint64{}},
		{[][]uint64{{1, 5, 9}}, []uint64{1, 5, 9}},
		{[][]uint64{{1, 5, 9}, {2, 5, 10}, {}, {0, 9, 1 << 63}}, []uint64{0, 1, 2, 5, 9, 10, 1 << 63}},
		{[][]uint64{{3}, {3}, {3}}, []uint64{3}},
	} {
		n := mergeRuns(nil, tc.runs)
		got := make([]uint64, 0, n)
		got = got[:mergeRuns(got, tc.runs)]
		if !slices.Equal(got, tc.want) {
			t.Errorf("mergeRuns(%v) = %v, want %v", tc.runs, got, tc.want)
		}
		var b setBuilder
		b.runs = tc.runs
		if got := b.set(); !slices.Equal(got, tc.want) {
			t.Errorf("setBuilder with runs %v: set() = %v, want %v", tc.runs, got, tc.want)
		}
	}
}

// FuzzSignLong: signing a unit a piece at a time never changes its record.
func FuzzSignLong(f *testing.F) {
	for _, s := range []string{"كتب الولد\nفي المدرسة", "a\nb\nc d e\n", "x", "\xff\n\xe0 ب", "ﻻ\n\u0301 e\u200d"} {
		f.Add(s, uint8(1), uint8(3), false)
		f.Add(s, uint8(4), uint8(1), true)
	}
	f.Fuzz(func(t *testing.T, s string, piece, n uint8, chars bool) {
		sh := Shingling{N: 1 + int(n%8)}
		if chars {
			sh.Chars = true
		}
		docs := []Doc{{"d", s}, {"e", s + "\n" + s}}
		for _, o := range []Options{{Shingle: sh, Level: DocumentLevel}, {Shingle: sh, Method: SimHashBits}} {
			_, want := signAll(t, docs, o)
			restore := withLong(int(piece%16), 1+int(n%5))
			_, got := signAll(t, docs, o)
			restore()
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%v, pieces of %d: records\n%+v\nwant\n%+v", sh, piece%16, got, want)
			}
		}
	})
}
