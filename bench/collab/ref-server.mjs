// The reference sync server: automerge-repo 2.5 + NodeWSServerAdapter, as the
// automerge-repo-sync-server does it (sharePolicy false; in-memory storage).
// Creates the benchmark document and prints "LISTENING <port> <url>".
import http from "node:http"
import { WebSocketServer, WebSocket } from "ws"
import { Repo } from "@automerge/automerge-repo"
import { NodeWSServerAdapter } from "@automerge/automerge-repo-network-websocket"

let messagesSent = 0, bytesSent = 0
const send = WebSocket.prototype.send
WebSocket.prototype.send = function (data, ...rest) {
  messagesSent++
  bytesSent += data.byteLength ?? data.length
  return send.call(this, data, ...rest)
}

const server = http.createServer((req, res) => {
  res.setHeader("content-type", "application/json")
  res.end(JSON.stringify({ messagesSent, bytesSent }))
})
const wss = new WebSocketServer({ noServer: true })
server.on("upgrade", (req, socket, head) => wss.handleUpgrade(req, socket, head, ws => wss.emit("connection", ws, req)))
const repo = new Repo({ network: [new NodeWSServerAdapter(wss)], peerId: "storage-server-ref", sharePolicy: async () => false })
const handle = repo.create({ language: "javascript", source: "", problemId: "p1" })
server.listen(0, "127.0.0.1", () => {
  console.log(`LISTENING ${server.address().port} ${handle.url}`)
})
