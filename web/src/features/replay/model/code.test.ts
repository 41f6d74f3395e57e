import * as A from '@automerge/automerge'
import { describe, expect, it } from 'vitest'

import type { CodeDoc } from '@/features/workspace/schema'

import { countAt, replayChanges } from './changes'
import { authorRuns, CHECKPOINT, CodeTrack } from './code'

const T0 = 1_800_000_000
const ALICE = 'aaaaaaaa'
const BOB = 'bbbbbbbb'

/** The code as Automerge itself has it after the first k changes of the replay order. */
function viewAt(doc: A.Doc<CodeDoc>, heads: string[][], k: number): string {
  if (k === 0) return ''
  return A.view(doc, heads[k] ?? []).source
}

function authorsOf(track: CodeTrack, k: number): string {
  const state = track.stateAt(k)
  return Array.from(state.authors, (a) => (track.actors[a] === ALICE ? 'a' : track.actors[a] === BOB ? 'b' : 's')).join('')
}

function start(source = ''): A.Doc<CodeDoc> {
  return A.change(A.init<CodeDoc>({ actor: 'cccccccc' }), { time: T0 }, (d) => {
    d.language = 'python'
    d.source = source
    d.problemId = ''
  })
}

describe('CodeTrack', { timeout: 30_000 }, () => {
  it('gives the text and who wrote each character across inserts and deletes by two people', () => {
    let alice = A.clone(start('# hi\n'), ALICE)
    alice = A.change(alice, { time: T0 + 10 }, (d) => {
      A.splice(d, ['source'], 5, 0, 'def f():\n')
    })
    let bob = A.clone(alice, BOB)
    bob = A.change(bob, { time: T0 + 20 }, (d) => {
      A.splice(d, ['source'], d.source.length, 0, '    return 1\n')
    })
    alice = A.merge(alice, bob)
    alice = A.change(alice, { time: T0 + 30 }, (d) => {
      // Alice turns "return 1" into "return 42 🙂": deletes Bob's "1", types over it.
      const at = d.source.indexOf('1\n')
      A.splice(d, ['source'], at, 1, '42 🙂')
    })
    const changes = replayChanges(alice)
    const track = new CodeTrack(changes)

    expect(changes.map((c) => c.at)).toEqual([T0, T0 + 10, T0 + 20, T0 + 30])
    expect(track.stateAt(1).text).toBe('# hi\n')
    expect(authorsOf(track, 1)).toBe('sssss')
    expect(track.stateAt(3).text).toBe('# hi\ndef f():\n    return 1\n')
    expect(authorsOf(track, 3)).toBe('sssss' + 'a'.repeat(9) + 'b'.repeat(13))
    const final = track.stateAt(4)
    expect(final.text).toBe(alice.source)
    expect(final.text).toBe('# hi\ndef f():\n    return 42 🙂\n')
    expect(authorsOf(track, 4)).toBe('sssss' + 'a'.repeat(9) + 'b'.repeat(11) + 'a'.repeat(5) + 'b') // 🙂 is two UTF-16 units
    expect(final.language).toBe('python')
    expect(authorRuns(final).map((run) => run.text)).toEqual(['# hi\n', 'def f():\n', '    return ', '42 🙂', '\n'])
  })

  it('matches Automerge after every change of concurrent editing, and backwards equals forwards', () => {
    let seed = 7
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    let a = A.clone(start('fn main() {}\n'), ALICE)
    let b = A.clone(a, BOB)
    let time = T0
    for (let round = 0; round < 60; round++) {
      for (const who of ['a', 'b'] as const) {
        const edits = 1 + Math.floor(random() * 3)
        for (let e = 0; e < edits; e++) {
          time += 1
          const edit = (d: CodeDoc) => {
            const at = Math.floor(random() * (d.source.length + 1))
            const del = random() < 0.3 ? Math.min(3, d.source.length - at) : 0
            A.splice(d, ['source'], at, del, random() < 0.2 ? 'é\n' : 'xyz'.slice(0, 1 + Math.floor(random() * 3)))
          }
          if (who === 'a') a = A.change(a, { time }, edit)
          else b = A.change(b, { time }, edit)
        }
      }
      // Sync now and then: concurrent inserts at the same place do happen in between.
      if (round % 3 === 2) {
        a = A.merge(a, b)
        b = A.merge(b, a)
      }
    }
    a = A.merge(a, b)
    const changes = replayChanges(a)
    const track = new CodeTrack(changes)
    // The track's own heads: the page's data-heads (for /at?heads=) are these.
    for (let k = 0; k <= changes.length; k++) expect(track.stateAt(k).text, `after ${k} changes`).toBe(viewAt(a, track.heads, k))

    const forward = Array.from({ length: changes.length + 1 }, (_, k) => track.stateAt(k))
    const fresh = new CodeTrack(changes)
    for (let k = changes.length; k >= 0; k--) {
      const back = fresh.stateAt(k)
      expect(back.text).toBe(forward[k]?.text)
      expect(Array.from(back.authors)).toEqual(Array.from(forward[k]?.authors ?? []))
    }
    expect(changes.length).toBeGreaterThan(CHECKPOINT * 2)
  })

  it('follows a whole new source (the server resets the starter) and the language', () => {
    let doc = A.clone(start('print(1)\n'), ALICE)
    doc = A.change(doc, { time: T0 + 5 }, (d) => {
      d.source = 'class Main {}\n'
      d.language = 'java'
    })
    doc = A.change(doc, { time: T0 + 6 }, (d) => {
      A.splice(d, ['source'], 0, 0, '// x\n')
    })
    const track = new CodeTrack(replayChanges(doc))
    expect(track.stateAt(1)).toMatchObject({ text: 'print(1)\n', language: 'python' })
    expect(track.stateAt(2)).toMatchObject({ text: 'class Main {}\n', language: 'java' })
    expect(track.stateAt(3).text).toBe('// x\nclass Main {}\n')
    expect(authorsOf(track, 3)).toBe('a'.repeat(19))
  })

  it('orders by time within causality and normalises the Go server\'s milliseconds', () => {
    let a = A.clone(start('x'), ALICE)
    let b = A.clone(a, BOB)
    b = A.change(b, { time: T0 + 3 }, (d) => {
      A.splice(d, ['source'], 1, 0, 'b')
    })
    a = A.change(a, { time: (T0 + 8) * 1000 }, (d) => {
      A.splice(d, ['source'], 0, 0, 'a')
    })
    a = A.merge(a, b)
    // Bob's clock runs behind: his later change says T0 + 2, but it depends on Alice's.
    a = A.change(A.clone(a, BOB), { time: T0 + 2 }, (d) => {
      A.splice(d, ['source'], 0, 0, '!')
    })
    const changes = replayChanges(a)
    expect(changes.map((c) => c.time)).toEqual([T0, T0 + 3, T0 + 8, T0 + 2])
    expect(changes.map((c) => c.at)).toEqual([T0, T0 + 3, T0 + 8, T0 + 8])
    expect(countAt(changes, T0 + 2.5)).toBe(1)
    expect(countAt(changes, T0 + 8)).toBe(4)
    const track = new CodeTrack(changes)
    expect(track.stateAt(countAt(changes, T0 + 5)).text).toBe('xb')
  })
})
