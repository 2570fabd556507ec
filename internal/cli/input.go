package cli

import (
	"strings"

	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/text"
	"github.com/spf13/pflag"
)

// InputFlags are the flags that say how to read documents; every command
// that reads a corpus has them.
type InputFlags struct {
	Format     string
	TextFields string
	IDField    string
	LabelField string

	flags *pflag.FlagSet // to tell a flag given from its default
}

func (f *InputFlags) register(fs *pflag.FlagSet) {
	f.flags = fs
	fs.StringVar(&f.Format, "format", "", "input format: text, jsonl, tsv or fasttext (default: from each file name)")
	fs.StringVar(&f.TextFields, "text-field", "text", "JSON Lines fields joined into the text, comma-separated (e.g. title,text)")
	fs.StringVar(&f.IDField, "id-field", "id", "JSON Lines field holding the document id")
	fs.StringVar(&f.LabelField, "label-field", "label", "JSON Lines field holding the label")
}

// options checks the flags and returns the corpus options.
func (f *InputFlags) options(io *IOStreams) (corpus.Options, error) {
	format, err := corpus.ParseFormat(f.Format)
	if err != nil {
		return corpus.Options{}, usageError{err}
	}
	var fields []string
	for _, s := range strings.Split(f.TextFields, ",") {
		if s = strings.TrimSpace(s); s != "" {
			fields = append(fields, s)
		}
	}
	if len(fields) == 0 {
		return corpus.Options{}, usagef("--text-field is empty")
	}
	return corpus.Options{
		Format:     format,
		TextFields: fields,
		IDField:    f.IDField,
		LabelField: f.LabelField,
		Stdin:      io.In,
		Warn:       func(err error) { problemf(io, "%s", userMessage(err)) },
		Sniffed: func(path string, f corpus.Format) {
			notef(io, "%s: no --format given; reading it as %s, from its first line", path, formatName(f))
		},
		FieldsGiven: f.flags != nil && f.flags.Changed("text-field"),
	}, nil
}

// PipelineFlags choose the text pipeline's settings.
type PipelineFlags struct {
	SkipNorm  string
	Stem      bool
	StopWords bool
}

func (f *PipelineFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.SkipNorm, "skip-norm", "", "normalization steps to leave out, comma-separated: "+text.AllSteps.String())
	fs.BoolVar(&f.Stem, "stem", false, "apply the light10 Arabic stemmer")
	fs.BoolVar(&f.StopWords, "stopwords", false, "drop Arabic stop words")
}

func (f *PipelineFlags) settings() (text.Settings, error) {
	skip, err := text.ParseSteps(f.SkipNorm)
	if err != nil {
		return text.Settings{}, usageError{err}
	}
	return text.Settings{Skip: skip, Stem: f.Stem, StopWords: f.StopWords}, nil
}

// formatName names an input format for a person.
func formatName(f corpus.Format) string {
	switch f {
	case corpus.FormatJSONL:
		return "JSON Lines"
	case corpus.FormatFastText:
		return "fastText"
	case corpus.FormatTSV:
		return "TSV"
	}
	return "one text document"
}
