package main

import (
	"context"
	"io"
)

// calibrateCmd is 'brainsim calibrate'.
func calibrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usagef("calibrate is not implemented yet")
}
