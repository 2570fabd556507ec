package corpus

// FormatOf returns the format the name of path gives under Options.Format
// forced: forced when it is not FormatAuto, text for standard input ("-"),
// else the format named by the file name. A Reader sniffs the content of a
// file that this says is text (see the package comment); Reader.Format
// says what it chose.
func FormatOf(path string, forced Format) Format {
	switch {
	case forced != FormatAuto:
		return forced
	case path == "-":
		return FormatText
	}
	return formatOf(path)
}
