package cli

import (
	"bufio"
	"encoding/json"

	"github.com/khabar-nlp/khabar/classify"
	"github.com/khabar-nlp/khabar/internal/corpus"
	"github.com/khabar-nlp/khabar/internal/pool"
	"github.com/khabar-nlp/khabar/internal/report"
	"github.com/spf13/cobra"
)

// ClassifyOptions are the options of "khabar classify".
type ClassifyOptions struct {
	IO      *IOStreams
	Paths   []string
	Model   string
	Input   InputFlags
	Top     int
	MinProb float64
	JSON    bool
	Workers int

	corpus   corpus.Options
	topGiven bool // --top was given: --json always has "top"
}

// NewCmdClassify returns "khabar classify". When runF is not nil it is
// called instead of the real work, so tests can check the flags.
func NewCmdClassify(io *IOStreams, runF func(*ClassifyOptions) error) *cobra.Command {
	opts := &ClassifyOptions{IO: io}
	cmd := &cobra.Command{
		Use:   "classify [-m MODEL] [INPUT...]",
		Short: "Label documents with a trained topic model",
		Long: `Label each document with the most probable label of MODEL, in input order.
Without -m, the embedded default topic model is used (labels
isis-resurgence, explosion-investigation, crime, other).

Output, one line per document: its id, label and probability (of the most
probable label), then with --top k the next k-1 most probable labels and
their probabilities; when the label is "unknown", the k-1 most probable
instead, so that the label below --min-prob is shown. On a terminal the
columns are aligned; otherwise they are separated by tabs; --json prints
JSON Lines {"id", "label", "prob", "known", "top"}.

The label is "unknown" when the probability is below --min-prob, and for a
document with no word the model knows (an empty body, another language); a
warning counts those. The text pipeline is the one saved in the model. With
no INPUT, or INPUT "-", it reads standard input: one text document, or
JSON Lines or fastText when its first line says so (or --format).`,
		Example: `  khabar classify --top 2 pages/
  khabar classify -m topics.khm articles/
  khabar classify -m topics.khm --text-field title,text --top 3 news.jsonl.gz
  khabar classify -m topics.khm --min-prob 0.8 --json new.jsonl > labels.jsonl
  echo 'الفريق يفوز بالكأس' | khabar classify -m topics.khm`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.topGiven = cmd.Flags().Changed("top")
			if len(opts.Paths) == 0 {
				opts.Paths = []string{"-"}
			}
			if opts.Top < 1 {
				return usagef("--top %d: want 1 or more", opts.Top)
			}
			if !(opts.MinProb >= 0 && opts.MinProb <= 1) {
				return usagef("--min-prob %v: want a probability from 0 to 1", opts.MinProb)
			}
			if opts.Workers < 0 {
				return usagef("--workers %d (want >= 0)", opts.Workers)
			}
			var err error
			if opts.corpus, err = opts.Input.options(io); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runClassify(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Model, "model", "m", "", "the model `MODEL` made by khabar train (default: the embedded topic model)")
	opts.Input.register(cmd.Flags())
	cmd.Flags().IntVar(&opts.Top, "top", 1, "print the k most probable labels")
	cmd.Flags().Float64Var(&opts.MinProb, "min-prob", 0, `print "unknown" when the best probability is below p`)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "JSON Lines output")
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "goroutines classifying (default: one per CPU)")
	return cmd
}

// classified is one output line.
type classified struct {
	ID    string               `json:"id"`
	Label string               `json:"label"`
	Prob  float64              `json:"prob"`
	Known int                  `json:"known"`
	Top   []classify.LabelProb `json:"top,omitempty"`
}

func runClassify(o *ClassifyOptions) error {
	topGiven := o.topGiven
	m, err := loadModel(o.Model)
	if err != nil {
		return err
	}
	r := openCorpus(o.IO, o.Paths, o.corpus)
	defer r.Close()
	next := func() (docRef, bool) {
		if !r.Next() {
			return docRef{}, false
		}
		d := r.Document()
		return docRef{id: d.ID, text: d.Text}, true
	}
	newWork := func() func(docRef) classified {
		s := m.NewScorer()
		return func(d docRef) classified {
			p := s.Classify(d.text)
			c := classified{ID: d.id, Label: p.Label, Prob: p.Prob, Known: p.Known}
			if p.Known > 0 && p.Prob < o.MinProb {
				c.Label = classify.Unknown
			}
			if o.Top > 1 || topGiven {
				c.Top = m.Top(p.Probs, o.Top)
			}
			return c
		}
	}

	out := newTable(o.IO)
	w := bufio.NewWriterSize(o.IO.Out, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	unknown, rows := 0, 0
	emit := func(_ docRef, c classified) error {
		if c.Known == 0 {
			unknown++
		}
		if o.JSON {
			return enc.Encode(c)
		}
		cells := []string{c.ID, c.Label, report.Score(c.Prob)}
		alts := c.Top[min(1, len(c.Top)):]
		if c.Label == classify.Unknown {
			alts = c.Top[:max(len(c.Top)-1, 0)]
		}
		for _, lp := range alts {
			cells = append(cells, lp.Label, report.Score(lp.Prob))
		}
		out.row(cells...)
		rows++
		if rows%256 == 0 {
			return out.flush()
		}
		return nil
	}
	err = pool.Map(o.Workers, 32, pool.Next(next), newWork, emit)
	if o.JSON {
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
	} else if ferr := out.flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	if err := r.Err(); err != nil {
		return err
	}
	if unknown > 0 {
		has := "have"
		if unknown == 1 {
			has = "has"
		}
		warnf(o.IO, "%s %s no word the model knows; classified %s", plural(unknown, "document"), has, classify.Unknown)
	}
	return nil
}

// docRef is a document on its way through the worker pool.
type docRef struct {
	id, text string
}
