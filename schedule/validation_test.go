package schedule

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/interviewprep/interviewprep/internal/testenv"

	"github.com/interviewprep/interviewprep/internal/httpx"
)

func TestCreateValidation(t *testing.T) {
	a := newApp(t)
	p := a.p
	future := a.clock.Now().Add(time.Hour).Format(time.RFC3339)
	valid := func() map[string]any {
		return map[string]any{"title": "Backend", "description": "d", "candidateId": p.candOn.ID,
			"interviewerIds": []string{p.ivOn.ID}, "startsAt": future, "durationMinutes": 60}
	}
	tests := []struct {
		name  string
		mod   func(map[string]any)
		field string
	}{
		{"no title", func(m map[string]any) { m["title"] = "  " }, "title"},
		{"long title", func(m map[string]any) { m["title"] = strings.Repeat("t", 201) }, "title"},
		{"long description", func(m map[string]any) { m["description"] = strings.Repeat("d", 5001) }, "description"},
		{"no candidate", func(m map[string]any) { delete(m, "candidateId") }, "candidateId"},
		{"unknown candidate", func(m map[string]any) { m["candidateId"] = "00000000-0000-4000-8000-000000000000" }, "candidateId"},
		{"candidate not a candidate", func(m map[string]any) { m["candidateId"] = p.ivOff.ID }, "candidateId"},
		{"no interviewers", func(m map[string]any) { m["interviewerIds"] = []string{} }, "interviewerIds"},
		{"unknown interviewer", func(m map[string]any) { m["interviewerIds"] = []string{"nobody"} }, "interviewerIds"},
		{"interviewer is a candidate", func(m map[string]any) { m["interviewerIds"] = []string{p.cand2.ID} }, "interviewerIds"},
		{"candidate also interviewer", func(m map[string]any) { m["interviewerIds"] = []string{p.ivOn.ID, p.candOn.ID} }, "interviewerIds"},
		{"no start", func(m map[string]any) { delete(m, "startsAt") }, "startsAt"},
		{"bad start", func(m map[string]any) { m["startsAt"] = "tomorrow" }, "startsAt"},
		{"start in the past", func(m map[string]any) { m["startsAt"] = a.clock.Now().Add(-5 * time.Minute).Format(time.RFC3339) }, "startsAt"},
		{"too short", func(m map[string]any) { m["durationMinutes"] = 14 }, "durationMinutes"},
		{"too long", func(m map[string]any) { m["durationMinutes"] = 481 }, "durationMinutes"},
		{"no duration", func(m map[string]any) { delete(m, "durationMinutes") }, "durationMinutes"},
		{"duration not a number", func(m map[string]any) { m["durationMinutes"] = "sixty" }, "durationMinutes"},
		{"unknown problem", func(m map[string]any) { m["problemId"] = "no-such-problem" }, "problemId"},
	}
	before := a.dump(t)
	for _, tt := range tests {
		body := valid()
		tt.mod(body)
		status, raw := a.api(t, "POST", "/api/interviews", p.ivOn, body)
		if status != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", tt.name, status, raw)
			continue
		}
		var eb httpx.ErrorBody
		testenv.DecodeJSON(t, raw, &eb)
		if eb.Fields[tt.field] == "" {
			t.Errorf("%s: fields = %v, want %q", tt.name, eb.Fields, tt.field)
		}
	}
	for _, raw := range []string{`{"title":`, `[]`, `{"title":"x","bogus":1}`, ``, `{"title":"x"} {}`} {
		status, out := a.api(t, "POST", "/api/interviews", p.ivOn, raw)
		if status != http.StatusBadRequest {
			t.Errorf("body %q: %d %s, want 400", raw, status, out)
		}
	}
	if !sameDump(before, a.dump(t)) {
		t.Error("invalid creates wrote to the database")
	}
	// Within the clock-skew minute, a start just past is fine; instant ignores startsAt.
	body := valid()
	body["startsAt"] = a.clock.Now().Add(-30 * time.Second).Format(time.RFC3339)
	if status, raw := a.api(t, "POST", "/api/interviews", p.ivOn, body); status != http.StatusCreated {
		t.Errorf("start 30s ago: %d %s", status, raw)
	}
	body = valid()
	body["startsAt"] = "2001-01-01T00:00:00Z"
	body["instant"] = true
	body["problemId"] = "two-sum"
	status, raw := a.api(t, "POST", "/api/interviews", p.ivOn, body)
	if status != http.StatusCreated {
		t.Fatalf("instant: %d %s", status, raw)
	}
	var iv InterviewJSON
	testenv.DecodeJSON(t, raw, &iv)
	if iv.Status != StatusLive || iv.ProblemID == nil || *iv.ProblemID != "two-sum" || iv.Owner.ID != p.ivOn.ID ||
		iv.JoinURL != "/interviews/"+iv.ID || iv.Docs == nil || iv.EndsAt.Sub(iv.StartsAt) != time.Hour {
		t.Errorf("instant interview = %+v", iv)
	}
}

