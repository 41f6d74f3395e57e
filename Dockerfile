# syntax=docker/dockerfile:1
# Interview-Prep server image: `interviewprep serve` with the React app embedded.
#   docker build -t interviewprep .          (docker compose up --build does the same)
#   docker build --build-arg VERSION=1.2.3 -t interviewprep:1.2.3 .

# ---- web: the React app (Vite) -> /src/web/dist
FROM node:20-bookworm AS web
WORKDIR /src/web
# Dependencies first, so that a source change does not reinstall them.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# ---- build: the Go binary, with web/dist embedded (web/embed.go)
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/web/dist ./web/dist
ARG VERSION=dev
# cgo stays on: the collaboration core (automerge-go) is a C library, hence a glibc (Debian) runtime below.
ENV CGO_ENABLED=1
RUN go build -trimpath -buildvcs=false -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/interviewprep ./cmd/interviewprep

# ---- runtime
FROM debian:bookworm-slim
# ffmpeg muxes call recordings; curl serves the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates ffmpeg curl \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 interviewprep \
 && useradd --system --uid 10001 --gid interviewprep --home-dir /var/lib/interviewprep \
      --shell /usr/sbin/nologin interviewprep \
 && install -d -o interviewprep -g interviewprep -m 0750 /var/lib/interviewprep
COPY --from=build /out/interviewprep /usr/local/bin/interviewprep
USER 10001:10001
# The working directory holds what the app writes to disk (recordings); mount a volume here.
WORKDIR /var/lib/interviewprep
ENV INTERVIEWPREP_ADDR=:8080
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/api/health || exit 1
ENTRYPOINT ["interviewprep"]
CMD ["serve"]
