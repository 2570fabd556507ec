package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/spf13/cobra"
)

// Error messages
//
// Every error is one line of the shape
//
//	khabar: COMMAND: FILE:LINE: what
//
// naming the command the user ran (left out for the root command) and,
// when the error is about an input, its file and line. The library
// packages start their errors with their own names ("corpus: ...",
// "classify: ..."), which say where in the code the error arose, not what
// the user did; errorLine takes them out.

// packagePrefix matches a package name at the start of the message or of
// one of its ": "-separated parts.
var packagePrefix = regexp.MustCompile(`(^|: )(corpus|classify|dedup|analyze|text|models|safefile): `)

// errorLine returns the line that reports err from the command cmd of
// root, without "khabar: " and the line break.
func errorLine(root, cmd *cobra.Command, err error) string {
	msg := userMessage(err)
	if cmd != nil && cmd != root {
		name := strings.TrimPrefix(cmd.CommandPath(), root.Name()+" ")
		// Errors made by the command itself may start with its name
		// ("dedup: --output: ...").
		msg = strings.TrimPrefix(msg, name+": ")
		msg = name + ": " + msg
	}
	return msg
}

// userMessage returns err's message as the user should read it.
func userMessage(err error) string {
	var ce *corpus.Error
	if errors.Is(err, corpus.ErrFieldsOnText) && errors.As(err, &ce) {
		return ce.Path + ": --text-field names JSON Lines fields, but this input is read as one text document: give --format jsonl (or leave out --text-field)"
	}
	msg := oneLine(err.Error())
	for {
		m := packagePrefix.ReplaceAllString(msg, "$1")
		if m == msg {
			return msg
		}
		msg = m
	}
}

// cannotWrite is the error of an output that cannot be written: the path
// as the user gave it and the reason, without the temporary name.
func cannotWrite(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	reason := err.Error()
	if errors.Is(err, fs.ErrNotExist) {
		if _, serr := os.Stat(filepath.Dir(path)); serr != nil {
			reason = "no such directory"
		}
	}
	return errors.New("cannot write " + path + ": " + reason)
}
