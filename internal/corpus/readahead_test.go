package corpus

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadAhead(t *testing.T) {
	big := bytes.Repeat([]byte("داعش 0123456789\n"), 300000) // 5 MB, several blocks
	tests := []struct {
		name string
		src  io.Reader
		want []byte
		err  error
	}{
		{"empty", strings.NewReader(""), nil, nil},
		{"small", strings.NewReader("abc"), []byte("abc"), nil},
		{"blocks", bytes.NewReader(big), big, nil},
		{"one byte reads", iotest.OneByteReader(strings.NewReader("hello")), []byte("hello"), nil},
		{"error after data", io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(errors.New("boom"))), []byte("partial"), errors.New("boom")},
	}
	for _, tt := range tests {
		ra := newReadAhead(tt.src)
		got, err := io.ReadAll(ra)
		ra.Close()
		if !bytes.Equal(got, tt.want) {
			t.Errorf("%s: read %d bytes, want %d", tt.name, len(got), len(tt.want))
		}
		if (err == nil) != (tt.err == nil) || (err != nil && err.Error() != tt.err.Error()) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.err)
		}
	}
}

func TestReadAheadCloseEarly(t *testing.T) {
	ra := newReadAhead(bytes.NewReader(make([]byte, 10<<20)))
	buf := make([]byte, 10)
	if _, err := ra.Read(buf); err != nil {
		t.Fatal(err)
	}
	ra.Close() // must not block or leak a blocked goroutine
	ra.Close()
}

func TestReadAheadKeepsUnexpectedEOF(t *testing.T) {
	src := io.MultiReader(strings.NewReader("cut"), iotest.ErrReader(io.ErrUnexpectedEOF))
	got, err := io.ReadAll(newReadAhead(src))
	if string(got) != "cut" || err != io.ErrUnexpectedEOF {
		t.Errorf("ReadAll = %q, %v; want \"cut\", io.ErrUnexpectedEOF", got, err)
	}
}
