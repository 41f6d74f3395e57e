/**
 * Remote cursors and selections over automerge-repo ephemeral messages. Each participant sends its selection as
 * two Automerge cursors (anchor and head: stable character ids, so they stay right while the text changes),
 * throttled, plus a heartbeat; peers are shown as Monaco decorations (caret and selection) and a name label
 * (a content widget, so a name is never put into CSS), and vanish on a 'leave' message or after TIMEOUT_MS of
 * silence. Messages come from other people: anything that doesn't parse is ignored.
 */
import type { DocHandle, DocHandleEphemeralMessagePayload } from '@automerge/automerge-repo/slim'
import { getCursor, getCursorPosition, type Prop } from '@automerge/automerge/slim'
import type * as monaco from 'monaco-editor'

import { NEVER_GROWS_WHEN_TYPING_AT_EDGES, WIDGET_ABOVE, WIDGET_BELOW } from './monacoEnums'

import { colorFor } from '../presence'

export interface PresenceUser {
  id: string
  name: string
  /** A CSS colour: '#rgb', '#rrggbb' (or with alpha); anything else is replaced by a colour of our palette. */
  color: string
}

export const MESSAGE_TYPE = 'interviewprep/cursor'
/** At most one selection message per this many milliseconds (≤ 20 a second). */
export const THROTTLE_MS = 50
export const HEARTBEAT_MS = 5000
/** A peer not heard from for this long fades out… */
export const TIMEOUT_MS = 15000
/** …over this long, then is removed. */
export const FADE_MS = 400

/** What we send. `field` tells bindings of different strings of one document apart. */
export interface CursorMessage {
  type: typeof MESSAGE_TYPE
  kind: 'cursor' | 'leave'
  field: string
  session: string
  user: PresenceUser
  anchor: string | null
  head: string | null
}

const MAX_ID = 200
const MAX_NAME = 80
const MAX_CURSOR = 200
const COLOR = /^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/

function shortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max
}

/** The message if it is one of ours and well-formed, else null (never throws). */
export function parseCursorMessage(message: unknown): CursorMessage | null {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return null
  const m = message as Record<string, unknown>
  if (m.type !== MESSAGE_TYPE) return null
  if (m.kind !== 'cursor' && m.kind !== 'leave') return null
  if (!shortString(m.field, 1000) || !shortString(m.session, MAX_ID)) return null
  const user = m.user
  if (user === null || typeof user !== 'object' || Array.isArray(user)) return null
  const u = user as Record<string, unknown>
  if (!shortString(u.id, MAX_ID) || typeof u.name !== 'string' || typeof u.color !== 'string') return null
  const anchor = m.anchor ?? null
  const head = m.head ?? null
  if (anchor !== null && !shortString(anchor, MAX_CURSOR)) return null
  if (head !== null && !shortString(head, MAX_CURSOR)) return null
  const name = u.name.trim().slice(0, MAX_NAME) || 'Anonymous'
  const color = COLOR.test(u.color) ? u.color.toLowerCase() : colorFor(u.id)
  return { type: MESSAGE_TYPE, kind: m.kind, field: m.field, session: m.session, user: { id: u.id, name, color }, anchor, head }
}

const STYLE_ID = 'interviewprep-remote-cursors'
const BASE_CSS = `
.ip-remote-caret { position: absolute; height: 100%; box-sizing: border-box; border-left: 2px solid; margin-left: -1px; pointer-events: none; transition: opacity ${FADE_MS}ms; }
.ip-remote-label { color: #fff; font: 500 11px/1.4 system-ui, sans-serif; padding: 0 4px; border-radius: 3px; white-space: nowrap; pointer-events: none; opacity: 1; transition: opacity ${FADE_MS}ms; }
.ip-remote-fading, .ip-remote-label.ip-remote-fading { opacity: 0; }
`

/** Injects the shared rules once, and a colour's rules once per colour (colours are validated: safe in CSS). */
function colorClass(color: string): string {
  const key = color.slice(1).toLowerCase()
  let style = document.getElementById(STYLE_ID) as HTMLStyleElement | null
  if (style === null) {
    style = document.createElement('style')
    style.id = STYLE_ID
    style.textContent = BASE_CSS
    document.head.appendChild(style)
  }
  if (style.dataset[`c${key}`] === undefined) {
    style.dataset[`c${key}`] = ''
    style.textContent +=
      `.ip-remote-caret-${key} { border-color: ${color}; }\n` +
      `.ip-remote-sel-${key} { background-color: color-mix(in srgb, ${color} 15%, transparent); }\n` +
      `.ip-remote-label-${key} { background-color: ${color}; }\n`
  }
  return key
}

