import { test, before, after } from "node:test"
import assert from "node:assert/strict"
import * as A from "@automerge/automerge"
import { TestServer, client, sleep, waitFor, rng } from "./harness.js"

let server
const clients = []

before(async () => {
  server = new TestServer()
  await server.start()
})

after(async () => {
  for (const c of clients) await c.close()
  await server.stop()
  server.cleanup()
})

async function connect(user, role) {
  const c = await client(server, user, role)
  clients.push(c)
  return c
}

function randomSplice(handle, rand, tag) {
  handle.change(d => {
    const len = d.source.length
    const pos = Math.floor(rand() * (len + 1))
    const del = len > 0 && rand() < 0.3 ? Math.min(len - pos, 1 + Math.floor(rand() * 3)) : 0
    A.splice(d, ["source"], pos, del, tag)
  })
}

async function converged(handles, what) {
  await waitFor(
    () => {
      const s = handles.map(h => h.doc().source)
      const heads = handles.map(h => JSON.stringify(A.getHeads(h.doc()).sort()))
      return s.every(x => x === s[0]) && heads.every(x => x === heads[0])
    },
    { timeout: 30000, what },
  )
  return handles[0].doc().source
}

test("the shapes of the created documents", async () => {
  const { docs } = await server.createInterview("cand-0", ["int-0"], "let x = 1\n")
  const c = await connect("int-0", "interviewer")
  const code = await c.repo.find(docs.code)
  assert.equal(code.doc().language, "javascript")
  assert.equal(code.doc().source, "let x = 1\n")
  assert.equal(code.doc().problemId, "p1")
  const problem = await c.repo.find(docs.problem)
  assert.equal(problem.doc().title, "Two sum")
  assert.match(problem.doc().statement, /indices/)
  assert.deepEqual(Object.keys(problem.doc().starter).sort(), ["java", "javascript", "python"])
  const notes = await c.repo.find(docs.notes)
  assert.equal(notes.doc().text, "")
})

test("a candidate never receives the notes", async () => {
  const { docs } = await server.createInterview("cand-1", ["int-1"])
  const notesId = docs.notes.replace("automerge:", "")
  const iv = await connect("int-1", "interviewer")
  const notes = await iv.repo.find(docs.notes)
  notes.change(d => A.splice(d, ["text"], 0, 0, "strong hire"))

  const cand = await connect("cand-1", "candidate")
  await assert.rejects(cand.repo.find(docs.notes), /unavailable/i)
  // Ephemeral presence on the notes from the interviewer must not reach it either.
  notes.broadcast({ cursor: 3 })
  const code = await cand.repo.find(docs.code) // the candidate does get the code
  assert.equal(typeof code.doc().source, "string")
  await sleep(500)
  const leaked = cand.received.filter(m => m.documentId === notesId && m.type !== "doc-unavailable")
  assert.deepEqual(leaked, [], "messages about notes reached the candidate")
  assert.ok(cand.received.some(m => m.documentId === notesId && m.type === "doc-unavailable"))
})

test("two clients converge on concurrent random edits", async () => {
  const { docs } = await server.createInterview("cand-2", ["int-2"])
  const a = await connect("cand-2", "candidate")
  const b = await connect("int-2", "interviewer")
  const ha = await a.repo.find(docs.code)
  const hb = await b.repo.find(docs.code)
  const ra = rng(1), rb = rng(2)
  for (let i = 0; i < 60; i++) {
    randomSplice(ha, ra, "a")
    randomSplice(hb, rb, "b")
    await sleep(5)
  }
  const text = await converged([ha, hb], "two clients to converge")
  assert.ok(text.includes("a") && text.includes("b"))
})

test("five clients converge with disconnects, reconnects and a server crash; offline edits merge", async () => {
  const { docs } = await server.createInterview("cand-5", ["int-5a", "int-5b", "int-5c", "int-5d"])
  const users = [["cand-5", "candidate"], ["int-5a", "interviewer"], ["int-5b", "interviewer"], ["int-5c", "interviewer"], ["int-5d", "interviewer"]]
  const cs = []
  for (const [u, r] of users) cs.push(await connect(u, r))
  const hs = []
  for (const c of cs) hs.push(await c.repo.find(docs.code))
  const rand = rng(5)
  const tags = ["A", "B", "C", "D", "E"]
  const edit = n => {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rand() * hs.length)
      randomSplice(hs[k], rand, tags[k])
    }
  }

  // Round 1: everyone edits; two clients drop off and come back.
  for (let round = 0; round < 20; round++) {
    edit(3)
    if (round === 5) { cs[1].disconnect(); cs[3].disconnect() }
    if (round === 12) { cs[1].reconnect(); cs[3].reconnect() }
    await sleep(20)
  }
  await converged(hs, "five clients after reconnects")

  // Round 2: the server is killed mid-edit and comes back on the same port;
  // edits made while it is down (offline edits) merge when it is back.
  edit(10)
  await sleep(50)
  await server.crash()
  edit(10) // offline edits, random deletes included
  const offline = []
  for (let k = 0; k < hs.length; k++) {
    const mark = `<off${k}>`
    offline.push(mark)
    hs[k].change(d => A.splice(d, ["source"], 0, 0, mark))
  }
  await sleep(300)
  await server.start()
  const text = await converged(hs, "five clients after the server restart")
  for (const mark of offline) assert.ok(text.includes(mark), `offline edit ${mark} lost`)

  // A fresh client after all that gets exactly the converged document.
  const fresh = await connect("int-5a", "interviewer")
  const hf = await fresh.repo.find(docs.code)
  await waitFor(() => hf.doc().source === text, { what: "a fresh client to load the converged text" })
})

test("acknowledged edits survive kill -9", async () => {
  const { docs } = await server.createInterview("cand-k", ["int-k"])
  const a = await connect("int-k", "interviewer")
  const ha = await a.repo.find(docs.code)
  for (let i = 0; i < 30; i++) {
    ha.change(d => A.splice(d, ["source"], d.source.length, 0, String(i % 10)))
    await sleep(10)
  }
  const want = ha.doc().source
  // Acknowledged = the server's sync state reports our heads; wait until a
  // second client sees everything, which can only come from the server.
  const b = await connect("int-k", "interviewer")
  const hb = await b.repo.find(docs.code)
  await waitFor(() => hb.doc().source === want, { what: "the server to have every edit" })
  await b.close()
  await a.close()
  await server.crash()
  await server.start()
  const c = await connect("int-k", "interviewer")
  const hc = await c.repo.find(docs.code)
  await waitFor(() => hc.doc().source === want, { what: "the restarted server to serve every acknowledged edit" })
})
