import { describe, expect, it } from 'vitest'

import { moveCaret } from './liveText'

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
