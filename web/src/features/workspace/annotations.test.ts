import * as A from '@automerge/automerge'
import { describe, expect, it } from 'vitest'

import { anchor, placeAll } from './annotations'
import type { Annotation, CodeDoc, NotesDoc } from './schema'

function codeDoc(source: string) {
  return A.from<CodeDoc>({ language: 'python', source, problemId: '' })
}

function note(cursors: { start: string; end: string }, text: string): Annotation {
  return { ...cursors, text, authorId: 'iv', authorName: 'Grace', createdAt: '2026-12-04T10:00:00Z' }
}

describe('annotations', () => {
  it('stay on the same code when the candidate inserts lines above, types inside and after', () => {
    let code = codeDoc('def f(x):\n    return x * 2\n')
    const start = code.source.indexOf('return')
    const cursors = anchor(code, start, start + 'return x * 2'.length)
    expect(cursors).not.toBeNull()
    if (!cursors) return
    let notes = A.from<NotesDoc>({ text: '', annotations: {} })
    notes = A.change(notes, (d) => {
      d.annotations = { a1: note(cursors, 'Why double?') }
    })

    code = A.change(code, (d) => {
      A.splice(d, ['source'], 0, 0, '# helper 🙂\nimport math\n\n')
    })
    code = A.change(code, (d) => {
      A.splice(d, ['source'], d.source.length, 0, 'print(f(2))\n')
    })
    const [placed] = placeAll(code, notes)
    expect(placed).toBeDefined()
    expect(code.source.slice(placed?.start, placed?.end)).toBe('return x * 2')

    // Typing inside the range widens it with the code.
    code = A.change(code, (d) => {
      const at = d.source.indexOf('x * 2') + 1
      A.splice(d, ['source'], at, 0, ' + 1')
    })
    const [widened] = placeAll(code, notes)
    expect(code.source.slice(widened?.start, widened?.end)).toBe('return x + 1 * 2')
    // Deleting its last character shortens it.
    code = A.change(code, (d) => {
      A.splice(d, ['source'], d.source.indexOf('* 2') + 2, 1)
    })
    const [shortened] = placeAll(code, notes)
    expect(code.source.slice(shortened?.start, shortened?.end)).toBe('return x + 1 * ')
  })

  it('follows concurrent edits merged from another peer', () => {
    const base = codeDoc('a = 1\nb = 2\n')
    let mine = A.clone(base)
    let theirs = A.clone(base)
    const start = mine.source.indexOf('b = 2')
    const cursors = anchor(mine, start, start + 5)
    if (!cursors) throw new Error('no anchor')
    theirs = A.change(theirs, (d) => {
      A.splice(d, ['source'], 0, 0, 'x = 0\n'.repeat(3))
    })
    mine = A.merge(mine, theirs)
    const notes = A.from<NotesDoc>({ text: '', annotations: { n: note(cursors, 'ok') } })
    const [placed] = placeAll(mine, notes)
    expect(mine.source.slice(placed?.start, placed?.end)).toBe('b = 2')
  })

  it('drops an annotation whose code was deleted and refuses an empty range', () => {
    let code = codeDoc('keep\ndrop me\n')
    const start = code.source.indexOf('drop me')
    const cursors = anchor(code, start, start + 7)
    if (!cursors) throw new Error('no anchor')
    expect(anchor(code, 3, 3)).toBeNull()
    code = A.change(code, (d) => {
      A.splice(d, ['source'], start, 8)
    })
    const notes = A.from<NotesDoc>({ text: '', annotations: { n: note(cursors, 'gone') } })
    expect(placeAll(code, notes)).toEqual([])
  })
})
