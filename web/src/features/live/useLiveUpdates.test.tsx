import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { act } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { isLiveKey, keysForTopic } from './topics'
import { EVENTS_URL, useLiveUpdates } from './useLiveUpdates'

/** A stand-in for the browser's EventSource that tests drive by hand. */
class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = []
  readonly url: string
  readonly withCredentials: boolean
  readyState = 0
  closed = false

  constructor(url: string, init?: EventSourceInit) {
    super()
    this.url = url
    this.withCredentials = init?.withCredentials ?? false
    FakeEventSource.instances.push(this)
  }

  close() {
    this.closed = true
    this.readyState = 2
  }

  open() {
    this.readyState = 1
    this.dispatchEvent(new Event('open'))
  }

  invalidate(topics: string[]) {
    this.dispatchEvent(new MessageEvent('invalidate', { data: JSON.stringify({ topics }) }))
  }

  fail(readyState: 0 | 2) {
    this.readyState = readyState
    this.dispatchEvent(new Event('error'))
  }
}

function Live({ enabled }: { enabled: boolean }) {
  useLiveUpdates(enabled)
  return null
}

function setup(enabled = true) {
  const queryClient = new QueryClient()
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries')
  const view = render(
    <QueryClientProvider client={queryClient}>
      <Live enabled={enabled} />
    </QueryClientProvider>,
  )
  return { queryClient, invalidate, view }
}

/** setup, with the stream open and the first open's refetch forgotten. */
function setupOpen() {
  const s = setup()
  act(() => {
    latest().open()
  })
  s.invalidate.mockClear()
  return s
}

function latest(): FakeEventSource {
  const source = FakeEventSource.instances.at(-1)
  if (!source) throw new Error('no EventSource was opened')
  return source
}

/** The query keys passed to invalidateQueries since the last reset; `null` for "everything". */
function invalidatedKeys(invalidate: { mock: { calls: Parameters<QueryClient['invalidateQueries']>[] } }) {
  return invalidate.mock.calls.map(([filters]) => filters?.queryKey ?? null)
}

beforeEach(() => {
  FakeEventSource.instances = []
  vi.stubGlobal('EventSource', FakeEventSource)
})

afterEach(() => {
  vi.useRealTimers()
})

