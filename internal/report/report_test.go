package report

import "testing"

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain id", "plain id"},
		{"a\tb", "a b"},
		{"x\ty\r\nz", "x y  z"},
		{"سطر\nثان", "سطر ثان"},
		{"\t\n", "  "},
	}
	for _, tt := range tests {
		if got := OneLine(tt.in); got != tt.want {
			t.Errorf("OneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRound: Round agrees with the text forms' Score, ties included, so
// that JSON and text show the same figure.
func TestRound(t *testing.T) {
	tests := []struct {
		x        float64
		decimals int
		want     float64
		score    string
	}{
		{0, 3, 0, "0.000"},
		{1, 3, 1, "1.000"},
		{2.0 / 3, 3, 0.667, "0.667"},
		{0.9411764705882353, 6, 0.941176, "0.941"},
		{0.8125, 3, 0.812, "0.812"}, // an exact binary tie: to even, as %.3f
		{0.99951, 3, 1, "1.000"},
	}
	for _, tt := range tests {
		if got := Round(tt.x, tt.decimals); got != tt.want {
			t.Errorf("Round(%v, %d) = %v, want %v", tt.x, tt.decimals, got, tt.want)
		}
		if got := Score(tt.x); got != tt.score {
			t.Errorf("Score(%v) = %q, want %q", tt.x, got, tt.score)
		}
	}
}
