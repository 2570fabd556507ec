package beamdedup

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/khabar-nlp/khabar/dedup"

	// The file systems the input and output can be on.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
)

// Build adds the pipeline to s: it lists the input files (so it needs
// access to them where it runs) and checks the options before the job
// starts.
func Build(ctx context.Context, s beam.Scope, o Options) error {
	o, sp, err := o.resolve()
	if err != nil {
		return err
	}
	files, err := listInputs(ctx, o.Inputs)
	if err != nil {
		return err
	}
	var targets []string
	if o.Drop {
		if targets, err = dropTargets(o.Output+"/drop", files); err != nil {
			return err
		}
	}
	docs, counts := readDocs(s, files, sp)
	units := sign(s, docs, counts, sp)
	reps, groups := exactGroups(s, units)
	sets, edges := verify(s, reps, candidates(s, reps, counts), sp)
	labels := components(s, edges, counts, o.Rounds)
	numbered := clusters(s, groups, labels, sets, counts, o, sp)
	if o.Drop {
		drop(s, files, numbered, counts, targets, sp, o.Dedup.Level == dedup.DocumentLevel)
	}
	if !o.NoPairs {
		pairs(s, groups, edges, counts, o)
	}
	return nil
}
