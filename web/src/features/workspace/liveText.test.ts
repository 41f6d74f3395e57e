import { describe, expect, it } from 'vitest'

import { changedSpan, moveCaret } from './liveText'

describe('moveCaret', () => {
  it('keeps a caret before the edit and shifts one after it', () => {
    expect(moveCaret('hello world', 'hello big world', 3)).toBe(3)
    expect(moveCaret('hello world', 'hello big world', 8)).toBe(12)
    expect(moveCaret('hello big world', 'hello world', 12)).toBe(8)
  })
  it('puts a caret inside a replaced span at the end of the new text', () => {
    expect(moveCaret('abcdef', 'abXYZef', 3)).toBe(5)
  })
  it('counts UTF-16 units (emoji)', () => {
    expect(moveCaret('a🙂b', '🎉a🙂b', 3)).toBe(5)
  })
  it('leaves the caret alone when nothing changed', () => {
    expect(moveCaret('same', 'same', 2)).toBe(2)
  })
})

describe('changedSpan', () => {
  const apply = (before: string, after: string) => {
    const { start, deleteCount, insert } = changedSpan(before, after)
    return before.slice(0, start) + insert + before.slice(start + deleteCount)
  }
  it('finds the one edited span', () => {
    expect(changedSpan('hello world', 'hello big world')).toEqual({ start: 6, deleteCount: 0, insert: 'big ' })
    expect(changedSpan('abcdef', 'abef')).toEqual({ start: 2, deleteCount: 2, insert: '' })
  })
  it('turns any text into any other, never splitting an emoji', () => {
    const cases: [string, string][] = [
      ['', 'x'], ['x', ''], ['a🙂b', 'a🙃b'], ['🙂🙂', '🙂'], ['same', 'same'], ['aaa', 'aaaa'], ['数据', '数据库'],
    ]
    for (const [before, after] of cases) {
      expect(apply(before, after)).toBe(after)
      const { insert } = changedSpan(before, after)
      expect(insert.length === 0 || !/^[\uDC00-\uDFFF]/.test(insert)).toBe(true)
    }
  })
  it('replaces a long text by a short one (the case updateText hung on)', () => {
    const long = `${'line\n'.repeat(40_000)}end`
    expect(changedSpan(long, 'short')).toEqual({ start: 0, deleteCount: long.length, insert: 'short' })
  })
})
