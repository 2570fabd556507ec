package cli

import (
	"bufio"
	"encoding/json"

	"github.com/khabar-nlp/khabar/internal/corpus"
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
see. With no PATH, or PATH "-", it reads standard input as one document.`,
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
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for r.Next() {
		doc := r.Document()
		toks := tk.Tokens(doc.Text)
		if opts.JSON {
			strs := make([]string, len(toks))
			for i, t := range toks {
				strs[i] = string(t)
			}
			if err := enc.Encode(struct {
				ID     string   `json:"id"`
				Tokens []string `json:"tokens"`
			}{doc.ID, strs}); err != nil {
				return err
			}
			continue
		}
		if opts.IDs {
			w.WriteString(text.OneLine(doc.ID))
			w.WriteByte('\t')
		}
		for i, t := range toks {
			if i > 0 {
				w.WriteByte(' ')
			}
			w.Write(t)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return r.Err()
}
