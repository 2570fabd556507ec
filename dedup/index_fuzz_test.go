package dedup

import (
	"encoding/hex"
	"slices"
	"testing"
)

// TestIndexRecordBytes pins the bytes of the records the format comment
// describes: a unit (nine uvarints, then the checksum: the low 32 bits of
// xxhash64 of those bytes, little-endian), a representative (little-endian
// u64s, then the checksum), a format 1 band key (table, mixed key, rep)
// and a format 2 block key (table u16, mixed key, rep). The
// bodies are written out by hand from the format; the checksums and the
// mixed key are this program's (xxhash has its own known-answer tests).
func TestIndexRecordBytes(t *testing.T) {
	u := unitRec{doc: 0, passage: 0, line: 1, endLine: 1, start: 0, end: 7, tokens: 4, shingles: 2, rep: 0}
	if got, want := hex.EncodeToString(encodeUnit(u)), "000001010007040200"+"169a6116"; got != want {
		t.Errorf("encodeUnit(%+v) = %s, want %s", u, got, want)
	}
	x := &Index{o: Options{Method: MinHashLSH, Bands: 2}}
	r := repRec{exact: 1, keys: []uint64{2, 3}, set: []uint64{4, 5}}
	want := "0100000000000000" + "0200000000000000" + "0300000000000000" + "0400000000000000" + "0500000000000000" + "48a18fbc"
	if got := hex.EncodeToString(x.encodeRep(r)); got != want {
		t.Errorf("encodeRep(%+v) = %s, want %s", r, got, want)
	}
	if got := hex.EncodeToString(bandKey(1, 2, 3)); got != "01"+"dbd23897"+"00000003" {
		t.Errorf("bandKey(1, 2, 3) = %s", got)
	}
	// Format 2: a band entry's value and the key of a block that starts
	// with it.
	if got := hex.EncodeToString(blockKey(1, bandValue(2, 3))); got != "0001"+"dbd23897"+"00000003" {
		t.Errorf("blockKey(1, bandValue(2, 3)) = %s", got)
	}
}

// FuzzIndexRecords checks that the record decoders never panic on any
// bytes, and that what they accept encodes back to the same bytes.
func FuzzIndexRecords(f *testing.F) {
	x := &Index{o: Options{Method: MinHashLSH, Bands: 2}}
	f.Add(encodeUnit(unitRec{line: 1, endLine: 3, end: 99, tokens: 5, shingles: 3, rep: 7}))
	f.Add(x.encodeRep(repRec{exact: 9, keys: []uint64{1, 2}, set: []uint64{3, 4, 5}}))
	f.Add([]byte{})
	f.Add(encodeRuns([]runInfo{{0, 16}, {3, 200}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		if u, err := decodeUnit(b); err == nil {
			if got := encodeUnit(u); !slices.Equal(got, b) {
				t.Errorf("decodeUnit(%x) = %+v, which encodes to %x", b, u, got)
			}
		}
		if r, err := x.decodeRep(b); err == nil {
			if got := x.encodeRep(r); !slices.Equal(got, b) {
				t.Errorf("decodeRep(%x) = %+v, which encodes to %x", b, r, got)
			}
		}
		if rs, err := parseRuns(b); err == nil {
			if got := encodeRuns(rs); !slices.Equal(got, b) {
				t.Errorf("parseRuns(%x) = %v, which encodes to %x", b, rs, got)
			}
		}
		if o, err := parseIndexSpec(string(b)); err == nil {
			if got := indexSpec(o); got != string(b) {
				t.Errorf("parseIndexSpec(%q) gives %q", b, got)
			}
		}
	})
}
