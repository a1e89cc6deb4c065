package main

import (
	"context"
	"io"
)

// serveCmd is 'brainsim serve'.
func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usagef("serve is not implemented yet")
}
