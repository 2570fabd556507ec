package cli

import (
	"fmt"
	"runtime"

	"github.com/khabar-nlp/khabar/internal/version"
	"github.com/spf13/cobra"
)

// NewCmdVersion returns "khabar version".
func NewCmdVersion(io *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print khabar's version",
		Args:    cobra.NoArgs,
		Example: "  khabar version",
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(io.Out, "khabar %s\n", versionString())
			return err
		},
	}
}

// versionString is what "khabar version" and "khabar --version" print
// after "khabar ".
func versionString() string {
	return fmt.Sprintf("%s (%s %s/%s)", version.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
