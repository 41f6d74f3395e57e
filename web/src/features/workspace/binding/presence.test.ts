import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'

import { FADE_MS, HEARTBEAT_MS, MESSAGE_TYPE, RemoteCursors, TIMEOUT_MS, parseCursorMessage, type CursorMessage } from './presence'
import { FakeEditor, FakeModel } from './testing/fakeMonaco'
import { twoPeers, type Peers, type TestDoc } from './testing/peers'
import { MonacoAutomergeBinding } from './binding'
import type { DocHandle, PeerId } from '@automerge/automerge-repo/slim'

const ada = { id: 'u-ada', name: 'Ada', color: '#e11d48' }
const grace = { id: 'u-grace', name: 'Grace', color: '#2563eb' }

/** Captures what a handle broadcasts (the server would relay it to the document's other peers). */
function outbox(handle: DocHandle<TestDoc>): unknown[] {
  const sent: unknown[] = []
  vi.spyOn(handle, 'broadcast').mockImplementation((message: unknown) => {
    sent.push(message)
  })
  return sent
}

function deliver(handle: DocHandle<TestDoc>, message: unknown, senderId = 'peer-b') {
  handle.emit('ephemeral-message', { handle, senderId: senderId as PeerId, message })
}

function setup(peers: Peers) {
  const editorA = new FakeEditor(new FakeModel())
  const bindingA = new MonacoAutomergeBinding(editorA.asMonaco(), peers.a, ['source'])
  const editorB = new FakeEditor(new FakeModel())
  const bindingB = new MonacoAutomergeBinding(editorB.asMonaco(), peers.b, ['source'])
  const sentA = outbox(peers.a)
  const sentB = outbox(peers.b)
  const cursorsA = new RemoteCursors(editorA.asMonaco(), peers.a, ['source'], ada)
  const cursorsB = new RemoteCursors(editorB.asMonaco(), peers.b, ['source'], grace)
  return { editorA, editorB, bindingA, bindingB, sentA, sentB, cursorsA, cursorsB }
}

function last(sent: unknown[]): unknown {
  return sent[sent.length - 1]
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  document.head.innerHTML = ''
})

