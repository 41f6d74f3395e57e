import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'

import { MonacoAutomergeBinding } from './binding'
import { FakeEditor, FakeModel, type RawEdit } from './testing/fakeMonaco'
import { twoPeers, type Peers, type TestDoc } from './testing/peers'

interface Side {
  editor: FakeEditor
  binding: MonacoAutomergeBinding<TestDoc>
}

function bind(peers: Peers, options: { readOnly?: boolean } = {}): { A: Side; B: Side } {
  const make = (handle: Peers['a']): Side => {
    const editor = new FakeEditor(new FakeModel())
    return { editor, binding: new MonacoAutomergeBinding(editor.asMonaco(), handle, ['source'], options) }
  }
  return { A: make(peers.a), B: make(peers.b) }
}

/** Puts A's caret at `offset` and types `text` one code point at a time, `gap` ms apart. */
function typeAt(side: Side, offset: number, text: string, gap = 50) {
  side.editor.select([{ anchor: offset, head: offset }])
  for (const ch of text) {
    vi.advanceTimersByTime(gap)
    side.editor.type(ch)
  }
}

let clock = 0
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  clock = 1_000_000
  vi.setSystemTime(clock)
})
afterEach(() => {
  vi.useRealTimers()
})

// Deterministic PRNG (mulberry32).
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const PIECES = ['a', 'b', 'xyz', ' ', '\n', '\r\n', '😀', '𝒳', '漢字', 'é', 'line1\r\nline2\n', '👩‍💻', '\t', '}', '']

/** A random offset that doesn't split a surrogate pair (Monaco never puts a caret inside one). */
function boundary(text: string, offset: number): number {
  const code = text.charCodeAt(offset - 1)
  return offset > 0 && offset < text.length && code >= 0xd800 && code <= 0xdbff ? offset - 1 : offset
}

function randomEdit(random: () => number, side: Side) {
  const text = side.editor.model.getValue()
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(random() * xs.length)] as X
  const at = () => boundary(text, Math.floor(random() * (text.length + 1)))
  const r = random()
  if (r < 0.3) {
    typeAt(side, at(), pick(PIECES), 10)
  } else if (r < 0.45) {
    const x = at()
    const y = at()
    side.editor.select([{ anchor: x, head: y }])
    side.editor.paste(pick(PIECES) + pick(PIECES))
  } else if (r < 0.6) {
    const x = at()
    side.editor.select([{ anchor: x, head: x }])
    side.editor.backspace()
    side.editor.backspace()
  } else if (r < 0.75) {
    // multi-cursor typing
    const offsets = [...new Set([at(), at(), at()])].sort((p, q) => p - q)
    side.editor.select(offsets.map((o) => ({ anchor: o, head: o })))
    side.editor.type(pick(PIECES))
  } else if (r < 0.88) {
    // several API edits in one applyEdits (one content event with several changes)
    const cuts = [at(), at(), at(), at()].sort((p, q) => p - q)
    const edits: RawEdit[] = [
      { start: cuts[0] ?? 0, end: cuts[1] ?? 0, text: pick(PIECES) },
      { start: cuts[2] ?? 0, end: cuts[3] ?? 0, text: pick(PIECES) },
    ]
    side.editor.model.applyRaw(edits)
  } else if (r < 0.94) {
    side.binding.undo()
  } else {
    side.binding.redo()
  }
}

