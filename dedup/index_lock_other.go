//go:build !unix

package dedup

// gate is the readers' lock of index_lock_unix.go; elsewhere there is
// none, and bbolt's own lock alone decides who goes first.
func (x *Index) gate(exclusive bool) func() { return func() {} }
