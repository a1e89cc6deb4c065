package live

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// serve sends one request to srv in process, from the client address
// remote (host:port), with Host host and the header pairs given.
func serve(t *testing.T, srv *Server, method, path, host, remote, body string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), method, path, strings.NewReader(body))
	req.Host = host
	req.RemoteAddr = remote
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

// newGuardServer returns a Server of cfg with small runs, closed when the
// test ends.
func newGuardServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	cfg.Agents = 1000
	srv := NewServer(cfg)
	t.Cleanup(srv.Close)
	return srv
}

func TestHostRefused(t *testing.T) {
	loopback := newGuardServer(t, Config{Addr: "127.0.0.1:8080"})
	bound := newGuardServer(t, Config{Addr: "192.168.1.20:8080"})
	wildcard := newGuardServer(t, Config{Addr: "0.0.0.0:8080"})
	allowed := newGuardServer(t, Config{Addr: "0.0.0.0:8080", AllowedHosts: []string{"192.168.1.20", "Classroom.LAN", "fe80::0:1"}})
	for _, tt := range []struct {
		name   string
		srv    *Server
		method string
		host   string
		want   int
	}{
		{"loopback address with port", loopback, "GET", "127.0.0.1:8080", 200},
		{"loopback address without port", loopback, "GET", "127.0.0.1", 200},
		{"loopback address, other port", loopback, "GET", "127.0.0.1:9000", 200},
		{"localhost with port", loopback, "GET", "localhost:8080", 200},
		{"localhost without port", loopback, "GET", "localhost", 200},
		{"localhost in capitals", loopback, "GET", "LocalHost:8080", 200},
		{"localhost, fully qualified", loopback, "GET", "localhost.:8080", 200},
		{"IPv6 loopback with port", loopback, "GET", "[::1]:8080", 200},
		{"IPv6 loopback without port", loopback, "GET", "[::1]", 200},
		{"rebinding name", loopback, "GET", "attacker.example:8080", 403},
		{"rebinding name, start a run", loopback, "POST", "attacker.example:8080", 403},
		{"rebinding name without port", loopback, "GET", "attacker.example", 403},
		{"localhost as a subdomain", loopback, "GET", "localhost.attacker.example:8080", 403},
		{"loopback address as a subdomain", loopback, "GET", "127.0.0.1.attacker.example:8080", 403},
		{"no Host", loopback, "GET", "", 403},
		{"bound address", bound, "GET", "192.168.1.20:8080", 200},
		{"bound address, loopback too", bound, "GET", "localhost:8080", 200},
		{"bound server, rebinding name", bound, "POST", "attacker.example:8080", 403},
		{"wildcard: interface address not trusted", wildcard, "GET", "192.168.1.20:8080", 403},
		{"wildcard: the wildcard itself", wildcard, "GET", "0.0.0.0:8080", 403},
		{"wildcard: loopback", wildcard, "GET", "127.0.0.1:8080", 200},
		{"allowed address", allowed, "GET", "192.168.1.20:8080", 200},
		{"allowed name, other case", allowed, "GET", "classroom.lan:8080", 200},
		{"allowed IPv6, other spelling", allowed, "GET", "[fe80::1]:8080", 200},
		{"allowed server, other address", allowed, "GET", "192.168.1.21:8080", 403},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path, body := "/api/config", ""
			if tt.method == "POST" {
				path, body = "/api/runs", `{"preset":"baseline","speed":0.25}`
			}
			w := serve(t, tt.srv, tt.method, path, tt.host, "127.0.0.1:5000", body)
			if w.Code != tt.want {
				t.Fatalf("%s with Host %q: status %d; want %d (body %s)", tt.method, tt.host, w.Code, tt.want, w.Body)
			}
			if tt.want != http.StatusForbidden {
				return
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Content-Type %q; want text/plain", ct)
			}
			if got := w.Body.String(); !strings.HasPrefix(got, "refused: this server does not answer to the host") ||
				!strings.Contains(got, "--allow-host") {
				t.Errorf("body %q; want the reason and --allow-host", got)
			}
		})
	}
	for _, srv := range []*Server{loopback, bound, wildcard, allowed} {
		if n := srv.Running(); n != 0 {
			t.Errorf("%d runs started by refused hosts", n)
		}
	}
}

