package testenv

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
)

// RefusingSMTP starts a real SMTP server on loopback that greets, accepts
// EHLO/HELO and QUIT, and answers 554 to everything else, so every send
// fails the way a rejecting relay fails. It returns its smtp:// URL and stops
// when the test ends.
func RefusingSMTP(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				fmt.Fprint(c, "220 refuser ESMTP\r\n")
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
					case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
						fmt.Fprint(c, "250 refuser\r\n")
					case strings.HasPrefix(cmd, "QUIT"):
						fmt.Fprint(c, "221 bye\r\n")
						return
					default:
						fmt.Fprint(c, "554 5.7.1 no thanks\r\n")
					}
				}
			}()
		}
	}()
	return "smtp://" + ln.Addr().String()
}
