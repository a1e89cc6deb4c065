package live

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// hostGuard decides which Host headers the server answers and which
// Origins may change state. A page of another site that makes its own name
// resolve to this computer (DNS rebinding) reaches the server with that name
// in Host; answering only the names below keeps such a page from reading the
// API or starting runs.
type hostGuard struct {
	// allowed are the host names and addresses answered besides loopback:
	// the host of Config.Addr, unless it is unspecified, and
	// Config.AllowedHosts; each normalised by hostName.
	allowed map[string]bool
}

// newHostGuard returns the guard of a server bound to addr that also
// answers the names in extra.
func newHostGuard(addr string, extra []string) hostGuard {
	g := hostGuard{allowed: make(map[string]bool)}
	if h := hostName(addr); h != "" {
		// 0.0.0.0 and :: name no computer: answering them would trust
		// whatever address a request arrived on.
		if ip, err := netip.ParseAddr(h); err != nil || !ip.IsUnspecified() {
			g.allowed[h] = true
		}
	}
	for _, h := range extra {
		if h = hostName(h); h != "" {
			g.allowed[h] = true
		}
	}
	for h := range g.allowed {
		if ip, err := netip.ParseAddr(h); err == nil {
			g.allowed[ip.Unmap().String()] = true // as allows writes it
		}
	}
	return g
}

// hostName returns the host of a Host header or address, host or host:port,
// lower-case, without brackets around an IPv6 address or a final dot.
func hostName(hostport string) string {
	h := hostport
	if name, _, err := net.SplitHostPort(hostport); err == nil {
		h = name
	} else if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// allows reports whether the server answers a request whose Host header is
// host: a loopback name or address, on any port, or an allowed one. An IP
// address is matched as an address, so "::1" and "0:0:0:0:0:0:0:1" are the
// same.
func (g hostGuard) allows(host string) bool {
	h := hostName(host)
	if h == "" {
		return false
	}
	if h == "localhost" || g.allowed[h] {
		return true
	}
	ip, err := netip.ParseAddr(h)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	return ip.IsLoopback() || g.allowed[ip.String()]
}

// sameOrigin reports whether the Origin header o names the site that the
// Host header host names: scheme http, the same host and the same port
// (80 when left out).
func sameOrigin(o, host string) bool {
	u, err := url.Parse(o)
	if err != nil || u.Scheme != "http" || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") {
		return false
	}
	return hostPort(u.Host) == hostPort(host)
}

// hostPort returns host:port with the host as hostName gives it and port 80
// when left out.
func hostPort(hostport string) string {
	port := "80"
	if _, p, err := net.SplitHostPort(hostport); err == nil && p != "" {
		port = p
	}
	return net.JoinHostPort(hostName(hostport), port)
}

// safeMethod reports whether a request of method m changes nothing on the
// server.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// clientAddr returns the address a request came from, without its port: the
// key of the per-client limit. An IPv4 address written in IPv6 form counts
// as the IPv4 address. Headers such as X-Forwarded-For are not believed:
// behind a proxy every client is the proxy.
func clientAddr(r *http.Request) string {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap().WithZone("").String()
	}
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}
