// The latency sample of bench/capacity: the official automerge-repo client (Node, @automerge/automerge-repo
// with its WebSocket adapter, from bench/collab's install) in a few interviews, while Go load clients fill the
// others. Started by the Go orchestrator (main.go), which writes one line of JSON on stdin (the rooms, their
// people's socket URLs with tickets, the typing), then "start" when every client everywhere is connected.
//
// Every person opens the code and problem documents (interviewers also notes), types into code at a random
// 150–300 ms gap (interviewers now and then into notes), each change's message "<name> <absolute ms>", and
// broadcasts a cursor message after each keystroke, as the editor's presence does. Every receiving client reads
// the messages of the changes each update brought (getChangesMetaSince, no op decoding, the bench/collab
// technique) and records now − timestamp: edit-to-peer latency, the sender's keystroke to the peer's document
// holding it, through the server (and Redis and the other node when they sit on different nodes). All clients
// run in this one process, so the clock is the same. syncDebounceRate is set as the web build sets it
// (hooks.mjs).
//
// Output: lines of JSON on stdout: {"type":"ready"}, then {"type":"result", ...}.
import { register } from 'node:module'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'

const lines = createInterface({ input: process.stdin })
const it = lines[Symbol.asyncIterator]()
const cfg = JSON.parse((await it.next()).value)
// A pipe takes a long line in parts: wait until it is written (process.exit would cut it).
const out = (m) => new Promise((resolve) => process.stdout.write(JSON.stringify(m) + '\n', resolve))

register('./hooks.mjs', import.meta.url, { data: { collabURL: pathToFileURL(cfg.collabPackage).href, debounce: cfg.debounce } })
const A = await import('@automerge/automerge')
const { Repo } = await import('@automerge/automerge-repo')
const { WebSocketClientAdapter } = await import('@automerge/automerge-repo-network-websocket')

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
let typingFrom = 0 // absolute ms when typing began

// As the browser does (web/src/features/workspace/collab.ts): a fresh ticket for every (re)connection, from the
// person's node with their session. Every connection after the first, and why the one before closed, is counted.
const reconnects = []
class TicketedAdapter extends WebSocketClientAdapter {
  #p
  #connects = 0
  constructor(p, retryInterval) {
    super('', retryInterval)
    this.#p = p
  }

