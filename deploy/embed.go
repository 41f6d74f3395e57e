// Package deploy holds the configuration templates of the components the app
// runs in dev mode (Kratos, LiveKit) and the production topology
// (docker-compose.yml at the repository root uses the same files).
package deploy

import "embed"

// FS holds kratos/ and livekit/.
//
//go:embed kratos livekit
var FS embed.FS
