package schedule

import (
	"context"
	"log/slog"
	"testing"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

// A new node answers an interview by id whether its read model is loaded
// yet or not, and its first dashboard (which waits for the model) has every
// interview.
func TestNewLoadsTheModelInTheBackground(t *testing.T) {
	a := newApp(t)
	iv := a.interview(t, false)
	svc := a.newService(t)
	got, err := svc.Get(a.as(t, a.p.candOn), iv.ID)
	if err != nil || got.ID != iv.ID {
		t.Fatalf("get on a new node: %v %v", got.ID, err)
	}
	d, err := svc.Dashboard(a.as(t, a.p.candOn))
	if err != nil || len(d.Upcoming) != 1 || d.Upcoming[0].ID != iv.ID {
		t.Fatalf("dashboard on a new node: %+v %v", d, err)
	}
	if err := svc.ModelReady(testenv.Context(t)); err != nil {
		t.Errorf("ModelReady after a dashboard: %v", err)
	}
}

// A node whose model never loads (its context ended first) still answers
// an interview by id, and its lists fail instead of waiting for ever.
func TestServiceWhoseModelNeverLoads(t *testing.T) {
	a := newApp(t)
	iv := a.interview(t, false)
	ctx, cancel := context.WithCancel(testenv.Context(t))
	cancel()
	svc, err := New(ctx, Config{DB: a.db, Users: a.idsvc, Now: a.clock.Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	if got, err := svc.Get(a.as(t, a.p.candOn), iv.ID); err != nil || got.ID != iv.ID {
		t.Errorf("get: %v %v", got.ID, err)
	}
	if _, err := svc.Dashboard(a.as(t, a.p.candOn)); err == nil {
		t.Error("a dashboard without the model")
	}
	if _, err := svc.List(a.as(t, a.p.admin), ListQuery{Page: 1, PageSize: 20}); err == nil {
		t.Error("a list without the model")
	}
	if svc.ModelReady(testenv.Context(t)) == nil {
		t.Error("ModelReady says ready")
	}
}
