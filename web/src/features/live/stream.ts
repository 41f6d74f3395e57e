/**
 * The `GET /api/events` connection, kept apart from React (like excalidraw's Portal). EventSource reconnects by
 * itself after a dropped stream; when the server answers with an error status instead (401 while a session is
 * being renewed, a proxy's 502), EventSource gives up, so this class opens a new one with a capped backoff.
 */

import { parseTopics } from './topics'

/** EventSource.CLOSED, without touching the global (absent in jsdom). */
const CLOSED = 2

export interface LiveStreamHandlers {
  /** An `invalidate` event's topics. */
  onTopics: (topics: string[]) => void
  /**
   * The stream is open for the first time: what was fetched before it opened may have changed in between, with
   * no event to say so.
   */
  onFirstOpen: () => void
  /** The stream (re)connected after having been down: events may have been missed. */
  onReconnect: () => void
}

export type EventSourceFactory = (url: string) => EventSource

const MIN_BACKOFF_MS = 1_000
const MAX_BACKOFF_MS = 30_000

export class LiveStream {
  private source: EventSource | null = null
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private backoff = MIN_BACKOFF_MS
  private wasDown = false
  private everOpen = false
  private closed = true

  private readonly url: string
  private readonly handlers: LiveStreamHandlers
  private readonly create: EventSourceFactory

  constructor(
    url: string,
    handlers: LiveStreamHandlers,
    create: EventSourceFactory = (u) => new EventSource(u, { withCredentials: true }),
  ) {
    this.url = url
    this.handlers = handlers
    this.create = create
  }

  open(): void {
    if (!this.closed) return
    this.closed = false
    this.connect()
  }

  close(): void {
    this.closed = true
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.source?.close()
    this.source = null
  }

  isOpen(): boolean {
    return !this.closed
  }

  private connect(): void {
    const source = this.create(this.url)
    this.source = source
    source.addEventListener('open', () => {
      this.backoff = MIN_BACKOFF_MS
      if (!this.everOpen) this.handlers.onFirstOpen()
      else if (this.wasDown) this.handlers.onReconnect()
      this.everOpen = true
      this.wasDown = false
    })
    source.addEventListener('invalidate', (event) => {
      this.handlers.onTopics(parseData(event))
    })
    source.addEventListener('error', () => {
      this.wasDown = true
      if (source.readyState !== CLOSED || this.closed) return
      // EventSource gave up (an error status): retry ourselves.
      source.close()
      if (this.source === source) this.source = null
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null
        if (!this.closed) this.connect()
      }, this.backoff)
      this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2)
    })
  }
}

function parseData(event: Event): string[] {
  const data: unknown = 'data' in event ? event.data : undefined
  return parseTopics(data)
}
