package schedule

import (
	"strconv"
	"strings"
	"time"
)

// icsMethod is the iTIP method of a calendar invite.
type icsMethod string

const (
	icsRequest icsMethod = "REQUEST"
	icsCancel  icsMethod = "CANCEL"
)

// icsPerson is an organizer or attendee.
type icsPerson struct {
	Name, Email string
}

// icsEvent is what an invite says about one interview.
type icsEvent struct {
	UID         string
	Sequence    int
	Start, End  time.Time
	Stamp       time.Time
	Summary     string
	Description string
	URL         string
	Organizer   icsPerson
	Attendees   []icsPerson
	Method      icsMethod
}

// icsTime is a UTC DATE-TIME (RFC 5545 §3.3.5, form #2).
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value (RFC 5545 §3.3.11).
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// icsParam quotes a parameter value; DQUOTE is not allowed inside.
func icsParam(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return `"` + s + `"`
}

// fold splits a content line into lines of at most 75 octets, continuing
// with CRLF and a space (RFC 5545 §3.1), never inside a UTF-8 sequence.
func fold(line string) string {
	var b strings.Builder
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !isRuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }

// render returns the VCALENDAR with CRLF line endings.
func (e icsEvent) render() []byte {
	var b strings.Builder
	w := func(s string) { b.WriteString(fold(s)) }
	status := "CONFIRMED"
	if e.Method == icsCancel {
		status = "CANCELLED"
	}
	w("BEGIN:VCALENDAR")
	w("VERSION:2.0")
	w("PRODID:-//Interview-Prep//Schedule//EN")
	w("CALSCALE:GREGORIAN")
	w("METHOD:" + string(e.Method))
	w("BEGIN:VEVENT")
	w("UID:" + e.UID)
	w("SEQUENCE:" + strconv.Itoa(e.Sequence))
	w("DTSTAMP:" + icsTime(e.Stamp))
	w("DTSTART:" + icsTime(e.Start))
	w("DTEND:" + icsTime(e.End))
	w("SUMMARY:" + icsText(e.Summary))
	w("DESCRIPTION:" + icsText(e.Description))
	if e.URL != "" {
		w("URL:" + e.URL)
	}
	w("STATUS:" + status)
	w("ORGANIZER;CN=" + icsParam(e.Organizer.Name) + ":mailto:" + e.Organizer.Email)
	for _, a := range e.Attendees {
		w("ATTENDEE;CN=" + icsParam(a.Name) + ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + a.Email)
	}
	w("END:VEVENT")
	w("END:VCALENDAR")
	return []byte(b.String())
}
