package main

import (
	"context"
	"io"
)

// mergeCmd is 'brainsim merge'.
func mergeCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usagef("merge is not implemented yet")
}