interface Peer {
  senderId: string
  user: PresenceUser
  anchor: string | null
  head: string | null
  lastSeen: number
  fadeTimer: ReturnType<typeof setTimeout> | null
  label: HTMLDivElement
  widget: monaco.editor.IContentWidget
  position: monaco.IPosition | null
}


let sessionCounter = 0

export class RemoteCursors<T> {
  private readonly model: monaco.editor.ITextModel
  private readonly path: Prop[]
  private readonly field: string
  private readonly me: PresenceUser
  private readonly session: string
  private readonly peersById = new Map<string, Peer>()
  private readonly listeners = new Set<() => void>()
  private readonly disposables: monaco.IDisposable[] = []
  private readonly decorations: monaco.editor.IEditorDecorationsCollection
  private lastSent = -Infinity
  private sendTimer: ReturnType<typeof setTimeout> | null = null
  private readonly heartbeat: ReturnType<typeof setInterval>
  private readonly sweeper: ReturnType<typeof setInterval>
  private renderQueued = false
  private disposed = false

  private readonly editor: monaco.editor.ICodeEditor
  private readonly handle: DocHandle<T>

  constructor(editor: monaco.editor.ICodeEditor, handle: DocHandle<T>, path: (string | number)[], me: PresenceUser) {
    this.editor = editor
    this.handle = handle
    const model = editor.getModel()
    if (model === null) throw new Error('RemoteCursors: the editor has no model')
    this.model = model
    this.path = [...path]
    this.field = JSON.stringify(path)
    this.me = { id: me.id, name: me.name, color: COLOR.test(me.color) ? me.color : colorFor(me.id) }
    sessionCounter++
    this.session = `${String(Date.now())}-${String(sessionCounter)}-${Math.random().toString(36).slice(2, 10)}`
    this.decorations = editor.createDecorationsCollection()

    handle.on('ephemeral-message', this.onMessage)
    handle.on('change', this.queueRender)
    this.disposables.push(
      editor.onDidChangeCursorSelection(() => {
        this.scheduleSend()
      }),
      model.onDidChangeContent(this.queueRender),
    )
    this.heartbeat = setInterval(() => {
      this.send('cursor')
    }, HEARTBEAT_MS)
    this.sweeper = setInterval(this.sweep, 1000)
    this.send('cursor')
  }

  /** Who is shown now (a user with two tabs is there twice). */
  get peers(): PresenceUser[] {
    return [...this.peersById.values()].map((p) => p.user)
  }

  onDidChangePeers(listener: () => void): { dispose(): void } {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }

  /** Tells the others we left (so they drop our cursor at once), and removes everything we added. */
  dispose(): void {
    if (this.disposed) return
    this.send('leave')
    this.disposed = true
    clearInterval(this.heartbeat)
    clearInterval(this.sweeper)
    if (this.sendTimer !== null) clearTimeout(this.sendTimer)
    this.handle.off('ephemeral-message', this.onMessage)
    this.handle.off('change', this.queueRender)
    for (const d of this.disposables) d.dispose()
    for (const peer of this.peersById.values()) this.dropWidget(peer)
    this.peersById.clear()
    this.decorations.clear()
    this.listeners.clear()
  }

  private emitPeers() {
    for (const listener of [...this.listeners]) listener()
  }

  private scheduleSend() {
    if (this.disposed || this.sendTimer !== null) return
    const wait = this.lastSent + THROTTLE_MS - Date.now()
    if (wait <= 0) {
      this.send('cursor')
      return
    }
    this.sendTimer = setTimeout(() => {
      this.sendTimer = null
      this.send('cursor')
    }, wait)
  }

  private send(kind: 'cursor' | 'leave') {
    if (this.disposed) return
    let anchor: string | null = null
    let head: string | null = null
    const selection = kind === 'cursor' ? this.editor.getSelection() : null
    if (selection !== null) {
      try {
        const doc = this.handle.doc()
        const a = this.model.getOffsetAt({ lineNumber: selection.selectionStartLineNumber, column: selection.selectionStartColumn })
        const h = this.model.getOffsetAt({ lineNumber: selection.positionLineNumber, column: selection.positionColumn })
        anchor = getCursor(doc, this.path, a)
        head = getCursor(doc, this.path, h)
      } catch {
        // No text at the path yet: say we're here, without a caret.
      }
    }
    const message: CursorMessage = { type: MESSAGE_TYPE, kind, field: this.field, session: this.session, user: this.me, anchor, head }
    this.lastSent = Date.now()
    try {
      this.handle.broadcast(message)
    } catch {
      // The handle is gone (unloaded or deleted): nothing to tell.
    }
  }

