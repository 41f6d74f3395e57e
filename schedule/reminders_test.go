package schedule

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/mail"
	"github.com/interviewprep/interviewprep/internal/testenv"
)

// refusingSMTP is a real SMTP server that answers 554 to every message.
func refusingSMTP(t *testing.T) mail.Sender {
	s, err := mail.NewSMTP(testenv.RefusingSMTP(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (a *testApp) reminders(t *testing.T, svc *Service) *Reminders {
	t.Helper()
	r, err := NewReminders(svc, ReminderConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (a *testApp) countReminderNotifications(t *testing.T, user, interviewID string) int {
	t.Helper()
	ns, err := a.svc.store.listNotifications(testenv.Context(t), user, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == KindReminder && x.InterviewID == interviewID {
			n++
		}
	}
	return n
}

func TestRemindersSendOnceAtTheRightTime(t *testing.T) {
	a := newApp(t)
	title := "Reminder test " + testenv.RandomHex(4)
	start := a.clock.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	iv := a.interview(t, false, func(r *CreateRequest) { r.Title = title; r.StartsAt = start.Format(time.RFC3339) })
	a.waitMails(t, "Interview scheduled: "+title, 1)
	r := a.reminders(t, a.svc)
	subject := "Reminder: " + title

	run := func() {
		t.Helper()
		if err := r.RunOnce(testenv.Context(t)); err != nil {
			t.Fatal(err)
		}
	}
	// Too early: nothing.
	a.clock.set(start.Add(-24*time.Hour - time.Minute))
	run()
	if n := len(a.mails(t, subject)); n != 0 {
		t.Fatalf("%d reminders before 24h", n)
	}
	// 24 hours before: one reminder to both participants, with the invite.
	a.clock.set(start.Add(-24*time.Hour + 30*time.Second))
	run()
	run()
	got := a.waitMails(t, subject, 1)
	if len(got[0].To) != 2 || got[0].Attachments != 1 {
		t.Errorf("reminder = %+v", got[0])
	}
	if n := a.countReminderNotifications(t, a.p.candOn.ID, iv.ID); n != 1 {
		t.Errorf("%d reminder notifications, want 1", n)
	}
	// 15 minutes before: the second one.
	a.clock.set(start.Add(-14 * time.Minute))
	run()
	a.waitMails(t, subject, 2)
	// A restarted node (fresh memory) does not send again.
	svc2 := a.newService(t)
	if err := a.reminders(t, svc2).RunOnce(testenv.Context(t)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	a.waitMails(t, subject, 2)
	// After the start: nothing more.
	a.clock.set(start.Add(time.Minute))
	run()
	a.waitMails(t, subject, 2)
	if n := a.countReminderNotifications(t, a.p.ivOn.ID, iv.ID); n != 2 {
		t.Errorf("%d reminder notifications, want 2", n)
	}
}

func TestRemindersNeverTwiceAcrossNodes(t *testing.T) {
	a := newApp(t)
	title := "Two nodes " + testenv.RandomHex(4)
	start := a.clock.Now().Add(2 * time.Hour).UTC().Truncate(time.Second)
	iv := a.interview(t, false, func(r *CreateRequest) { r.Title = title; r.StartsAt = start.Format(time.RFC3339) })
	nodes := []*Reminders{a.reminders(t, a.svc), a.reminders(t, a.newService(t)), a.reminders(t, a.newService(t))}
	a.clock.set(start.Add(-10 * time.Minute))
	var wg sync.WaitGroup
	errs := make(chan error, 3*len(nodes))
	for range 3 {
		for _, n := range nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- n.RunOnce(testenv.Context(t))
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	time.Sleep(300 * time.Millisecond)
	a.waitMails(t, "Reminder: "+title, 1)
	if n := a.countReminderNotifications(t, a.p.candOn.ID, iv.ID); n != 1 {
		t.Errorf("%d reminder notifications, want 1", n)
	}
}

func TestRemindersRetryAfterSMTPFailure(t *testing.T) {
	a := newApp(t)
	title := "Retry " + testenv.RandomHex(4)
	start := a.clock.Now().Add(2 * time.Hour).UTC().Truncate(time.Second)
	iv := a.interview(t, false, func(r *CreateRequest) { r.Title = title; r.StartsAt = start.Format(time.RFC3339) })
	a.waitMails(t, "Interview scheduled: "+title, 1)
	r := a.reminders(t, a.svc)
	good := *a.mail.cur.Load()
	a.mail.use(refusingSMTP(t))
	a.clock.set(start.Add(-15 * time.Minute))
	err := r.RunOnce(testenv.Context(t))
	if err == nil || !strings.Contains(err.Error(), "554") {
		t.Fatalf("RunOnce with a refusing server = %v, want the 554", err)
	}
	if n := a.countReminderNotifications(t, a.p.candOn.ID, iv.ID); n != 0 {
		t.Errorf("notification recorded for an unsent reminder")
	}
	a.mail.use(good)
	a.clock.advance(time.Minute)
	if err := r.RunOnce(testenv.Context(t)); err != nil {
		t.Fatal(err)
	}
	if err := r.RunOnce(testenv.Context(t)); err != nil {
		t.Fatal(err)
	}
	a.waitMails(t, "Reminder: "+title, 1)
	if n := a.countReminderNotifications(t, a.p.candOn.ID, iv.ID); n != 1 {
		t.Errorf("%d reminder notifications, want 1", n)
	}
}

func TestRemindersSkipCancelledAndFollowReschedule(t *testing.T) {
	a := newApp(t)
	start := a.clock.Now().Add(2 * time.Hour).UTC().Truncate(time.Second)
	cancelledTitle := "Cancelled " + testenv.RandomHex(4)
	c := a.interview(t, false, func(r *CreateRequest) { r.Title = cancelledTitle; r.StartsAt = start.Format(time.RFC3339) })
	other := a.newService(t) // another node: its read model still has it active
	if _, err := a.svc.Cancel(a.as(t, a.p.admin), c.ID); err != nil {
		t.Fatal(err)
	}
	movedTitle := "Moved " + testenv.RandomHex(4)
	m := a.interview(t, false, func(r *CreateRequest) { r.Title = movedTitle; r.StartsAt = start.Format(time.RFC3339) })
	r := a.reminders(t, a.svc)
	a.clock.set(start.Add(-10 * time.Minute))
	if err := a.reminders(t, other).RunOnce(testenv.Context(t)); err != nil {
		t.Fatal(err)
	}
	if err := r.RunOnce(testenv.Context(t)); err != nil {
		t.Fatal(err)
	}
	// Reschedule by three hours: its 15-minute reminder is due again then.
	later := start.Add(3 * time.Hour).Format(time.RFC3339)
	if _, err := a.svc.Update(a.as(t, a.p.ivOn), m.ID, UpdateRequest{StartsAt: &later}); err != nil {
		t.Fatal(err)
	}
	a.clock.set(start.Add(3*time.Hour - 10*time.Minute))
	if err := r.RunOnce(testenv.Context(t)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	a.waitMails(t, "Reminder: "+cancelledTitle, 0)
	a.waitMails(t, "Reminder: "+movedTitle, 2)
}

func TestRemindersCron(t *testing.T) {
	a := newApp(t)
	if _, err := NewReminders(a.svc, ReminderConfig{Spec: "not a spec"}); err == nil {
		t.Error("bad spec accepted")
	}
	if _, err := NewReminders(a.svc, ReminderConfig{Offsets: []time.Duration{-time.Minute}}); err == nil {
		t.Error("negative offset accepted")
	}
	title := "Cron " + testenv.RandomHex(4)
	start := a.clock.Now().Add(10 * time.Minute).UTC().Truncate(time.Second)
	a.clock.advance(-time.Hour) // scheduled long before the reminder is due
	a.interview(t, false, func(r *CreateRequest) { r.Title = title; r.StartsAt = start.Format(time.RFC3339) })
	a.clock.advance(time.Hour)
	r, err := NewReminders(a.svc, ReminderConfig{Spec: "@every 1s"})
	if err != nil {
		t.Fatal(err)
	}
	r.Start()
	defer r.Stop()
	deadline := time.Now().Add(10 * time.Second)
	for len(a.mails(t, "Reminder: "+title)) == 0 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	r.Stop()
	a.waitMails(t, "Reminder: "+title, 1)
}
