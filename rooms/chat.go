package rooms

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/interviewprep/interviewprep/identity"
	"github.com/interviewprep/interviewprep/internal/httpx"
)

// chatForwardTimeout bounds forwarding a stored message to the room.
const chatForwardTimeout = 3 * time.Second

// checkChatText trims a chat message and checks its length.
func checkChatText(raw string) (string, error) {
	text := strings.TrimSpace(raw)
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return "", httpx.Invalid("text", "is required")
	case n > maxChatText:
		return "", httpx.Invalid("text", "must be at most %d characters (it has %d)", maxChatText, n)
	}
	return text, nil
}

// AllowedChatPost returns nil when the signed-in user may write in
// interview id's chat: a member of an interview that is not cancelled.
// Handlers ask before reading the body.
func (s *Service) AllowedChatPost(ctx context.Context, id string) error {
	_, _, err := s.chatWriter(ctx, id)
	return err
}

// chatWriter returns the caller and interview id if they may write in its
// chat.
func (s *Service) chatWriter(ctx context.Context, id string) (*identity.Principal, Interview, error) {
	p, iv, role, err := s.caller(ctx, id)
	if err != nil {
		return nil, Interview{}, err
	}
	if role == "" || role == RoleAdmin {
		return nil, Interview{}, ErrNotMember
	}
	if iv.Cancelled {
		return nil, Interview{}, ErrCancelled
	}
	return p, iv, nil
}

// PostChat stores a message in interview id's chat, then forwards it to the
// call as a reliable data message on TopicChat with the same JSON. The
// forward is best effort (nobody may be in the call): the message is kept
// either way, and the chat list and the "chat:<id>" event carry it too.
func (s *Service) PostChat(ctx context.Context, id string, req ChatRequest) (ChatMessage, error) {
	p, iv, err := s.chatWriter(ctx, id)
	if err != nil {
		return ChatMessage{}, err
	}
	text, err := checkChatText(req.Text)
	if err != nil {
		return ChatMessage{}, err
	}
	m := ChatMessage{InterviewID: iv.ID, UserID: p.ID, Name: p.Name, Text: text, SentAt: s.now().UTC().Truncate(time.Millisecond)}
	if err := s.store.addChat(ctx, &m); err != nil {
		return ChatMessage{}, err
	}
	s.publish(iv, "chat:"+iv.ID)
	s.forward(ctx, m)
	return m, nil
}

// forward sends m to the call, logging (not returning) a failure.
func (s *Service) forward(ctx context.Context, m ChatMessage) {
	data, err := json.Marshal(m)
	if err != nil {
		httpx.Logger(ctx).Warn("rooms: encode chat message", "err", err)
		return
	}
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), chatForwardTimeout)
	defer cancel()
	if err := s.send(fctx, m.InterviewID, TopicChat, data); err != nil && !isNotFound(err) {
		httpx.Logger(ctx).Warn("rooms: chat message not forwarded to the call", "interview", m.InterviewID, "err", err)
	}
}

// Chat lists interview id's chat, oldest first, to its members and admins.
func (s *Service) Chat(ctx context.Context, id string) ([]ChatMessage, error) {
	if err := s.Allowed(ctx, id); err != nil {
		return nil, err
	}
	ms, err := s.store.listChat(ctx, id)
	if err != nil {
		return nil, err
	}
	if ms == nil {
		ms = []ChatMessage{}
	}
	return ms, nil
}
