package httpx_test

import (
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	tests := []struct {
		name, remote string
		xff          []string
		trusted      []netip.Prefix
		want         string
	}{
		{"direct", "203.0.113.7:5123", nil, proxies, "203.0.113.7"},
		{"direct, forged header ignored", "203.0.113.7:5123", []string{"1.2.3.4"}, proxies, "203.0.113.7"},
		{"nothing trusted", "10.0.0.2:80", []string{"198.51.100.1"}, nil, "10.0.0.2"},
		{"behind a proxy", "10.0.0.2:80", []string{"198.51.100.1"}, proxies, "198.51.100.1"},
		{"client prepends a lie", "10.0.0.2:80", []string{"1.2.3.4, 198.51.100.1"}, proxies, "198.51.100.1"},
		{"two trusted hops", "127.0.0.1:80", []string{"198.51.100.1, 10.1.2.3"}, proxies, "198.51.100.1"},
		{"several header lines", "10.0.0.2:80", []string{"1.2.3.4", "198.51.100.9"}, proxies, "198.51.100.9"},
		{"every hop trusted", "10.0.0.2:80", []string{"10.9.9.9"}, proxies, "10.9.9.9"},
		{"no header from a proxy", "127.0.0.1:80", nil, proxies, "127.0.0.1"},
		{"garbage stops the walk", "10.0.0.2:80", []string{"198.51.100.1, not-an-ip"}, proxies, "10.0.0.2"},
		{"ipv6 peer", "[::1]:80", []string{"2001:db8::5"}, proxies, "2001:db8::5"},
		{"ipv4-mapped", "[::ffff:203.0.113.7]:80", nil, proxies, "203.0.113.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := httpx.ClientIP(r, tt.trusted); got.String() != tt.want {
				t.Errorf("ClientIP = %s, want %s", got, tt.want)
			}
		})
	}
}
