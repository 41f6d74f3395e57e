// Collab load generator: N official automerge-repo clients on one document,
// S one-character splices each, 10 ms apart, against our Go server and the
// reference JS sync server. Usage:
//   node bench.mjs [--clients 30] [--splices 100] [--servers ours,ref]
// Our server is bin/collab-testserver (go build -o bin/collab-testserver ./collab/jstest/server).
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

const here = path.dirname(fileURLToPath(import.meta.url))
const arg = (name, def) => {
  const i = process.argv.indexOf("--" + name)
  return i > 0 ? process.argv[i + 1] : def
}
const N = Number(arg("clients", 30)), S = Number(arg("splices", 100))
const servers = arg("servers", "ours,ref").split(",")
const sleep = ms => new Promise(r => setTimeout(r, ms))

function startProc(cmd, args, re) {
  const proc = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] })
  return new Promise((resolve, reject) => {
    let buf = ""
    proc.stdout.on("data", d => {
      buf += d
      const m = buf.match(re)
      if (m) resolve({ proc, m })
    })
    proc.on("exit", c => reject(new Error(`${cmd} exited ${c}`)))
  })
}

function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")
  const cpu = (Number(stat[11]) + Number(stat[12])) / 100 // utime+stime, USER_HZ=100
  const hwm = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+)/)[1]
  return { cpu, rssMB: Number(hwm) / 1024 }
}

async function setup(kind) {
  if (kind === "ours") {
    const dir = mkdtempSync(path.join(tmpdir(), "bench-collab-"))
    const bin = process.env.COLLAB_TESTSERVER ?? path.resolve(here, "../../bin/collab-testserver")
    const { proc, m } = await startProc(bin, ["-dir", dir], /LISTENING (http:\/\/\S+)/)
    const base = m[1]
    const users = Array.from({ length: N }, (_, i) => `u${i}`)
    const res = await fetch(base + "/test/interview", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ candidate: "nobody", interviewers: users, source: "" }) })
    const { docs } = await res.json()
    const urls = []
    for (const u of users) {
      const { ticket } = await (await fetch(`${base}/test/ticket?user=${u}&role=interviewer`)).json()
      urls.push(base.replace("http", "ws") + "/collab?ticket=" + ticket)
    }
    return { proc, urls, docUrl: docs.code, stats: async () => (await fetch(base + "/test/stats")).json(),
      cleanup: () => rmSync(dir, { recursive: true, force: true }) }
  }
  const { proc, m } = await startProc("node", [path.join(here, "ref-server.mjs")], /LISTENING (\d+) (\S+)/)
  const base = `http://127.0.0.1:${m[1]}`
  return { proc, urls: Array(N).fill(`ws://127.0.0.1:${m[1]}`), docUrl: m[2],
    stats: async () => (await fetch(base)).json(), cleanup: () => {} }
}

function pct(xs, p) {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function run(kind) {
  const env = await setup(kind)
  const pid = env.proc.pid
  const repos = env.urls.map(u => new Repo({ network: [new WebSocketClientAdapter(u, 1000)] }))
  const handles = await Promise.all(repos.map(r => r.find(env.docUrl)))
  await sleep(500)
  const cpu0 = procStats(pid).cpu
  const st0 = await env.stats()
  const sentAt = new Map() // change hash → time
  const lat = []
  handles.forEach((h, i) => {
    const seen = new Set()
    h.on("change", () => {
      const now = performance.now()
      for (const hd of A.getHeads(h.doc())) {
        if (seen.has(hd)) continue
        seen.add(hd)
        const t = sentAt.get(hd)
        if (t !== undefined && t.by !== i) lat.push(now - t.at)
      }
    })
  })
  const t0 = performance.now()
  await Promise.all(handles.map(async (h, i) => {
    for (let k = 0; k < S; k++) {
      h.change(d => A.splice(d, ["source"], Math.floor(Math.random() * (d.source.length + 1)), 0, "x"))
      const heads = A.getHeads(h.doc())
      for (const hd of heads) if (!sentAt.has(hd)) sentAt.set(hd, { at: performance.now(), by: i })
      await sleep(10)
    }
  }))
  const tEdits = performance.now()
  const want = N * S
  let converged = false
  while (performance.now() - tEdits < 120000) {
    const lens = handles.map(h => h.doc().source.length)
    const heads = handles.map(h => A.getHeads(h.doc()).sort().join())
    if (lens.every(l => l === want) && heads.every(x => x === heads[0])) { converged = true; break }
    await sleep(50)
  }
  const tConv = performance.now()
  await sleep(200)
  const ps = procStats(pid)
  const st = await env.stats()
  for (const r of repos) { try { await r.shutdown() } catch {} }
  env.proc.kill("SIGTERM")
  env.cleanup()
  return {
    server: kind, clients: N, splices: S, converged,
    convergeAfterLastEditMs: Math.round(tConv - tEdits), totalMs: Math.round(tConv - t0),
    cpuS: +(ps.cpu - cpu0).toFixed(2), peakRssMB: +ps.rssMB.toFixed(1),
    bytesSent: st.bytesSent - st0.bytesSent, messagesSent: st.messagesSent - st0.messagesSent,
    p50ms: +pct(lat, 50).toFixed(1), p99ms: +pct(lat, 99).toFixed(1), latencySamples: lat.length,
  }
}

const rows = []
for (const s of servers) rows.push(await run(s))
console.table(rows)
console.log(JSON.stringify(rows))
process.exit(0)
