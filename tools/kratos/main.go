// Command kratos builds Ory Kratos v1.3.1 from the module proxy. `go install`
// refuses Kratos because its go.mod has replace directives, so this nested
// module repeats them (see docs/architecture.md §5). Build with -tags sqlite.
package main

import "github.com/ory/kratos/cmd"

func main() {
	cmd.Execute()
}
