package analyze

import (
	"fmt"
	"testing"
)

// page builds units from a compact description: each element is a label
// index (0 or 1) whose words the passage uses, or 'B' for boilerplate, or
// 'C' for a repeated caption (two units).
func page(desc string, tokensPer int) []unit {
	var us []unit
	line := 1
	add := func(u unit) {
		u.line, u.endLine = line, line
		line += 2
		us = append(us, u)
	}
	for _, ch := range desc {
		switch ch {
		case '0', '1':
			ll := []float64{-8, -8}
			ll[ch-'0'] = -5
			for c := range ll {
				ll[c] *= float64(tokensPer)
			}
			add(unit{tokens: tokensPer, ll: ll, content: true})
		case 'B':
			add(unit{tokens: 4, boiler: true})
		case 'C':
			add(unit{tokens: 6, ll: []float64{-40, -40}, content: true, opensCaption: true})
			add(unit{tokens: 6})
		}
	}
	return us
}

func TestSegment(t *testing.T) {
	prior := []float64{-0.7, -0.7}
	tests := []struct {
		desc string
		want string
	}{
		{"0000000", "[0 7]"},
		{"0000C1111", "[0 4] [4 10]"},         // caption opens the second article
		{"0000BB1111", "[0 6] [6 10]"},        // cut after the boilerplate block
		{"00000000011111111", "[0 9] [9 17]"}, // long, strong topic shift
		{"0000001", "[0 7]"},                  // one passage of another topic: too short
		{"C0000", "[0 6]"},                    // leading caption: nothing before it
		{"000010000", "[0 9]"},                // an aside does not split a page
	}
	for _, tt := range tests {
		s := newSegmenter(page(tt.desc, 10), prior, SegmentOptions{MinTokens: 25})
		got := ""
		for i, sp := range s.split() {
			if i > 0 {
				got += " "
			}
			got += fmt.Sprintf("[%d %d]", sp.from, sp.to)
		}
		if got != tt.want {
			t.Errorf("split(%q) = %s, want %s", tt.desc, got, tt.want)
		}
	}
}
