package main

import (
	"context"
	"io"
)

// benchCmd is 'brainsim bench'.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return usagef("bench is not implemented yet")
}