  connect(peerId, peerMetadata) {
    fetch(`${this.#p.base}/api/collab/ticket`, { method: 'POST', headers: { 'x-session-token': this.#p.token, 'content-type': 'application/json' }, body: '{}' })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`ticket: ${r.status}`))))
      .then(({ ticket }) => {
        Object.assign(this, { url: `${this.#p.base.replace('http', 'ws')}/collab?ticket=${encodeURIComponent(ticket)}` })
        super.connect(peerId, peerMetadata)
        if (this.#connects++ > 0) reconnects.push({ name: this.#p.name, at: Math.round(nowAbs() - (typingFrom || nowAbs())) })
        this.socket?.addEventListener('close', (ev) => {
          if (!stopping) reconnects.push({ name: this.#p.name, closed: ev.code, reason: String(ev.reason ?? '') })
        })
      })
      .catch(() => {
        this.peerId ??= peerId
        this.peerMetadata ??= peerMetadata ?? {}
        setTimeout(() => this.connect(peerId, peerMetadata), this.retryInterval)
      })
  }

  send(message) {
    try {
      super.send(message)
    } catch {
      // The socket closed under us: the repo resyncs everything when it is back.
    }
  }
}
let stopping = false
const nowAbs = () => performance.timeOrigin + performance.now()
const gap = () => cfg.minGapMs + Math.random() * (cfg.maxGapMs - cfg.minGapMs)

// ---- connect --------------------------------------------------------------------------------------------------

const samples = [] // [ms, sender's node, receiver's node, doc 0 code | 1 notes, when (ms since typing began)]
const nodeOf = new Map()
const clients = []
const t0 = performance.now()
for (const room of cfg.rooms) {
  for (const p of room.clients) {
    nodeOf.set(p.name, p.node)
    const repo = new Repo({ network: [new TicketedAdapter(p, 1000)], peerId: p.name })
    const urls = { code: room.docs.code, problem: room.docs.problem }
    if (p.role === 'interviewer') urls.notes = room.docs.notes
    clients.push({ room, p, repo, urls, handles: {}, typed: { code: 0, notes: 0 }, cursor: { code: 0, notes: 0 }, late: [] })
  }
}
await Promise.all(clients.map(async (c) => {
  for (const [k, url] of Object.entries(c.urls)) c.handles[k] = await c.repo.find(url)
  for (const [k, kind] of [['code', 0], ['notes', 1]]) {
    const h = c.handles[k]
    if (!h) continue
    h.on('change', ({ patchInfo }) => {
      const now = nowAbs()
      const before = A.getHeads(patchInfo.before)
      for (const ch of A.getChangesMetaSince(patchInfo.after, before)) {
        if (!ch.message) continue
        const sp = ch.message.indexOf(' ')
        const from = ch.message.slice(0, sp)
        if (from === c.p.name || !nodeOf.has(from)) continue
        const sent = Number(ch.message.slice(sp + 1))
        samples.push([now - sent, nodeOf.get(from), c.p.node, kind, Math.round(sent - typingFrom)])
      }
    })
  }
}))
// Starting lengths, to check at the end that every character arrived.
const start = new Map()
for (const c of clients) {
  for (const [k, field] of [['code', 'source'], ['notes', 'text']]) {
    const h = c.handles[k]
    if (h && !start.has(h.url)) start.set(h.url, h.doc()[field].length)
  }
}
await out({ type: 'ready', connectMs: Math.round(performance.now() - t0) })

// ---- type -----------------------------------------------------------------------------------------------------

const cmd = (await it.next()).value
if (cmd !== 'start') process.exit(2)
const eld = monitorEventLoopDelay({ resolution: 10 })
eld.enable()
const cpu0 = process.cpuUsage()
const end = performance.now() + cfg.durationMs
typingFrom = nowAbs()
await Promise.all(clients.map(async (c) => {
  const session = Math.random().toString(36).slice(2)
  let next = performance.now() + gap()
  while (next < end) {
    await sleep(Math.max(0, next - performance.now()))
    c.late.push(performance.now() - next)
    const k = c.handles.notes && Math.random() < cfg.notesShare ? 'notes' : 'code'
    const field = k === 'code' ? 'source' : 'text'
    const h = c.handles[k]
    h.change((d) => {
      const n = d[field].length
      if (c.cursor[k] > n || Math.random() < 0.05) c.cursor[k] = Math.floor(Math.random() * (n + 1))
      const ch = Math.random() < 1 / 12 ? '\n' : String.fromCharCode(97 + Math.floor(Math.random() * 26))
      A.splice(d, [field], c.cursor[k], 0, ch)
    }, { message: `${c.p.name} ${nowAbs()}` })
    c.cursor[k]++
    c.typed[k]++
    h.broadcast({ type: 'cursor', kind: 'cursor', field, session, user: c.p.name, anchor: null, head: null })
    next += gap()
  }
}))
const typingMs = performance.now() - (end - cfg.durationMs)
const cpu = process.cpuUsage(cpu0)
eld.disable()

// ---- converge -------------------------------------------------------------------------------------------------

function divergence() {
  const problems = []
  for (const room of cfg.rooms) {
    const people = clients.filter((c) => c.room === room)
    for (const [k, field] of [['code', 'source'], ['notes', 'text']]) {
      const have = people.filter((c) => c.handles[k])
      if (!have.length) continue
      const want = start.get(have[0].handles[k].url) + people.reduce((s, c) => s + c.typed[k], 0)
      const heads = have.map((c) => A.getHeads(c.handles[k].doc()).sort().join())
      for (const [i, c] of have.entries()) {
        const n = c.handles[k].doc()[field].length
        if (n !== want) problems.push(`${c.p.name} has ${n} of ${want} characters in ${k}`)
        if (heads[i] !== heads[0]) problems.push(`${c.p.name}'s heads of ${k} differ`)
      }
    }
  }
  return problems
}
const drainStart = performance.now()
let problems = divergence()
while (problems.length && performance.now() - drainStart < cfg.drainMs) {
  await sleep(200)
  problems = divergence()
}
const final = {} // document URL → characters the clients hold, for the store check
for (const c of clients) {
  for (const [k, field] of [['code', 'source'], ['notes', 'text']]) {
    const h = c.handles[k]
    if (h && !(c.urls[k] in final)) final[c.urls[k]] = h.doc()[field].length
  }
}
const late = clients.flatMap((c) => c.late).sort((a, b) => a - b)
await out({
  type: 'result', samples, problems, final, reconnects, convergeMs: Math.round(performance.now() - drainStart),
  keystrokes: clients.reduce((s, c) => s + c.typed.code + c.typed.notes, 0), typingMs: Math.round(typingMs),
  cpuS: (cpu.user + cpu.system) / 1e6, loopDelayP99Ms: eld.percentile(99) / 1e6,
  lateP99Ms: late.length ? late[Math.floor(0.99 * (late.length - 1))] : 0,
})
stopping = true
for (const c of clients) {
  try { await c.repo.shutdown() } catch { /* closing anyway */ }
}
process.exit(0)
