# Interview-Prep. Two commands do everything on a fresh Debian machine:
#   make dev    install what is missing, build, and run every component here
#   make test   install what is missing, build, lint, and run every test
# Each step is skipped when its output is up to date.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
export GOFLAGS := -buildvcs=false
export CGO_ENABLED := 1

ROOT := $(CURDIR)
BIN := bin
ABSBIN := $(ROOT)/bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0-dev)

KRATOS_VERSION := v1.3.1
LIVEKIT_VERSION := v1.13.5
MAILPIT_VERSION := v1.33.1
STATICCHECK_VERSION := v0.8.2

# Debian packages: Chromium for the browser tests, gcc for cgo (automerge-go), Python and a JDK to check
# the question bank's reference solutions (Node.js comes with the machine).
APT_PACKAGES := chromium gcc libc6-dev ca-certificates git python3 openjdk-17-jdk-headless bubblewrap util-linux ffmpeg redis-server

GO_SOURCES := $(shell find . -name '*.go' -not -path './web/node_modules/*' -not -path './tools/*' -not -path './data/*' 2>/dev/null) go.mod go.sum
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts web/tsconfig.json web/tsconfig.app.json web/tsconfig.node.json web/package.json

.PHONY: help dev test deps apt tools build web lint test-go test-web test-e2e test-collab-js bench bench-schedule bench-collab bench-room bench-editor bench-recorder bench-capacity fuzz-recorder fuzz-collab fuzz-schedule clean

help:
	@echo "make dev     run Interview-Prep with every component on this machine (http://localhost:8080)"
	@echo "make test    lint and run every test (Go with -race, Vitest, browser)"
	@echo "make build   build bin/interviewprep with the web app embedded"
	@echo "make clean   remove build outputs (keeps ./data)"

# --- installs -----------------------------------------------------------------

apt: .cache/apt.stamp
.cache/apt.stamp: Makefile
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "==> Installing Debian packages:$$missing (a minute or two)"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
	@command -v node >/dev/null || { echo "Node.js 20.19+ is required (apt-get install nodejs npm, or the distribution's Node 20)"; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js "+process.versions.node+" is too old: Vite 8 needs 20.19+"); process.exit(1) }'
	@mkdir -p .cache && touch $@

web/node_modules/.stamp: web/package.json web/package-lock.json | .cache/apt.stamp
	@echo "==> npm ci in web/ (about a minute the first time)"
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

collab/jstest/node_modules/.stamp: collab/jstest/package.json collab/jstest/package-lock.json | .cache/apt.stamp
	@echo "==> npm ci in collab/jstest/ (the official automerge-repo client)"
	cd collab/jstest && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

bench/collab/node_modules/.stamp: bench/collab/package.json bench/collab/package-lock.json | .cache/apt.stamp
	cd bench/collab && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

e2e/node_modules/.stamp: e2e/package.json e2e/package-lock.json | .cache/apt.stamp
	@echo "==> npm ci in e2e/"
	cd e2e && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BIN)/kratos: tools/kratos/go.mod tools/kratos/go.sum tools/kratos/main.go | .cache/apt.stamp
	@echo "==> Building Ory Kratos $(KRATOS_VERSION) into bin/kratos (about 9 minutes on a cold Go cache, seconds when warm)"
	cd tools/kratos && go build -tags sqlite -trimpath \
	  -ldflags "-s -w -X github.com/ory/kratos/driver/config.Version=$(KRATOS_VERSION)" -o $(ROOT)/$@ .

$(BIN)/livekit-server: | .cache/apt.stamp
	@echo "==> Building LiveKit server $(LIVEKIT_VERSION) into bin/livekit-server (about 9 minutes on a cold Go cache)"
	@mkdir -p .cache/gobin
	GOBIN=$(ROOT)/.cache/gobin go install -trimpath -ldflags "-s -w" github.com/livekit/livekit-server/cmd/server@$(LIVEKIT_VERSION)
	cp .cache/gobin/server $@

$(BIN)/mailpit: | .cache/apt.stamp
	@echo "==> Building Mailpit $(MAILPIT_VERSION) into bin/mailpit (about a minute)"
	GOBIN=$(ABSBIN) go install -trimpath -ldflags "-s -w" github.com/axllent/mailpit@$(MAILPIT_VERSION)

$(BIN)/staticcheck:
	@echo "==> Building staticcheck $(STATICCHECK_VERSION)"
	GOBIN=$(ABSBIN) go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(BIN)/oidc-issuer: e2e/oidc-issuer/main.go go.mod go.sum
	go build -o $@ ./e2e/oidc-issuer

# Test-only collaboration server (embedded FerretDB, test endpoints) for the Node tests and the benchmark.
$(BIN)/collab-testserver: $(GO_SOURCES)
	go build -o $@ ./collab/jstest/server

tools: $(BIN)/kratos $(BIN)/livekit-server $(BIN)/mailpit

# --- build --------------------------------------------------------------------

web: web/dist/index.html
web/dist/index.html: web/node_modules/.stamp $(WEB_SOURCES)
	@echo "==> Building the web app"
	cd web && npm run build --silent

$(BIN)/interviewprep: web/dist/index.html $(GO_SOURCES)
	@echo "==> Building bin/interviewprep"
	go build -trimpath -ldflags "-X main.version=$(VERSION)" -o $@ ./cmd/interviewprep

build: $(BIN)/interviewprep

