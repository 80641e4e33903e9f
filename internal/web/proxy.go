package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// ranges ("127.0.0.1, 10.0.0.0/8") of the reverse proxies htxnu runs
// behind.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxies: %q is neither an address nor a CIDR range", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// peer is who sent a request: the client's address and whether it reached
// the front of the site over HTTPS.
type peer struct {
	addr  string
	https bool
}

const peerKey ctxKey = 2

// clientAddress is the address of the person making the request, used for
// throttling and audit: the connection's, or the one a trusted proxy says.
func clientAddress(r *http.Request) string {
	if p, ok := r.Context().Value(peerKey).(peer); ok {
		return p.addr
	}
	return remoteHost(r)
}

// isHTTPS reports whether the client reached the site over HTTPS: the
// session cookie is then Secure and HSTS is sent.
func isHTTPS(r *http.Request) bool {
	if p, ok := r.Context().Value(peerKey).(peer); ok {
		return p.https
	}
	return r.TLS != nil
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(addr))
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwarded works out the peer of each request. From a trusted proxy,
// X-Forwarded-For gives the client (the right-most address that is not
// itself a trusted proxy) and X-Forwarded-Proto the scheme; from anyone
// else both headers are ignored.
func (s *Server) forwarded(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := peer{addr: remoteHost(r), https: r.TLS != nil}
		if len(s.proxies) > 0 && s.trusted(p.addr) {
			if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
				hops := strings.Split(strings.Join(xff, ","), ",")
				for i := len(hops) - 1; i >= 0; i-- {
					h := strings.TrimSpace(hops[i])
					if _, err := netip.ParseAddr(h); err != nil {
						break // a forged or garbled hop: stop at the last good one
					}
					p.addr = h
					if !s.trusted(h) {
						break
					}
				}
			}
			if proto := r.Header.Values("X-Forwarded-Proto"); len(proto) > 0 {
				last := proto[len(proto)-1]
				if i := strings.LastIndex(last, ","); i >= 0 {
					last = last[i+1:]
				}
				p.https = strings.EqualFold(strings.TrimSpace(last), "https")
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), peerKey, p)))
	})
}
