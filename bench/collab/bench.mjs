// Collab load generator: N official automerge-repo clients on one document,
// S one-character splices each, 10 ms apart (--interval), against our Go server and the
// reference JS sync server, measured the same way for both. Usage:
//   node bench.mjs [--clients 30] [--splices 100] [--interval 10] [--servers ours,ref] [--workers 2]
// (--interval 150 is a fast typist, for the latency people feel.)
// Our server is bin/collab-testserver (go build -o bin/collab-testserver ./collab/jstest/server);
// COLLAB_ARGS adds flags to it (e.g. "-flush 50ms -flush-delay 10ms").
//
// The clients are spread over --workers worker threads (node:worker_threads), so
// that one event loop running every client does not become the bottleneck that
// the latency and duration measure. Every edit carries its own timestamp (the
// change message "<client> <absolute ms>"); a receiving client reads the
// messages of the changes each update brought (getChangesMetaSince, no op
// decoding) and records now − timestamp, so every change is counted at every
// peer, not just the ones that happen to be heads. Each worker also reports its
// event-loop delay (p99) and the load generator its own CPU, to show whether
// the clients keep up.
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import path from "node:path"
import { fileURLToPath } from "node:url"
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads"
import { monitorEventLoopDelay } from "node:perf_hooks"
import * as A from "@automerge/automerge"
import { Repo } from "@automerge/automerge-repo"
import { WebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket"

const here = fileURLToPath(import.meta.url)
const sleep = ms => new Promise(r => setTimeout(r, ms))
const nowAbs = () => performance.timeOrigin + performance.now() // same clock in every thread

const children = new Set() // servers still running; killed if the load generator exits early
process.on("exit", () => { for (const p of children) p.kill("SIGKILL") })

if (isMainThread) await main()
else await worker()

// ---- worker: a share of the clients ---------------------------------------

async function worker() {
  const { ids, urls, docUrl, S, interval } = workerData
  const repos = urls.map(u => new Repo({ network: [new WebSocketClientAdapter(u, 1000)] }))
  const handles = await Promise.all(repos.map(r => r.find(docUrl)))
  const lat = []
  handles.forEach((h, j) => {
    const me = String(ids[j])
    h.on("change", ({ patchInfo }) => {
      const now = nowAbs()
      const before = A.getHeads(patchInfo.before)
      for (const c of A.getChangesMetaSince(patchInfo.after, before)) {
        if (!c.message) continue
        const sp = c.message.indexOf(" ")
        if (c.message.slice(0, sp) === me) continue
        lat.push(now - Number(c.message.slice(sp + 1)))
      }
    })
  })
  const eld = monitorEventLoopDelay({ resolution: 10 })
  parentPort.on("message", async m => {
    if (m.cmd === "start") {
      eld.enable()
      await Promise.all(handles.map(async (h, j) => {
        const msg = () => `${ids[j]} ${nowAbs()}`
        for (let k = 0; k < S; k++) {
          h.change(d => A.splice(d, ["source"], Math.floor(Math.random() * (d.source.length + 1)), 0, "x"),
            { message: msg() })
          await sleep(interval)
        }
      }))
      parentPort.postMessage({ cmd: "edited" })
    } else if (m.cmd === "state") {
      parentPort.postMessage({ cmd: "state", states: handles.map(h => {
        const d = h.doc()
        return { len: d.source.length, heads: A.getHeads(d).sort().join() }
      }) })
    } else if (m.cmd === "finish") {
      eld.disable()
      // What the clients authored: the raw size and dependency count of every
      // change, and the size of the saved document, seen by this worker's first client.
      const d = handles[0].doc()
      let changeBytes = 0, deps = 0
      const all = A.getAllChanges(d)
      for (const c of all) { changeBytes += c.byteLength; deps += A.decodeChange(c).deps.length }
      parentPort.postMessage({ cmd: "finish", lat, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6,
        doc: { changes: all.length, changeBytes, deps, savedBytes: A.save(d).byteLength } })
      for (const r of repos) { try { await r.shutdown() } catch {} }
    }
  })
  parentPort.postMessage({ cmd: "ready" })
}

// ---- main: servers, workers, measurements ------------------------------------

function startProc(cmd, args, re) {
  const proc = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] })
  children.add(proc)
  proc.on("exit", () => children.delete(proc))
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
  const status = readFileSync(`/proc/${pid}/status`, "utf8")
  const kb = k => Number(status.match(new RegExp(k + ":\\s+(\\d+)"))[1])
  return { cpu, rssMB: kb("VmHWM") / 1024, rssNowMB: kb("VmRSS") / 1024, fileMB: kb("RssFile") / 1024, anonMB: kb("RssAnon") / 1024,
    threads: Number(status.match(/Threads:\s+(\d+)/)[1]) }
}

