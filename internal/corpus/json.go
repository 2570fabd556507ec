package corpus

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON Lines input
//
// Each non-blank line is one JSON object (RFC 8259). The reader takes the
// fields named in Options (id, text fields, label) from the top level of the
// object and ignores the others, which are still checked to be valid JSON.
// A wanted field may be a string, a number or a boolean (its literal text
// is used), or null (treated as absent); an object or array is an error.
// When a key occurs twice, the last one wins, as with encoding/json.
//
// Example line, read with --text-field title,text:
//
//	{"id": "a1", "title": "عنوان", "text": "نص المقال", "label": "crime"}
//
// gives id "a1", text "عنوان\nنص المقال" (fields joined by a line break, in
// the order named) and label "crime".

// errJSON is wrapped by every JSON syntax error.
var errJSON = errors.New("malformed JSON")

// maxDepth bounds the nesting of skipped values.
const maxDepth = 1000

// jsonFields decodes the top-level object in line and stores the values of
// the keys in names into vals (vals[i] for names[i]; nil when absent or
// null). It reuses the byte slices in vals. present[i] tells whether the
// key occurred at all, and raw[i] is the byte range in line of the value
// of its last occurrence (what Rewrite replaces).
//
// In a line longer than inPlaceMin, a string value is decoded in place,
// over its own bytes in line (a decoded string is never longer than its
// JSON text, so the decoding writes only bytes it has read): vals[i] then
// points into line, inPlace[i] says so, and it is not reused for the next
// line. A document of hundreds of megabytes is then not copied once more.
type jsonFields struct {
	names      []string
	vals       [][]byte
	present    []bool
	isNull     []bool
	inPlace    []bool
	raw        [][2]int
	inPlaceMin int
}

// inPlaceMin is the length of a line from which its strings are decoded
// in place.
const inPlaceMin = 16 << 20

func newJSONFields(names []string) *jsonFields {
	return &jsonFields{
		names:      names,
		vals:       make([][]byte, len(names)),
		present:    make([]bool, len(names)),
		isNull:     make([]bool, len(names)),
		inPlace:    make([]bool, len(names)),
		raw:        make([][2]int, len(names)),
		inPlaceMin: inPlaceMin,
	}
}

type jsonParser struct {
	b   []byte
	pos int
}

func (j *jsonParser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w at byte %d: %s", errJSON, j.pos+1, fmt.Sprintf(format, args...))
}

func (j *jsonParser) ws() {
	for j.pos < len(j.b) {
		switch j.b[j.pos] {
		case ' ', '\t', '\n', '\r':
			j.pos++
		default:
			return
		}
	}
}

func (f *jsonFields) parse(line []byte) error {
	for i := range f.vals {
		if f.inPlace[i] {
			f.vals[i], f.inPlace[i] = nil, false // it is a part of the last line
		}
		f.vals[i] = f.vals[i][:0]
		f.present[i] = false
		f.isNull[i] = false
		f.raw[i] = [2]int{}
	}
	j := &jsonParser{b: line}
	j.ws()
	if j.pos >= len(j.b) || j.b[j.pos] != '{' {
		return j.errorf("want an object")
	}
	j.pos++
	j.ws()
	if j.pos < len(j.b) && j.b[j.pos] == '}' {
		j.pos++
		return j.end()
	}
	var key []byte
	for {
		j.ws()
		var err error
		if key, err = j.key(key[:0]); err != nil {
			return err
		}
		idx := -1
		for i, n := range f.names {
			if n == string(key) {
				idx = i
				break
			}
		}
		if idx < 0 {
			if err := j.skip(0); err != nil {
				return err
			}
		} else {
			f.present[idx] = true
			f.isNull[idx] = false
			start := j.pos
			dst := f.vals[idx][:0]
			if len(line) > f.inPlaceMin && j.pos < len(j.b) && j.b[j.pos] == '"' {
				// Decoded over its own bytes, from the first after the quote.
				dst = j.b[j.pos+1 : j.pos+1]
				f.inPlace[idx] = true
			} else if f.inPlace[idx] {
				dst, f.inPlace[idx] = nil, false // a second value of the key
			}
			if f.vals[idx], err = j.scalar(dst, f.names[idx]); err != nil {
				return err
			}
			if f.vals[idx] == nil {
				f.isNull[idx] = true
			}
			f.raw[idx] = [2]int{start, j.pos}
		}
		j.ws()
		if j.pos >= len(j.b) {
			return j.errorf("unexpected end of line in object")
		}
		switch j.b[j.pos] {
		case ',':
			j.pos++
		case '}':
			j.pos++
			return j.end()
		default:
			return j.errorf("want ',' or '}' in object")
		}
	}
}

func (j *jsonParser) end() error {
	j.ws()
	if j.pos != len(j.b) {
		return j.errorf("text after the object")
	}
	return nil
}

// key decodes an object key and the colon after it, appending the key to
// dst, and leaves j.pos at the value.
func (j *jsonParser) key(dst []byte) ([]byte, error) {
	dst, err := j.str(dst)
	if err != nil {
		return dst, err
	}
	j.ws()
	if j.pos >= len(j.b) || j.b[j.pos] != ':' {
		return dst, j.errorf("want ':' after object key")
	}
	j.pos++
	j.ws()
	return dst, nil
}