describe('MonacoAutomergeBinding', () => {
  test('loads the document into the model and sets LF', () => {
    const peers = twoPeers('one\ntwo')
    const model = new FakeModel('stale\r\ntext', '\r\n')
    const editor = new FakeEditor(model)
    const binding = new MonacoAutomergeBinding(editor.asMonaco(), peers.a, ['source'])
    expect(model.getValue()).toBe('one\ntwo')
    expect(model.getEOL()).toBe('\n')
    binding.dispose()
  })

  test('random concurrent edits on two editors converge to the document (many seeds)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const peers = twoPeers('start\nline 😀 漢\n')
      const { A, B } = bind(peers)
      const random = rng(seed)
      for (let round = 0; round < 12; round++) {
        const n = 1 + Math.floor(random() * 4)
        for (let i = 0; i < n; i++) randomEdit(random, A)
        for (let i = 0; i < n; i++) randomEdit(random, B)
        // Each side's model always equals its own document.
        expect(A.editor.model.getValue(), `seed ${seed}`).toBe(peers.a.doc().source)
        expect(B.editor.model.getValue(), `seed ${seed}`).toBe(peers.b.doc().source)
        if (random() < 0.5) peers.sync()
      }
      peers.sync()
      const text = peers.a.doc().source
      expect(peers.b.doc().source, `seed ${seed}`).toBe(text)
      expect(A.editor.model.getValue(), `seed ${seed}`).toBe(text)
      expect(B.editor.model.getValue(), `seed ${seed}`).toBe(text)
      expect(text.includes('\r'), `seed ${seed}`).toBe(false)
      A.binding.dispose()
      B.binding.dispose()
    }
  }, 120_000)

  test('one local change event is one handle.change with the splices in Monaco order', () => {
    const peers = twoPeers('0123456789')
    const { A } = bind(peers)
    const spy = vi.spyOn(peers.a, 'change')
    A.editor.select([
      { anchor: 1, head: 1 },
      { anchor: 5, head: 7 },
      { anchor: 9, head: 9 },
    ])
    A.editor.type('😀')
    expect(spy).toHaveBeenCalledTimes(1)
    expect(peers.a.doc().source).toBe('0😀1234😀78😀9')
    expect(A.editor.model.getValue()).toBe(peers.a.doc().source)
  })

  test('a remote change is never written back, and our own change is not applied twice', () => {
    const peers = twoPeers('abc')
    const { A, B } = bind(peers)
    typeAt(A, 3, 'd')
    const spyB = vi.spyOn(peers.b, 'change')
    peers.sync()
    expect(B.editor.model.getValue()).toBe('abcd')
    expect(spyB).not.toHaveBeenCalled()
    expect(A.editor.model.getValue()).toBe('abcd')
  })

  test('a put of the whole string (server reset) and a deleted string are shown', () => {
    const peers = twoPeers('old text')
    const { A, B } = bind(peers)
    peers.a.change((d) => {
      d.source = 'brand new 😀'
    })
    expect(A.editor.model.getValue()).toBe('brand new 😀')
    peers.sync()
    expect(B.editor.model.getValue()).toBe('brand new 😀')
    peers.b.change((d) => {
      Reflect.deleteProperty(d, 'source')
    })
    expect(B.editor.model.getValue()).toBe('')
    typeAt(B, 0, 'x')
    expect(peers.b.doc().source).toBe('x')
  })

  describe('undo', () => {
    test('undoes my last edit and keeps the other participant’s, before and after mine; redo restores', () => {
      const peers = twoPeers('xy')
      const { A, B } = bind(peers)
      typeAt(B, 0, 'B1')
      peers.sync()
      typeAt(A, 4, 'AAA')
      peers.sync()
      typeAt(B, 7, 'B2')
      typeAt(B, 0, 'B3')
      peers.sync()
      expect(A.editor.model.getValue()).toBe('B3B1xyAAAB2')

      expect(A.binding.canUndo).toBe(true)
      A.binding.undo()
      expect(A.editor.model.getValue()).toBe('B3B1xyB2')
      expect(peers.a.doc().source).toBe('B3B1xyB2')
      peers.sync()
      expect(B.editor.model.getValue()).toBe('B3B1xyB2')
      // A's caret goes where the undone text was.
      expect(A.editor.getOffsetSelections()).toEqual([{ anchor: 6, head: 6 }])

      expect(A.binding.canRedo).toBe(true)
      A.binding.redo()
      expect(A.editor.model.getValue()).toBe('B3B1xyAAAB2')
      peers.sync()
      expect(B.editor.model.getValue()).toBe('B3B1xyAAAB2')
      // B's undo takes only B's last step back.
      B.binding.undo()
      expect(B.editor.model.getValue()).toBe('B1xyAAAB2')
    })

    test('text another participant typed inside my insertion stays', () => {
      const peers = twoPeers('')
      const { A, B } = bind(peers)
      A.editor.paste('hello')
      peers.sync()
      typeAt(B, 2, 'X')
      peers.sync()
      expect(A.editor.model.getValue()).toBe('heXllo')
      A.binding.undo()
      expect(A.editor.model.getValue()).toBe('X')
    })

    test('undoing my deletion puts the text back where it was after remote edits elsewhere', () => {
      const peers = twoPeers('hello world')
      const { A, B } = bind(peers)
      A.editor.select([{ anchor: 5, head: 11 }])
      A.editor.backspace()
      typeAt(B, 0, '>> ')
      typeAt(B, 11, '!')
      peers.sync()
      expect(A.editor.model.getValue()).toBe('>> hello!')
      A.binding.undo()
      expect(A.editor.model.getValue()).toBe('>> hello world!')
      peers.sync()
      expect(B.editor.model.getValue()).toBe('>> hello world!')
    })

    test('groups typing: within 500 ms and contiguous is one step; a pause, a cursor jump or a paste starts another', () => {
      const peers = twoPeers('')
      const { A } = bind(peers)
      typeAt(A, 0, 'abc', 100) // one step
      vi.advanceTimersByTime(600)
      A.editor.type('d') // pause: new step
      A.editor.type('e')
      A.editor.select([{ anchor: 0, head: 0 }]) // explicit cursor move: new step
      A.editor.type('Z')
      A.editor.paste('PASTE') // one step of its own
      A.editor.type('q') // and typing after it is another
      expect(A.editor.model.getValue()).toBe('ZPASTEqabcde')
      const states: string[] = []
      const undo = () => {
        A.binding.undo()
        states.push(A.editor.model.getValue())
      }
      undo()
      undo()
      undo()
      undo()
      undo()
      expect(states).toEqual(['ZPASTEabcde', 'Zabcde', 'abcde', 'abc', ''])
      expect(A.binding.canUndo).toBe(false)
    })

    test('typing emoji is grouped like any character', () => {
      const peers = twoPeers('')
      const { A } = bind(peers)
      typeAt(A, 0, '😀𝒳漢😀')
      A.binding.undo()
      expect(A.editor.model.getValue()).toBe('')
      A.binding.redo()
      expect(A.editor.model.getValue()).toBe('😀𝒳漢😀')
    })

    test('backspacing is grouped; typing elsewhere is not merged', () => {
      const peers = twoPeers('abcdef')
      const { A } = bind(peers)
      A.editor.select([{ anchor: 6, head: 6 }])
      A.editor.backspace()
      vi.advanceTimersByTime(50)
      A.editor.backspace()
      vi.advanceTimersByTime(50)
      A.editor.backspace()
      expect(A.editor.model.getValue()).toBe('abc')
      A.binding.undo()
      expect(A.editor.model.getValue()).toBe('abcdef')
    })

    test('a new local edit clears redo; the undo state event fires', () => {
      const peers = twoPeers('')
      const { A } = bind(peers)
      const listener = vi.fn()
      A.binding.onDidChangeUndoState(listener)
      typeAt(A, 0, 'a')
      expect(listener).toHaveBeenCalledTimes(1)
      A.binding.undo()
      expect(A.binding.canRedo).toBe(true)
      typeAt(A, 0, 'b')
      expect(A.binding.canRedo).toBe(false)
      A.binding.redo()
      expect(A.editor.model.getValue()).toBe('b')
      expect(listener.mock.calls.length).toBeGreaterThanOrEqual(3)
    })

    test('Ctrl+Z / the undo command go to our undo, not Monaco’s stack; dispose restores it', () => {
      const peers = twoPeers('')
      const { A, B } = bind(peers)
      typeAt(A, 0, 'mine')
      peers.sync()
      typeAt(B, 4, ' theirs')
      peers.sync()
      A.editor.trigger('keyboard', 'undo')
      expect(A.editor.model.getValue()).toBe(' theirs')
      expect(A.editor.model.nativeUndoCalls).toBe(0)
      expect(A.editor.model.canUndo()).toBe(false)
      A.editor.trigger('keyboard', 'redo')
      expect(A.editor.model.getValue()).toBe('mine theirs')
      expect(A.editor.model.nativeRedoCalls).toBe(0)

      A.binding.dispose()
      A.editor.trigger('keyboard', 'undo')
      expect(A.editor.model.nativeUndoCalls).toBe(1)
      expect(A.editor.model.contentListenerCount).toBe(0)
      expect(A.editor.selectionListenerCount).toBe(0)
      // No longer bound either way.
      typeAt(A, 0, 'x')
      expect(peers.a.doc().source).toBe('mine theirs')
    })

    test('a server reset of the whole text clears the stacks', () => {
      const peers = twoPeers('a')
      const { A } = bind(peers)
      typeAt(A, 1, 'b')
      expect(A.binding.canUndo).toBe(true)
      peers.b.change((d) => {
        d.source = 'reset'
      })
      peers.sync()
      expect(A.editor.model.getValue()).toBe('reset')
      expect(A.binding.canUndo).toBe(false)
    })
  })

  describe('line endings and unicode', () => {
    test('a CRLF paste is written as LF, and the model equals the document', () => {
      const peers = twoPeers('')
      const { A } = bind(peers)
      A.editor.paste('a\r\nb\rc\r\n')
      expect(peers.a.doc().source).toBe('a\nb\nc\n')
      expect(A.editor.model.getValue()).toBe(peers.a.doc().source)
    })

    test('someone switching the model to CRLF is put back to LF', async () => {
      const peers = twoPeers('a\nb')
      const { A } = bind(peers)
      A.editor.model.setEOL(1)
      await Promise.resolve()
      expect(A.editor.model.getEOL()).toBe('\n')
      expect(A.editor.model.getValue()).toBe('a\nb')
      expect(peers.a.doc().source).toBe('a\nb')
    })

    test('CRLF written into the document by another client is rewritten as LF (a lone CR shows as a break)', async () => {
      const peers = twoPeers('x')
      const { A, B } = bind(peers)
      peers.b.change((d) => {
        d.source = 'p\r\nq\rr'
      })
      peers.sync()
      await Promise.resolve()
      await Promise.resolve()
      expect(peers.a.doc().source).toBe('p\nq\rr')
      expect(A.editor.model.getValue()).toBe('p\nq\nr')
      typeAt(A, 5, '!')
      peers.sync()
      expect(peers.b.doc().source).toBe('p\nq\rr!')
      expect(B.editor.model.getValue()).toBe('p\nq\nr!')
    })

    test('emoji, astral characters, CJK and a 5,000-line paste round-trip exactly', () => {
      const peers = twoPeers('')
      const { A, B } = bind(peers)
      const lines: string[] = []
      for (let i = 0; i < 5000; i++) lines.push(`${String(i)}: 😀 𝒳 漢字 👩‍💻 ${'x'.repeat(i % 40)}`)
      const big = lines.join('\r\n')
      A.editor.paste(big)
      const expected = lines.join('\n')
      expect(peers.a.doc().source).toBe(expected)
      peers.sync()
      expect(B.editor.model.getValue()).toBe(expected)
      // Edits after astral characters land at the right UTF-16 offsets on the other side.
      typeAt(A, expected.indexOf('漢'), '🎉')
      backspaceAt(B, expected.indexOf('𝒳') + 2)
      peers.sync()
      expect(A.editor.model.getValue()).toBe(peers.a.doc().source)
      expect(B.editor.model.getValue()).toBe(peers.a.doc().source)
      expect(peers.a.doc().source.split('\n')[0]).toBe('0: 😀  🎉漢字 👩‍💻 ')
      A.binding.undo()
      expect(A.editor.model.getValue().split('\n')[0]).toBe('0: 😀  漢字 👩‍💻 ')
      expect(A.editor.model.getValue().length).toBe(expected.length - 2)
    }, 60_000)
  })

  describe('selections', () => {
    test('a remote insert before the caret shifts it; after it, leaves it', () => {
      const peers = twoPeers('0123456789')
      const { A, B } = bind(peers)
      A.editor.select([{ anchor: 5, head: 5 }])
      typeAt(B, 2, '漢😀')
      peers.sync()
      expect(A.editor.getOffsetSelections()).toEqual([{ anchor: 8, head: 8 }])
      typeAt(B, 12, 'zz')
      peers.sync()
      expect(A.editor.getOffsetSelections()).toEqual([{ anchor: 8, head: 8 }])
      // A selection is shifted as a whole by a deletion before it.
      A.editor.select([{ anchor: 9, head: 6 }])
      B.editor.select([{ anchor: 0, head: 2 }])
      B.editor.backspace()
      peers.sync()
      expect(A.editor.getOffsetSelections()).toEqual([{ anchor: 7, head: 4 }])
      expect(A.editor.model.getValue()).toBe(peers.a.doc().source)
    })
  })

  test('readOnly: local edits never reach the document; remote ones are shown', async () => {
    const peers = twoPeers('shared')
    const A = new FakeEditor(new FakeModel())
    const binding = new MonacoAutomergeBinding(A.asMonaco(), peers.a, ['source'], { readOnly: true })
    const spy = vi.spyOn(peers.a, 'change')
    // The editor would be readOnly too; an API edit still must not reach the doc.
    A.model.applyRaw([{ start: 0, end: 0, text: 'local ' }])
    expect(spy).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(A.model.getValue()).toBe('shared')
    const B = new FakeEditor(new FakeModel())
    new MonacoAutomergeBinding(B.asMonaco(), peers.b, ['source'])
    B.select([{ anchor: 6, head: 6 }])
    B.type('!')
    peers.sync()
    expect(A.model.getValue()).toBe('shared!')
    expect(binding.canUndo).toBe(false)
    binding.undo()
    expect(A.model.getValue()).toBe('shared!')
  })
})

function backspaceAt(side: Side, offset: number) {
  side.editor.select([{ anchor: offset, head: offset }])
  side.editor.backspace()
}
