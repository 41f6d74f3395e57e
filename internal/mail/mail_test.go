package mail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	netmail "net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/mail"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

func TestMain(m *testing.M) { testenv.Main(m) }

var ics = []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")

func sample() mail.Message {
	return mail.Message{
		From:        "Interview-Prep <no-reply@interviewprep.test>",
		To:          []string{`"Ada Lovelace" <ada@example.test>`, "bob@example.test"},
		Subject:     "Interview scheduled: Backend — round 2",
		Text:        "Hello Ada,\nsee you soon. A long line " + strings.Repeat("x", 120) + "\n",
		HTML:        "<p>Hello Ada, <b>see you soon</b>.</p>",
		Attachments: []mail.Attachment{{Name: "invite.ics", ContentType: "text/calendar; charset=utf-8; method=REQUEST", Data: ics}},
	}
}

func TestBuildIsValidMIME(t *testing.T) {
	now := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	raw, err := mail.Build(sample(), now)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("message has a bare LF")
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line longer than 998 octets: %q", line[:40])
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	if d, err := h.Date(); err != nil || !d.Equal(now) {
		t.Errorf("Date = %v, %v", d, err)
	}
	if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@interviewprep.test>") {
		t.Errorf("Message-ID = %q", id)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subj != sample().Subject {
		t.Errorf("Subject = %q (%v)", subj, err)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 2 || to[0].Address != "ada@example.test" || to[0].Name != "Ada Lovelace" {
		t.Errorf("To = %v, %v", to, err)
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type = %q", h.Get("Content-Type"))
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	alt, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	amt, aparams, _ := mime.ParseMediaType(alt.Header.Get("Content-Type"))
	if amt != "multipart/alternative" {
		t.Fatalf("first part = %s", amt)
	}
	ar := multipart.NewReader(alt, aparams["boundary"])
	var bodies []string
	var types []string
	for {
		p, err := ar.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		bodies = append(bodies, string(b))
		types = append(types, strings.SplitN(p.Header.Get("Content-Type"), ";", 2)[0])
	}
	if len(types) != 2 || types[0] != "text/plain" || types[1] != "text/html" {
		t.Fatalf("alternative parts = %v", types)
	}
	if bodies[0] != strings.ReplaceAll(sample().Text, "\n", "\r\n") || bodies[1] != sample().HTML {
		t.Errorf("bodies = %q", bodies)
	}
	att, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if ct := att.Header.Get("Content-Type"); !strings.Contains(ct, "text/calendar") || !strings.Contains(ct, "method=REQUEST") {
		t.Errorf("attachment Content-Type = %q", ct)
	}
	if att.FileName() != "invite.ics" {
		t.Errorf("filename = %q", att.FileName())
	}
	if att.Header.Get("Content-Transfer-Encoding") != "base64" {
		t.Error("attachment not base64")
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("extra part: %v", err)
	}
}

func TestBuildWithoutAttachments(t *testing.T) {
	m := sample()
	m.Attachments = nil
	raw, err := mail.Build(m, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if mt, _, _ := mime.ParseMediaType(msg.Header.Get("Content-Type")); mt != "multipart/alternative" {
		t.Errorf("Content-Type = %s", mt)
	}
}

func TestNewSMTPURLs(t *testing.T) {
	for _, bad := range []string{"http://x", "smtp://", "smtp:// bad", "mailto:a@b"} {
		if _, err := mail.NewSMTP(bad); err == nil {
			t.Errorf("NewSMTP(%q) = nil error", bad)
		}
	}
	for _, good := range []string{"smtp://127.0.0.1:1025", "smtps://user:pa%40ss@mail.example.com", "smtp://mail.example.com"} {
		if _, err := mail.NewSMTP(good); err != nil {
			t.Errorf("NewSMTP(%q) = %v", good, err)
		}
	}
	if _, err := mail.NewSMTP("smtp://u:p@host"); err != nil {
		t.Fatal(err)
	}
}

func TestSendToMailpit(t *testing.T) {
	mp := testenv.StartMail(t)
	s, err := mail.NewSMTP(mp.SMTPURL)
	if err != nil {
		t.Fatal(err)
	}
	m := sample()
	m.Subject = "mail test " + fmt.Sprint(time.Now().UnixNano())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := s.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	q := url.Values{"query": {`subject:"` + m.Subject + `"`}}
	var got struct {
		Messages []struct {
			ID          string `json:"ID"`
			Subject     string
			Attachments int
			To          []struct{ Address string }
		} `json:"messages"`
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(mp.APIURL + "/api/v1/search?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&got)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Messages) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(got.Messages) != 1 {
		t.Fatalf("Mailpit has %d messages with subject %q", len(got.Messages), m.Subject)
	}
	g := got.Messages[0]
	if g.Attachments != 1 || len(g.To) != 2 || g.To[0].Address != "ada@example.test" {
		t.Errorf("message = %+v", g)
	}
}

func TestSendRefused(t *testing.T) {
	s, err := mail.NewSMTP(testenv.RefusingSMTP(t))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), sample())
	if err == nil || !strings.Contains(err.Error(), "554") {
		t.Fatalf("Send = %v, want a 554 error", err)
	}
}

func TestSendBadAddresses(t *testing.T) {
	s, _ := mail.NewSMTP("smtp://127.0.0.1:1")
	m := sample()
	m.To = nil
	if err := s.Send(context.Background(), m); err == nil {
		t.Error("no recipients: want error")
	}
	m = sample()
	m.From = "not an address"
	if err := s.Send(context.Background(), m); err == nil {
		t.Error("bad from: want error")
	}
}
