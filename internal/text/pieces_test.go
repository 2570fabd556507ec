package text

import (
	"slices"
	"strings"
	"testing"

	"github.com/khabar-nlp/khabar/seeds"
)

// piecesTokens returns the tokens of s, tokenized n bytes at a time with
// TokenPieces, as new strings.
func piecesTokens(t *Tokenizer, s string, n int) []string {
	var out []string
	for toks := range t.TokenPieces(s, n) {
		for _, tok := range toks {
			out = append(out, string(tok))
		}
	}
	return out
}

var piecesSettings = []Settings{{}, {Skip: StepHarakat}, {Skip: StepControls | StepSpaces}, {Stem: true, StopWords: true}, {Skip: AllSteps}}

func TestPieces(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want []string
	}{
		{"", 4, nil},
		{"abc", 4, []string{"abc"}},
		{"ab\ncd\nef", 4, []string{"ab\n", "cd\n", "ef"}},
		{"ab\ncd\nef", 6, []string{"ab\ncd\n", "ef"}},
		{"abcdefgh\nij", 3, []string{"abcdefgh\n", "ij"}},
		{"abcdefgh", 3, []string{"abcdefgh"}},
		{"a\n\n\n\nb", 1, []string{"a\n", "\n", "\n", "\n", "b"}},
		{"ab\n", 2, []string{"ab\n"}},
	} {
		got := slices.Collect(Pieces(tc.s, tc.n))
		if !slices.Equal(got, tc.want) {
			t.Errorf("Pieces(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
		if joined := strings.Join(got, ""); joined != tc.s {
			t.Errorf("Pieces(%q, %d) joined = %q, want the text", tc.s, tc.n, joined)
		}
	}
}

// TestTokenPieces: the tokens of a text tokenized a piece at a time are the
// tokens of the whole, for texts with line breaks next to combining marks,
// controls, invalid UTF-8 and presentation forms, and the sample pages.
func TestTokenPieces(t *testing.T) {
	texts := []string{
		"",
		"\n\n",
		"كَتَبَ\nالولد\r\nفي ﻻ المدرسة\n",
		"e\n\u0301x\n\u200d\u0301\n",
		"bad\xff\n\xe0\n\xe0\xa0\nok",
		"word\u00a0\nnext\u2028line\u0640\nتـــم",
		"ABC\nİstanbul\nǅ\n",
	}
	for _, p := range seeds.Pages() {
		texts = append(texts, p.Text)
	}
	for _, st := range piecesSettings {
		p := New(st)
		tk := p.NewTokenizer()
		for _, s := range texts {
			want := p.Tokens(s)
			for _, n := range []int{1, 2, 5, 64, 4096, PieceSize} {
				if got := piecesTokens(tk, s, n); !slices.Equal(got, want) {
					t.Errorf("%v: TokenPieces(%.40q, %d) = %q, want %q", st, s, n, got, want)
				}
			}
		}
	}
}

// FuzzTokenPieces: tokenizing a piece at a time never changes the tokens.
func FuzzTokenPieces(f *testing.F) {
	for _, s := range []string{"كَتَبَ\nب", "e\n\u0301", "a\n\u200d\u0301b", "\xff\n\xe0\n", "ﻻ\nﻻ", "x\u00a0\n\u00a0y"} {
		f.Add(s, uint8(1))
	}
	var pipes []*Pipeline
	for _, st := range piecesSettings {
		pipes = append(pipes, New(st))
	}
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		for _, p := range pipes {
			want := p.Tokens(s)
			if got := piecesTokens(p.NewTokenizer(), s, int(n)); !slices.Equal(got, want) {
				t.Fatalf("%v: TokenPieces(%q, %d) = %q, want %q", p.Settings(), s, n, got, want)
			}
		}
	})
}

// TestCarry: the tokens kept are copies, also when kept from themselves.
func TestCarry(t *testing.T) {
	var c Carry
	toks := func(ts [][]byte) []string {
		var out []string
		for _, t := range ts {
			out = append(out, string(t))
		}
		return out
	}
	if w := c.Window([][]byte{[]byte("a")}); !slices.Equal(toks(w), []string{"a"}) {
		t.Errorf("Window with nothing kept = %q, want [a]", toks(w))
	}
	in := [][]byte{[]byte("ab"), []byte("c")}
	c.Keep(in)
	in[0][0], in[1][0] = 'x', 'y' // the caller's buffer is reused
	w := c.Window([][]byte{[]byte("d")})
	if got, want := toks(w), []string{"ab", "c", "d"}; !slices.Equal(got, want) {
		t.Errorf("Window = %q, want %q", got, want)
	}
	c.Keep(w[1:]) // from the window of the tokens kept
	c.Keep(c.Tokens())
	if got, want := toks(c.Tokens()), []string{"c", "d"}; !slices.Equal(got, want) {
		t.Errorf("Tokens() = %q, want %q", got, want)
	}
	c.Keep(c.Window(nil)[1:])
	if got, want := toks(c.Tokens()), []string{"d"}; !slices.Equal(got, want) {
		t.Errorf("Tokens() = %q, want %q", got, want)
	}
	c.Reset()
	if got := c.Tokens(); len(got) != 0 {
		t.Errorf("after Reset: %q, want none", toks(got))
	}
}
