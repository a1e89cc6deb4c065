//go:build !linux

package sim

// hugePages does nothing here: huge pages are asked for on Linux only
// (hugepages_linux.go).
func hugePages[T any](s []T) {}
