/** The call's keyboard shortcuts, as in Google Meet: Ctrl/⌘+D camera, Ctrl/⌘+E microphone. */
export type ShortcutAction = 'camera' | 'microphone'

type KeyInfo = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'repeat'>

const keys: Record<ShortcutAction, { key: string; code: string }> = {
  camera: { key: 'd', code: 'KeyD' },
  microphone: { key: 'e', code: 'KeyE' },
}

/** The action a key press asks for, or null. The physical key counts too, so other keyboard layouts work. */
export function shortcutFor(event: KeyInfo): ShortcutAction | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.repeat) return null
  const key = event.key.toLowerCase()
  for (const action of Object.keys(keys) as ShortcutAction[]) {
    if (key === keys[action].key || event.code === keys[action].code) return action
  }
  return null
}

export function isApplePlatform(platform: string): boolean {
  return /mac|iphone|ipad|ipod/i.test(platform)
}

/** "Ctrl+D", or "⌘D" on Apple keyboards. */
export function shortcutLabel(action: ShortcutAction, apple: boolean): string {
  const letter = keys[action].key.toUpperCase()
  return apple ? `⌘${letter}` : `Ctrl+${letter}`
}

/** The `aria-keyshortcuts` value: both modifiers work everywhere. */
export function ariaShortcut(action: ShortcutAction): string {
  const letter = keys[action].key.toUpperCase()
  return `Control+${letter} Meta+${letter}`
}

export function viewerIsApple(): boolean {
  if (typeof navigator === 'undefined') return false
  const data = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData
  return isApplePlatform(data?.platform ?? navigator.userAgent)
}
