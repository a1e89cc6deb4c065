package live

import (
	"bufio"
	"math"
	"net/http"
	"strconv"
	"time"
)

// events answers GET /api/runs/{id}/events with a stream of server-sent
// events (text/event-stream):
//
//	event: rows   data: {"from": I, "rows": [[year, v1, v2, ...], ...]}
//	event: state  data: {"state": "paused", "speed": 1, "step": N}
//	event: end    data: {"state": "finished", "reason": "", "step": N}
//
// Rows are the steps I, I+1, ... (0-based) with the values of the run's
// columns; each rows event carries the id of the steps done, so a browser
// that reconnects with Last-Event-ID gets only the steps it has not seen.
// Steps done since the last event are sent together, at most one event per
// batchGap. The stream ends after the end event.
func (s *Server) events(w http.ResponseWriter, r *http.Request, rn *run) {
	from := 0
	if v := r.Header.Get("Last-Event-ID"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && n <= rn.steps {
			from = n
		}
	}
	if !rn.watch(s.cfg.MaxWatchers) {
		writeError(w, http.StatusTooManyRequests,
			"this run is already shown in "+strconv.Itoa(s.cfg.MaxWatchers)+" pages; start your own run")
		return
	}
	defer rn.unwatch()

	rc := http.NewResponseController(w)
	// The write deadlines set below must not stay on the connection for
	// its next request. An error means not supported.
	defer rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriter(w)
	flush := func() bool {
		rc.SetWriteDeadline(time.Now().Add(writeTimeout)) // an error means not supported: carry on
		return bw.Flush() == nil && rc.Flush() == nil
	}
	bw.WriteString("retry: 2000\n\n")
	if !flush() {
		return
	}

	var buf []byte
	lastState, lastSpeed := "", 0.0
	ping := time.NewTicker(heartbeat)
	defer ping.Stop()
	for {
		rn.mu.Lock()
		n, state, reason, speed, changed := rn.n, rn.state, rn.reason, rn.speed, rn.changed
		if n > from {
			buf = rn.appendRowsLocked(buf[:0], from, n)
		}
		rn.mu.Unlock()

		if n > from {
			writeEvent(bw, "rows", n, buf)
			from = n
		}
		over := state == stateFinished || state == stateStopped
		if !over && (state != lastState || speed != lastSpeed) {
			buf = append(buf[:0], `{"state":`...)
			buf = strconv.AppendQuote(buf, state)
			buf = append(buf, `,"speed":`...)
			buf = appendNumber(buf, speed)
			buf = append(buf, `,"step":`...)
			buf = strconv.AppendInt(buf, int64(n), 10)
			buf = append(buf, '}')
			writeEvent(bw, "state", -1, buf)
			lastState, lastSpeed = state, speed
		}
		if over {
			buf = append(buf[:0], `{"state":`...)
			buf = strconv.AppendQuote(buf, state)
			buf = append(buf, `,"reason":`...)
			buf = strconv.AppendQuote(buf, reason)
			buf = append(buf, `,"step":`...)
			buf = strconv.AppendInt(buf, int64(n), 10)
			buf = append(buf, '}')
			writeEvent(bw, "end", -1, buf)
			flush()
			return
		}
		if !flush() {
			return
		}

		select {
		case <-changed:
		case <-ping.C:
			bw.WriteString(": ping\n\n")
		case <-r.Context().Done():
			return
		case <-s.ctx.Done():
			// The run ends too: wait for its end event.
			<-rn.done
		}
		// Let a few steps gather into one event.
		t := time.NewTimer(batchGap)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
}

// writeEvent writes one server-sent event; id < 0 means none.
func writeEvent(bw *bufio.Writer, name string, id int, data []byte) {
	bw.WriteString("event: ")
	bw.WriteString(name)
	bw.WriteByte('\n')
	if id >= 0 {
		bw.WriteString("id: ")
		bw.WriteString(strconv.Itoa(id))
		bw.WriteByte('\n')
	}
	bw.WriteString("data: ")
	bw.Write(data)
	bw.WriteString("\n\n")
}

// appendRowsLocked appends, as JSON, the rows of steps [from, to):
// {"from": from, "rows": [[year, values...], ...]}. rn.mu must be held.
func (rn *run) appendRowsLocked(b []byte, from, to int) []byte {
	w := len(rn.idx)
	b = append(b, `{"from":`...)
	b = strconv.AppendInt(b, int64(from), 10)
	b = append(b, `,"rows":[`...)
	for i := from; i < to; i++ {
		if i > from {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendFloat(b, rn.year(i), 'f', 4, 64)
		for _, v := range rn.data[i*w : (i+1)*w] {
			b = append(b, ',')
			b = appendNumber(b, v)
		}
		b = append(b, ']')
	}
	return append(b, "]}"...)
}

// appendNumber appends v as a JSON number with 7 significant digits, or
// null if it is NaN or infinite, which JSON cannot hold.
func appendNumber(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, v, 'g', 7, 64)
}
