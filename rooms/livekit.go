package rooms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/livekit/protocol/auth"
	"github.com/livekit/protocol/livekit"
	lksdk "github.com/livekit/server-sdk-go/v2"
	"github.com/twitchtv/twirp"
)

// LiveKit is where the LiveKit server is and the key pair the app shares
// with it (tokens, server API calls and webhooks are all signed with it).
type LiveKit struct {
	URL       string // ws(s):// URL browsers connect to
	APIURL    string // http(s):// URL of the server API
	APIKey    string
	APISecret string
}

// RoomControl is the part of LiveKit's server API that rooms uses;
// *lksdk.RoomServiceClient implements it (NewRoomControl).
type RoomControl interface {
	CreateRoom(ctx context.Context, req *livekit.CreateRoomRequest) (*livekit.Room, error)
	DeleteRoom(ctx context.Context, req *livekit.DeleteRoomRequest) (*livekit.DeleteRoomResponse, error)
	GetParticipant(ctx context.Context, req *livekit.RoomParticipantIdentity) (*livekit.ParticipantInfo, error)
	MutePublishedTrack(ctx context.Context, req *livekit.MuteRoomTrackRequest) (*livekit.MuteRoomTrackResponse, error)
	RemoveParticipant(ctx context.Context, req *livekit.RoomParticipantIdentity) (*livekit.RemoveParticipantResponse, error)
	SendData(ctx context.Context, req *livekit.SendDataRequest) (*livekit.SendDataResponse, error)
	ListParticipants(ctx context.Context, req *livekit.ListParticipantsRequest) (*livekit.ListParticipantsResponse, error)
	UpdateRoomMetadata(ctx context.Context, req *livekit.UpdateRoomMetadataRequest) (*livekit.Room, error)
}

var _ RoomControl = (*lksdk.RoomServiceClient)(nil)

// NewRoomControl is LiveKit's server API at lk.APIURL.
func NewRoomControl(lk LiveKit) RoomControl {
	return lksdk.NewRoomServiceClient(lk.APIURL, lk.APIKey, lk.APISecret)
}

const (
	// tokenTTL is how long a join token is good for. LiveKit checks a
	// token's expiry only when a participant connects; once in, the server
	// sends the client a fresh token every 5 minutes for reconnects. So the
	// token only has to outlive the way from "Join" to connected, and a
	// leaked one is useless soon.
	tokenTTL = 10 * time.Minute
	// emptyTimeout closes a room nobody is in after 5 minutes.
	emptyTimeout = 5 * 60
	// apiTimeout bounds each call to LiveKit's server API.
	apiTimeout = 10 * time.Second
)

// Data message topics the browser listens on.
const (
	TopicChat      = "chat"
	TopicRoomEnded = "room-ended"
)

// publishSources are what anyone in a call may publish: camera,
// microphone and a screen share with its audio (no other source).
var publishSources = []livekit.TrackSource{
	livekit.TrackSource_CAMERA, livekit.TrackSource_MICROPHONE,
	livekit.TrackSource_SCREEN_SHARE, livekit.TrackSource_SCREEN_SHARE_AUDIO,
}

// tokenMetadata is the participant metadata a token carries.
type tokenMetadata struct {
	Role Role `json:"role"`
}

// mintToken signs a token to join room as identity, shown as name, with
// role in its metadata. Every role gets the same grants: join this room,
// publish publishSources, subscribe, send data (chat, reactions) and update
// its own attributes (raise hand). Ending the call, muting and removing
// others go through the app's API, never through the token.
func mintToken(lk LiveKit, room, identity, name string, role Role) (string, error) {
	meta, err := json.Marshal(tokenMetadata{Role: role})
	if err != nil {
		return "", fmt.Errorf("rooms: token metadata: %w", err)
	}
	grant := &auth.VideoGrant{RoomJoin: true, Room: room}
	grant.SetCanPublish(true)
	grant.SetCanPublishSources(publishSources)
	grant.SetCanSubscribe(true)
	grant.SetCanPublishData(true)
	grant.SetCanUpdateOwnMetadata(true)
	tok, err := auth.NewAccessToken(lk.APIKey, lk.APISecret).
		SetIdentity(identity).SetName(name).SetMetadata(string(meta)).
		SetValidFor(tokenTTL).SetVideoGrant(grant).ToJWT()
	if err != nil {
		return "", fmt.Errorf("rooms: sign token: %w", err)
	}
	return tok, nil
}

// isNotFound reports whether LiveKit answered "no such room/participant".
func isNotFound(err error) bool {
	var te twirp.Error
	return errors.As(err, &te) && te.Code() == twirp.NotFound
}

// liveKitError wraps a failed server API call so that it answers 503 and
// logs what LiveKit said.
func liveKitError(op string, err error) error {
	return fmt.Errorf("%w: rooms: livekit %s: %w", ErrLiveKit, op, err)
}
