package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/spf13/cobra"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/brainsim/brainsim/live"
)

// serveCmd is 'brainsim serve': the classroom page on a local web server.
func serveCmd(ctx context.Context, stdout, stderr io.Writer) *cobra.Command {
	cmd := newCommand("serve [--addr HOST:PORT] [flags]", "serve the classroom page")
	fs := cmd.Flags()
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on; 127.0.0.1 serves this computer only, 0.0.0.0 the whole network")
	maxRuns := fs.Int("max-runs", 30, "simulations that may run at once; one more is told 'busy'")
	agents := fs.Int("agents", 10_000, "agents in a simulation whose preset has more than --max-agents")
	maxAgents := fs.Int("max-agents", 20_000, "most agents a request may ask for")
	perClient := fs.Int("runs-per-client", 3, "simulations one computer (one IP address) may run at once; one more is told 'too many runs'")
	var allow hostList
	fs.Var(&allow, "allow-host", "a host `name` or IP address, without a port, that browsers may use to reach the page, besides\n"+
		"loopback (localhost, 127.0.0.1, [::1]) and the host of --addr; repeatable. Requests naming any other\n"+
		"host are refused, so that another site's page cannot reach the server by DNS rebinding. With\n"+
		"--addr 0.0.0.0:8080 this computer's network addresses are not trusted until allowed: add\n"+
		"--allow-host 192.168.1.20 (your address, as students type it) or --allow-host NAME.local")
	quiet := fs.Bool("quiet", false, "do not log runs starting and ending")
	// A run whose settings the event engine refuses falls back to the step
	// engine, and the page says so (live.Config.Engine).
	var engine engineFlag
	engine.register(fs)
	cmd.RunE = func(cmd *cobra.Command, pos []string) error {
		var err error
		if len(pos) > 0 {
			printUsage(cmd, stderr)
			return usagef("serve takes no arguments, got %q", pos[0])
		}
		switch {
		case *maxRuns < 1:
			return usagef("--max-runs %d: must be >= 1", *maxRuns)
		case *perClient < 1:
			return usagef("--runs-per-client %d: must be >= 1", *perClient)
		case *maxAgents < live.MinAgents:
			return usagef("--max-agents %d: must be >= %d", *maxAgents, live.MinAgents)
		case *agents < live.MinAgents || *agents > *maxAgents:
			return usagef("--agents %d: must be within [%d, %d] (--max-agents)", *agents, live.MinAgents, *maxAgents)
		}
		host, _, err := net.SplitHostPort(*addr)
		if err != nil {
			return usagef("--addr %q: want HOST:PORT, e.g. 127.0.0.1:8080", *addr)
		}

		logger := log.New(stderr, "brainsim serve: ", log.LstdFlags)
		cfg := live.Config{MaxRuns: *maxRuns, RunsPerClient: *perClient, Agents: *agents, MaxAgents: *maxAgents,
			Addr: *addr, AllowedHosts: allow, Engine: engine.kind}
		if !*quiet {
			cfg.Logf = logger.Printf
		}
		handler := live.NewServer(cfg)
		defer handler.Close()

		ln, err := new(net.ListenConfig).Listen(ctx, "tcp", *addr)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		srv := &http.Server{
			Handler:           handler,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       30 * time.Second,
			IdleTimeout:       2 * time.Minute,
			MaxHeaderBytes:    16 << 10,
			ErrorLog:          logger,
		}
		if ip := net.ParseIP(host); host == "" || ip != nil && !ip.IsLoopback() || ip == nil && host != "localhost" {
			fmt.Fprintf(stderr, "brainsim: listening on %s: other computers on the network can open the page\n", ln.Addr())
			switch {
			case !(ip != nil && ip.IsUnspecified() || host == ""):
			case len(allow) == 0:
				if addrs := networkAddrs(); len(addrs) > 0 {
					fmt.Fprintf(stderr, "brainsim: this computer's network addresses: %s\n", strings.Join(addrs, ", "))
				}
				fmt.Fprintf(stderr, "brainsim: but browsers are answered only at loopback addresses: allow this computer's address "+
					"as students type it with --allow-host ADDRESS (e.g. --allow-host %s)\n", exampleAddr())
			default:
				fmt.Fprintf(stderr, "brainsim: browsers are answered at loopback addresses and at %s\n", strings.Join(allow, ", "))
			}
		}

		// The page's address last, after the warnings: it is the line to act
		// on, and a caller that waits for it has the warnings already.
		fmt.Fprintf(stdout, "brainsim: the classroom page is at http://%s/ (Ctrl-C to stop)\n", pageHost(ln.Addr(), host))
		errc := make(chan error, 1)
		go func() { errc <- srv.Serve(ln) }()
		select {
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		case <-ctx.Done():
		}
		handler.Close() // ends the runs and their event streams, so Shutdown does not wait on them
		shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutCtx); err != nil {
			return fmt.Errorf("serve: shutting down: %w", err)
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	}
	return cmd
}

// pageHost returns the host:port to print for the listener at a, asked for
// as host: a wildcard address shows as 127.0.0.1, which works on this
// computer.
func pageHost(a net.Addr, host string) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if tcp.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
	}
	if host == "localhost" {
		return net.JoinHostPort(host, fmt.Sprint(tcp.Port))
	}
	return tcp.String()
}

// hostList collects --allow-host: host names or IP addresses, without a
// port or scheme.
type hostList []string

func (l *hostList) Type() string { return "name" }

func (l *hostList) String() string { return strings.Join(*l, " ") }

func (l *hostList) Set(v string) error {
	h := v
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	switch {
	case h == "":
		return errors.New("want a host name or IP address, got nothing")
	case strings.ContainsAny(h, "/@ *"):
		return fmt.Errorf("want a host name or IP address, e.g. 192.168.1.20 or classroom.local, got %q", v)
	case strings.Contains(h, ":") && net.ParseIP(h) == nil:
		return fmt.Errorf("want a host name or IP address without a port (any port is allowed), got %q", v)
	}
	*l = append(*l, v)
	return nil
}

// networkAddrs returns this computer's addresses that other computers can
// reach (global unicast, IPv4 first), for the teacher to give students and
// --allow-host.
func networkAddrs() []string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var v4, v6 []string
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.IsGlobalUnicast() {
			if n.IP.To4() != nil {
				v4 = append(v4, n.IP.String())
			} else {
				v6 = append(v6, n.IP.String())
			}
		}
	}
	return append(v4, v6...)
}

// exampleAddr returns an IPv4 address of this computer that is not
// loopback, for the hint of --allow-host, or a made-up one.
func exampleAddr() string {
	addrs, err := net.InterfaceAddrs()
	if err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && n.IP.IsGlobalUnicast() {
				return n.IP.String()
			}
		}
	}
	return "192.168.1.20"
}
