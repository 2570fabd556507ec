package cli

import (
	"bufio"
	"unicode/utf8"

	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/report"
	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/spf13/cobra"
)

// TokensOptions are the options of "khabar tokens".
type TokensOptions struct {
	IO       *IOStreams
	Paths    []string
	Input    InputFlags
	Pipeline PipelineFlags
	JSON     bool
	IDs      bool

	corpus   corpus.Options
	settings text.Settings
}

// NewCmdTokens returns "khabar tokens". When runF is not nil it is called
// instead of the real work, so tests can check the flags.
func NewCmdTokens(io *IOStreams, runF func(*TokensOptions) error) *cobra.Command {
	opts := &TokensOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "tokens [PATH...]",
		Short: "Print the tokens the text pipeline makes of each document",
		Long: `Print the tokens the text pipeline makes of each document, one document per
line, tokens separated by spaces: exactly what the dedup and classify models
see. With no PATH, or PATH "-", it reads standard input: one text
document, or JSON Lines or fastText when its first line says so (or
--format).`,
		Example: `  echo 'كَتَبَ' | khabar tokens
  khabar tokens --stem --stopwords seeds/*.txt
  khabar tokens --json --text-field title,text articles.jsonl.gz | head`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if len(opts.Paths) == 0 {
				opts.Paths = []string{"-"}
			}
			var err error
			if opts.corpus, err = opts.Input.options(io); err != nil {
				return err
			}
			if opts.settings, err = opts.Pipeline.settings(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runTokens(opts)
		},
	}
	opts.Input.register(cmd.Flags())
	opts.Pipeline.register(cmd.Flags())
	cmd.Flags().BoolVar(&opts.JSON, "json", false, `JSON Lines output: {"id": ..., "tokens": [...]}`)
	cmd.Flags().BoolVar(&opts.IDs, "ids", false, "start each line with the document id and a tab")
	return cmd
}

func runTokens(opts *TokensOptions) error {
	tk := text.New(opts.settings).NewTokenizer()
	r := openCorpus(opts.IO, opts.Paths, opts.corpus)
	defer r.Close()
	w := bufio.NewWriterSize(opts.IO.Out, 1<<16)
	var quoted []byte
	for r.Next() {
		doc := r.Document()
		switch {
		case opts.JSON:
			quoted = appendJSONString(quoted[:0], doc.ID)
			w.WriteString(`{"id":`)
			w.Write(quoted)
			w.WriteString(`,"tokens":[`)
		case opts.IDs:
			w.WriteString(report.OneLine(doc.ID))
			w.WriteByte('\t')
		}
		n := 0
		// A long text is tokenized a piece at a time, so that a document
		// of hundreds of megabytes costs a few times its size, not the
		// 24 bytes per token of a slice of all of them.
		for toks := range tk.TokenPieces(doc.Text, tokensPiece) {
			for _, t := range toks {
				if n > 0 {
					if opts.JSON {
						w.WriteByte(',')
					} else {
						w.WriteByte(' ')
					}
				}
				n++
				if opts.JSON {
					quoted = appendJSONString(quoted[:0], string(t))
					w.Write(quoted)
				} else {
					w.Write(t)
				}
			}
		}
		if opts.JSON {
			w.WriteString("]}")
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return r.Err()
}

// tokensPiece is about the longest piece of a text tokenized at once
// (text.PieceSize; tests make it small).
var tokensPiece = text.PieceSize

// appendJSONString appends s as a JSON string, byte for byte as
// encoding/json writes it without HTML escaping: \" \\ \b \f \n \r \t,
// other control characters and U+2028, U+2029 as \u00XX or \u20XX, and
// invalid UTF-8 as \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c >= 0x20:
				dst = append(dst, c)
			case c == '\b':
				dst = append(dst, '\\', 'b')
			case c == '\f':
				dst = append(dst, '\\', 'f')
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
