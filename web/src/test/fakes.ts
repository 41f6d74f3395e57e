import { vi } from 'vitest'

import type { ThemeEnv } from '@/features/theme/theme'

/** A matchMedia stand-in whose `matches` can be flipped, firing `change` like a browser does. */
export function fakeMediaQuery(initiallyMatches: boolean) {
  const listeners = new Set<(event: MediaQueryListEvent) => void>()
  const mql = {
    matches: initiallyMatches,
    media: '(prefers-color-scheme: dark)',
    addEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: (event: MediaQueryListEvent) => void) => listeners.delete(listener),
  }
  return {
    mql: mql as unknown as MediaQueryList,
    listenerCount: () => listeners.size,
    set(matches: boolean) {
      mql.matches = matches
      listeners.forEach((listener) => {
        listener({ matches } as MediaQueryListEvent)
      })
    },
  }
}

export function fakeThemeEnv(options: { stored?: string; systemDark?: boolean } = {}) {
  const media = fakeMediaQuery(options.systemDark ?? false)
  const values = new Map<string, string>()
  if (options.stored !== undefined) values.set('interviewprep-theme', options.stored)
  const env: ThemeEnv = {
    storage: {
      getItem: (key) => values.get(key) ?? null,
      setItem: (key, value) => values.set(key, value),
    },
    matchMedia: () => media.mql,
    root: document.createElement('html'),
  }
  return { env, media, values }
}

type Handler = (init: RequestInit | undefined) => Response | Promise<Response>

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** Stubs global fetch; each request is answered by the handler for its exact URL, or fails like a dead network. */
export function stubFetch(routes: Record<string, Handler>) {
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const handler = routes[url]
    if (!handler) return Promise.reject(new TypeError(`Failed to fetch ${url}`))
    return Promise.resolve(handler(init))
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

/** A <video> with requestVideoFrameCallback (jsdom has none), whose frames the test presents. */
export function videoWithFrames() {
  const callbacks: (() => void)[] = []
  const video = Object.assign(document.createElement('video'), {
    requestVideoFrameCallback: (fn: () => void) => callbacks.push(fn),
  })
  return {
    video,
    present: () => {
      for (const fn of callbacks.splice(0)) fn()
    },
  }
}