describe('useLiveUpdates', () => {
  it('opens one stream with credentials while signed in, and closes it on unmount', () => {
    const { view } = setup()
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(latest().url).toBe(EVENTS_URL)
    expect(latest().withCredentials).toBe(true)
    view.unmount()
    expect(latest().closed).toBe(true)
  })

  it('refetches, once the stream first opens, the live queries read or being read before it', async () => {
    const { queryClient } = setup()
    const dashboard = { live: [], upcoming: [], past: [] }
    await queryClient.query({ queryKey: ['dashboard'], queryFn: () => Promise.resolve(dashboard) })
    // No event ever invalidates a join grant: asking for a new one would only remake the call prepared with it.
    await queryClient.query({ queryKey: ['join', 'i1'], queryFn: () => Promise.resolve({ token: 't' }) })
    let answer: (v: string) => void = () => undefined
    void queryClient.query({ queryKey: ['me'], queryFn: () => new Promise<string>((r) => (answer = r)) })
    queryClient.getQueryCache().build(queryClient, { queryKey: ['users'] })
    act(() => {
      latest().open()
    })
    const invalidated = (key: string) => queryClient.getQueryState([key])?.isInvalidated
    expect([invalidated('dashboard'), invalidated('me'), invalidated('users')]).toEqual([true, true, false])
    expect(queryClient.getQueryState(['join', 'i1'])?.isInvalidated).toBe(false)
    answer('ada')

    // Opening again after a drop refetches everything (the next test); an open without a drop, nothing.
    for (const q of queryClient.getQueryCache().getAll()) q.setState({ isInvalidated: false })
    act(() => {
      latest().open()
    })
    expect(invalidated('dashboard')).toBe(false)
  })

  it('opens nothing when signed out', () => {
    setup(false)
    expect(FakeEventSource.instances).toHaveLength(0)
  })

  it.each([
    ['interviews', [['interviews'], ['dashboard']]],
    ['interview:i1', [['interview', 'i1'], ['dashboard'], ['interviews']]],
    ['comments:i1', [['comments', 'i1']]],
    ['chat:i1', [['chat', 'i1']]],
    ['attendance:i1', [['attendance', 'i1']]],
    ['recordings:i1', [['recordings', 'i1']]],
    ['notifications', [['notifications']]],
    ['problems', [['problems']]],
    ['users', [['users'], ['me']]],
  ])('invalidates the queries of topic %s', (topic, keys) => {
    const { invalidate } = setupOpen()
    act(() => {
      latest().invalidate([topic])
    })
    expect(invalidatedKeys(invalidate)).toEqual(keys)
  })

  it('refetches everything for "*", and nothing for unknown topics', () => {
    const { invalidate } = setupOpen()
    act(() => {
      latest().invalidate(['something-new'])
    })
    expect(invalidate).not.toHaveBeenCalled()
    act(() => {
      latest().invalidate(['*'])
    })
    expect(invalidatedKeys(invalidate)).toEqual([null])
  })

  it('invalidates each key once for a batch of topics', () => {
    const { invalidate } = setupOpen()
    act(() => {
      latest().invalidate(['interviews', 'interview:i2', 'notifications'])
    })
    expect(invalidatedKeys(invalidate)).toEqual([['interviews'], ['dashboard'], ['interview', 'i2'], ['notifications']])
  })

  it('marks the dashboard stale when an interview changes elsewhere', async () => {
    const { queryClient } = setupOpen()
    const fetchDashboard = vi.fn(() => Promise.resolve({ live: [], upcoming: [], past: [] }))
    await queryClient.query({ queryKey: ['dashboard'], queryFn: fetchDashboard })
    expect(queryClient.getQueryState(['dashboard'])?.isInvalidated).toBe(false)
    act(() => {
      latest().invalidate(['interviews'])
    })
    expect(queryClient.getQueryState(['dashboard'])?.isInvalidated).toBe(true)
  })

  it('refetches everything after the stream comes back, and retries itself when the server refused it', () => {
    vi.useFakeTimers()
    const { invalidate } = setupOpen()
    const first = latest()

    // A dropped connection: EventSource reconnects by itself (readyState CONNECTING).
    act(() => {
      first.fail(0)
      first.open()
    })
    expect(invalidatedKeys(invalidate)).toEqual([null])
    expect(FakeEventSource.instances).toHaveLength(1)

    // An error status (e.g. 401): EventSource gives up (CLOSED); the hook opens a new one after a backoff.
    invalidate.mockClear()
    act(() => {
      first.fail(2)
    })
    expect(FakeEventSource.instances).toHaveLength(1)
    act(() => {
      vi.advanceTimersByTime(1_000)
    })
    expect(FakeEventSource.instances).toHaveLength(2)
    act(() => {
      latest().open()
    })
    expect(invalidatedKeys(invalidate)).toEqual([null])
  })
})

describe('keysForTopic', () => {
  it('ignores id topics without an id', () => {
    expect(keysForTopic('interview:')).toEqual([])
    expect(keysForTopic('comments')).toEqual([])
    expect(keysForTopic('chat:')).toEqual([])
    expect(keysForTopic('attendance')).toEqual([])
  })
})

describe('isLiveKey', () => {
  it('holds for the keys of every topic, not for queries no event touches', () => {
    const topics = ['interviews', 'interview:i', 'comments:i', 'chat:i', 'attendance:i', 'signals:i', 'runs:i',
      'recordings:i', 'notifications', 'problems', 'users']
    for (const topic of topics) {
      const keys = keysForTopic(topic)
      expect(keys).not.toEqual([])
      if (keys === 'all') throw new Error(topic)
      for (const key of keys) expect([topic, isLiveKey(key)]).toEqual([topic, true])
    }
    expect(isLiveKey(['runs', 'i', 'list'])).toBe(true)
    expect(isLiveKey(['join', 'i'])).toBe(false)
    expect(isLiveKey(['config'])).toBe(false)
  })
})
