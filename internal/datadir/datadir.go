// Package datadir finds the shared corpora for the tests, benchmarks and
// "go generate ./models": the folder named by the KHABAR_DATA environment
// variable.
//
// "go test" and "go generate" run in each package's own folder, so a
// relative KHABAR_DATA such as ../shared/data, written for the module root,
// would name another folder there. A relative KHABAR_DATA is therefore
// taken from the current folder when it exists there, and else from the
// module root (the nearest folder up holding go.mod).
package datadir

import (
	"os"
	"path/filepath"
)

// Dir returns the folder of the shared corpora, or "" when KHABAR_DATA is
// unset or empty. It does not check that the folder exists, except to
// choose how to read a relative path.
func Dir() string {
	d := os.Getenv("KHABAR_DATA")
	if d == "" || filepath.IsAbs(d) {
		return d
	}
	if _, err := os.Stat(d); err == nil {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return d
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, d)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return d
		}
		dir = parent
	}
}
