package corpus

// FormatOf returns the format a Reader with Options.Format forced reads
// path in: forced when it is not FormatAuto, text for standard input ("-"),
// else the format named by the file name.
func FormatOf(path string, forced Format) Format {
	switch {
	case forced != FormatAuto:
		return forced
	case path == "-":
		return FormatText
	}
	return formatOf(path)
}