func TestOriginChecked(t *testing.T) {
	srv := newGuardServer(t, Config{Addr: "127.0.0.1:8080", AllowedHosts: []string{"classroom.lan"}})
	// `{}` is refused as a run request (400) once past the Origin check:
	// 400 means accepted, 403 refused, and no run starts either way.
	for _, tt := range []struct {
		name   string
		method string
		path   string
		host   string
		origin []string // Origin headers; none if nil
		want   int
	}{
		{"absent (curl)", "POST", "/api/runs", "127.0.0.1:8080", nil, 400},
		{"same", "POST", "/api/runs", "127.0.0.1:8080", []string{"http://127.0.0.1:8080"}, 400},
		{"same, localhost", "POST", "/api/runs", "localhost:8080", []string{"http://localhost:8080"}, 400},
		{"same, in capitals", "POST", "/api/runs", "localhost:8080", []string{"http://LOCALHOST:8080"}, 400},
		{"same, default port", "POST", "/api/runs", "classroom.lan", []string{"http://classroom.lan:80"}, 400},
		{"same, allowed host", "POST", "/api/runs", "classroom.lan:8080", []string{"http://classroom.lan:8080"}, 400},
		{"another site", "POST", "/api/runs", "127.0.0.1:8080", []string{"http://attacker.example"}, 403},
		{"https", "POST", "/api/runs", "127.0.0.1:8080", []string{"https://127.0.0.1:8080"}, 403},
		{"other port", "POST", "/api/runs", "127.0.0.1:8080", []string{"http://127.0.0.1:9000"}, 403},
		{"other loopback name", "POST", "/api/runs", "127.0.0.1:8080", []string{"http://localhost:8080"}, 403},
		{"allowed host, other Host", "POST", "/api/runs", "127.0.0.1:8080", []string{"http://classroom.lan:8080"}, 403},
		{"opaque (sandboxed page, file)", "POST", "/api/runs", "127.0.0.1:8080", []string{"null"}, 403},
		{"host as a prefix", "POST", "/api/runs", "127.0.0.1:8080", []string{"http://127.0.0.1:8080.attacker.example"}, 403},
		{"two Origins", "POST", "/api/runs", "127.0.0.1:8080", []string{"http://127.0.0.1:8080", "http://attacker.example"}, 403},
		{"stop a run", "POST", "/api/runs/0123/stop", "127.0.0.1:8080", []string{"http://attacker.example"}, 403},
		{"PUT", "PUT", "/api/runs", "127.0.0.1:8080", []string{"http://attacker.example"}, 403},
		{"DELETE", "DELETE", "/api/runs/0123", "127.0.0.1:8080", []string{"http://attacker.example"}, 403},
		{"GET is not state-changing", "GET", "/api/config", "127.0.0.1:8080", []string{"http://attacker.example"}, 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			for _, o := range tt.origin {
				header = append(header, "Origin", o)
			}
			body := ""
			if tt.method != "GET" {
				body = "{}"
			}
			w := serve(t, srv, tt.method, tt.path, tt.host, "127.0.0.1:5000", body, header...)
			if w.Code != tt.want {
				t.Fatalf("%s %s with Origin %q: status %d; want %d (body %s)", tt.method, tt.path, tt.origin, w.Code, tt.want, w.Body)
			}
			if tt.want == http.StatusForbidden && !strings.Contains(w.Body.String(), "refused: the request comes from another site") {
				t.Errorf("body %s; want the reason", w.Body)
			}
		})
	}
	// A matching Origin starts a run.
	w := serve(t, srv, "POST", "/api/runs", "127.0.0.1:8080", "127.0.0.1:5000", `{"preset":"baseline","speed":0.25}`,
		"Origin", "http://127.0.0.1:8080")
	if w.Code != http.StatusCreated {
		t.Errorf("run from the page's own origin: status %d; want 201 (body %s)", w.Code, w.Body)
	}
}

