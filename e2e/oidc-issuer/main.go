// Command oidc-issuer is the OpenID Connect issuer the browser tests sign in
// with: GitHub and Google cannot be reached from the test machines, so Kratos
// is configured with this issuer as a generic provider. It wraps
// github.com/oauth2-proxy/mockoidc, which approves every authorization
// request at once, and adds POST /queue-user {"subject","email","name"} to
// choose who the next sign-in is (on a second port: mockoidc routes only its
// own paths). On start it prints one JSON line:
// {"issuer","clientId","clientSecret","queueUrl"}.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/oauth2-proxy/mockoidc"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()

	m, err := mockoidc.NewServer(nil)
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	queueLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	queue := http.NewServeMux()
	queue.HandleFunc("POST /queue-user", func(w http.ResponseWriter, r *http.Request) {
		var u struct{ Subject, Email, Name string }
		if err := json.NewDecoder(r.Body).Decode(&u); err != nil || u.Subject == "" || u.Email == "" {
			http.Error(w, "want {subject, email, name}", http.StatusBadRequest)
			return
		}
		m.QueueUser(&mockoidc.MockUser{Subject: u.Subject, Email: u.Email, EmailVerified: true, PreferredUsername: u.Name})
		w.WriteHeader(http.StatusNoContent)
	})
	go func() { log.Fatal(http.Serve(queueLn, queue)) }()
	if err := m.Start(ln, nil); err != nil {
		log.Fatal(err)
	}
	out, _ := json.Marshal(map[string]string{
		"issuer":       m.Issuer(),
		"clientId":     m.ClientID,
		"clientSecret": m.ClientSecret,
		"queueUrl":     fmt.Sprintf("http://%s/queue-user", queueLn.Addr()),
	})
	fmt.Println(string(out))

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	_ = m.Shutdown()
}
