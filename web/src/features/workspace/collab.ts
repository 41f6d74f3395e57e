import { decodeSyncMessage, getHeads } from '@automerge/automerge/slim'
import { Repo, type DocumentId, type PeerId, type PeerMetadata } from '@automerge/automerge-repo/slim'
import { WebSocketClientAdapter } from '@automerge/automerge-repo-network-websocket'
import { IndexedDBStorageAdapter } from '@automerge/automerge-repo-storage-indexeddb'
import { z } from 'zod'

import { api } from '@/lib/api'

/** How the page stands with the collaboration server. */
export type SyncStatus = 'connecting' | 'live' | 'syncing' | 'offline'

const ticketSchema = z.object({ ticket: z.string() })

/** The collaboration socket's URL with a fresh ticket (valid a minute: one per connection, never reused). */
async function socketUrl(): Promise<string> {
  const { ticket } = await api.post('/api/collab/ticket', ticketSchema)
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${window.location.host}/collab?ticket=${encodeURIComponent(ticket)}`
}

/**
 * automerge-repo's WebSocket client, with a fresh ticket for every (re)connection. The adapter retries on its own
 * (every `retryInterval`); each try first asks the API for a ticket, and a try that cannot (offline) waits for the
 * next one. It reports the socket's state and the heads the server last said it has of each document (the server
 * stores a change before it acknowledges it, so those heads are durable).
 */
class TicketedAdapter extends WebSocketClientAdapter {
  #fetching = false
  #stopped = false
  #retry: ReturnType<typeof setTimeout> | undefined
  readonly #onState: () => void
  /** Per document, the heads in the server's latest sync message. */
  readonly serverHeads = new Map<DocumentId, string[]>()

  constructor(onState: () => void, retryInterval: number) {
    super('', retryInterval)
    this.#onState = onState
    // The browser knows before the socket does: a socket kept open over a dead network would only notice at the
    // next ping. Offline closes it (the adapter retries, and keeps failing until a ticket can be had); online
    // reconnects at once instead of at the next retry.
    window.addEventListener('offline', this.#offline)
    window.addEventListener('online', this.#online)
    this.on('message', (message) => {
      if (message.type === 'sync' && 'data' in message && message.data && message.documentId) {
        try {
          this.serverHeads.set(message.documentId, decodeSyncMessage(message.data).heads)
        } catch {
          // A message this decoder does not read (the repo reports bad ones itself): we no longer know the
          // server's heads, so claim nothing rather than "syncing" for ever.
          this.serverHeads.delete(message.documentId)
        }
      }
      this.#onState()
    })
    this.on('peer-candidate', () => {
      this.#onState()
    })
    this.on('peer-disconnected', () => {
      this.#onState()
    })
  }

  get open(): boolean {
    const socket: unknown = this.socket
    return socket instanceof WebSocket && socket.readyState === WebSocket.OPEN && this.remotePeerId !== undefined
  }

  override connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    if (this.#fetching || this.#stopped) return
    this.#fetching = true
    clearTimeout(this.#retry)
    socketUrl().then(
      (url) => {
        this.#fetching = false
        if (this.#stopped) return
        // The adapter's url is read-only in its types, but connect reads it each time: that is the hook.
        Object.assign(this, { url })
        super.connect(peerId, peerMetadata)
        this.#onState()
      },
      () => {
        this.#fetching = false
        // No ticket (offline, or the server is down): try again later. The first connect must still record the
        // peer id, which only super.connect does, so remember it for the retry.
        this.peerId ??= peerId
        this.peerMetadata ??= peerMetadata ?? {}
        this.#retry = setTimeout(() => {
          this.connect(peerId, peerMetadata)
        }, this.retryInterval)
        this.#onState()
      },
    )
  }

  override send(message: Parameters<WebSocketClientAdapter['send']>[0]): void {
    try {
      super.send(message)
    } catch {
      // The socket closed under us: the repo resyncs everything when it is back.
    }
  }

  #offline = () => {
    const socket: unknown = this.socket
    if (socket instanceof WebSocket) socket.close()
    this.#onState()
  }

  #online = () => {
    if (this.open || !this.peerId) return
    this.connect(this.peerId, this.peerMetadata)
  }

  override disconnect(): void {
    this.#stopped = true
    window.removeEventListener('offline', this.#offline)
    window.removeEventListener('online', this.#online)
    clearTimeout(this.#retry)
    if (this.socket) super.disconnect()
  }
}

/**
 * One page's automerge-repo: the WebSocket to `/collab` and the IndexedDB copy that makes documents open at once
 * and keeps edits made offline (they merge when the socket is back). Made by `useCollab`, closed on unmount.
 */
export class CollabClient {
  readonly repo: Repo
  readonly #adapter: TicketedAdapter
  readonly #listeners = new Set<() => void>()
  #status: SyncStatus = 'connecting'
  #everOpen = false
  #tick: ReturnType<typeof setInterval>

  constructor(options: { retryInterval?: number } = {}) {
    this.#adapter = new TicketedAdapter(() => {
      this.#update()
    }, options.retryInterval ?? 2000)
    this.repo = new Repo({ network: [this.#adapter], storage: new IndexedDBStorageAdapter('interviewprep-collab') })
    // Socket closes are reported by the adapter only through events we may miss (a socket that never opened):
    // look again every second.
    this.#tick = setInterval(() => {
      this.#update()
    }, 1000)
  }

  get status(): SyncStatus {
    return this.#status
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #update() {
    let next: SyncStatus
    if (this.#adapter.open && navigator.onLine) {
      this.#everOpen = true
      next = this.#unsynced() ? 'syncing' : 'live'
    } else {
      next = this.#everOpen || !navigator.onLine ? 'offline' : 'connecting'
    }
    if (next === this.#status) return
    this.#status = next
    for (const listener of this.#listeners) listener()
  }

  /** Whether some open document has heads the server has not confirmed (our edits on their way, or theirs). */
  #unsynced(): boolean {
    for (const [id, theirs] of this.#adapter.serverHeads) {
      const handle = this.repo.handles[id]
      if (!handle?.isReady()) continue
      const ours = getHeads(handle.doc())
      if (ours.length !== theirs.length || ours.some((h) => !theirs.includes(h))) return true
    }
    return false
  }

  /** Writes what is not yet in IndexedDB (before the page goes away). */
  flush(): Promise<void> {
    return this.repo.flush()
  }

  async close(): Promise<void> {
    clearInterval(this.#tick)
    this.#listeners.clear()
    await this.repo.flush().catch(() => undefined)
    this.#adapter.disconnect()
    await this.repo.shutdown().catch(() => undefined)
  }
}