deps: .cache/apt.stamp tools web/node_modules/.stamp

# --- run ----------------------------------------------------------------------

dev: deps build
	@echo "==> Starting Interview-Prep (data in ./data; Ctrl-C stops everything)"
	$(BIN)/interviewprep dev --bin-dir $(ABSBIN) $(ARGS)

# --- test ---------------------------------------------------------------------

test: deps e2e/node_modules/.stamp collab/jstest/node_modules/.stamp $(BIN)/staticcheck $(BIN)/oidc-issuer $(BIN)/collab-testserver build
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory test-go
	@$(MAKE) --no-print-directory test-web
	@$(MAKE) --no-print-directory test-collab-js
	@$(MAKE) --no-print-directory test-e2e
	@echo "==> make test: all passed"

lint:
	@echo "==> Lint: gofmt, go vet, staticcheck, tsc, eslint"
	@out=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/node_modules/*')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	go vet ./...
	cd tools/kratos && go vet -tags sqlite .
	$(BIN)/staticcheck ./...
	cd web && npm run typecheck --silent && npm run lint --silent

test-go:
	@echo "==> Go tests (-race, real FerretDB, Kratos, LiveKit, Mailpit)"
	INTERVIEWPREP_BIN_DIR=$(ABSBIN) go test -race -count=1 -timeout 20m ./...

test-web:
	@echo "==> Vitest"
	cd web && npm test --silent

test-collab-js:
	@echo "==> Collaboration: official automerge-repo clients against our server (node --test)"
	cd collab/jstest && COLLAB_TESTSERVER=$(ABSBIN)/collab-testserver npm test --silent

test-e2e:
	@echo "==> Browser tests (Chromium via playwright-core)"
	cd e2e && INTERVIEWPREP_BIN=$(ABSBIN)/interviewprep INTERVIEWPREP_BIN_DIR=$(ABSBIN) node run.mjs

bench:
	go test -run '^$$' -bench . -benchmem ./...

# Scheduling dashboards: 10,000 interviews, 1,000 users, 20 concurrent clients (embedded FerretDB).
bench-schedule:
	go run ./bench/schedule -interviews 10000 -users 1000 -clients 20 -duration 20s

# Collaboration: N official clients on one document, ours against automerge-repo's reference server.
bench-collab: $(BIN)/collab-testserver bench/collab/node_modules/.stamp
	cd bench/collab && COLLAB_TESTSERVER=$(ABSBIN)/collab-testserver node bench.mjs --clients $${CLIENTS:-30} --splices $${SPLICES:-100}

# Calls: join → first remote frame (ours against livekit-client alone, same LiveKit, same run), and the app's
# CPU during a 3-person call (CALL_SECONDS, default 300).
bench-room: build e2e/node_modules/.stamp
	cd e2e && INTERVIEWPREP_BIN=$(ABSBIN)/interviewprep INTERVIEWPREP_BIN_DIR=$(ABSBIN) node run.mjs --script ../bench/room/join.mjs

# The live editor between two real browsers: keystroke latency (KEYS, INTERVAL), open → ready editor cold and
# warm, the room's gzipped JS, and the JS heap while typing for HEAP_MINUTES.
bench-editor: build e2e/node_modules/.stamp
	cd e2e && INTERVIEWPREP_BIN=$(ABSBIN)/interviewprep INTERVIEWPREP_BIN_DIR=$(ABSBIN) node run.mjs --script ../bench/editor/latency.mjs

# Recording: the recorder's CPU, memory and disk per participant-minute (PARTICIPANTS, DURATION), and the compose
# time of a 10-minute, 3-person recording against a plain 720p encode at the same settings.
bench-recorder:
	go run ./bench/recorder -participants $${PARTICIPANTS:-3} -duration $${DURATION:-5m}

# Capacity: K interviews at once (3 people typing each, dashboards open) on 1 and 2 nodes (NODES), K upward (KS)
# until edit-to-peer p99 (official automerge-repo clients in SAMPLE_ROOMS rooms; Go clients load the rest) passes
# 100 ms; app CPU and RSS per interview. DURATION of typing per K; ARGS adds flags (e.g. -all for the whole curve).
bench-capacity: build bench/collab/node_modules/.stamp
	go run ./bench/capacity -nodes $${NODES:-1,2} -ks $${KS:-5,10,20,40,80} -duration $${DURATION:-45s} -sample-rooms $${SAMPLE_ROOMS:-2} $${ARGS:-}

fuzz-recorder:
	for f in FuzzParseProgress FuzzSilences FuzzParseProbe; do go test -run '^$$' -fuzz "^$$f$$" -fuzztime 30s ./rooms/recorder/ || exit 1; done

fuzz-schedule:
	go test -run '^$$' -fuzz FuzzInflateSnapshot -fuzztime 60s ./schedule/

fuzz-collab:
	go test -run '^$$' -fuzz FuzzDecodeMessage -fuzztime 60s ./collab/
	go test -run '^$$' -fuzz FuzzHandleMessage -fuzztime 60s -parallel 1 ./collab/
	go test -run '^$$' -fuzz FuzzDecode -fuzztime 60s ./collab/amsync/
	go test -run '^$$' -fuzz FuzzReceive -fuzztime 60s -parallel 1 ./collab/amsync/

clean:
	rm -rf bin web/dist .cache/gobin

bench-runner: ## Sandbox overhead per language and runs/s at the concurrency limit (needs bubblewrap)
	go run ./bench/runner
