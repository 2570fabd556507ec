// Package version holds khabar's version, stored in every file it writes.
package version

// Version is the khabar release. It follows semantic versioning.
const Version = "0.1.0"
