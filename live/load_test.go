package live

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoad plays a class of 30 on loopback: 30 browsers start runs of the
// largest size allowed at once and watch them stream; the 31st is told the
// server is busy. It checks that the 30 are held with bounded memory, that
// each streams, and that everything is freed when they end.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	const runs = 30
	// Every browser here has the loopback address: lift the per-client
	// limit above the global one, which the 31st run is to meet.
	cfg := Config{MaxRuns: runs, RunsPerClient: runs + 1, Agents: 20_000, MaxAgents: 20_000}
	heap0 := heapInUse()
	goroutines0 := runtime.NumGoroutine()
	srv, hs := newTestServer(t, cfg)
	tr := hs.Client().Transport.(*http.Transport)
	tr.MaxIdleConnsPerHost = 2 * runs // a connection per browser, as a class would have

	// 30 runs at once, each watched, at the slowest pace so that they hold.
	begin := time.Now()
	var (
		wg      sync.WaitGroup
		ids     [runs]string
		rows    [runs]atomic.Int64
		failed  atomic.Int64
		streams sync.WaitGroup
	)
	for i := range runs {
		wg.Go(func() {
			body := fmt.Sprintf(`{"preset":"baseline","speed":0.25,"levers":{"top_up":%d}}`, i)
			r := do(t, hs, "POST", "/api/runs", body)
			if r.status != http.StatusCreated {
				t.Errorf("run %d: %d %s", i, r.status, r.body)
				failed.Add(1)
				return
			}
			in := r.info(t)
			ids[i] = in.ID
			resp := openEvents(t, hs, in.ID)
			streams.Go(func() {
				defer resp.Body.Close()
				readEvents(resp.Body, func(ev sseEvent) bool {
					if ev.name == "rows" {
						var d rowsEvent
						json.Unmarshal([]byte(ev.data), &d)
						rows[i].Add(int64(len(d.Rows)))
					}
					return ev.name != "end"
				})
			})
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d of %d runs refused", failed.Load(), runs)
	}
	started := time.Since(begin)
	if n := srv.Running(); n != runs {
		t.Fatalf("%d running; want %d", n, runs)
	}

	// The 31st is told, at once, that the server is busy.
	t0 := time.Now()
	r := do(t, hs, "POST", "/api/runs", `{"preset":"baseline"}`)
	busyIn := time.Since(t0)
	if r.status != http.StatusServiceUnavailable ||
		strings.TrimSpace(string(r.body)) != `{"error":"busy: 30 simulations are running; try again in a minute"}` {
		t.Fatalf("31st run: %d %s; want 503 busy", r.status, r.body)
	}
	if busyIn > time.Second {
		t.Errorf("busy answer took %v", busyIn)
	}

	// Every run streams: wait for each to show a simulated year or more.
	eventually(t, 30*time.Second, "every run streams a year", func() bool {
		for i := range runs {
			if rows[i].Load() < 12 {
				return false
			}
		}
		return true
	})
	held := heapInUse()
	perRun := float64(held-heap0) / runs
	t.Logf("30 runs of 20,000 agents started in %v; busy answered in %v; heap in use %.1f MB before, %.1f MB with 30 runs held (%.2f MB a run); %d goroutines",
		started.Round(time.Millisecond), busyIn.Round(time.Microsecond), mb(heap0), mb(held), perRun/1e6, runtime.NumGoroutine())
	// The bound: a run holds one engine of at most MaxAgents agents at start
	// (22 bytes a person in the population arrays, which grow as cohorts
	// enter, plus per-block tallies and the conditions of a step) and
	// steps × 15 kept numbers (360 × 15 × 8 bytes = 43 KB): 20,000 × 22
	// bytes is 0.44 MB, and about 0.8 MB a run is measured. 4 MB a run
	// leaves room for the growth of the population over a run (the
	// cohorts entering) and for the connection and buffers of a watched
	// stream, and is 120 MB for the class, far below the machine's memory.
	if limit := uint64(runs * 4 << 20); held-heap0 > limit {
		t.Errorf("30 runs hold %.1f MB of heap; want at most %.0f MB", mb(held-heap0), mb(limit))
	}

	// Stopping them all frees the slots, the engines and the goroutines.
	for _, id := range ids {
		do(t, hs, "POST", "/api/runs/"+id+"/stop", "{}")
	}
	streams.Wait()
	if n := srv.Running(); n != 0 {
		t.Errorf("%d running after stopping all", n)
	}
	start(t, hs, `{"preset":"baseline","speed":0.25}`) // a slot is free again
	hs.CloseClientConnections()
	after := heapInUse()
	t.Logf("heap in use after stopping: %.1f MB", mb(after))
	if after > heap0+uint64(runs*(1<<20)) { // the rows of ended runs are kept: 43 KB each
		t.Errorf("heap in use %.1f MB after stopping; want near the %.1f MB before", mb(after), mb(heap0))
	}
	eventually(t, 5*time.Second, "goroutines end", func() bool {
		return runtime.NumGoroutine() < goroutines0+20
	})
}

// heapInUse returns the bytes of heap in use after a garbage collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }
