package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer that a server goroutine writes while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveStartWait bounds the wait for serve's URL.
const serveStartWait = 90 * time.Second

var pageURL = regexp.MustCompile(`http://[0-9.:]+/`)

// startServe runs 'brainsim serve' with args until the test ends, and
// returns the URL it prints, its stderr and a func that stops it and
// returns its error.
func startServe(t *testing.T, args ...string) (url string, stderr *lockedBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var stdout lockedBuffer
	stderr = new(lockedBuffer)
	errc := make(chan error, 1)
	go func() { errc <- run(ctx, append([]string{"serve"}, args...), &stdout, stderr) }()
	stop = func() error {
		cancel()
		select {
		case err := <-errc:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop within 10 s of its context's end")
			return nil
		}
	}
	// A wait, not a timing: serve parses every preset (priors' bounds
	// included) before it listens, which under -race on a loaded 2-core
	// machine took over 10 s.
	deadline := time.Now().Add(serveStartWait)
	for url = pageURL.FindString(stdout.String()); url == ""; url = pageURL.FindString(stdout.String()) {
		select {
		case err := <-errc:
			t.Fatalf("serve %v ended: %v\nstderr: %s", args, err, stderr)
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve printed no URL in %v; stdout %q", serveStartWait, stdout.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	return url, stderr, stop
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServe(t *testing.T) {
	t.Parallel()
	// --engine event must reach live.Config: the run says it is on the
	// event engine, or, should the event engine refuse the baseline, why
	// it fell back to the step engine (which a server on the step engine
	// never says).
	url, stderr, stop := startServe(t, "--addr", "127.0.0.1:0", "--max-runs", "1", "--agents", "1000", "--engine", "event")
	if code, body := get(t, url); code != 200 || !strings.Contains(body, "brainsim") {
		t.Errorf("GET %s: %d", url, code)
	}
	if code, body := get(t, url+"api/config"); code != 200 || !strings.Contains(body, `"max_runs":1`) || !strings.Contains(body, `"agents":1000`) {
		t.Errorf("GET config: %d %s", code, body)
	}
	post := func() (int, string) {
		resp, err := http.Post(url+"api/runs", "application/json", strings.NewReader(`{"preset":"baseline","speed":0.25}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(); code != 201 {
		t.Fatalf("first run: %d %s", code, body)
	} else if !strings.Contains(body, `"engine":"event"`) && !strings.Contains(body, `"engine_fallback":`) {
		t.Errorf("first run with --engine event: %s; want engine event, or the step engine with the event engine's refusal", body)
	}
	if code, body := post(); code != 503 || !strings.Contains(body, "busy: 1 simulations are running") {
		t.Errorf("second run with --max-runs 1: %d %s", code, body)
	}
	if err := stop(); err != nil {
		t.Errorf("serve returned %v after its context ended; want nil", err)
	}
	if s := stderr.String(); !strings.Contains(s, "run ") || !strings.Contains(s, "started: baseline") ||
		strings.Contains(s, "other computers") {
		t.Errorf("stderr = %q; want runs logged and no warning on loopback", s)
	}
}

func TestServeAllInterfacesWarns(t *testing.T) {
	t.Parallel()
	url, stderr, stop := startServe(t, "--addr", "0.0.0.0:0", "--quiet")
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("printed %s; want the loopback address, which works on this computer", url)
	}
	if s := stderr.String(); !strings.Contains(s, "other computers on the network can open the page") ||
		!strings.Contains(s, "allow this computer's address as students type it with --allow-host ADDRESS") {
		t.Errorf("stderr = %q; want a warning, and how to allow this computer's address", s)
	}
	if code, _ := get(t, url); code != 200 {
		t.Errorf("GET %s: %d", url, code)
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
}

func TestServeRefuses(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, tt := range []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"argument", []string{"serve", "baseline.toml"}, 2, `serve takes no arguments, got "baseline.toml"`},
		{"no runs", []string{"serve", "--max-runs", "0"}, 2, "--max-runs 0: must be >= 1"},
		{"no runs per client", []string{"serve", "--runs-per-client", "0"}, 2, "--runs-per-client 0: must be >= 1"},
		{"runs per client not a number", []string{"serve", "--runs-per-client", "many"}, 2, `invalid value "many" for --runs-per-client: want a whole number`},
		{"allowed host with a port", []string{"serve", "--allow-host", "classroom.lan:8080"}, 2, "without a port"},
		{"allowed host as a URL", []string{"serve", "--allow-host", "http://classroom.lan"}, 2, "want a host name or IP address"},
		{"allowed host empty", []string{"serve", "--allow-host", ""}, 2, "got nothing"},
		{"allowed host wildcard", []string{"serve", "--allow-host", "*"}, 2, "want a host name or IP address"},
		{"few agents", []string{"serve", "--agents", "10"}, 2, "--agents 10: must be within [1000, 20000]"},
		{"agents above the most", []string{"serve", "--agents", "30000"}, 2, "--agents 30000: must be within [1000, 20000]"},
		{"max agents", []string{"serve", "--max-agents", "5"}, 2, "--max-agents 5: must be >= 1000"},
		{"address", []string{"serve", "--addr", "8080"}, 2, `--addr "8080": want HOST:PORT`},
		{"unknown flag", []string{"serve", "--port", "80"}, 2, "unknown flag: --port"},
		{"help", []string{"serve", "--help"}, 0, "Usage: brainsim serve"},
		{"help names --allow-host", []string{"serve", "--help"}, 0, "--addr 0.0.0.0:8080 this computer's network addresses are not trusted until allowed"},
		{"help names --runs-per-client", []string{"serve", "--help"}, 0, "--runs-per-client int"},
		{"engine", []string{"serve", "--engine", "bogus"}, 2, `invalid value "bogus" for --engine: must be "step" or "event"`},
		{"help names --engine", []string{"serve", "--help"}, 0, "--engine engine"},
		{"address in use", []string{"serve", "--addr", ln.Addr().String()}, 1, "address already in use"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runBrainsim(t, tt.args...)
			got := stderr
			if strings.HasPrefix(tt.name, "help") {
				got = stdout // help asked for goes to stdout
			}
			if code != tt.wantCode || !strings.Contains(got, tt.want) {
				t.Errorf("exit status %d, output %q; want %d and %q", code, got, tt.wantCode, tt.want)
			}
		})
	}
}

// request sends a request to url with the Host header host and the header
// pairs given, and returns the status and body.
func request(t *testing.T, method, url, host, body string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeGuards checks that the flags reach the server: --allow-host
// names are answered and others refused, Origin is checked, and
// --runs-per-client limits one address.
func TestServeGuards(t *testing.T) {
	t.Parallel()
	url, _, stop := startServe(t, "--addr", "127.0.0.1:0", "--quiet", "--agents", "1000",
		"--allow-host", "classroom.lan", "--allow-host", "10.1.2.3", "--runs-per-client", "1")
	port := url[strings.LastIndex(url, ":")+1 : len(url)-1]
	run := `{"preset":"baseline","speed":0.25}`
	for _, tt := range []struct {
		name, method, path, host, body string
		header                         []string
		want                           int
		wantBody                       string
	}{
		{"loopback", "GET", "api/config", "127.0.0.1:" + port, "", nil, 200, `"max_runs":30`},
		{"localhost", "GET", "", "localhost:" + port, "", nil, 200, "brainsim"},
		{"allowed name", "GET", "api/config", "classroom.lan:" + port, "", nil, 200, `"presets"`},
		{"allowed address", "GET", "api/config", "10.1.2.3:" + port, "", nil, 200, `"presets"`},
		{"rebinding name", "GET", "api/config", "attacker.example:" + port, "", nil, 403, "refused: this server does not answer to the host"},
		{"rebinding name starts no run", "POST", "api/runs", "attacker.example:" + port, run, nil, 403, "refused"},
		{"other origin", "POST", "api/runs", "classroom.lan:" + port, run, []string{"Origin", "http://attacker.example"}, 403, "another site"},
		{"own origin", "POST", "api/runs", "classroom.lan:" + port, run, []string{"Origin", "http://classroom.lan:" + port}, 201, `"state":"running"`},
		{"second run of the client", "POST", "api/runs", "127.0.0.1:" + port, run, nil, 429, "holds 1 running simulations, and one computer may hold 1 at once"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, body := request(t, tt.method, url+tt.path, tt.host, tt.body, tt.header...)
			if code != tt.want || !strings.Contains(body, tt.wantBody) {
				t.Errorf("%s /%s with Host %s: %d %q; want %d and %q", tt.method, tt.path, tt.host, code, body, tt.want, tt.wantBody)
			}
		})
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
}
