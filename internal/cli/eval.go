package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// EvalOptions are the options of "khabar eval".
type EvalOptions struct {
	IO        *IOStreams
	Paths     []string
	Model     string
	Test      []string
	Folds     int
	TestEvery int
	JSON      bool
	Input     InputFlags
	Pipeline  PipelineFlags
	Train     ModelFlags

	corpus corpus.Options
	opts   classify.Options
}

// NewCmdEval returns "khabar eval". When runF is not nil it is called
// instead of the real work, so tests can check the flags.
func NewCmdEval(io *IOStreams, runF func(*EvalOptions) error) *cobra.Command {
	opts := &EvalOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "eval (-m MODEL --test INPUT... | --test INPUT... TRAIN... | --folds K INPUT... | --test-every N INPUT...)",
		Short: "Measure how well a topic model labels documents",
		Long: `Measure how well a model labels documents whose labels are known: accuracy,
macro-F1 (the mean F1 of the labels), precision, recall and F1 per label,
a confusion matrix (rows: true label, columns: predicted label), and how
well its probabilities are calibrated: the expected calibration error
(ECE, 10 bins of probability) and the reliability table of the bins
(documents, accuracy and mean probability of each).

Four ways to choose the training and test documents:

  -m MODEL --test INPUT      test a trained model on INPUT
  --test INPUT TRAIN...      train on TRAIN, test on INPUT
  --folds K INPUT...         K-fold cross-validation: a document's fold is
                             the xxhash64 of its id modulo K, so runs repeat;
                             the scores pool the K test folds
  --test-every N INPUT...    test on the documents on lines divisible by N
                             (JSON Lines, TSV, fastText), train on the rest

The training flags are those of "khabar train". A document the model knows
no word of is predicted "unknown", which counts as an error. --folds and
--test-every read their input twice, so it cannot be standard input.`,
		Example: `  khabar eval -m topics.khm --test dev/
  khabar eval --folds 5 --text-field title,text articles.jsonl.gz
  khabar eval --test-every 5 --complement --text-field title,text train.jsonl.gz
  khabar eval --json --test dev.tsv train.tsv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			modes := 0
			for _, on := range []bool{opts.Model != "", opts.Folds != 0, opts.TestEvery != 0, opts.Model == "" && len(opts.Test) > 0} {
				if on {
					modes++
				}
			}
			switch {
			case modes != 1:
				return usagef("choose one of -m MODEL --test INPUT, --test INPUT TRAIN..., --folds K or --test-every N")
			case opts.Model != "" && len(opts.Test) == 0:
				return usagef("-m MODEL needs --test INPUT")
			case opts.Model != "" && len(args) > 0:
				return usagef("-m MODEL tests on --test INPUT only; unexpected %q", args[0])
			case opts.Model != "" && changedAny(cmd.Flags(), "alpha", "complement", "uniform-priors", "bigrams", "min-count", "stem", "stopwords", "skip-norm",
				"ngrams", "tf", "idf", "length-norm", "weight-norm", "temperature", "calibration-folds", "autotune", "autotune-metric", "autotune-duration"):
				return usagef("-m MODEL already holds its training options; leave out the training flags")
			case opts.Model == "" && len(args) == 0:
				return usagef("no training documents given")
			case opts.Folds == 1 || opts.Folds < 0:
				return usagef("--folds %d: want 2 or more", opts.Folds)
			case opts.TestEvery == 1 || opts.TestEvery < 0:
				return usagef("--test-every %d: want 2 or more", opts.TestEvery)
			}
			if opts.Folds != 0 || opts.TestEvery != 0 {
				for _, p := range args {
					if p == "-" {
						return usagef("--folds and --test-every read their input twice; give files, not standard input")
					}
				}
			}
			var err error
			if opts.corpus, opts.opts, err = labeledInput(io, &opts.Input, &opts.Train, &opts.Pipeline); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runEval(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Model, "model", "m", "", "test the model in `MODEL`")
	cmd.Flags().StringArrayVar(&opts.Test, "test", nil, "test on the labeled documents in `INPUT` (repeatable)")
	cmd.Flags().IntVar(&opts.Folds, "folds", 0, "cross-validate with `K` folds")
	cmd.Flags().IntVar(&opts.TestEvery, "test-every", 0, "test on the documents on lines divisible by `N`, train on the others")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the report as one JSON object")
	opts.Input.register(cmd.Flags())
	opts.Pipeline.register(cmd.Flags())
	opts.Train.register(cmd.Flags())
	return cmd
}

func changedAny(fs *pflag.FlagSet, names ...string) bool {
	for _, n := range names {
		if fs.Changed(n) {
			return true
		}
	}
	return false
}

func runEval(o *EvalOptions) error {
	var cf *classify.Confusion
	var err error
	switch {
	case o.Model != "":
		var m classify.Classifier
		if m, err = classify.LoadClassifierFile(o.Model); err != nil {
			return err
		}
		if cv := m.CV(); cv != nil {
			how := "calibrated"
			if cv.Chosen != "" {
				how = "chosen by --autotune (" + cv.Metric + ")"
			}
			fmt.Fprintf(o.IO.ErrOut, "khabar: %s: %s, %s; %d-fold cross-validation on its training documents: accuracy %.4f, macro-F1 %.4f, ECE %.4f\n",
				o.Model, m.Options().Settings(), how, cv.Folds, cv.Accuracy, cv.MacroF1, cv.ECE)
		}
		cf, err = evalOn(o.IO, []classify.Classifier{m}, o.Test, o.corpus, func(*corpus.Document) int { return 0 })
	case len(o.Test) > 0 && o.Train.Autotune:
		var m classify.Classifier
		if m, err = autotuneModel(o.IO, o.Paths, o.corpus, o.opts, &o.Train); err != nil {
			return err
		}
		cf, err = evalOn(o.IO, []classify.Classifier{m}, o.Test, o.corpus, func(*corpus.Document) int { return 0 })
	case len(o.Test) > 0:
		var t *classify.Trainer
		if t, err = classify.NewTrainer(o.opts); err != nil {
			return err
		}
		if err = trainFrom(o.IO, t, o.Paths, o.corpus); err != nil {
			return err
		}
		var m classify.Classifier
		if _, err = calibrate(t, &o.Train); err != nil {
			return err
		}
		if m, err = t.Classifier(); err != nil {
			return err
		}
		cf, err = evalOn(o.IO, []classify.Classifier{m}, o.Test, o.corpus, func(*corpus.Document) int { return 0 })
	case o.Folds > 0:
		k := o.Folds
		cf, err = splitEval(o, k, func(d *corpus.Document) int { return classify.Fold(d.ID, k) })
	default:
		n := o.TestEvery
		cf, err = splitEval(o, 1, func(d *corpus.Document) int {
			if d.Line%n == 0 {
				return 0
			}
			return -1 // training only
		})
	}
	if err != nil {
		return err
	}
	rep := cf.Report()
	if rep.Documents == 0 {
		if o.TestEvery > 0 {
			return fmt.Errorf("no test documents: --test-every %d tests the documents on lines divisible by %d, and there are none (a text file is one document, on line 1; use --folds)", o.TestEvery, o.TestEvery)
		}
		return fmt.Errorf("no test documents")
	}
	return printReport(o.IO, rep, o.JSON)
}

// splitEval trains one model per test part and tests each part with the
// model of the other parts. part returns a document's test part (0 to
// parts-1), or -1 for a document that only trains. Each part is counted
// once by its own Trainer; the model for part i merges the others.
func splitEval(o *EvalOptions, parts int, part func(*corpus.Document) int) (*classify.Confusion, error) {
	partTrainers := make([]*classify.Trainer, parts+1) // the last: training only
	for i := range partTrainers {
		t, err := classify.NewTrainer(o.opts)
		if err != nil {
			return nil, err
		}
		partTrainers[i] = t
	}
	var docs [][]classify.Doc // with --autotune, per part
	if o.Train.Autotune {
		docs = make([][]classify.Doc, parts+1)
	}
	r := openCorpus(o.IO, o.Paths, o.corpus)
	defer r.Close()
	for r.Next() {
		d := r.Document()
		p := part(d)
		if p < 0 {
			p = parts
		}
		if docs != nil {
			docs[p] = append(docs[p], classify.Doc{ID: d.ID, Text: d.Text, Label: d.Label})
			continue
		}
		if err := addDoc(partTrainers[p], d.ID, d.Text, d.Label, d.Group); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", d.Source, d.Line, err)
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	models := make([]classify.Classifier, parts)
	progress := startProgress(o.IO)
	defer progress.finish()
	for i := range models {
		progress.setPhase("training the models of the folds", i, parts)
		if docs != nil {
			var train []classify.Doc
			for j, pd := range docs {
				if j != i {
					train = append(train, pd...)
				}
			}
			m, err := autotuneDocs(o.IO, train, o.opts, &o.Train, false)
			if err != nil {
				return nil, fmt.Errorf("training without test part %d: %w", i+1, err)
			}
			models[i] = m
			continue
		}
		t, err := classify.NewTrainer(o.opts)
		if err != nil {
			return nil, err
		}
		for j, pt := range partTrainers {
			if j != i {
				if err := t.AddTrainer(pt); err != nil {
					return nil, err
				}
			}
		}
		if _, err := calibrate(t, &o.Train); err != nil {
			return nil, err
		}
		if models[i], err = t.Classifier(); err != nil {
			return nil, fmt.Errorf("training without test part %d: %w", i+1, err)
		}
	}
	progress.finish()
	second := o.corpus
	second.Warn = nil // told on the first reading
	return evalOn(o.IO, models, o.Paths, second, part)
}

// evalOn classifies the documents of paths whose part is p >= 0 with
// models[p], in parallel, and counts the results.
func evalOn(io *IOStreams, models []classify.Classifier, paths []string, copts corpus.Options, part func(*corpus.Document) int) (*classify.Confusion, error) {
	type doc struct {
		text, label string
		part        int
	}
	r := openCorpus(io, paths, copts)
	defer r.Close()
	next := func() (doc, bool) {
		for r.Next() {
			d := r.Document()
			if p := part(d); p >= 0 {
				return doc{d.Text, d.Label, p}, true
			}
		}
		return doc{}, false
	}
	newWork := func() func(doc) classify.Prediction {
		scorers := make([]*classify.Scorer, len(models))
		for i, m := range models {
			scorers[i] = m.NewScorer()
		}
		return func(d doc) classify.Prediction {
			p := scorers[d.part].Classify(d.text)
			p.Probs = nil
			return p
		}
	}
	cf := &classify.Confusion{}
	err := orderedMap(0, 32, next, newWork, func(d doc, p classify.Prediction) error {
		cf.AddPrediction(d.label, p.Label, p.Prob)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return cf, r.Err()
}

func printReport(io *IOStreams, rep classify.Report, asJSON bool) error {
	if asJSON {
		w := bufio.NewWriter(io.Out)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return err
		}
		return w.Flush()
	}
	f4 := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	t := newTable(io)
	t.row("documents", strconv.Itoa(rep.Documents))
	t.row("accuracy", f4(rep.Accuracy))
	t.row("macro_f1", f4(rep.MacroF1))
	t.row("ece", f4(rep.ECE))
	t.row()
	if err := t.flush(); err != nil {
		return err
	}
	t.row("label", "precision", "recall", "f1", "support")
	for _, l := range rep.Labels {
		t.row(l.Label, f4(l.Precision), f4(l.Recall), f4(l.F1), strconv.Itoa(l.Support))
	}
	t.row()
	if err := t.flush(); err != nil {
		return err
	}
	t.row(append([]string{"true\\predicted"}, rep.Names...)...)
	for i, name := range rep.Names {
		cells := []string{name}
		for _, n := range rep.Matrix[i] {
			cells = append(cells, strconv.Itoa(n))
		}
		t.row(cells...)
	}
	t.row()
	if err := t.flush(); err != nil {
		return err
	}
	t.row("probability", "documents", "accuracy", "mean_prob")
	f1 := func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
	for _, b := range rep.Reliability {
		if b.Count > 0 {
			t.row(f1(b.Low)+"-"+f1(b.High), strconv.Itoa(b.Count), f4(b.Accuracy), f4(b.Confidence))
		}
	}
	return t.flush()
}
