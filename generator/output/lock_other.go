//go:build !unix

package output

// lock is a no-op where flock is not available.
func lock(dir string) (func(), error) { return func() {}, nil }
