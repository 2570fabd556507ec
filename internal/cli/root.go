// Package cli is khabar's command tree. Each command lives in its own file
// with an options struct that its flags fill; the work is done by the
// library packages. Only this package decides exit codes and what reaches
// the terminal.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes.
const (
	ExitOK      = 0 // success
	ExitFailure = 1 // the work failed: unreadable input, a corrupt model, ...
	ExitUsage   = 2 // the command line is wrong
)

// IOStreams are the standard streams of one run, so that tests can use
// in-memory buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// OutTTY tells whether Out is a terminal: results are aligned tables
	// for a person there, tab-separated or JSON Lines otherwise.
	OutTTY bool
	// ErrTTY tells whether ErrOut is a terminal: long reads show their
	// progress there.
	ErrTTY bool
	// InTTY tells whether In is a terminal: dedup and analyze run on the
	// embedded sample pages when they are given no PATH and nothing is
	// piped in.
	InTTY bool

	// Pretty asks for the report for a person (aligned tables, excerpts)
	// when Out is not a terminal (--pretty).
	Pretty bool

	// Quiet turns off progress, notes and summaries on standard error
	// (--quiet); warnings about the input and errors still print.
	Quiet bool

	// problems counts the input problems reported so far (see problemf).
	problems atomic.Int64
	// command is the name of the command running ("dedup"), which every
	// line on standard error names after "khabar: ".
	command string
}

// System returns the process's streams. A stream is a terminal when the
// terminal driver says so (isatty), not merely when it is a character
// device: /dev/null is not a terminal.
func System() *IOStreams {
	return &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY: isTerminal(os.Stdin), OutTTY: isTerminal(os.Stdout), ErrTTY: isTerminal(os.Stderr)}
}

// human tells whether results are written for a person: Out is a
// terminal, or --pretty asks for it.
func (s *IOStreams) human() bool { return s.OutTTY || s.Pretty }

// isTerminal tells whether f is a terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// useSeeds tells whether a command with embedded sample pages (dedup,
// analyze) runs on them: only when it is given no PATH and standard input
// is a terminal. Given no PATH with standard input piped or redirected, it
// reads standard input, as if given "-".
func useSeeds(io *IOStreams, paths *[]string) bool {
	if len(*paths) > 0 {
		return false
	}
	if io.InTTY {
		return true
	}
	*paths = []string{"-"}
	return false
}

// A usageError is a mistake on the command line (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// prefix starts every line khabar writes to standard error: "khabar: "
// and the command's name, as in errors.
func (s *IOStreams) prefix() string {
	if s.command == "" {
		return "khabar: "
	}
	return "khabar: " + s.command + ": "
}

// warnf prints a warning line to standard error.
func warnf(io *IOStreams, format string, args ...any) {
	if io.Quiet {
		return
	}
	fmt.Fprintf(io.ErrOut, io.prefix()+"warning: "+format+"\n", args...)
}

// notef prints a note on standard error: something khabar chose that the
// user may want to know (the format it sniffed). --quiet silences it.
func notef(io *IOStreams, format string, args ...any) {
	if io.Quiet {
		return
	}
	fmt.Fprintf(io.ErrOut, io.prefix()+format+"\n", args...)
}

// problemf reports a problem with the input that does not stop the work (a
// skipped unreadable, binary or empty file, repaired invalid UTF-8): one line on
// standard error now, and exit code 1 when the command has done the rest.
func problemf(io *IOStreams, format string, args ...any) {
	io.problems.Add(1)
	fmt.Fprintf(io.ErrOut, io.prefix()+format+"\n", args...)
}

const exitCodesHelp = `
Exit codes:
  0  success
  1  failure (unreadable or corrupt input, a failed write, ...), or input
     problems that did not stop the work (a skipped unreadable, binary or
     empty file, repaired invalid UTF-8): each is reported on its own line
  2  usage error (unknown flag, bad value, missing argument, flags that
     contradict the model given with --model, an output that overlaps
     the input)
`

