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
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/fxamacker/cbor/v2"

	"github.com/interviewprep/interviewprep/collab/amsync"
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

// encodeSyncFrame encodes a sync message from sender to target as
// EncodeMessage would, writing the sync data straight into the frame: the
// changes are copied once, from the graph into the frame (the hot path
// sends every change to every peer).
func encodeSyncFrame(senderID, targetID, documentID string, m *amsync.Message) []byte {
	n := m.Len()
	b := make([]byte, 0, 64+len(senderID)+len(targetID)+len(documentID)+n)
	b = append(b, 0xa5) // map of 5
	b = cborText(cborText(b, "type"), TypeSync)
	b = cborText(cborText(b, "senderId"), senderID)
	b = cborText(cborText(b, "targetId"), targetID)
	b = cborText(cborText(b, "documentId"), documentID)
	b = cborHead(cborText(b, "data"), 2, uint64(n))
	return m.AppendTo(b)
}

func cborText(b []byte, s string) []byte { return append(cborHead(b, 3, uint64(len(s))), s...) }

// cborHead appends a CBOR head: major type and argument, shortest form.
func cborHead(b []byte, major byte, n uint64) []byte {
	t := major << 5
	switch {
	case n < 24:
		return append(b, t|byte(n))
	case n <= 0xff:
		return append(b, t|24, byte(n))
	case n <= 0xffff:
		return binary.BigEndian.AppendUint16(append(b, t|25), uint16(n))
	case n <= 0xffffffff:
		return binary.BigEndian.AppendUint32(append(b, t|26), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(b, t|27), n)
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
