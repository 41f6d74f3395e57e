package collab

import (
	"context"
	"log/slog"
	"slices"
	"testing"

	"github.com/automerge/automerge-go"

	"github.com/interviewprep/interviewprep/internal/testenv"
)

func FuzzDecodeMessage(f *testing.F) {
	for _, m := range []*Message{
		{Type: TypeJoin, SenderID: "p", SupportedProtocolVersions: []string{"1"}, PeerMetadata: &PeerMetadata{StorageID: "s"}},
		{Type: TypeSync, SenderID: "p", TargetID: "s", DocumentID: string(NewDocumentID()), Data: []byte{0x42, 0, 0, 0, 0}},
		{Type: TypeEphemeral, SenderID: "p", DocumentID: "d", SessionID: "x", Count: 3, Data: []byte{0xa0}},
		{Type: TypeError, Message: "boom"},
	} {
		b, _ := EncodeMessage(m)
		f.Add(b)
	}
	f.Add([]byte{0xd8, 0x40, 0x41, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeMessage(b)
		if err != nil {
			return
		}
		out, err := EncodeMessage(m)
		if err != nil {
			t.Fatalf("decoded message does not encode: %v", err)
		}
		m2, err := DecodeMessage(out)
		if err != nil {
			t.Fatalf("re-encoded message does not decode: %v", err)
		}
		if m2.Type != m.Type || m2.DocumentID != m.DocumentID || string(m2.Data) != string(m.Data) {
			t.Fatalf("round trip changed the message: %+v vs %+v", m, m2)
		}
		if m.Type == TypeEphemeral {
			_, _ = relayEphemeral(b, "t")
		}
	})
}

// fuzzPeer is a peer without a socket: what the server sends goes to out.
func fuzzPeer(s *Server, u user) *peer {
	ctx, cancel := context.WithCancel(context.Background())
	p := &peer{srv: s, user: u, id: "fuzz-peer", log: s.log, out: make(chan []byte, 1<<14), ctx: ctx, cancel: cancel,
		docs: map[DocumentID]*document{}, access: map[string]access{}}
	return p
}

func FuzzHandleMessage(f *testing.F) {
	db := testenv.Database(f)
	rel := &relations{m: map[string]string{}}
	s, err := New(Config{DB: db, Relation: rel.relation, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = s.Close(context.Background()) })
	docs, err := s.CreateInterviewDocs(context.Background(), "fz", DocsInit{Source: "hello"})
	if err != nil {
		f.Fatal(err)
	}
	rel.set("fz", "u", RelationInterviewer)
	code := DocumentID(docID(f, docs.Code))

	// Seeds: a real conversation with a client that edits.
	d, err := s.hub.get(context.Background(), code)
	if err != nil {
		f.Fatal(err)
	}
	client, _ := automerge.Load(d.doc.Save())
	_ = client.Path("source").Text().Insert(0, "x")
	_, _ = client.Commit("c")
	cs := automerge.NewSyncState(client)
	fresh := automerge.NewSyncState(automerge.New())
	for _, ss := range []*automerge.SyncState{cs, fresh} {
		if sm, ok := ss.GenerateMessage(); ok {
			f.Add(uint8(0), sm.Bytes())
			f.Add(uint8(1), sm.Bytes())
			b, _ := EncodeMessage(&Message{Type: TypeSync, SenderID: "fuzz-peer", DocumentID: string(code), Data: sm.Bytes()})
			f.Add(uint8(2), b)
		}
	}
	f.Add(uint8(3), []byte{0x42, 1})
	f.Add(uint8(0), []byte{0x42, 0, 0, 0, 1, 5, 1, 2, 3, 4, 5})

	f.Fuzz(func(t *testing.T, mode uint8, data []byte) {
		p := fuzzPeer(s, user{ID: "u", Role: "interviewer"})
		defer p.cleanup()
		var frame []byte
		switch mode % 4 {
		case 0: // a sync message for the real document
			frame, _ = EncodeMessage(&Message{Type: TypeSync, SenderID: p.id, DocumentID: string(code), Data: data})
		case 1: // a request
			frame, _ = EncodeMessage(&Message{Type: TypeRequest, SenderID: p.id, DocumentID: string(code), Data: data})
		case 2: // a raw frame
			frame = data
		case 3: // an ephemeral message
			frame, _ = EncodeMessage(&Message{Type: TypeEphemeral, SenderID: p.id, DocumentID: string(code), SessionID: "s", Count: 1, Data: data})
		}
		_ = p.handleFrame(frame)

		// The document still loads from its own bytes and still has its shape.
		d, err := s.hub.get(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		reloaded, err := automerge.Load(d.doc.Save())
		if err != nil {
			t.Fatalf("document no longer loads: %v", err)
		}
		if _, err := reloaded.Path("source").Text().Get(); err != nil {
			t.Fatalf("source is no longer text: %v", err)
		}
		// And what is stored matches what is in memory.
		stored := storedDoc(t, db, string(code))
		if !slices.Equal(sortedHeads(stored), sortedHeads(d.doc)) {
			t.Fatalf("stored heads differ from memory")
		}
	})
}

func sortedHeads(d *automerge.Doc) []string {
	var out []string
	for _, h := range d.Heads() {
		out = append(out, h.String())
	}
	slices.Sort(out)
	return out
}
