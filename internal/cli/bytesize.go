package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Sizes in bytes
//
// A size flag (khabar dedup --mem) is a number, integer or decimal, and
// a unit: B, kB or KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB
// (powers of 1024), in any case, with or without a space between them; a
// number alone is bytes. 256MiB is 268,435,456 bytes, 500MB 500,000,000,
// 1.5GiB 1,610,612,736. A fraction of a byte is dropped. Single letters
// (256M, 2G) are refused, since tools disagree about whether they count
// in thousands or in 1024s.

// sizeUnits are the units of a size, lower-cased, and their bytes.
var sizeUnits = map[string]float64{
	"": 1, "b": 1,
	"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
	"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
}

// parseSize parses a size in bytes (see Sizes in bytes); it must be more
// than 0 and fit an int64.
func parseSize(s string) (int64, error) {
	bad := func(why string) (int64, error) {
		return 0, fmt.Errorf("size %q: %s (want a number and a unit, such as 256MiB, 2GiB or 500MB)", s, why)
	}
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	if num == "" || strings.Count(num, ".") > 1 || num == "." {
		return bad("no number")
	}
	mult, ok := sizeUnits[unit]
	if !ok {
		return bad(fmt.Sprintf("unit %q", t[i:]))
	}
	whole, frac, _ := strings.Cut(num, ".")
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseUint(whole, 10, 64)
	if err != nil || float64(w)*mult >= math.MaxInt64 {
		return bad("too large")
	}
	n := int64(w) * int64(mult)
	if frac != "" {
		f, err := strconv.ParseFloat("0."+frac, 64)
		if err != nil {
			return bad("no number")
		}
		n += int64(f * mult)
	}
	if n <= 0 {
		return bad("not more than 0")
	}
	return n, nil
}

// formatSize writes n bytes in the largest binary unit that divides it
// (256MiB), or in bytes.
func formatSize(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

// A sizeFlag is a pflag.Value of a size in bytes; 0 when not given.
type sizeFlag struct{ n *int64 }

func (f sizeFlag) String() string {
	if f.n == nil || *f.n == 0 {
		return ""
	}
	return formatSize(*f.n)
}

func (f sizeFlag) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*f.n = n
	return nil
}

func (f sizeFlag) Type() string { return "size" }