func TestUpdateValidationAndConflicts(t *testing.T) {
	a := newApp(t)
	p := a.p
	iv := a.interview(t, false)
	path := "/api/interviews/" + iv.ID
	before := a.dump(t)
	for _, tt := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"title": ""}, "title"},
		{map[string]any{"candidateId": p.ivOff.ID}, "candidateId"},
		{map[string]any{"interviewerIds": []string{}}, "interviewerIds"},
		{map[string]any{"interviewerIds": []string{p.candOn.ID}}, "interviewerIds"},
		{map[string]any{"startsAt": "2001-01-01T00:00:00Z"}, "startsAt"},
		{map[string]any{"durationMinutes": 5}, "durationMinutes"},
		{map[string]any{"problemId": "nope"}, "problemId"},
	} {
		status, raw := a.api(t, "PATCH", path, p.ivOn, tt.body)
		var eb httpx.ErrorBody
		testenv.DecodeJSON(t, raw, &eb)
		if status != http.StatusBadRequest || eb.Fields[tt.field] == "" {
			t.Errorf("PATCH %v: %d %s, want 400 on %s", tt.body, status, raw, tt.field)
		}
	}
	if status, _ := a.api(t, "PATCH", path, p.ivOn, `{"nope":1}`); status != http.StatusBadRequest {
		t.Errorf("unknown field: %d", status)
	}
	if !sameDump(before, a.dump(t)) {
		t.Error("invalid updates wrote to the database")
	}
	if got := a.members.list(); slices.Contains(got, iv.ID) {
		t.Errorf("refused updates reported changed members: %v", got)
	}
	// A valid partial update keeps the rest.
	status, raw := a.api(t, "PATCH", path, p.ivOn, map[string]any{"durationMinutes": 90, "interviewerIds": []string{p.ivOn.ID, p.ivOff.ID}})
	var got InterviewJSON
	testenv.DecodeJSON(t, raw, &got)
	if status != http.StatusOK || got.DurationMinutes != 90 || got.Title != iv.Title || len(got.Interviewers) != 2 {
		t.Fatalf("PATCH: %d %s", status, raw)
	}
	if got := a.members.list(); !slices.Contains(got, iv.ID) {
		t.Errorf("changed interviewers not reported to MembersChanged: %v", got)
	}
	// The newly added interviewer may now see it.
	if status, _ := a.api(t, "GET", path, p.ivOff, nil); status != http.StatusOK {
		t.Errorf("added interviewer GET: %d", status)
	}
	// Outcome before the start: 409; bad outcome: 400.
	if status, _ := a.api(t, "PUT", path+"/outcome", p.ivOn, map[string]any{"outcome": "succeeded"}); status != http.StatusConflict {
		t.Errorf("outcome before start: %d, want 409", status)
	}
	a.clock.advance(2*time.Hour + time.Minute)
	if status, _ := a.api(t, "PUT", path+"/outcome", p.ivOn, map[string]any{"outcome": "maybe"}); status != http.StatusBadRequest {
		t.Errorf("bad outcome: %d, want 400", status)
	}
	if status, raw := a.api(t, "PUT", path+"/outcome", p.ivOn, map[string]any{"outcome": "failed"}); status != http.StatusOK || !strings.Contains(string(raw), `"outcome":"failed"`) {
		t.Errorf("outcome live: %d %s", status, raw)
	}
	// Completed: cannot be edited or cancelled, the outcome may still be set.
	a.clock.advance(2 * time.Hour)
	if status, _ := a.api(t, "PATCH", path, p.ivOn, map[string]any{"title": "x"}); status != http.StatusConflict {
		t.Errorf("PATCH completed: %d, want 409", status)
	}
	if status, _ := a.api(t, "DELETE", path, p.ivOn, nil); status != http.StatusConflict {
		t.Errorf("cancel completed: %d, want 409", status)
	}
	if status, _ := a.api(t, "PUT", path+"/outcome", p.ivOn, map[string]any{"outcome": "succeeded"}); status != http.StatusOK {
		t.Errorf("outcome completed: %d, want 200", status)
	}
	// Cancelled: no edit, no outcome.
	iv2 := a.interview(t, false)
	if status, raw := a.api(t, "DELETE", "/api/interviews/"+iv2.ID, p.ivOn, nil); status != http.StatusOK || !strings.Contains(string(raw), `"status":"cancelled"`) {
		t.Fatalf("cancel: %d %s", status, raw)
	}
	if status, _ := a.api(t, "PATCH", "/api/interviews/"+iv2.ID, p.ivOn, map[string]any{"title": "x"}); status != http.StatusConflict {
		t.Errorf("PATCH cancelled: %d, want 409", status)
	}
	a.clock.advance(3 * time.Hour)
	if status, _ := a.api(t, "PUT", "/api/interviews/"+iv2.ID+"/outcome", p.ivOn, map[string]any{"outcome": "failed"}); status != http.StatusConflict {
		t.Errorf("outcome cancelled: %d, want 409", status)
	}
}

