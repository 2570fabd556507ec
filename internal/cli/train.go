package cli

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/safefile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// DefaultRecipe is what "khabar train" trains when no model flag is
// given: the recipe --autotune chose on the two shared corpora (README,
// "The default recipe"): multinomial naive Bayes, alpha 0.03, on words
// and bigrams seen at least 3 times, with log tf, idf and length
// normalization.
var DefaultRecipe = classify.Options{Alpha: 0.03, TF: classify.TFLog, IDF: true, LengthNorm: true, NGrams: 2, MinCount: 3}

// ModelFlags choose how a model is trained; they map one to one onto
// classify.Options.
type ModelFlags struct {
	Alpha         float64
	Complement    bool
	UniformPriors bool
	Bigrams       bool
	MinCount      int
	NGrams        int
	TF            string
	IDF           bool
	LengthNorm    bool
	WeightNorm    bool
	// Learner and SVMCost choose the learner of the scoring table
	// (classify.Options.Learner, SVMCost).
	Learner string
	SVMCost float64
	// Temperature is a fixed temperature; 0 fits it by cross-validation
	// (classify.Trainer.Calibrate) with CalibrationFolds folds.
	Temperature      float64
	CalibrationFolds int
	// Autotune chooses the options by cross-validation (classify.Autotune).
	Autotune         bool
	AutotuneMetric   string
	AutotuneDuration time.Duration
	// GroupField trains a grouped model (classify.Trainer.AddGrouped)
	// on the groups this JSON field names.
	GroupField string
}