describe('parseCursorMessage', () => {
  const good: CursorMessage = {
    type: MESSAGE_TYPE,
    kind: 'cursor',
    field: '["source"]',
    session: 's1',
    user: grace,
    anchor: '3@abc',
    head: '5@abc',
  }

  test('accepts a well-formed message', () => {
    expect(parseCursorMessage(good)).toEqual(good)
  })

  test.each([
    ['null', null],
    ['a string', 'hello'],
    ['a number', 42],
    ['an array', [1, 2]],
    ['another type', { ...good, type: 'chat' }],
    ['no user', { ...good, user: undefined }],
    ['user not an object', { ...good, user: 'Grace' }],
    ['empty user id', { ...good, user: { ...grace, id: '' } }],
    ['numeric name', { ...good, user: { ...grace, name: 7 } }],
    ['cursor not a string', { ...good, head: { x: 1 } }],
    ['huge cursor', { ...good, head: 'x'.repeat(5000) }],
    ['unknown kind', { ...good, kind: 'hack' }],
    ['no session', { ...good, session: undefined }],
  ])('ignores %s', (_name, message) => {
    expect(parseCursorMessage(message)).toBeNull()
  })

  test('replaces a colour that is not a hex colour (it goes into CSS) and trims long names', () => {
    const parsed = parseCursorMessage({ ...good, user: { ...grace, color: 'red;} body{display:none', name: 'x'.repeat(500) } })
    expect(parsed?.user.color).toMatch(/^#[0-9a-f]{6}$/)
    expect(parsed?.user.name.length).toBe(80)
  })
})

describe('RemoteCursors', () => {
  test('a peer is shown after a message: caret, selection and name label where its cursors point', () => {
    const peers = twoPeers('hello world')
    const { editorA, editorB, sentB, cursorsA } = setup(peers)
    const changed = vi.fn()
    cursorsA.onDidChangePeers(changed)
    editorB.select([{ anchor: 6, head: 11 }])
    vi.advanceTimersByTime(100)
    const message = last(sentB)
    deliver(peers.a, message)
    expect(cursorsA.peers).toEqual([grace])
    expect(changed).toHaveBeenCalledTimes(1)

    const decorations = editorA.decorations
    const selection = decorations.find((d) => d.options.className?.includes('ip-remote-sel'))
    const caret = decorations.find((d) => d.options.beforeContentClassName?.includes('ip-remote-caret'))
    expect(selection?.range).toEqual({ startLineNumber: 1, startColumn: 7, endLineNumber: 1, endColumn: 12 })
    expect(caret?.range).toMatchObject({ startLineNumber: 1, startColumn: 12 })
    const [widget] = [...editorA.widgets.values()]
    expect(widget?.getDomNode().textContent).toBe('Grace')
    expect(widget?.getPosition()?.position).toEqual({ lineNumber: 1, column: 12 })
    // One stylesheet, with Grace's colour once.
    const css = document.head.textContent
    expect(css.split('.ip-remote-caret-2563eb').length - 1).toBe(1)
  })

  test('the remote caret follows text edits (cursors are Automerge cursors, not offsets)', async () => {
    const peers = twoPeers('hello world')
    const { editorA, editorB, sentB } = setup(peers)
    editorB.select([{ anchor: 6, head: 6 }])
    vi.advanceTimersByTime(100)
    deliver(peers.a, last(sentB))
    editorA.select([{ anchor: 0, head: 0 }])
    editorA.type('>>> ')
    await Promise.resolve()
    const caret = editorA.decorations.find((d) => d.options.beforeContentClassName?.includes('ip-remote-caret'))
    expect(caret?.range).toMatchObject({ startLineNumber: 1, startColumn: 11 })
  })

  test('removed at once after a leave message, and cleaned up on our dispose', () => {
    const peers = twoPeers('abc')
    const { editorA, editorB, sentB, cursorsA, cursorsB } = setup(peers)
    editorB.select([{ anchor: 1, head: 1 }])
    vi.advanceTimersByTime(100)
    deliver(peers.a, last(sentB))
    expect(cursorsA.peers).toHaveLength(1)
    cursorsB.dispose()
    const leave = last(sentB)
    expect(parseCursorMessage(leave)?.kind).toBe('leave')
    deliver(peers.a, leave)
    expect(cursorsA.peers).toEqual([])
    expect(editorA.decorations).toEqual([])
    expect(editorA.widgets.size).toBe(0)
  })

  test('fades out and is removed after the timeout without a heartbeat; a heartbeat keeps it', () => {
    const peers = twoPeers('abc')
    const { editorA, sentB, cursorsA } = setup(peers)
    deliver(peers.a, last(sentB))
    expect(cursorsA.peers).toHaveLength(1)
    // Heartbeats keep it.
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(HEARTBEAT_MS)
      deliver(peers.a, last(sentB))
    }
    expect(cursorsA.peers).toHaveLength(1)
    // Silence: still there just before TIMEOUT_MS; then it fades (label and caret) and is gone after the fade.
    vi.advanceTimersByTime(TIMEOUT_MS - 100)
    expect(cursorsA.peers).toHaveLength(1)
    const [widget] = [...editorA.widgets.values()]
    expect(widget?.getDomNode().className).not.toContain('ip-remote-fading')
    let fadedAt = -1
    let goneAt = -1
    for (let t = 0; t <= 2000 && goneAt < 0; t += 50) {
      vi.advanceTimersByTime(50)
      if (fadedAt < 0 && widget?.getDomNode().className.includes('ip-remote-fading') === true) fadedAt = t
      if (cursorsA.peers.length === 0) goneAt = t
    }
    expect(fadedAt).toBeGreaterThanOrEqual(0)
    expect(goneAt - fadedAt).toBeGreaterThanOrEqual(FADE_MS - 50)
    expect(goneAt).toBeLessThanOrEqual(100 + 1000 + FADE_MS)
    expect(editorA.widgets.size).toBe(0)
    expect(editorA.decorations).toEqual([])
  })

  test('garbage messages are ignored without throwing; other fields and our own echo too', () => {
    const peers = twoPeers('abc')
    const { sentA, cursorsA } = setup(peers)
    const garbage: unknown[] = [null, undefined, 1, 'x', [], {}, { type: MESSAGE_TYPE }, { type: MESSAGE_TYPE, kind: 'cursor', user: null }, new Uint8Array([1, 2])]
    for (const message of garbage) {
      expect(() => {
        deliver(peers.a, message)
      }).not.toThrow()
    }
    // Cursors that don't resolve (changes we don't have) are accepted but draw no caret.
    expect(() => {
      deliver(peers.a, { type: MESSAGE_TYPE, kind: 'cursor', field: '["source"]', session: 'zz', user: grace, anchor: '99@ffff', head: 'nonsense' })
    }).not.toThrow()
    expect(cursorsA.peers).toEqual([grace])
    deliver(peers.a, { ...(last(sentA) as object), field: '["other"]' }, 'peer-c')
    deliver(peers.a, last(sentA), 'peer-self-echo')
    expect(cursorsA.peers).toEqual([grace])
  })

  test('the same user in another tab is a separate peer', () => {
    const peers = twoPeers('abc')
    const { sentB, cursorsA } = setup(peers)
    const message = last(sentB) as CursorMessage
    deliver(peers.a, message, 'tab-1')
    deliver(peers.a, { ...message, session: 'other-tab' }, 'tab-2')
    expect(cursorsA.peers).toEqual([grace, grace])
  })

  test('sends are throttled to at most one per 50 ms, with a heartbeat', () => {
    const peers = twoPeers('abcdefghij')
    const { editorA, sentA } = setup(peers)
    const start = sentA.length
    for (let i = 0; i < 10; i++) {
      editorA.select([{ anchor: i, head: i }])
      vi.advanceTimersByTime(5)
    }
    vi.advanceTimersByTime(100)
    const sent = sentA.length - start
    expect(sent).toBeGreaterThanOrEqual(1)
    expect(sent).toBeLessThanOrEqual(2)
    const before = sentA.length
    vi.advanceTimersByTime(HEARTBEAT_MS)
    expect(sentA.length).toBe(before + 1)
  })
})
