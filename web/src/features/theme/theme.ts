// Theme logic, free of React. index.html carries an inline copy of readStoredTheme/resolveTheme/applyTheme
// that runs before first paint; keep the two in step.

export const THEME_STORAGE_KEY = 'interviewprep-theme'
export const DARK_QUERY = '(prefers-color-scheme: dark)'

export const THEMES = ['light', 'dark', 'system'] as const
export type Theme = (typeof THEMES)[number]
export type ResolvedTheme = 'light' | 'dark'

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value)
}

export interface ThemeEnv {
  storage: Pick<Storage, 'getItem' | 'setItem'>
  matchMedia: (query: string) => MediaQueryList
  root: HTMLElement
}

export function readStoredTheme(storage: ThemeEnv['storage']): Theme {
  try {
    const value = storage.getItem(THEME_STORAGE_KEY)
    return isTheme(value) ? value : 'system'
  } catch {
    return 'system'
  }
}

export function resolveTheme(theme: Theme, systemPrefersDark: boolean): ResolvedTheme {
  if (theme === 'system') return systemPrefersDark ? 'dark' : 'light'
  return theme
}

export function applyTheme(root: HTMLElement, resolved: ResolvedTheme): void {
  root.classList.toggle('dark', resolved === 'dark')
  root.style.colorScheme = resolved
}

export interface ThemeSnapshot {
  theme: Theme
  resolved: ResolvedTheme
}

export interface ThemeController {
  getSnapshot: () => ThemeSnapshot
  subscribe: (listener: () => void) => () => void
  setTheme: (theme: Theme) => void
  dispose: () => void
}

/** Owns the current theme: reads the stored choice, follows the system when asked, keeps `<html>` in step. */
export function createThemeController(env: ThemeEnv): ThemeController {
  const media = env.matchMedia(DARK_QUERY)
  const listeners = new Set<() => void>()
  let theme = readStoredTheme(env.storage)
  let snapshot: ThemeSnapshot = { theme, resolved: resolveTheme(theme, media.matches) }
  applyTheme(env.root, snapshot.resolved)

  const update = () => {
    const resolved = resolveTheme(theme, media.matches)
    applyTheme(env.root, resolved)
    if (snapshot.theme === theme && snapshot.resolved === resolved) return
    snapshot = { theme, resolved }
    listeners.forEach((listener) => {
      listener()
    })
  }

  media.addEventListener('change', update)

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setTheme(next) {
      theme = next
      try {
        env.storage.setItem(THEME_STORAGE_KEY, next)
      } catch {
        // Storage may be unavailable (private mode); the choice then lasts for this page only.
      }
      update()
    },
    dispose() {
      media.removeEventListener('change', update)
      listeners.clear()
    },
  }
}

export function browserThemeEnv(): ThemeEnv {
  return {
    storage: window.localStorage,
    matchMedia: (query) => window.matchMedia(query),
    root: document.documentElement,
  }
}
