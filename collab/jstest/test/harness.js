// Test harness: runs the Go collab test server (bin/collab-testserver, built
// by `go build -o bin/collab-testserver ./collab/jstest/server`) on embedded
// FerretDB in a temp dir, and connects official automerge-repo clients to it.
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

const here = path.dirname(fileURLToPath(import.meta.url))
export const serverBin =
  process.env.COLLAB_TESTSERVER ?? path.resolve(here, "../../../bin/collab-testserver")

export class TestServer {
  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), "collab-jstest-"))
    this.addr = "127.0.0.1:0"
    this.proc = null
  }

  async start() {
    const proc = spawn(serverBin, ["-dir", this.dir, "-addr", this.addr], {
      stdio: ["ignore", "pipe", "inherit"],
    })
    this.proc = proc
    const url = await new Promise((resolve, reject) => {
      let buf = ""
      const onData = d => {
        buf += d
        const m = buf.match(/LISTENING (http:\/\/\S+)/)
        if (m) {
          proc.stdout.off("data", onData)
          resolve(m[1])
        }
      }
      proc.stdout.on("data", onData)
      proc.on("exit", code => reject(new Error(`test server exited (${code})`)))
      setTimeout(() => reject(new Error("test server did not start")), 30000)
    })
    proc.stdout.resume()
    this.url = url
    this.addr = url.replace("http://", "") // restart on the same port
    return url
  }

  // kill -9: nothing is flushed, nothing is closed.
  async crash() {
    const proc = this.proc
    const exited = new Promise(r => proc.once("exit", r))
    proc.kill("SIGKILL")
    await exited
    this.proc = null
  }

  async stop() {
    if (this.proc) {
      const proc = this.proc
      const exited = new Promise(r => proc.once("exit", r))
      proc.kill("SIGTERM")
      await exited
      this.proc = null
    }
  }

  cleanup() {
    rmSync(this.dir, { recursive: true, force: true })
  }

  async json(method, p, body) {
    const res = await fetch(this.url + p, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    })
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`)
    return res.json()
  }

  createInterview(candidate, interviewers, source = "") {
    return this.json("POST", "/test/interview", { candidate, interviewers, source })
  }

  async ticket(user, role) {
    return (await this.json("GET", `/test/ticket?user=${user}&role=${role}`)).ticket
  }

  stats() {
    return this.json("GET", "/test/stats")
  }
}

// client is an official Repo connected to the server as user; `received`
// records every repo message that reached it.
export async function client(server, user, role, { retryInterval = 300 } = {}) {
  const ticket = await server.ticket(user, role)
  const wsURL = server.url.replace("http://", "ws://") + "/collab?ticket=" + ticket
  const adapter = new WebSocketClientAdapter(wsURL, retryInterval)
  const received = []
  adapter.on("message", m => received.push({ type: m.type, documentId: m.documentId }))
  const repo = new Repo({ network: [adapter] })
  return {
    repo,
    adapter,
    received,
    disconnect: () => adapter.disconnect(),
    reconnect: () => adapter.connect(repo.peerId, adapter.peerMetadata),
    close: async () => {
      try {
        adapter.disconnect()
      } catch {} // already disconnected
      adapter.disconnect = () => {}
      await repo.shutdown()
    },
  }
}

export const sleep = ms => new Promise(r => setTimeout(r, ms))

export async function waitFor(cond, { timeout = 20000, interval = 50, what = "condition" } = {}) {
  const deadline = Date.now() + timeout
  while (Date.now() < deadline) {
    if (await cond()) return
    await sleep(interval)
  }
  throw new Error(`timed out waiting for ${what}`)
}

// A deterministic PRNG so failures reproduce.
export function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}