function pct(xs, p) {
  if (!xs.length) return NaN
  const s = Float64Array.from(xs).sort()
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function main() {
  const arg = (name, def) => {
    const i = process.argv.indexOf("--" + name)
    return i > 0 ? process.argv[i + 1] : def
  }
  const N = Number(arg("clients", 30)), S = Number(arg("splices", 100)), interval = Number(arg("interval", 10))
  const W = Math.max(1, Math.min(N, Number(arg("workers", 2))))
  const servers = arg("servers", "ours,ref").split(",")

  async function setup(kind) {
    if (kind === "ours") {
      const dir = mkdtempSync(path.join(tmpdir(), "bench-collab-"))
      const bin = process.env.COLLAB_TESTSERVER ?? path.resolve(path.dirname(here), "../../bin/collab-testserver")
      const extra = (process.env.COLLAB_ARGS ?? "").split(" ").filter(Boolean)
      const { proc, m } = await startProc(bin, ["-dir", dir, ...extra], /LISTENING (http:\/\/\S+)/)
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
      const mem = async () => {
        try {
          if (process.env.BENCH_HEAP) // a heap profile at the end, for go tool pprof
            writeFileSync(process.env.BENCH_HEAP, Buffer.from(await (await fetch(base + "/debug/pprof/heap")).arrayBuffer()))
          return await (await fetch(base + "/test/mem")).json()
        } catch { return null }
      }
      return { proc, urls, docUrl: docs.code, stats: async () => (await fetch(base + "/test/stats")).json(), mem,
        cleanup: () => rmSync(dir, { recursive: true, force: true }) }
    }
    const { proc, m } = await startProc("node", [path.join(path.dirname(here), "ref-server.mjs")], /LISTENING (\d+) (\S+)/)
    const base = `http://127.0.0.1:${m[1]}`
    return { proc, urls: Array(N).fill(`ws://127.0.0.1:${m[1]}`), docUrl: m[2],
      stats: async () => (await fetch(base)).json(), cleanup: () => {} }
  }

  async function run(kind) {
    const env = await setup(kind)
    const pid = env.proc.pid
    const idleRss = procStats(pid).rssNowMB
    const workers = []
    for (let w = 0; w < W; w++) {
      const ids = []
      for (let i = w; i < N; i += W) ids.push(i)
      const wk = new Worker(here, { workerData: { ids, urls: ids.map(i => env.urls[i]), docUrl: env.docUrl, S, interval } })
      const q = []
      let waiter = null
      wk.on("message", m => { if (waiter) { const f = waiter; waiter = null; f(m) } else q.push(m) })
      wk.on("error", e => { console.error("worker", w, e); process.exit(1) })
      const next = () => q.length ? Promise.resolve(q.shift()) : new Promise(r => { waiter = r })
      workers.push({ wk, next })
    }
    for (const w of workers) await w.next() // ready
    await sleep(500)
    const cpu0 = procStats(pid).cpu
    // The kernel keeps no high-water mark of anonymous memory alone (VmHWM
    // also counts the program's own mapped code, which can be mapped in 2 MB
    // pages): sample it.
    let peakAnon = 0
    const anonTimer = setInterval(() => { try { peakAnon = Math.max(peakAnon, procStats(pid).anonMB) } catch {} }, 50)
    const st0 = await env.stats()
    const cli0 = process.cpuUsage()
    const t0 = performance.now()
    for (const w of workers) w.wk.postMessage({ cmd: "start" })
    for (const w of workers) await w.next() // edited
    const tEdits = performance.now()
    const want = N * S
    let converged = false
    while (performance.now() - tEdits < 120000) {
      for (const w of workers) w.wk.postMessage({ cmd: "state" })
      const states = []
      for (const w of workers) states.push(...(await w.next()).states)
      if (states.every(s => s.len === want && s.heads === states[0].heads)) { converged = true; break }
      if (process.env.BENCH_TRACE && Math.floor((performance.now() - tEdits) / 2000) !== env.lastTrace) {
        env.lastTrace = Math.floor((performance.now() - tEdits) / 2000) // progress while converging, every 2 s
        const st = await env.stats(), lens = states.map(s => s.len).sort((a, b) => a - b)
        console.error(`t+${Math.round(performance.now() - tEdits)}ms len min/med/max ${lens[0]}/${lens[lens.length >> 1]}/${lens[lens.length - 1]} of ${want}; server msgs ${st.messagesSent} bytes ${st.bytesSent}`)
      }
      await sleep(50)
    }
    const tConv = performance.now()
    const cli = process.cpuUsage(cli0)
    await sleep(200)
    const ps = procStats(pid)
    clearInterval(anonTimer)
    peakAnon = Math.max(peakAnon, ps.anonMB)
    const st = await env.stats()
    const mem = env.mem ? await env.mem() : null
    let lat = [], eldP99 = 0, doc = null
    for (const w of workers) w.wk.postMessage({ cmd: "finish" })
    for (const w of workers) {
      const f = await w.next()
      lat = lat.concat(f.lat)
      eldP99 = Math.max(eldP99, f.eldP99)
      doc ??= f.doc
    }
    await sleep(200)
    for (const w of workers) await w.wk.terminate()
    env.proc.kill("SIGTERM")
    env.cleanup()
    return {
      server: kind, clients: N, splices: S, intervalMs: interval, workers: W, converged,
      editPhaseMs: Math.round(tEdits - t0), convergeAfterLastEditMs: Math.round(tConv - tEdits),
      cpuS: +(ps.cpu - cpu0).toFixed(2), peakRssMB: +ps.rssMB.toFixed(1), idleRssMB: +idleRss.toFixed(1),
      bytesSent: st.bytesSent - st0.bytesSent,
      wireBytesSent: st.wireBytesSent === undefined ? undefined : st.wireBytesSent - st0.wireBytesSent,
      messagesSent: st.messagesSent - st0.messagesSent,
      p50ms: +pct(lat, 50).toFixed(1), p99ms: +pct(lat, 99).toFixed(1), latencySamples: lat.length,
      changeB: Math.round(doc.changeBytes / doc.changes), depsPerChange: +(doc.deps / doc.changes).toFixed(1),
      savedKB: +(doc.savedBytes / 1024).toFixed(1),
      clientCpuS: +((cli.user + cli.system) / 1e6).toFixed(2), clientLoopDelayP99ms: +eldP99.toFixed(1),
      peakAnonMB: +peakAnon.toFixed(1), rssFileMB: +ps.fileMB.toFixed(1), threads: ps.threads,
      ...(mem ? { goSysMB: +(mem.goSys / 2 ** 20).toFixed(1), goHeapInuseMB: +(mem.heapInuse / 2 ** 20).toFixed(1), numGC: mem.numGC } : {}),
    }
  }

  const rows = []
  for (const s of servers) rows.push(await run(s))
  console.table(rows)
  console.log(JSON.stringify(rows))
  process.exit(0)
}
