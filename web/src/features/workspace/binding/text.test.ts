import { describe, expect, test } from 'vitest'

import { applySequential, diffText, toLF, translatePatches } from './text'

function applyAll(text: string, edits: ReturnType<typeof diffText>): string {
  return applySequential(text, [...edits].reverse())
}

describe('diffText', () => {
  const cases: [string, string][] = [
    ['', 'abc'],
    ['abc', ''],
    ['hello world', 'hello brave new world'],
    ['a😀b', 'a😃b'], // shares the high surrogate: must not split the pair
    ['漢字テキスト', '漢テキスト字'],
    ['line1\nline2\nline3', 'line0\nline2\nline3\nline4'],
  ]
  test.each(cases)('%j → %j', (a, b) => {
    const edits = diffText(a, b)
    expect(applyAll(a, edits)).toBe(b)
    for (const e of edits) {
      // No edit starts or ends inside a surrogate pair.
      for (const at of [e.offset, e.offset + e.deleteCount]) {
        const code = a.charCodeAt(at)
        expect(code >= 0xdc00 && code <= 0xdfff).toBe(false)
      }
    }
  })

  test('is minimal for a single change in a large text, and falls back when texts are unrelated', () => {
    const big = 'x'.repeat(100_000)
    expect(diffText(big, big.slice(0, 500) + 'Y' + big.slice(500))).toEqual([{ offset: 500, deleteCount: 0, insert: 'Y' }])
    const a = Array.from({ length: 3000 }, (_, i) => String(i % 7)).join('')
    const b = Array.from({ length: 3000 }, (_, i) => String((i * 13) % 11)).join('')
    expect(applyAll(a, diffText(a, b))).toBe(b)
  })
})

test('toLF', () => {
  expect(toLF('a\r\nb\rc\n')).toBe('a\nb\nc\n')
})

describe('translatePatches', () => {
  test('splices and deletions at our path; other paths ignored', () => {
    const t = translatePatches(
      [
        { action: 'splice', path: ['source', 3], value: 'x' },
        { action: 'del', path: ['source', 1], length: 2 },
        { action: 'splice', path: ['notes', 0], value: 'ignored' },
        { action: 'put', path: ['language'], value: 'java' },
      ],
      ['source'],
    )
    expect(t).toEqual({
      touched: true,
      replaced: false,
      edits: [
        { offset: 3, deleteCount: 0, insert: 'x' },
        { offset: 1, deleteCount: 2, insert: '' },
      ],
    })
  })

  test('a put of the string is a replacement; an ancestor replaced is untranslatable', () => {
    expect(translatePatches([{ action: 'put', path: ['source'], value: '' }], ['source']).replaced).toBe(true)
    expect(translatePatches([{ action: 'put', path: ['starter'], value: {} }], ['starter', 'python']).edits).toBeNull()
    expect(translatePatches([{ action: 'put', path: ['language'], value: 'x' }], ['source']).touched).toBe(false)
  })
})
