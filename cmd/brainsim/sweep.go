package main

import (
	"context"
	"io"
)

// sweepCmd is 'brainsim sweep'.
func sweepCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usagef("sweep is not implemented yet")
}
