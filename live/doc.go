// Package live serves brainsim's classroom page: one HTML page, with its
// scripts, styles and the uPlot charting library embedded in the binary, on
// which students pick a shipped preset, move the sliders of a few policy
// levers, and watch a simulation draw itself as it runs.
//
// The API behind the page, all JSON except the event stream and downloads:
//
//	GET  /api/config               presets, their levers with ranges and explanations, limits
//	POST /api/runs                 start a run: {"preset": "baseline", "levers": {"top_up": 30}, "speed": 1}
//	GET  /api/runs/{id}            the run's settings and state
//	GET  /api/runs/{id}/events     server-sent events: rows of metrics as they are simulated
//	POST /api/runs/{id}/pause      (and resume, stop, speed {"speed": 2})
//	GET  /api/runs/{id}/csv        the rows so far as CSV
//	GET  /api/runs/{id}/png        a chart of them (?chart=workforce, training, remittances or rate)
//
// A run is one replicate of the preset with a classroom-sized population
// (Config.Agents), stepped on one goroutine and paced so that a simulated
// year takes 1/speed seconds. Every value in a request is checked on the
// server and refused with a message naming the setting and its valid range;
// presets are picked by name from the shipped list, never by path. At most
// Config.MaxRuns runs go at once: one more is answered 503 with
// {"error": "busy: ..."}; one client address holds at most
// Config.RunsPerClient of them, and its next is answered 429. A run ends
// and frees its slot when it reaches its horizon, is stopped, has had no
// page watching it for Config.Abandon, or has been paused for Config.Idle;
// it keeps only a few metrics per step, and its rows stay downloadable for
// Config.Keep.
//
// The server answers only requests whose Host header is a loopback name,
// the host it listens on (Config.Addr) or one of Config.AllowedHosts, so
// that a page of another site cannot reach it by DNS rebinding; others get
// 403 in plain text. A request that may change state (a POST) with an
// Origin header other than http:// and its own Host gets 403 too.
package live