func TestRunsPerClient(t *testing.T) {
	const host = "127.0.0.1:8080"
	srv := newGuardServer(t, Config{MaxRuns: 5, RunsPerClient: 3})
	startFrom := func(remote string, want int) runInfo {
		t.Helper()
		w := serve(t, srv, "POST", "/api/runs", host, remote, `{"preset":"baseline","speed":0.25}`)
		if w.Code != want {
			t.Fatalf("run from %s: status %d; want %d (body %s)", remote, w.Code, want, w.Body)
		}
		var in runInfo
		if want == http.StatusCreated {
			if err := json.Unmarshal(w.Body.Bytes(), &in); err != nil {
				t.Fatal(err)
			}
		}
		return in
	}
	// Three from one address, each from its own port: one client.
	a := startFrom("192.0.2.1:40001", 201)
	startFrom("192.0.2.1:40002", 201)
	startFrom("[::ffff:192.0.2.1]:40003", 201) // the same address, written as IPv6
	w := serve(t, srv, "POST", "/api/runs", host, "192.0.2.1:40004", `{"preset":"baseline"}`)
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("4th run of one client: status %d; want 429 (body %s)", w.Code, w.Body)
	}
	want := "too many runs: 192.0.2.1 holds 3 running simulations, and one computer may hold 3 at once"
	if got := w.Body.String(); !strings.Contains(got, want) {
		t.Errorf("4th run: body %s; want %q", got, want)
	}
	// Another address is not held back.
	startFrom("192.0.2.2:40001", 201)
	startFrom("[2001:db8::1]:40001", 201)
	// The server is full (5): the global limit answers other clients, the
	// per-client limit a client at its own.
	startFrom("192.0.2.3:40001", 503)
	startFrom("192.0.2.1:40005", 429)

	// A stopped run frees its client's slot, which the client can use again.
	if w := serve(t, srv, "POST", "/api/runs/"+a.ID+"/stop", host, "192.0.2.1:40006", "{}"); w.Code != 200 {
		t.Fatalf("stop: %d %s", w.Code, w.Body)
	}
	startFrom("192.0.2.1:40007", 201)
	srv.mu.Lock()
	held := srv.clients["192.0.2.1"]
	srv.mu.Unlock()
	if held != 3 {
		t.Errorf("192.0.2.1 holds %d; want 3", held)
	}
}

func TestRunsPerClientAbandoned(t *testing.T) {
	srv := newGuardServer(t, Config{RunsPerClient: 1, Abandon: 200 * time.Millisecond})
	const host, remote = "127.0.0.1:8080", "192.0.2.1:40001"
	body := `{"preset":"baseline","speed":0.25}`
	if w := serve(t, srv, "POST", "/api/runs", host, remote, body); w.Code != 201 {
		t.Fatalf("first run: %d %s", w.Code, w.Body)
	}
	if w := serve(t, srv, "POST", "/api/runs", host, remote, body); w.Code != 429 {
		t.Fatalf("second run: %d %s; want 429", w.Code, w.Body)
	}
	// Nobody watches it: it ends after Abandon, and frees the client's slot.
	eventually(t, 3*time.Second, "an unwatched run frees its client's slot", func() bool {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return len(srv.clients) == 0 && srv.active == 0
	})
	if w := serve(t, srv, "POST", "/api/runs", host, remote, body); w.Code != 201 {
		t.Fatalf("run after the first was abandoned: %d %s", w.Code, w.Body)
	}
}

func TestClientAddr(t *testing.T) {
	for _, tt := range []struct{ remote, want string }{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[::ffff:192.0.2.1]:1234", "192.0.2.1"},
		{"[2001:db8::1]:1234", "2001:db8::1"},
		{"[fe80::1%eth0]:1234", "fe80::1"},
		{"pipe", "pipe"}, // not host:port: as it is
	} {
		r := &http.Request{RemoteAddr: tt.remote}
		if got := clientAddr(r); got != tt.want {
			t.Errorf("clientAddr(%q) = %q; want %q", tt.remote, got, tt.want)
		}
	}
}
