package live

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// newTestServer starts a Server with cfg behind an httptest server on
// loopback; both are closed when the test ends, the Server first so that
// its event streams end.
func newTestServer(t *testing.T, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	srv := NewServer(cfg)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Cleanup(srv.Close)
	return srv, hs
}

// response is an answer of the API.
type response struct {
	status int
	header http.Header
	body   []byte
}

// apiError decodes the body as an error response.
func (r response) apiError(t *testing.T) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body %q: %v", r.body, err)
	}
	return e
}

// info decodes the body as a run's description.
func (r response) info(t *testing.T) runInfo {
	t.Helper()
	var in runInfo
	if err := json.Unmarshal(r.body, &in); err != nil {
		t.Fatalf("run body %q: %v", r.body, err)
	}
	return in
}

// do sends a request with a JSON body (none if body is "") and returns the
// answer.
func do(t *testing.T, hs *httptest.Server, method, path, body string, header ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, hs.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return response{resp.StatusCode, resp.Header, b}
}

// start starts a run with the given request body and returns its
// description; it fails the test unless the server answers 201.
func start(t *testing.T, hs *httptest.Server, body string) runInfo {
	t.Helper()
	r := do(t, hs, "POST", "/api/runs", body)
	if r.status != http.StatusCreated {
		t.Fatalf("POST /api/runs %s: %d %s", body, r.status, r.body)
	}
	return r.info(t)
}

// sseEvent is one server-sent event.
type sseEvent struct {
	name, id string
	data     string
}

// openEvents opens the event stream of a run; the caller closes the body.
func openEvents(t *testing.T, hs *httptest.Server, id string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", hs.URL+"/api/runs/"+id+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// readEvents calls f with each event of the stream r until f returns false
// or the stream ends.
func readEvents(r io.Reader, f func(sseEvent) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var ev sseEvent
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name != "" || ev.data != "" {
				if !f(ev) {
					return nil
				}
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, ":"), strings.HasPrefix(line, "retry:"):
		case strings.HasPrefix(line, "event: "):
			ev.name = line[len("event: "):]
		case strings.HasPrefix(line, "id: "):
			ev.id = line[len("id: "):]
		case strings.HasPrefix(line, "data: "):
			ev.data += line[len("data: "):]
		}
	}
	return sc.Err()
}

// rowsEvent is the data of a rows event.
type rowsEvent struct {
	From int          `json:"from"`
	Rows [][]*float64 `json:"rows"`
}

// eventually waits up to d for cond to hold, checking every 10 ms.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", d, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// runState returns the state of a run as the server reports it.
func runState(t *testing.T, hs *httptest.Server, id string) runInfo {
	t.Helper()
	r := do(t, hs, "GET", "/api/runs/"+id, "")
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/runs/%s: %d %s", id, r.status, r.body)
	}
	return r.info(t)
}
