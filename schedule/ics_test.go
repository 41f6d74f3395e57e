package schedule

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestICSRequest(t *testing.T) {
	start := time.Date(2030, 3, 4, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	e := icsEvent{
		UID: "abc123@interviews.example.com", Sequence: 3,
		Start: start, End: start.Add(45 * time.Minute), Stamp: time.Date(2030, 3, 1, 12, 0, 0, 0, time.UTC),
		Summary:     "Backend; round 2, with Ada",
		Description: "Line one\nJoin: https://interviews.example.com/interviews/abc123 " + strings.Repeat("é", 60),
		URL:         "https://interviews.example.com/interviews/abc123",
		Organizer:   icsPerson{Name: "Olga Owner", Email: "olga@example.test"},
		Attendees:   []icsPerson{{Name: "Ada \"The\" Candidate", Email: "ada@example.test"}, {Name: "Ivan", Email: "ivan@example.test"}},
		Method:      icsRequest,
	}
	out := string(e.render())
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatalf("not CRLF-terminated lines:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
	for _, l := range lines {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold split a UTF-8 sequence: %q", l)
		}
	}
	// Unfold (RFC 5545 §3.1) and look at the content lines.
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:",
		"METHOD:REQUEST\r\n",
		"BEGIN:VEVENT\r\nUID:abc123@interviews.example.com\r\nSEQUENCE:3\r\n",
		"DTSTAMP:20300301T120000Z\r\n",
		"DTSTART:20300304T083000Z\r\n", // UTC
		"DTEND:20300304T091500Z\r\n",
		`SUMMARY:Backend\; round 2\, with Ada` + "\r\n",
		`DESCRIPTION:Line one\nJoin: https://interviews.example.com/interviews/abc123 ` + strings.Repeat("é", 60) + "\r\n",
		"STATUS:CONFIRMED\r\n",
		`ORGANIZER;CN="Olga Owner":mailto:olga@example.test` + "\r\n",
		`ATTENDEE;CN="Ada The Candidate";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ada@example.test` + "\r\n",
		"mailto:ivan@example.test\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, unfolded)
		}
	}
}

func TestICSCancel(t *testing.T) {
	e := icsEvent{UID: "x@h", Sequence: 5, Start: time.Now(), End: time.Now(), Stamp: time.Now(), Method: icsCancel,
		Organizer: icsPerson{Name: "O", Email: "o@h"}}
	out := string(e.render())
	for _, want := range []string{"METHOD:CANCEL\r\n", "STATUS:CANCELLED\r\n", "SEQUENCE:5\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestFold(t *testing.T) {
	if got := fold("short"); got != "short\r\n" {
		t.Errorf("fold(short) = %q", got)
	}
	long := strings.Repeat("a", 200)
	got := fold(long)
	parts := strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")
	if len(parts[0]) != 75 || len(parts[1]) != 75 || !strings.HasPrefix(parts[1], " ") {
		t.Errorf("fold parts = %q", parts)
	}
	if strings.ReplaceAll(got, "\r\n ", "") != long+"\r\n" {
		t.Error("unfolding does not give the line back")
	}
}

func TestICSText(t *testing.T) {
	if got := icsText("a,b;c\\d\r\ne"); got != `a\,b\;c\\d\ne` {
		t.Errorf("icsText = %q", got)
	}
}
