package cli

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/safefile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ModelFlags choose how a model is trained; they map one to one onto
// classify.Options.
type ModelFlags struct {
	Alpha         float64
	Complement    bool
	UniformPriors bool
	Bigrams       bool
	MinCount      int
	// GroupField trains a grouped model (classify.Trainer.AddGrouped)
	// on the groups this JSON field names.
	GroupField string
}

func (f *ModelFlags) register(fs *pflag.FlagSet) {
	fs.Float64Var(&f.Alpha, "alpha", 1, "smoothing: added to every word count (Laplace 1, Lidstone below 1)")
	fs.BoolVar(&f.Complement, "complement", false, "complement naive Bayes (Rennie et al. 2003)")
	fs.BoolVar(&f.UniformPriors, "uniform-priors", false, "give every label the same prior instead of its share of the documents")
	fs.BoolVar(&f.Bigrams, "bigrams", false, "add pairs of adjacent words as features (hashed with xxhash64)")
	fs.IntVar(&f.MinCount, "min-count", 0, "drop words and bigrams seen fewer times in all the training documents")
	fs.StringVar(&f.GroupField, "group-field", "", "train one model per group named by this JSON Lines `FIELD` (e.g. source), and a router that picks the group")
}

// labeledInput checks the flags of a command that trains, and returns the
// options to read labeled documents and to train on them.
func labeledInput(io *IOStreams, in *InputFlags, m *ModelFlags, p *PipelineFlags) (corpus.Options, classify.Options, error) {
	copts, err := in.options(io)
	if err != nil {
		return copts, classify.Options{}, err
	}
	copts.LabelDirs = true
	copts.RequireLabels = true
	copts.GroupField = m.GroupField
	opts, err := trainOptions(m, p)
	return copts, opts, err
}

// trainOptions checks the flags and returns the training options.
func trainOptions(m *ModelFlags, p *PipelineFlags) (classify.Options, error) {
	settings, err := p.settings()
	if err != nil {
		return classify.Options{}, err
	}
	if !(m.Alpha > 0) || math.IsInf(m.Alpha, 0) {
		return classify.Options{}, usagef("--alpha %v: want a positive number", m.Alpha)
	}
	if m.MinCount < 0 {
		return classify.Options{}, usagef("--min-count %d: want 0 or more", m.MinCount)
	}
	return classify.Options{
		Text:          settings,
		Alpha:         m.Alpha,
		Complement:    m.Complement,
		UniformPriors: m.UniformPriors,
		Bigrams:       m.Bigrams,
		MinCount:      m.MinCount,
	}, nil
}

// TrainOptions are the options of "khabar train".
type TrainOptions struct {
	IO       *IOStreams
	Paths    []string
	Output   string
	OldModel string
	Input    InputFlags
	Pipeline PipelineFlags
	Model    ModelFlags

	corpus corpus.Options
	opts   classify.Options
	// changed lists the pipeline and model flags given on the command
	// line; with --model the others come from the old model.
	changed map[string]bool
}