func TestCommentValidation(t *testing.T) {
	a := newApp(t)
	iv := a.interview(t, true)
	path := "/api/interviews/" + iv.ID + "/comments"
	before := a.dump(t)
	for _, tt := range []struct {
		body  any
		field string
	}{
		{map[string]any{"content": "", "rating": 3}, "content"},
		{map[string]any{"content": strings.Repeat("c", 10001), "rating": 3}, "content"},
		{map[string]any{"content": "ok", "rating": 0}, "rating"},
		{map[string]any{"content": "ok", "rating": 6}, "rating"},
		{map[string]any{"content": "ok", "rating": 2.5}, "rating"},
	} {
		status, raw := a.api(t, "POST", path, a.p.ivOn, tt.body)
		var eb httpx.ErrorBody
		testenv.DecodeJSON(t, raw, &eb)
		if status != http.StatusBadRequest || eb.Fields[tt.field] == "" {
			t.Errorf("%v: %d %s", tt.body, status, raw)
		}
	}
	if !sameDump(before, a.dump(t)) {
		t.Error("invalid comments were written")
	}
	status, raw := a.api(t, "POST", path, a.p.ivOn, map[string]any{"content": "Strong on graphs", "rating": 5})
	if status != http.StatusCreated {
		t.Fatalf("comment: %d %s", status, raw)
	}
	status, raw = a.api(t, "GET", path, a.p.admin, nil)
	var out struct {
		Comments []CommentJSON `json:"comments"`
	}
	testenv.DecodeJSON(t, raw, &out)
	if status != http.StatusOK || len(out.Comments) != 1 || out.Comments[0].Rating != 5 || out.Comments[0].Author.ID != a.p.ivOn.ID {
		t.Errorf("comments: %d %s", status, raw)
	}
}

func TestListQueryValidation(t *testing.T) {
	a := newApp(t)
	for _, q := range []string{"status=soon", "outcome=great", "from=yesterday", "to=1", "page=0", "pageSize=101", "pageSize=x"} {
		if status, raw := a.api(t, "GET", "/api/interviews?"+q, a.p.admin, nil); status != http.StatusBadRequest {
			t.Errorf("?%s: %d %s, want 400", q, status, raw)
		}
	}
	for _, body := range []string{`{}`, `{"ids":[]}`, `{"bogus":true}`, `nope`} {
		if status, _ := a.api(t, "POST", "/api/notifications/read", a.p.admin, body); status != http.StatusBadRequest {
			t.Errorf("read %s: %d, want 400", body, status)
		}
	}
}

// Picking another problem during the interview resets the documents (the
// problem statement and the starter code) before the interview records it;
// when the documents cannot be reset, nothing changes.
func TestPickAnotherProblem(t *testing.T) {
	a := newApp(t)
	p := a.p
	iv := a.interview(t, true, func(r *CreateRequest) { twoSum := "two-sum"; r.ProblemID = &twoSum })
	path := "/api/interviews/" + iv.ID + "/problem"
	if status, raw := a.api(t, "PUT", path, p.ivOn, map[string]any{"problemId": "reverse"}); status != http.StatusOK || !strings.Contains(string(raw), `"problemId":"reverse"`) {
		t.Fatalf("PUT problem = %d %s", status, raw)
	}
	want := iv.Docs.Code + " reverse"
	if got := a.resets.list(); !slices.Contains(got, want) {
		t.Fatalf("resets = %v, want %q", got, want)
	}
	for _, tc := range []struct {
		body any
		want int
	}{
		{map[string]any{}, http.StatusBadRequest},
		{map[string]any{"problemId": "no-such-problem"}, http.StatusBadRequest},
		{map[string]any{"problemId": "broken"}, http.StatusInternalServerError},
	} {
		if status, raw := a.api(t, "PUT", path, p.ivOn, tc.body); status != tc.want {
			t.Errorf("PUT problem %v = %d %s, want %d", tc.body, status, raw, tc.want)
		}
	}
	got, err := a.svc.Get(a.as(t, p.ivOn), iv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ProblemID == nil || *got.ProblemID != "reverse" {
		t.Fatalf("after refused changes the problem is %v, want reverse", got.ProblemID)
	}
}
