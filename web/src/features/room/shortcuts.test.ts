import { describe, expect, it } from 'vitest'

import { ariaShortcut, isApplePlatform, shortcutFor, shortcutLabel } from './shortcuts'

type KeyInfo = Parameters<typeof shortcutFor>[0]

const key = (k: string, extra: Partial<KeyInfo> = {}): KeyInfo => ({
  key: k,
  code: `Key${k.toUpperCase()}`,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  repeat: false,
  ...extra,
})

describe('shortcuts', () => {
  it('maps Ctrl or ⌘ with D to the camera and with E to the microphone', () => {
    expect(shortcutFor(key('d', { ctrlKey: true }))).toBe('camera')
    expect(shortcutFor(key('d', { metaKey: true }))).toBe('camera')
    expect(shortcutFor(key('e', { ctrlKey: true }))).toBe('microphone')
    expect(shortcutFor(key('E', { metaKey: true }))).toBe('microphone')
  })

  it('ignores plain letters, other modifiers, other keys and held-down repeats', () => {
    expect(shortcutFor(key('d'))).toBeNull()
    expect(shortcutFor(key('d', { ctrlKey: true, shiftKey: true }))).toBeNull()
    expect(shortcutFor(key('e', { ctrlKey: true, altKey: true }))).toBeNull()
    expect(shortcutFor(key('k', { ctrlKey: true }))).toBeNull()
    expect(shortcutFor(key('d', { ctrlKey: true, repeat: true }))).toBeNull()
  })

  it('goes by the physical key too, for keyboards in other scripts', () => {
    expect(shortcutFor({ ...key('в', { ctrlKey: true }), code: 'KeyD' })).toBe('camera')
  })

  it('names the shortcut as the platform writes it', () => {
    expect(shortcutLabel('camera', false)).toBe('Ctrl+D')
    expect(shortcutLabel('microphone', true)).toBe('⌘E')
    expect(ariaShortcut('camera')).toBe('Control+D Meta+D')
    expect(isApplePlatform('MacIntel')).toBe(true)
    expect(isApplePlatform('macOS')).toBe(true)
    expect(isApplePlatform('Linux x86_64')).toBe(false)
  })
})