// NewCmdTrain returns "khabar train". When runF is not nil it is called
// instead of the real work, so tests can check the flags.
func NewCmdTrain(io *IOStreams, runF func(*TrainOptions) error) *cobra.Command {
	opts := &TrainOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "train -o MODEL INPUT...",
		Short: "Train a topic model from labeled documents",
		Long: `Train a naive Bayes topic model from labeled documents and write it to MODEL.

Labeled input is a folder per label (ROOT/LABEL/*.txt), JSON Lines with a
label field, fastText lines (__label__LABEL TEXT) or TSV lines
(LABEL<TAB>TEXT); the format comes from each file name, or --format. Every
document needs a label, and there must be at least two labels.

The text pipeline flags (--stem, --stopwords, --skip-norm) are saved in the
model, and "khabar classify" uses them again. With --model OLD, training
continues from OLD (new labels allowed): its pipeline and --bigrams are kept,
and the other flags default to OLD's.

With --group-field FIELD (JSON Lines), the documents are grouped by FIELD,
for example the outlet that published them, and the model is one model per
group plus a router that picks a new text's group from its characters: use
it when the groups use the labels differently. Each group needs documents
of at least two labels. "khabar classify" and "khabar eval -m" use such a
model as any other; "khabar analyze" cannot.

Prints the documents, tokens and distinct features of each label; the
features of the total row is the vocabulary size.`,
		Example: `  khabar train -o topics.khm train/              # train/crime/*.txt, train/sport/*.txt, ...
  khabar train -o topics.khm --text-field title,text articles.jsonl.gz
  khabar train -o topics.khm --stem --complement labeled.tsv
  khabar train -o topics2.khm --model topics.khm more.ft
  khabar train -o ant.khm --text-field title,text --group-field source --complement --uniform-priors ant.jsonl.gz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			switch {
			case opts.Output == "":
				return usagef("-o MODEL is required")
			case opts.Output == "-" && io.OutTTY:
				return usagef("-o -: standard output is a terminal; redirect it to a file or a pipe to write the model there")
			case opts.Output != "-":
				if err := checkOutput(opts.Output, opts.Paths); err != nil {
					return err
				}
			}
			var err error
			if opts.corpus, opts.opts, err = labeledInput(io, &opts.Input, &opts.Model, &opts.Pipeline); err != nil {
				return err
			}
			opts.changed = map[string]bool{}
			cmd.Flags().Visit(func(f *pflag.Flag) { opts.changed[f.Name] = true })
			if runF != nil {
				return runF(opts)
			}
			return runTrain(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "write the model to `MODEL` (\"-\": standard output, when it is not a terminal)")
	cmd.Flags().StringVar(&opts.OldModel, "model", "", "continue training the model in `OLD`")
	opts.Input.register(cmd.Flags())
	opts.Pipeline.register(cmd.Flags())
	opts.Model.register(cmd.Flags())
	return cmd
}

// continueOptions merges the command line with the options of the model
// training continues from: pipeline and features must agree, the scoring
// options default to the old model's.
func continueOptions(o *TrainOptions, old classify.Options) (classify.Options, error) {
	opts := o.opts
	pipelineFlag := o.changed["stem"] || o.changed["stopwords"] || o.changed["skip-norm"]
	if pipelineFlag && opts.Text != old.Text {
		return opts, usagef("%s was trained with the text pipeline %q, the command line asks for %q; leave out the pipeline flags to keep the model's", o.OldModel, old.Text, opts.Text)
	}
	if o.changed["bigrams"] && opts.Bigrams != old.Bigrams {
		return opts, usagef("%s was trained with --bigrams=%v; a model cannot change its features", o.OldModel, old.Bigrams)
	}
	opts.Text, opts.Bigrams = old.Text, old.Bigrams
	if !o.changed["alpha"] {
		opts.Alpha = old.Alpha
	}
	if !o.changed["complement"] {
		opts.Complement = old.Complement
	}
	if !o.changed["uniform-priors"] {
		opts.UniformPriors = old.UniformPriors
	}
	if !o.changed["min-count"] {
		opts.MinCount = old.MinCount
	}
	return opts, nil
}

func runTrain(o *TrainOptions) error {
	// The output is opened first, so that a folder that does not exist
	// or cannot be written is said before the training, not after it.
	var out *safefile.File
	if o.Output != "-" {
		var err error
		if out, err = safefile.Create(o.Output); err != nil {
			return cannotWrite(o.Output, err)
		}
		defer out.Abort()
	}
	opts := o.opts
	var old *classify.Model
	if o.OldModel != "" {
		var err error
		if old, err = classify.LoadFile(o.OldModel); err != nil {
			return err
		}
		if opts, err = continueOptions(o, old.Options()); err != nil {
			return err
		}
		switch grouped := old.Groups() != nil; {
		case grouped && o.Model.GroupField == "":
			return usagef("%s is a grouped model: give --group-field to train it further", o.OldModel)
		case !grouped && o.Model.GroupField != "":
			return usagef("%s has no groups: --group-field cannot add them", o.OldModel)
		}
	}
	t, err := classify.NewTrainer(opts)
	if err != nil {
		return err
	}
	if old != nil {
		if err := t.AddModel(old); err != nil {
			return err
		}
	}
	files, err := trainFromFiles(o.IO, t, o.Paths, o.corpus)
	if err != nil {
		return err
	}
	m, err := t.Model()
	if errors.Is(err, classify.ErrTooFewLabels) {
		return fmt.Errorf("%w, in %s", err, fileList(files))
	}
	if err != nil {
		return err
	}
	summary := o.IO
	if out == nil {
		// -o -: the model goes to standard output, the table to
		// standard error.
		if _, err := m.WriteTo(o.IO.Out); err != nil {
			return cannotWrite("standard output", err)
		}
		summary = &IOStreams{Out: o.IO.ErrOut, OutTTY: o.IO.ErrTTY, ErrOut: o.IO.ErrOut, ErrTTY: o.IO.ErrTTY, Quiet: o.IO.Quiet}
	} else {
		_, err := m.WriteTo(out)
		if err == nil {
			err = out.Commit()
		}
		if err != nil {
			return cannotWrite(o.Output, err)
		}
	}
	return printTrainSummary(summary, m)
}

// fileList names the files read, the first few of them when there are
// many.
func fileList(files []string) string {
	const most = 3
	switch n := len(files); {
	case n == 0:
		return "no input file"
	case n <= most:
		return strings.Join(files, ", ")
	default:
		return fmt.Sprintf("%s and %d other files", strings.Join(files[:most], ", "), n-most)
	}
}

// trainFrom adds the documents of paths to t, reading in one goroutine and
// counting in this one.
func trainFrom(io *IOStreams, t *classify.Trainer, paths []string, copts corpus.Options) error {
	_, err := trainFromFiles(io, t, paths, copts)
	return err
}

// trainFromFiles is trainFrom that also returns the files the documents
// came from, in order.
func trainFromFiles(io *IOStreams, t *classify.Trainer, paths []string, copts corpus.Options) ([]string, error) {
	var files []string
	type doc struct {
		text, label, group, src string
		line                    int
	}
	r := openCorpus(io, paths, copts)
	defer r.Close()
	docs := make(chan []doc, 4)
	stop := make(chan struct{})
	go func() {
		defer close(docs)
		var b []doc
		for r.Next() {
			d := r.Document()
			b = append(b, doc{d.Text, d.Label, d.Group, d.Source, d.Line})
			if len(b) == 64 {
				select {
				case docs <- b:
				case <-stop:
					return
				}
				b = nil
			}
		}
		if len(b) > 0 {
			docs <- b
		}
	}()
	var err error
	for b := range docs {
		for _, d := range b {
			if len(files) == 0 || files[len(files)-1] != d.src {
				files = append(files, d.src)
			}
			if err = addDoc(t, d.text, d.label, d.group); err != nil {
				err = fmt.Errorf("%s:%d: %w", d.src, d.line, err)
				break
			}
		}
		if err != nil {
			close(stop)
			for range docs {
			}
			return files, err
		}
	}
	return files, r.Err()
}

// addDoc counts a document in t, in its group when it has one.
func addDoc(t *classify.Trainer, text, label, group string) error {
	if group != "" {
		return t.AddGrouped(text, label, group)
	}
	return t.Add(text, label)
}

func printTrainSummary(io *IOStreams, m *classify.Model) error {
	t := newTable(io)
	t.row("label", "documents", "tokens", "features")
	var docs, toks int64
	for _, lc := range m.LabelCounts() {
		t.row(lc.Label, itoa64(lc.Documents), itoa64(lc.Tokens), strconv.Itoa(lc.Features))
		docs += lc.Documents
		toks += lc.Tokens
	}
	words, bigrams := m.Vocabulary()
	t.row("total", itoa64(docs), itoa64(toks), strconv.Itoa(words+bigrams))
	if err := t.flush(); err != nil {
		return err
	}
	vocab := strconv.Itoa(words) + " words"
	if m.Options().Bigrams {
		vocab += ", " + strconv.Itoa(bigrams) + " bigrams"
	}
	groups := ""
	if g := m.Groups(); g != nil {
		groups = fmt.Sprintf(" in %d groups (%s)", len(g), strings.Join(g, ", "))
		vocab += " summed over the groups"
	}
	if io.Quiet {
		return nil
	}
	fmt.Fprintf(io.ErrOut, "khabar: trained %d labels%s on %d documents; vocabulary %s\n", len(m.Labels()), groups, docs, vocab)
	return nil
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
