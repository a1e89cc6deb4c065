package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/brainsim/brainsim/validation"
)

// validationCmd is 'brainsim validation': it runs the checks of package
// validation and writes VALIDATION.md into --out with its figures under
// --out/validation/. Run from the repository's root (it reads
// scenarios/ and scenarios/theory/):
//
//	go run ./cmd/brainsim validation --out docs
func validationCmd(ctx context.Context, stdout io.Writer) *cobra.Command {
	cmd := newCommand("validation [--out DIR] [--replicates R] [--agents N]", "run the validation checks and write VALIDATION.md with its figures")
	fs := cmd.Flags()
	out := fs.String("out", "docs", "`folder` of VALIDATION.md; figures go to FOLDER/validation/")
	reps := fs.Int("replicates", 0, "replicates of every run (default 4)")
	agentsN := fs.Int("agents", 0, "agents of every preset run (default 5000)")
	dir := fs.String("scenarios", "scenarios", "`folder` of the presets and of theory/")
	workers := fs.Int("workers", 0, "goroutines; 0 means one per CPU")
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		if len(pos) != 0 {
			return usagef("validation takes no arguments, got %d", len(pos))
		}
		fig := filepath.Join(*out, "validation")
		if err := os.MkdirAll(fig, 0o755); err != nil {
			return err
		}
		o := validation.Options{Replicates: *reps, Agents: *agentsN, Workers: *workers, FigureDir: fig, ScenarioDir: *dir}
		start := time.Now()
		checks, err := validation.Run(ctx, o)
		if err != nil {
			return err
		}
		pass := 0
		for _, c := range checks {
			if c.Pass {
				pass++
			}
		}
		if err := validation.Write(filepath.Join(*out, "VALIDATION.md"), "validation", checks, o, time.Since(start)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d of %d checks pass; wrote %s\n", pass, len(checks), filepath.Join(*out, "VALIDATION.md"))
		return nil
	}
	return cmd
}
