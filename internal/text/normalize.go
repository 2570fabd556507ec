package text

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A runeStep is one normalization step on a single rune. It returns the
// rune to keep, or -1 to drop it.
type runeStep func(r rune) rune

// runeSteps are the per-rune normalization steps in pipeline order. NFKC
// works on sequences, not runes, and is handled apart (see normalize).
var runeSteps = []struct {
	step Steps
	fn   runeStep
}{
	{StepControls, dropControls},
	{StepHarakat, dropHarakat},
	{StepTatweel, dropTatweel},
	{StepAlef, foldAlef},
	{StepYeh, foldYeh},
	{StepTehMarbuta, foldTehMarbuta},
	{StepDigits, foldDigits},
	{StepSpaces, foldSpaces},
	{StepLower, lowerLatin},
}

func dropControls(r rune) rune {
	switch {
	case r >= 0x200B && r <= 0x200F, // zero-width space, ZWNJ, ZWJ, LRM, RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings and overrides
		r >= 0x2066 && r <= 0x2069, // bidi isolates
		r == 0x2060,                // word joiner
		r == 0x00AD,                // soft hyphen
		r == 0x061C,                // Arabic letter mark
		r == 0xFEFF:                // BOM, zero-width no-break space
		return -1
	}
	return r
}

func dropHarakat(r rune) rune {
	if (r >= 0x064B && r <= 0x065F) || r == 0x0670 {
		return -1
	}
	return r
}

func dropTatweel(r rune) rune {
	if r == 0x0640 {
		return -1
	}
	return r
}

func foldAlef(r rune) rune {
	switch r {
	case 'آ', 'أ', 'إ', 'ٱ':
		return 'ا'
	}
	return r
}

func foldYeh(r rune) rune {
	if r == 'ى' {
		return 'ي'
	}
	return r
}

func foldTehMarbuta(r rune) rune {
	if r == 'ة' {
		return 'ه'
	}
	return r
}

func foldDigits(r rune) rune {
	switch {
	case r >= 0x0660 && r <= 0x0669:
		return '0' + r - 0x0660
	case r >= 0x06F0 && r <= 0x06F9:
		return '0' + r - 0x06F0
	}
	return r
}

func foldSpaces(r rune) rune {
	switch r {
	case 0x00A0, 0x2007, 0x202F, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x2009, 0x200A, 0x205F, 0x3000:
		return ' '
	}
	return r
}

func lowerLatin(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	if unicode.Is(unicode.Latin, r) {
		return unicode.ToLower(r)
	}
	return r
}

// tableSize covers ASCII, Latin-1 and the Arabic block U+0600–U+06FF, the
// runes of nearly all Arabic news text; they go through a lookup table.
const tableSize = 0x700

// A normalizer applies the per-rune steps of one Settings value.
type normalizer struct {
	nfkc   bool
	spaces bool
	steps  []runeStep
	// table[r] is the result of steps for r < tableSize (-1: drop).
	table [tableSize]rune
	// inert[r] is true when r < tableSize is known to be unchanged by NFKC
	// in any context after the per-rune steps: it has no compatibility
	// decomposition and neither composes with nor reorders against its
	// neighbours. Text made only of inert runes skips NFKC.
	inert [tableSize]bool
}

func newNormalizer(steps Steps) *normalizer {
	n := &normalizer{nfkc: steps&StepNFKC != 0, spaces: steps&StepSpaces != 0}
	for _, rs := range runeSteps {
		if steps&rs.step != 0 {
			n.steps = append(n.steps, rs.fn)
		}
	}
	for r := rune(0); r < tableSize; r++ {
		n.table[r] = n.slow(r)
		n.inert[r] = inertRune(r, steps)
	}
	return n
}

// slow applies the per-rune steps to r without the table.
func (n *normalizer) slow(r rune) rune {
	for _, fn := range n.steps {
		if r = fn(r); r < 0 {
			return -1
		}
	}
	return r
}

func inertRune(r rune, steps Steps) bool {
	if r >= 0x0600 && r <= 0x06FF && ((r >= 0x064B && r <= 0x065F) || r == 0x0670) {
		// Harakat are combining marks that NFKC reorders; they are inert
		// only when the pipeline removes them.
		return steps&StepHarakat != 0
	}
	if steps&StepSpaces != 0 && foldSpaces(r) == ' ' {
		// NFKC and the spaces step both make these U+0020.
		return true
	}
	return nfkcInert(r)
}

var (
	bmpInertOnce sync.Once
	bmpInert     []bool // bmpInert[r] = nfkcInert(r) for r in the BMP
)

// nfkcInert reports whether NFKC leaves r unchanged in any context: r maps
// to itself, has canonical combining class 0, and never combines with the
// rune before it. (A rune after it that could combine with it is itself not
// inert.)
func nfkcInert(r rune) bool {
	if r < utf8.RuneSelf {
		return true
	}
	if r == utf8.RuneError {
		return true
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	p := norm.NFKC.Properties(buf[:n])
	return p.CCC() == 0 && p.BoundaryBefore() && norm.NFKC.IsNormal(buf[:n])
}

func inertAbove(r rune) bool {
	if r >= 0x10000 {
		return false
	}
	bmpInertOnce.Do(func() {
		bmpInert = make([]bool, 0x10000)
		for r := rune(0); r < 0x10000; r++ {
			bmpInert[r] = nfkcInert(r)
		}
	})
	return bmpInert[r]
}

// mapString applies the per-rune steps to s, appending to dst. Invalid
// UTF-8 becomes U+FFFD. It reports whether every rune of s was inert.
func (n *normalizer) mapString(dst []byte, s string) ([]byte, bool) {
	clean := true
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		var size int
		if c < utf8.RuneSelf {
			r, size = rune(c), 1
		} else if c >= 0xC2 && c <= 0xDB && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			// Two-byte sequence below U+0700: Latin-1 and Arabic.
			r, size = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if r < tableSize {
			clean = clean && n.inert[r]
			r = n.table[r]
		} else {
			clean = clean && (inertAbove(r) || n.spaces && foldSpaces(r) == ' ')
			r = n.slow(r)
		}
		switch {
		case r < 0:
		case r < utf8.RuneSelf:
			dst = append(dst, byte(r))
		case r < 0x800:
			dst = append(dst, 0xC0|byte(r>>6), 0x80|byte(r)&0x3F)
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst, clean
}

// normalize appends the normalization of s to dst.
//
// NFKC comes first, so that a letter written with a combining hamza is the
// same as the precomposed letter; the per-rune steps follow. Removing a
// rune can leave text that NFKC would change again (a Latin letter and a
// combining accent that a zero-width joiner kept apart), so the two are
// repeated until the result is stable. Text made only of inert runes, which
// is nearly all Arabic news text, needs a single pass.
func (n *normalizer) normalize(dst []byte, s string) []byte {
	start := len(dst)
	dst, clean := n.mapString(dst, s)
	if !n.nfkc || clean {
		return dst
	}
	dst, _ = n.mapString(dst[:start], norm.NFKC.String(s))
	for i := 0; i < 4 && !norm.NFKC.IsNormal(dst[start:]); i++ {
		again := norm.NFKC.String(string(dst[start:]))
		dst, _ = n.mapString(dst[:start], again)
	}
	return dst
}
