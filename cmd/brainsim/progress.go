package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress draws a one-line progress display with an ETA on a terminal.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, label string) *progress {
	return &progress{w: w, label: label, start: time.Now()}
}

// update redraws the line at most ten times a second; safe for concurrent use.
func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last = now
	frac := float64(done) / float64(max(total, 1))
	eta := "--"
	if frac > 0 {
		el := now.Sub(p.start)
		eta = (time.Duration(float64(el)/frac) - el).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r%s: %5.1f%%  ETA %s   ", p.label, 100*frac, eta)
}

// finish ends the progress line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\r%s: done in %s          \n", p.label, time.Since(p.start).Round(time.Millisecond))
}
