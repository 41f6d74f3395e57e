package schedule

import (
	"context"
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/interviewprep/interviewprep/internal/events"
	"github.com/interviewprep/interviewprep/internal/httpx"
	"github.com/interviewprep/interviewprep/internal/mail"
)

// announce records an in-app notification for each recipient and emails
// them the invite (in the background; failures are logged).
func (s *Service) announce(ctx context.Context, iv *Interview, kind NotificationKind, recipients []string) {
	if err := s.notify(ctx, iv, kind, recipients); err != nil {
		httpx.Logger(ctx).Error("schedule: notifications", "interview", iv.ID, "kind", kind, "err", err)
	}
	if s.cfg.Mail == nil {
		return
	}
	snapshot := iv.clone()
	s.mailWG.Add(1)
	go func() {
		defer s.mailWG.Done()
		mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if err := s.email(mctx, snapshot, kind, recipients); err != nil {
			s.log.Error("schedule: send invite", "interview", snapshot.ID, "kind", kind, "err", err)
		}
	}()
}

// notify inserts one notification per recipient and tells each of them.
func (s *Service) notify(ctx context.Context, iv *Interview, kind NotificationKind, recipients []string) error {
	title, body := s.wording(iv, kind)
	now := s.now().UTC().Truncate(time.Millisecond)
	ns := make([]Notification, 0, len(recipients))
	for _, u := range recipients {
		ns = append(ns, Notification{UserID: u, Kind: kind, Title: title, Body: body,
			InterviewID: iv.ID, CreatedAt: now})
	}
	if err := s.store.insertNotifications(ctx, ns); err != nil {
		return err
	}
	s.publish(events.Event{Topics: []string{"notifications"}, Users: recipients})
	return nil
}

func (s *Service) wording(iv *Interview, kind NotificationKind) (title, body string) {
	when := iv.StartsAt.UTC().Format("Mon 2 Jan 2006 15:04 MST")
	switch kind {
	case KindInvited:
		return "Interview scheduled: " + iv.Title, fmt.Sprintf("You are invited to %q on %s (%d minutes).", iv.Title, when, iv.DurationMinutes)
	case KindUpdated:
		return "Interview updated: " + iv.Title, fmt.Sprintf("%q is now on %s (%d minutes).", iv.Title, when, iv.DurationMinutes)
	case KindCancelled:
		return "Interview cancelled: " + iv.Title, fmt.Sprintf("%q on %s was cancelled.", iv.Title, when)
	case KindReminder:
		in := iv.StartsAt.Sub(s.now()).Round(time.Minute)
		return "Reminder: " + iv.Title, fmt.Sprintf("%q starts on %s (in %s).", iv.Title, when, strings.TrimSuffix(in.String(), "0s"))
	}
	return iv.Title, ""
}

// joinURL is the absolute join link in invites and reminders: the call's
// setup page, where a candidate without a password signs in with a code
// sent to their email (Kratos's passwordless code method).
func (s *Service) joinURL(iv *Interview) string {
	return s.publicURL + "/interviews/" + iv.ID + "/room"
}

// email sends one message per recipient with the calendar invite.
func (s *Service) email(ctx context.Context, iv *Interview, kind NotificationKind, recipients []string) error {
	event, err := s.icsEvent(ctx, iv, kind)
	if err != nil {
		return err
	}
	title, body := s.wording(iv, kind)
	link := s.joinURL(iv)
	text := body + "\n\nJoin: " + link + "\n"
	htmlBody := "<p>" + html.EscapeString(body) + "</p><p><a href=\"" + html.EscapeString(link) + "\">Join the interview</a></p>"
	ct := "text/calendar; charset=utf-8; method=" + string(event.Method)
	var to []string
	for _, id := range recipients {
		u, err := s.users.get(ctx, id)
		if err != nil {
			s.log.Warn("schedule: no email address", "user", id, "err", err)
			continue
		}
		if u.Email != "" {
			to = append(to, formatAddress(u.Name, u.Email))
		}
	}
	if len(to) == 0 {
		return nil
	}
	// One message to everyone: one SMTP transaction succeeds or fails as a
	// whole, so a retried reminder never reaches anyone twice.
	return s.cfg.Mail.Send(ctx, mail.Message{From: s.cfg.MailFrom, To: to, Subject: title, Text: text, HTML: htmlBody,
		Attachments: []mail.Attachment{{Name: "invite.ics", ContentType: ct, Data: event.render()}}})
}

func formatAddress(name, email string) string {
	name = strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r == '<' || r == '>' || r < 0x20 {
			return -1
		}
		return r
	}, name)
	if name == "" {
		return email
	}
	return `"` + name + `" <` + email + `>`
}

func (s *Service) icsEvent(ctx context.Context, iv *Interview, kind NotificationKind) (icsEvent, error) {
	method := icsRequest
	if kind == KindCancelled {
		method = icsCancel
	}
	owner := s.users.json(ctx, iv.OwnerID)
	orgEmail := owner.Email
	if orgEmail == "" {
		orgEmail = mailAddress(s.cfg.MailFrom)
	}
	e := icsEvent{
		UID: iv.ID + "@" + s.host, Sequence: iv.Sequence, Start: iv.StartsAt, End: iv.EndsAt(), Stamp: s.now(),
		Summary:     iv.Title,
		Description: strings.TrimSpace(iv.Description + "\n\nJoin: " + s.joinURL(iv)),
		URL:         s.joinURL(iv), Organizer: icsPerson{Name: owner.Name, Email: orgEmail}, Method: method,
	}
	for _, id := range iv.Participants() {
		u := s.users.json(ctx, id)
		if u.Email != "" {
			e.Attendees = append(e.Attendees, icsPerson{Name: u.Name, Email: u.Email})
		}
	}
	return e, nil
}

func mailAddress(from string) string {
	if i := strings.LastIndexByte(from, '<'); i >= 0 {
		return strings.TrimSuffix(from[i+1:], ">")
	}
	return from
}

// Notifications returns the signed-in user's last 50 notifications and the
// number unread among them.
func (s *Service) Notifications(ctx context.Context) ([]Notification, int, error) {
	p, err := principal(ctx)
	if err != nil {
		return nil, 0, err
	}
	ns, err := s.store.listNotifications(ctx, p.ID, notificationCap)
	if err != nil {
		return nil, 0, err
	}
	unread := 0
	for _, n := range ns {
		if !n.Read {
			unread++
		}
	}
	return ns, unread, nil
}

// MarkRead marks the user's notifications ids (or all of the last 50)
// read. Ids of other users' notifications are ignored.
func (s *Service) MarkRead(ctx context.Context, ids []string, all bool) error {
	p, err := principal(ctx)
	if err != nil {
		return err
	}
	if !all && len(ids) == 0 {
		return httpx.Invalid("ids", "give ids or all: true")
	}
	if len(ids) > 500 {
		return httpx.Invalid("ids", "at most 500 at a time")
	}
	var todo []string
	if all {
		ns, err := s.store.listNotifications(ctx, p.ID, notificationCap)
		if err != nil {
			return err
		}
		for _, n := range ns {
			if !n.Read {
				todo = append(todo, n.ID)
			}
		}
	} else {
		for _, id := range ids {
			if ownsNotification(p.ID, id) {
				todo = append(todo, id)
			}
		}
	}
	for _, id := range todo {
		if err := s.store.markRead(ctx, id); err != nil {
			return err
		}
	}
	if len(todo) > 0 {
		s.publish(events.Event{Topics: []string{"notifications"}, Users: []string{p.ID}})
	}
	return nil
}