// NewCmdRoot returns the khabar command tree.
func NewCmdRoot(io *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "khabar",
		Short: "Clean and sort Arabic news text: duplicate passages and topics",
		Long: `khabar finds exact and near-duplicate passages in scraped news, and labels
articles by topic with a naive Bayes model trained on your own labeled files.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.ErrOut)
	root.SetUsageTemplate(root.UsageTemplate() + exitCodesHelp)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentPreRun = func(cmd *cobra.Command, _ []string) {
		if cmd != root {
			// "dedup", or "index add" for a subcommand.
			io.command = strings.TrimPrefix(cmd.CommandPath(), root.Name()+" ")
		}
	}
	root.PersistentFlags().BoolVarP(&io.Pretty, "pretty", "p", false, "the report for a person (aligned columns, excerpts, summary), as on a terminal, even into a file or a pipe")
	root.PersistentFlags().BoolVarP(&io.Quiet, "quiet", "q", false, "no progress line, notes or summaries on standard error; warnings and errors still print")
	root.AddCommand(
		NewCmdAnalyze(io, nil),
		NewCmdTokens(io, nil),
		NewCmdDedup(io, nil),
		NewCmdIndex(io),
		NewCmdTrain(io, nil),
		NewCmdClassify(io, nil),
		NewCmdEval(io, nil),
		NewCmdVersion(io),
	)
	root.Version = versionString()
	root.SetVersionTemplate("khabar {{.Version}}\n")
	root.Flags().BoolP("version", "V", false, "print the version and exit")
	root.SetHelpCommand(newCmdHelp(root))
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			// Without a Run, "completion tcsh" printed the help and
			// exited 0.
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(c *cobra.Command, args []string) error {
				if len(args) > 0 {
					return usagef("unknown shell %q (want bash, zsh, fish or powershell)", args[0])
				}
				return c.Help()
			}
		}
	}
	registerCompletions(root)
	return root
}

// flagValues are the values completion offers for the flags that take
// one of a few.
var flagValues = map[string][]string{
	"level":   {"passage", "document"},
	"method":  {"minhash", "simhash"},
	"cluster": {"connected", "star"},
	"format":  {"text", "jsonl", "tsv", "fasttext"},
	"shingle": {"word:1", "word:2", "word:3", "word:4", "word:5",
		"char:3", "char:4", "char:5", "char:6", "char:7"},
}

// registerCompletions makes shell completion offer flagValues for every
// command that has those flags.
func registerCompletions(root *cobra.Command) {
	for _, c := range root.Commands() {
		for name, values := range flagValues {
			if c.Flags().Lookup(name) != nil {
				c.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
			}
		}
		registerCompletions(c) // the subcommands of "index"
	}
}

// newCmdHelp returns "khabar help [COMMAND]", which, unlike cobra's, fails
// with a usage error on a command that does not exist.
func newCmdHelp(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		ValidArgsFunction: func(_ *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var names []cobra.Completion
			if len(args) == 0 {
				for _, c := range root.Commands() {
					if c.IsAvailableCommand() && strings.HasPrefix(c.Name(), toComplete) {
						names = append(names, cobra.CompletionWithDesc(c.Name(), c.Short))
					}
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err != nil || cmd == nil || len(rest) > 0 {
				return usagef("unknown help topic %q; the commands are listed by khabar help", strings.Join(args, " "))
			}
			return cmd.Help()
		},
	}
}

// Main runs khabar with args and returns the exit code.
func Main(args []string, io *IOStreams) int {
	root := NewCmdRoot(io)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		if n := io.problems.Load(); n > 0 {
			if !io.Quiet {
				fmt.Fprintf(io.ErrOut, "%s%s reported above; the rest of the input was processed\n", io.prefix(), plural(int(n), "input problem"))
			}
			return ExitFailure
		}
		return ExitOK
	}
	fmt.Fprintf(io.ErrOut, "khabar: %s\n", errorLine(root, cmd, err))
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) || errors.Is(err, corpus.ErrFieldsOnText) {
		return ExitUsage
	}
	return ExitFailure
}

// isCobraUsage recognises the errors cobra returns for a wrong command line.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "requires at most", "invalid argument"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