func (f *ModelFlags) register(fs *pflag.FlagSet) {
	fs.Float64Var(&f.Alpha, "alpha", DefaultRecipe.Alpha, "smoothing: added to every word count (Laplace 1, Lidstone below 1)")
	fs.BoolVar(&f.Complement, "complement", false, "complement naive Bayes (Rennie et al. 2003)")
	fs.BoolVar(&f.UniformPriors, "uniform-priors", false, "give every label the same prior instead of its share of the documents")
	fs.BoolVar(&f.Bigrams, "bigrams", false, "add pairs of adjacent words as features (hashed with xxhash64)")
	fs.IntVar(&f.MinCount, "min-count", DefaultRecipe.MinCount, "drop words and bigrams seen fewer times in all the training documents")
	fs.IntVar(&f.NGrams, "ngrams", DefaultRecipe.NGrams, "add runs of 2 to `N` adjacent words as features (hashed with xxhash64; at most 3; --bigrams is --ngrams 2)")
	fs.StringVar(&f.TF, "tf", DefaultRecipe.TF.String(), "transform each word count in a document: raw, log (log(1+n), Rennie et al. 2003) or sublinear (1+log n)")
	fs.BoolVar(&f.IDF, "idf", DefaultRecipe.IDF, "weight words by their inverse document frequency, ln((1+N)/(1+df))+1")
	fs.BoolVar(&f.LengthNorm, "length-norm", DefaultRecipe.LengthNorm, "divide each document's word weights by their Euclidean norm")
	fs.BoolVar(&f.WeightNorm, "weight-norm", false, "normalize each label's scoring weights (with --complement: TWCNB, Rennie et al. 2003)")
	fs.StringVar(&f.Learner, "learner", "nb", "what learns the scoring table from the counts: nb (naive Bayes) or nbsvm (linear SVMs on naive Bayes log-count-ratio features, Wang & Manning 2012; needs --tf, --idf or --length-norm)")
	fs.Float64Var(&f.SVMCost, "svm-cost", 1, "the cost C of --learner nbsvm's SVMs (larger: less regularized)")
	fs.Float64Var(&f.Temperature, "temperature", 0, "divide the scores by `T` before the softmax (default: fitted by cross-validation so that probabilities are calibrated)")
	fs.IntVar(&f.CalibrationFolds, "calibration-folds", 5, "folds of the cross-validation that fits the temperature")
	fs.BoolVar(&f.Autotune, "autotune", false, "choose the model flags by cross-validation on the training documents, starting from the flags given; prints the settings tried")
	fs.StringVar(&f.AutotuneMetric, "autotune-metric", "accuracy", "what --autotune maximizes: accuracy or macro-f1")
	fs.DurationVar(&f.AutotuneDuration, "autotune-duration", 0, "stop --autotune trying settings after this `DURATION` (e.g. 60s; default no limit; a limit makes the choice depend on the machine's speed)")
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
	if m.NGrams < 0 || m.NGrams > 3 {
		return classify.Options{}, usagef("--ngrams %d: want 1 to 3", m.NGrams)
	}
	tf, err := classify.ParseTF(m.TF)
	if err != nil {
		return classify.Options{}, usagef("--tf %q: want raw, log or sublinear", m.TF)
	}
	if m.Temperature < 0 || math.IsInf(m.Temperature, 0) || math.IsNaN(m.Temperature) {
		return classify.Options{}, usagef("--temperature %v: want a positive number", m.Temperature)
	}
	if m.AutotuneMetric != "accuracy" && m.AutotuneMetric != "macro-f1" {
		return classify.Options{}, usagef("--autotune-metric %q: want accuracy or macro-f1", m.AutotuneMetric)
	}
	if m.AutotuneDuration < 0 {
		return classify.Options{}, usagef("--autotune-duration %v: want 0 or more", m.AutotuneDuration)
	}
	learner, err := classify.ParseLearner(m.Learner)
	if err != nil {
		return classify.Options{}, usagef("--learner %q: want nb or nbsvm", m.Learner)
	}
	if !(m.SVMCost > 0) || math.IsInf(m.SVMCost, 0) {
		return classify.Options{}, usagef("--svm-cost %v: want a positive number", m.SVMCost)
	}
	cost := 0.0
	if learner == classify.LearnerNBSVM {
		if tf == classify.TFRaw && !m.IDF && !m.LengthNorm {
			return classify.Options{}, usagef("--learner nbsvm needs --tf log or sublinear, --idf or --length-norm")
		}
		cost = m.SVMCost
	}
	if m.CalibrationFolds < 2 {
		return classify.Options{}, usagef("--calibration-folds %d: want 2 or more", m.CalibrationFolds)
	}
	return classify.Options{
		Text:          settings,
		Alpha:         m.Alpha,
		Complement:    m.Complement,
		UniformPriors: m.UniformPriors,
		Bigrams:       m.Bigrams,
		MinCount:      m.MinCount,
		NGrams:        m.NGrams,
		TF:            tf,
		IDF:           m.IDF,
		LengthNorm:    m.LengthNorm,
		WeightNorm:    m.WeightNorm,
		Temperature:   m.Temperature,
		Learner:       learner,
		SVMCost:       cost,
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

Without model flags, the recipe is multinomial naive Bayes on words and
bigrams seen at least 3 times, with log tf, idf and length normalization,
alpha 0.03: the one --autotune chose on the shared corpora (README). Each
model flag changes one setting of that recipe and keeps the others: for
example --complement alone is complement naive Bayes with the same
bigrams and transforms. The settings trained are printed after the
table. The
temperature that makes the probabilities calibrated is fitted by 5-fold
cross-validation on the training documents. A model with --tf, --idf or
--length-norm holds weights, not counts, and cannot be trained further
with --model; the legacy recipe is --tf raw --idf=false --length-norm=false
--ngrams 1 --min-count 0 --alpha 1.

With --autotune, the flags are chosen by cross-validation on the training
documents, starting from those given, and the settings tried are printed
first (settings, accuracy, macro-F1, seconds). With --group-field too,
autotune also tries the chosen flags as a grouped model, with each model
and alpha, and keeps grouping when it scores better.

Prints the documents, tokens and distinct features of each label; the
features of the total row is the vocabulary size.`,
		Example: `  khabar train -o topics.khm train/              # train/crime/*.txt, train/sport/*.txt, ...
  khabar train -o topics.khm --text-field title,text articles.jsonl.gz
  khabar train -o topics.khm --stem --complement labeled.tsv
  khabar train -o topics2.khm --model topics.khm more.ft
  khabar train -o ant.khm --text-field title,text --group-field source --complement --uniform-priors ant.jsonl.gz
  khabar train -o tuned.khm --autotune --text-field title,text articles.jsonl.gz`,
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
	if o.changed["ngrams"] && max(opts.NGrams, 1) != max(old.NGrams, 1) {
		return opts, usagef("%s was trained with --ngrams %d; a model cannot change its features", o.OldModel, max(old.NGrams, 1))
	}
	opts.Text, opts.Bigrams, opts.NGrams = old.Text, old.Bigrams, old.NGrams
	for _, k := range []struct {
		flag string
		set  func()
	}{
		{"tf", func() { opts.TF = old.TF }},
		{"idf", func() { opts.IDF = old.IDF }},
		{"length-norm", func() { opts.LengthNorm = old.LengthNorm }},
		{"weight-norm", func() { opts.WeightNorm = old.WeightNorm }},
	} {
		if !o.changed[k.flag] {
			k.set()
		}
	}
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
	if o.Model.Autotune {
		if o.OldModel != "" {
			return usagef("--autotune trains from the documents given; it cannot continue --model %s", o.OldModel)
		}
		m, err := autotuneModel(o.IO, o.Paths, o.corpus, opts, &o.Model)
		if err != nil {
			return err
		}
		return writeModel(o, out, m)
	}
	var old classify.Classifier
	if o.OldModel != "" {
		var err error
		if old, err = classify.LoadClassifierFile(o.OldModel); err != nil {
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
	warning, err := calibrate(t, &o.Model)
	var m classify.Classifier
	if err == nil {
		m, err = t.Classifier()
	}
	if errors.Is(err, classify.ErrTooFewLabels) {
		return fmt.Errorf("%w, in %s", err, fileList(files))
	}
	if err != nil {
		return err
	}
	if warning != "" {
		warnf(o.IO, "%s", warning)
	}
	return writeModel(o, out, m)
}

// writeModel writes m to out, the temporary file of --output, or to
// standard output when out is nil (-o -), and prints the training summary:
// to standard error when the model went to standard output.
func writeModel(o *TrainOptions, out *safefile.File, m classify.Classifier) error {
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

// autotuneModel reads the documents of paths, chooses the options by
// classify.Autotune starting from opts, prints the settings it tried, and
// returns the model trained on all the documents with the chosen ones.
func autotuneModel(io *IOStreams, paths []string, copts corpus.Options, opts classify.Options, f *ModelFlags) (classify.Classifier, error) {
	var docs []classify.Doc
	r := openCorpus(io, paths, copts)
	for r.Next() {
		d := r.Document()
		docs = append(docs, classify.Doc{ID: d.ID, Text: d.Text, Label: d.Label, Group: d.Group})
	}
	r.Close()
	if err := r.Err(); err != nil {
		return nil, err
	}
	return autotuneDocs(io, docs, opts, f, true)
}

// autotuneDocs is autotuneModel on documents in memory; without table it
// prints only the line saying what it chose.
func autotuneDocs(io *IOStreams, docs []classify.Doc, opts classify.Options, f *ModelFlags, table bool) (classify.Classifier, error) {
	chosen, rep, err := classify.Autotune(docs, opts, classify.AutotuneConfig{
		Folds: f.CalibrationFolds, Metric: f.AutotuneMetric, Duration: f.AutotuneDuration,
	})
	if err != nil {
		return nil, err
	}
	if err := printAutotune(io, rep, table); err != nil {
		return nil, err
	}
	t, err := classify.NewTrainer(chosen)
	if err != nil {
		return nil, err
	}
	if !rep.Grouped {
		if _, err := t.AddDocuments(docs); err != nil {
			return nil, err
		}
		t.SetCV(rep)
		m, err := t.Model()
		if err != nil {
			return nil, err
		}
		return m, nil
	}
	for _, d := range docs {
		if err := t.AddGroupedDocument(d.ID, d.Text, d.Label, d.Group); err != nil {
			return nil, err
		}
	}
	// A grouped choice is calibrated per group, as "khabar train
	// --group-field" is; the report keeps autotune's figures and takes
	// the calibration's ECE.
	cal, err := t.Calibrate(f.CalibrationFolds)
	if err == nil {
		rep.ECE, rep.ECEUncalibrated = cal.ECE, cal.ECEUncalibrated
	} else if !errors.Is(err, classify.ErrTooFewToCalibrate) {
		return nil, err
	}
	t.SetCV(rep)
	g, err := t.GroupedModel()
	if err != nil {
		return nil, err // not a nil *GroupedModel in a non-nil Classifier
	}
	return g, nil
}

// printAutotune prints the settings autotune tried, the chosen one marked.
func printAutotune(io *IOStreams, rep *classify.CVReport, table bool) error {
	f4 := func(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }
	var total float64
	for _, tr := range rep.Tried {
		total += tr.Seconds
	}
	defer fmt.Fprintf(io.ErrOut, "khabar: autotune tried %d settings by %d-fold cross-validation in %.1f s; chose %q by %s (accuracy %.4f, macro-F1 %.4f)\n",
		len(rep.Tried), rep.Folds, total, rep.Chosen, rep.Metric, rep.Accuracy, rep.MacroF1)
	if !table {
		return nil
	}
	t := newTable(io)
	t.row("autotune", "accuracy", "macro_f1", "seconds")
	for _, tr := range rep.Tried {
		name := tr.Settings
		if name == rep.Chosen {
			name += " (chosen)"
		}
		t.row(name, f4(tr.Accuracy), f4(tr.MacroF1), strconv.FormatFloat(tr.Seconds, 'f', 2, 64))
	}
	t.row()
	return t.flush()
}

// calibrate fits the temperature of t by cross-validation, unless the
// flags fix it. Too few documents for the folds leave the model
// uncalibrated, and the warning to print says so.
func calibrate(t *classify.Trainer, f *ModelFlags) (warning string, err error) {
	if f.Temperature != 0 || f.Autotune {
		return "", nil
	}
	if _, err := t.Calibrate(f.CalibrationFolds); err != nil {
		switch {
		case errors.Is(err, classify.ErrTooFewLabels):
			return "", nil // training says so
		case errors.Is(err, classify.ErrTooFewToCalibrate):
			return fmt.Sprintf("not calibrated (%s); the probabilities are the model's own", strings.TrimPrefix(err.Error(), "classify: ")), nil
		}
		return "", err
	}
	return "", nil
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
		id, text, label, group, src string
		line                        int
	}
	r := openCorpus(io, paths, copts)
	defer r.Close()
	// The reader keeps two windows of AddDocuments ahead, so that the
	// counting never waits for it.
	docs := make(chan []doc, 2*1024/64)
	stop := make(chan struct{})
	go func() {
		defer close(docs)
		var b []doc
		for r.Next() {
			d := r.Document()
			b = append(b, doc{d.ID, d.Text, d.Label, d.Group, d.Source, d.Line})
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
	// Documents without a group are counted a batch at a time
	// (classify.Trainer.AddDocuments featurizes them in parallel).
	var pending []classify.Doc
	var where []doc
	addPending := func() error {
		if len(pending) == 0 {
			return nil
		}
		n, err := t.AddDocuments(pending)
		if err != nil {
			err = fmt.Errorf("%s:%d: %w", where[n].src, where[n].line, err)
		}
		pending, where = pending[:0], where[:0]
		return err
	}
	var err error
	for b := range docs {
		for _, d := range b {
			if len(files) == 0 || files[len(files)-1] != d.src {
				files = append(files, d.src)
			}
			if d.group == "" {
				pending = append(pending, classify.Doc{ID: d.id, Text: d.text, Label: d.label})
				where = append(where, d)
				if len(pending) == 1024 {
					err = addPending()
				}
			} else if err = addPending(); err == nil {
				if err = addDoc(t, d.id, d.text, d.label, d.group); err != nil {
					err = fmt.Errorf("%s:%d: %w", d.src, d.line, err)
				}
			}
			if err != nil {
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
	if err := addPending(); err != nil {
		return files, err
	}
	return files, r.Err()
}

// addDoc counts a document in t, in its group when it has one.
func addDoc(t *classify.Trainer, id, text, label, group string) error {
	if group != "" {
		return t.AddGroupedDocument(id, text, label, group)
	}
	return t.AddDocument(id, text, label)
}

func printTrainSummary(io *IOStreams, m classify.Classifier) error {
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
	fmt.Fprintf(io.ErrOut, "khabar: trained %d labels%s on %d documents (%s); vocabulary %s\n", len(m.Labels()), groups, docs, m.Options().Settings(), vocab)
	if cv := m.CV(); cv != nil {
		temp := ""
		if g := m.Groups(); g == nil {
			temp = fmt.Sprintf("temperature %.4g, ", cv.Temperature)
		} else {
			temp = "a temperature per group, "
		}
		ece := fmt.Sprintf("%.4f (%.4f uncalibrated)", cv.ECE, cv.ECEUncalibrated)
		if cv.ECETemperature > 0 {
			ece = fmt.Sprintf("%.4f (temperature alone %.4f, uncalibrated %.4f)", cv.ECE, cv.ECETemperature, cv.ECEUncalibrated)
		}
		fmt.Fprintf(io.ErrOut, "khabar: calibrated by %d-fold cross-validation on the training documents: %saccuracy %.4f, macro-F1 %.4f, ECE %s\n",
			cv.Folds, temp, cv.Accuracy, cv.MacroF1, ece)
	}
	return nil
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
