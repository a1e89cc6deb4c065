package main

import (
	"context"
	"io"
)

// compareCmd is 'brainsim compare'.
func compareCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usagef("compare is not implemented yet")
}
