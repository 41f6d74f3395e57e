package collab

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/automerge/automerge-go"
)

func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if v != nil && resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
	}
	return resp.StatusCode
}

func TestHistory(t *testing.T) {
	f := newFixture(t)
	code, notes := docID(t, f.docs.Code), docID(t, f.docs.Notes)
	c := f.dial(t, "intv", "interviewer", "peer-h")
	doc := automerge.New()
	c.syncDoc(code, doc, TypeRequest, func(d *automerge.Doc) bool { return text(t, d, "source") != "" })
	for _, s := range []string{"a", "b", "c"} {
		_ = doc.Path("source").Text().Insert(0, s)
		_, _ = doc.Commit("typed " + s)
		c.syncDoc(code, doc, TypeSync, func(*automerge.Doc) bool { return true })
	}

	base := f.http.URL + "/api/collab/docs/"
	tk := func(u, role string) string { return "ticket=" + url.QueryEscape(f.srv.Ticket(u, role)) }
	var h struct {
		Changes []Change          `json:"changes"`
		Authors map[string]string `json:"authors"`
	}
	if st := getJSON(t, base+code+"/history?"+tk("cand", "candidate"), &h); st != http.StatusOK {
		t.Fatalf("history status %d", st)
	}
	if len(h.Changes) != 4 || h.Changes[3].Message != "typed c" || h.Changes[3].Bytes == 0 || h.Changes[3].Actor == "" {
		t.Fatalf("history = %+v", h.Changes)
	}
	// The typed changes are the interviewer's; the server's first change
	// (the document's creation) has no user.
	if got := h.Authors[h.Changes[3].Actor]; got != "intv" || len(h.Authors) != 1 {
		t.Fatalf("authors = %v, want %s: intv", h.Authors, h.Changes[3].Actor)
	}

	// The whole document, for the replay: it loads and holds the history.
	resp, err := http.Get(base + code + "/binary?" + tk("cand", "candidate"))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("binary: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	loaded, err := automerge.Load(raw)
	if err != nil {
		t.Fatal(err)
	}
	if chs, _ := loaded.Changes(); len(chs) != 4 || text(t, loaded, "source") != "cbaprint(1)\n" {
		t.Fatalf("binary holds %d changes, source %q", len(chs), text(t, loaded, "source"))
	}
	if st := getJSON(t, base+notes+"/binary?"+tk("cand", "candidate"), nil); st != http.StatusNotFound {
		t.Fatalf("candidate's notes binary = %d, want 404", st)
	}
	for n, want := range map[int]string{1: "print(1)\n", 2: "aprint(1)\n", 4: "cbaprint(1)\n"} {
		var v map[string]any
		if st := getJSON(t, base+code+"/at?change="+strconv.Itoa(n)+"&"+tk("cand", "candidate"), &v); st != http.StatusOK {
			t.Fatalf("at status %d", st)
		}
		if v["source"] != want || v["language"] != "python" {
			t.Fatalf("at change %d = %v, want source %q", n, v, want)
		}
	}
	var v map[string]any
	getJSON(t, base+code+"/at?heads="+h.Changes[1].Hash+"&"+tk("intv", "interviewer"), &v)
	if v["source"] != "aprint(1)\n" {
		t.Fatalf("at heads = %v", v)
	}
	// Same access rules: the candidate cannot see the notes' history, a
	// stranger nothing, nobody without a session or ticket.
	for _, tc := range []struct {
		url  string
		want int
	}{
		{base + notes + "/history?" + tk("cand", "candidate"), http.StatusNotFound},
		{base + code + "/history?" + tk("stranger", "candidate"), http.StatusNotFound},
		{base + code + "/history", http.StatusUnauthorized},
		{base + notes + "/history?" + tk("adm", "admin"), http.StatusOK},
		{base + "garbage/history?" + tk("intv", "interviewer"), http.StatusNotFound},
	} {
		if st := getJSON(t, tc.url, nil); st != tc.want {
			t.Errorf("GET %s = %d, want %d", tc.url, st, tc.want)
		}
	}
}

func TestTooManyDocsDisconnects(t *testing.T) {
	f := newFixture(t)
	f.srv.cfg.Limits.MaxDocsPerPeer = 2
	c := f.dial(t, "intv", "interviewer", "peer-many")
	c.syncDoc(docID(t, f.docs.Code), automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	c.syncDoc(docID(t, f.docs.Problem), automerge.New(), TypeRequest, func(d *automerge.Doc) bool { return len(d.Heads()) > 0 })
	got := c.syncDoc(docID(t, f.docs.Notes), automerge.New(), TypeRequest, func(*automerge.Doc) bool { return false })
	if len(got) == 0 || got[len(got)-1].Type != TypeError {
		t.Fatalf("third document: %+v", got)
	}
	if m := c.recv(time.Second); m != nil {
		t.Fatalf("still connected: %+v", m)
	}
}

// Browsers' automerge writes change times in seconds, automerge-go in
// milliseconds: the history reads both as the right instant.
func TestChangeTimeUnits(t *testing.T) {
	doc := automerge.New()
	at := time.Date(2026, 12, 4, 12, 0, 7, 0, time.UTC)
	asSeconds := time.UnixMilli(at.Unix()) // what automerge-go makes of a browser's seconds
	for _, when := range []time.Time{at, asSeconds} {
		_ = doc.Path("n").Set(when.UnixNano())
		if _, err := doc.Commit("x", automerge.CommitOptions{Time: &when}); err != nil {
			t.Fatal(err)
		}
	}
	chs, err := doc.Changes()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chs {
		if got := changeTime(c); !got.Equal(at) {
			t.Errorf("change time %v (raw %v), want %v", got, c.Timestamp(), at)
		}
	}
}