  private readonly onMessage = ({ message, senderId }: DocHandleEphemeralMessagePayload<T>) => {
    if (this.disposed) return
    const parsed = parseCursorMessage(message)
    if (parsed === null || parsed.field !== this.field || parsed.session === this.session) return
    const key = String(senderId)
    const existing = this.peersById.get(key)
    if (parsed.kind === 'leave') {
      if (existing) this.remove(existing)
      return
    }
    if (existing) {
      const changed = existing.user.name !== parsed.user.name || existing.user.color !== parsed.user.color || existing.user.id !== parsed.user.id
      existing.user = parsed.user
      existing.anchor = parsed.anchor
      existing.head = parsed.head
      existing.lastSeen = Date.now()
      if (existing.fadeTimer !== null) {
        clearTimeout(existing.fadeTimer)
        existing.fadeTimer = null
      }
      existing.label.textContent = parsed.user.name
      this.render()
      if (changed) this.emitPeers()
      return
    }
    this.add(key, parsed)
    this.render()
    this.emitPeers()
    this.scheduleSend() // let a newcomer see us now rather than at our next heartbeat
  }

  private add(senderId: string, message: CursorMessage) {
    const label = document.createElement('div')
    label.className = 'ip-remote-label'
    label.textContent = message.user.name
    const peer: Peer = {
      senderId,
      user: message.user,
      anchor: message.anchor,
      head: message.head,
      lastSeen: Date.now(),
      fadeTimer: null,
      label,
      position: null,
      widget: {
        getId: () => `interviewprep.remote-cursor.${this.session}.${senderId}`,
        getDomNode: () => label,
        getPosition: () => (peer.position ? { position: peer.position, preference: [WIDGET_ABOVE, WIDGET_BELOW] } : null),
        suppressMouseDown: true,
      },
    }
    this.peersById.set(senderId, peer)
    this.editor.addContentWidget(peer.widget)
  }

  private dropWidget(peer: Peer) {
    if (peer.fadeTimer !== null) clearTimeout(peer.fadeTimer)
    peer.fadeTimer = null
    this.editor.removeContentWidget(peer.widget)
  }

  private remove(peer: Peer) {
    this.dropWidget(peer)
    this.peersById.delete(peer.senderId)
    this.render()
    this.emitPeers()
  }

  private readonly sweep = () => {
    const now = Date.now()
    for (const peer of [...this.peersById.values()]) {
      if (peer.fadeTimer !== null || now - peer.lastSeen < TIMEOUT_MS) continue
      peer.fadeTimer = setTimeout(() => {
        this.remove(peer)
      }, FADE_MS)
      this.render()
    }
  }

  private readonly queueRender = () => {
    if (this.renderQueued || this.disposed) return
    this.renderQueued = true
    // After the binding has applied the same change to the model.
    queueMicrotask(() => {
      this.renderQueued = false
      if (!this.disposed) this.render()
    })
  }

  private render() {
    if (this.disposed) return
    const doc = this.handle.doc()
    const length = this.model.getValueLength()
    const decorations: monaco.editor.IModelDeltaDecoration[] = []
    for (const peer of this.peersById.values()) {
      const key = colorClass(peer.user.color)
      const fading = peer.fadeTimer !== null ? ' ip-remote-fading' : ''
      peer.label.className = `ip-remote-label ip-remote-label-${key}${fading}`
      let anchor: number
      let head: number
      try {
        if (peer.anchor === null || peer.head === null) throw new Error('no selection')
        anchor = Math.min(Math.max(getCursorPosition(doc, this.path, peer.anchor), 0), length)
        head = Math.min(Math.max(getCursorPosition(doc, this.path, peer.head), 0), length)
      } catch {
        // No selection, or cursors into changes we don't have yet: show no caret until we do.
        peer.position = null
        this.editor.layoutContentWidget(peer.widget)
        continue
      }
      const start = this.model.getPositionAt(Math.min(anchor, head))
      const end = this.model.getPositionAt(Math.max(anchor, head))
      const at = this.model.getPositionAt(head)
      if (anchor !== head) {
        decorations.push({
          range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column },
          options: { className: `ip-remote-sel ip-remote-sel-${key}`, stickiness: NEVER_GROWS_WHEN_TYPING_AT_EDGES },
        })
      }
      decorations.push({
        range: { startLineNumber: at.lineNumber, startColumn: at.column, endLineNumber: at.lineNumber, endColumn: at.column },
        options: { beforeContentClassName: `ip-remote-caret ip-remote-caret-${key}${fading}`, stickiness: NEVER_GROWS_WHEN_TYPING_AT_EDGES },
      })
      peer.position = { lineNumber: at.lineNumber, column: at.column }
      this.editor.layoutContentWidget(peer.widget)
    }
    this.decorations.set(decorations)
  }
}
