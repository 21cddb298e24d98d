//go:build !linux

package output

import "errors"

// exchange is not available here: callers swap with two renames.
func exchange(a, b string) error { return errors.New("no atomic exchange on this system") }
