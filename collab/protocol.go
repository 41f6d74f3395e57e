// Package collab is the collaboration server: it speaks automerge-repo's
// WebSocket network protocol (version "1") to the official JS client, keeps
// the interview documents (code, problem, notes) in automerge-go, checks every
// message against the peer's access to the document's interview, and stores
// every change it applies before it acknowledges it.
//
// Layers: protocol.go (CBOR frames), amsync/ (the automerge sync protocol on
// a Go change graph; the core applies changes), conn.go (one socket), hub.go
// (documents: load once, batch replies, evict), store.go (changes and
// snapshots in MongoDB), http.go (routes, tickets, history).
package collab

import (
	"errors"
	"fmt"

	"github.com/fxamacker/cbor/v2"
)

// ProtocolV1 is the only automerge-repo network protocol version.
const ProtocolV1 = "1"

// Message types of automerge-repo's network protocol.
const (
	TypeJoin           = "join"
	TypePeer           = "peer"
	TypeError          = "error"
	TypeSync           = "sync"
	TypeRequest        = "request"
	TypeDocUnavailable = "doc-unavailable"
	TypeEphemeral      = "ephemeral"
	TypeRemoteSubs     = "remote-subscription-change"
	TypeRemoteHeads    = "remote-heads-changed"
)

// PeerMetadata is what a peer says about itself in join/peer.
type PeerMetadata struct {
	StorageID   string `cbor:"storageId,omitempty"`
	IsEphemeral bool   `cbor:"isEphemeral"`
}

// Message is every field any protocol message carries; which are set depends
// on Type. Ephemeral messages are relayed from their raw form (Raw).
type Message struct {
	Type                      string        `cbor:"type"`
	SenderID                  string        `cbor:"senderId,omitempty"`
	TargetID                  string        `cbor:"targetId,omitempty"`
	DocumentID                string        `cbor:"documentId,omitempty"`
	Data                      []byte        `cbor:"data,omitempty"`
	PeerMetadata              *PeerMetadata `cbor:"peerMetadata,omitempty"`
	SupportedProtocolVersions []string      `cbor:"supportedProtocolVersions,omitempty"`
	SelectedProtocolVersion   string        `cbor:"selectedProtocolVersion,omitempty"`
	Message                   string        `cbor:"message,omitempty"`
	SessionID                 string        `cbor:"sessionId,omitempty"`
	Count                     int64         `cbor:"count,omitempty"`
}

// ErrBadMessage is returned for a frame that is not a protocol message.
var ErrBadMessage = errors.New("collab: bad message")

var (
	decMode cbor.DecMode
	encMode cbor.EncMode
)

func init() {
	var err error
	decMode, err = cbor.DecOptions{
		MaxNestedLevels:  16,
		MaxArrayElements: 1024,
		MaxMapPairs:      64,
		DupMapKey:        cbor.DupMapKeyEnforcedAPF,
		// cbor-x may tag byte arrays (tag 64, Uint8Array); accept and unwrap.
		TagsMd:            cbor.TagsAllowed,
		ExtraReturnErrors: cbor.ExtraDecErrorNone,
	}.DecMode()
	if err != nil {
		panic(err)
	}
	encMode, err = cbor.EncOptions{}.EncMode()
	if err != nil {
		panic(err)
	}
}

// DecodeMessage parses one binary frame.
func DecodeMessage(b []byte) (*Message, error) {
	var m Message
	if err := decMode.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadMessage, err)
	}
	if m.Type == "" {
		return nil, fmt.Errorf("%w: no type", ErrBadMessage)
	}
	switch m.Type {
	case TypeSync, TypeRequest:
		if m.DocumentID == "" || len(m.Data) == 0 {
			return nil, fmt.Errorf("%w: %s needs documentId and data", ErrBadMessage, m.Type)
		}
	case TypeEphemeral:
		if m.DocumentID == "" || len(m.Data) == 0 {
			return nil, fmt.Errorf("%w: ephemeral needs documentId and data", ErrBadMessage)
		}
	case TypeJoin:
		if m.SenderID == "" {
			return nil, fmt.Errorf("%w: join needs senderId", ErrBadMessage)
		}
	}
	return &m, nil
}

// EncodeMessage renders m as one binary frame.
func EncodeMessage(m *Message) ([]byte, error) {
	return encMode.Marshal(m)
}

// relayEphemeral re-encodes a raw ephemeral frame for another peer: every
// field is kept as sent, only targetId changes.
func relayEphemeral(raw []byte, targetID string) ([]byte, error) {
	var m map[string]any
	if err := decMode.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadMessage, err)
	}
	m["targetId"] = targetID
	return encMode.Marshal(m)
}