// scalar decodes a wanted value into dst: strings unescaped, numbers and
// booleans as their literal text, null as a nil slice.
func (j *jsonParser) scalar(dst []byte, name string) ([]byte, error) {
	if j.pos >= len(j.b) {
		return nil, j.errorf("missing value")
	}
	start := j.pos
	switch c := j.b[j.pos]; {
	case c == '"':
		out, err := j.str(dst)
		if out == nil {
			out = []byte{}
		}
		return out, err
	case c == '{' || c == '[':
		return nil, j.errorf("field %q is an object or array, want a string", name)
	case c == 'n':
		if err := j.skip(0); err != nil {
			return nil, err
		}
		return nil, nil
	default:
		if err := j.skip(0); err != nil {
			return nil, err
		}
		return append(dst, j.b[start:j.pos]...), nil
	}
}

// str decodes the JSON string at j.pos and appends its value to dst.
func (j *jsonParser) str(dst []byte) ([]byte, error) {
	if j.pos >= len(j.b) || j.b[j.pos] != '"' {
		return dst, j.errorf("want a string")
	}
	j.pos++
	for {
		// Copy the run up to the next quote, backslash or control byte.
		start := j.pos
		for j.pos < len(j.b) {
			c := j.b[j.pos]
			if c == '"' || c == '\\' || c < 0x20 {
				break
			}
			j.pos++
		}
		dst = append(dst, j.b[start:j.pos]...)
		if j.pos >= len(j.b) {
			return dst, j.errorf("unterminated string")
		}
		c := j.b[j.pos]
		switch {
		case c == '"':
			j.pos++
			return dst, nil
		case c < 0x20:
			return dst, j.errorf("control character 0x%02x in string", c)
		}
		// Backslash escape.
		if j.pos+1 >= len(j.b) {
			return dst, j.errorf("unterminated escape")
		}
		e := j.b[j.pos+1]
		j.pos += 2
		switch e {
		case '"', '\\', '/':
			dst = append(dst, e)
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := j.hex4()
			if !ok {
				return dst, j.errorf("bad \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				save := j.pos
				if j.pos+1 < len(j.b) && j.b[j.pos] == '\\' && j.b[j.pos+1] == 'u' {
					j.pos += 2
					var ok2 bool
					if r2, ok2 = j.hex4(); !ok2 {
						return dst, j.errorf("bad \\u escape")
					}
				}
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					r = d
				} else {
					// A lone surrogate becomes U+FFFD, as in encoding/json;
					// the following escape is decoded on its own.
					r = utf8.RuneError
					j.pos = save
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, j.errorf("bad escape \\%c", e)
		}
	}
}

func (j *jsonParser) hex4() (rune, bool) {
	if j.pos+4 > len(j.b) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(j.b[j.pos:j.pos+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	j.pos += 4
	return rune(v), true
}

// skip checks and passes over one JSON value.
func (j *jsonParser) skip(depth int) error {
	if depth > maxDepth {
		return j.errorf("nested too deeply")
	}
	if j.pos >= len(j.b) {
		return j.errorf("missing value")
	}
	switch c := j.b[j.pos]; {
	case c == '"':
		_, err := j.str(nil)
		return err
	case c == '{' || c == '[':
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		j.pos++
		j.ws()
		if j.pos < len(j.b) && j.b[j.pos] == closer {
			j.pos++
			return nil
		}
		for {
			j.ws()
			if c == '{' {
				if _, err := j.key(nil); err != nil {
					return err
				}
			}
			if err := j.skip(depth + 1); err != nil {
				return err
			}
			j.ws()
			if j.pos >= len(j.b) {
				return j.errorf("unexpected end of line")
			}
			if j.b[j.pos] == ',' {
				j.pos++
				continue
			}
			if j.b[j.pos] == closer {
				j.pos++
				return nil
			}
			return j.errorf("want ',' or '%c'", closer)
		}
	case c == 't':
		return j.literal("true")
	case c == 'f':
		return j.literal("false")
	case c == 'n':
		return j.literal("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return j.number()
	}
	return j.errorf("unexpected character %q", j.b[j.pos])
}

func (j *jsonParser) literal(want string) error {
	if len(j.b)-j.pos < len(want) || string(j.b[j.pos:j.pos+len(want)]) != want {
		return j.errorf("bad literal, want %s", want)
	}
	j.pos += len(want)
	return nil
}

// number passes over a number with the grammar of RFC 8259.
func (j *jsonParser) number() error {
	digits := func() int {
		n := 0
		for j.pos < len(j.b) && j.b[j.pos] >= '0' && j.b[j.pos] <= '9' {
			j.pos++
			n++
		}
		return n
	}
	if j.b[j.pos] == '-' {
		j.pos++
	}
	if j.pos < len(j.b) && j.b[j.pos] == '0' {
		j.pos++
	} else if digits() == 0 {
		return j.errorf("bad number")
	}
	if j.pos < len(j.b) && j.b[j.pos] == '.' {
		j.pos++
		if digits() == 0 {
			return j.errorf("bad number")
		}
	}
	if j.pos < len(j.b) && (j.b[j.pos] == 'e' || j.b[j.pos] == 'E') {
		j.pos++
		if j.pos < len(j.b) && (j.b[j.pos] == '+' || j.b[j.pos] == '-') {
			j.pos++
		}
		if digits() == 0 {
			return j.errorf("bad number")
		}
	}
	return nil
}
