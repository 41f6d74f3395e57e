package httpx

import (
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP is the address of the client that sent r: the connection's peer,
// unless the peer is in trusted (a reverse proxy in front of the app). Then
// X-Forwarded-For is read from the right, past every trusted address, and
// the first address that is not trusted is the client's. A client may put
// anything at the front of X-Forwarded-For, but not behind what the trusted
// proxies append, so it cannot choose the address it is counted under.
// When every address is trusted the leftmost one is the client's; the zero
// Addr means RemoteAddr was not an address (never so from net/http).
func ClientIP(r *http.Request, trusted []netip.Prefix) netip.Addr {
	addr := parseAddr(r.RemoteAddr)
	if !addr.IsValid() || !isTrusted(addr, trusted) {
		return addr
	}
	values := r.Header.Values("X-Forwarded-For")
	for i := len(values) - 1; i >= 0; i-- {
		hops := strings.Split(values[i], ",")
		for j := len(hops) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[j]))
			if err != nil {
				return addr // not an address: nothing to the left of it can be trusted either
			}
			addr = a.Unmap()
			if !isTrusted(addr, trusted) {
				return addr
			}
		}
	}
	return addr
}

// parseAddr reads "ip:port" (RemoteAddr) or a bare IP.
func parseAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
