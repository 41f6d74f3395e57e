import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'

import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { StatusPage } from './StatusPage'

const detail = (status: string, extra: Record<string, unknown> = {}) => ({
  status,
  description: `${status} thing`,
  latencyMs: 0.8,
  managed: true,
  ...extra,
})

const degraded = {
  status: 'degraded',
  version: '0.1.0',
  mode: 'dev',
  checkedAt: '2026-11-27T04:40:00Z',
  components: { mail: 'up', livekit: 'starting', kratos: 'down', database: 'up' },
  details: {
    database: detail('up', { address: '127.0.0.1:27018', since: '2026-11-27T04:39:00Z' }),
    kratos: detail('down', { error: 'dial tcp 127.0.0.1:4433: connect: connection refused', restarts: 3, pid: 4242 }),
    livekit: detail('starting'),
    mail: detail('up', { futureField: 'ignored' }),
  },
}

describe('StatusPage', () => {
  it('renders a degraded health response served with HTTP 503', async () => {
    stubFetch({ '/api/health': () => jsonResponse(degraded, 503) })
    renderWithProviders(<StatusPage />)

    const overall = await screen.findByTestId('overall-status')
    expect(overall.getAttribute('data-status')).toBe('degraded')
    expect(overall.textContent).toContain('2 of 4 components not up')

    const expected = [
      ['database', 'up', 'Up'],
      ['kratos', 'down', 'Down'],
      ['livekit', 'starting', 'Starting'],
      ['mail', 'up', 'Up'],
    ] as const
    for (const [name, status, label] of expected) {
      const card = screen.getByTestId(`component-${name}`)
      expect(card.getAttribute('data-status')).toBe(status)
      expect(within(card).getByTestId('status-badge').textContent).toBe(label)
    }

    const kratos = screen.getByTestId('component-kratos')
    expect(within(kratos).getByText('Identity (Ory Kratos)')).toBeTruthy()
    expect(within(kratos).getByTestId('component-error').textContent).toContain('connection refused')
    expect(within(kratos).getByText('3')).toBeTruthy()

    const database = screen.getByTestId('component-database')
    expect(within(database).getByText('127.0.0.1:27018')).toBeTruthy()
    expect(within(database).getByText('0.80 ms')).toBeTruthy()
    expect(database.textContent).toContain('(1m 0s)')

    const order = screen.getAllByTestId(/^component-(database|kratos|livekit|mail)$/).map((el) => el.dataset.testid)
    expect(order).toEqual(['component-database', 'component-kratos', 'component-livekit', 'component-mail'])
  })

  it('shows all systems operational when every component is up', async () => {
    const up = { ...degraded, status: 'up', components: { database: 'up' }, details: undefined }
    stubFetch({ '/api/health': () => jsonResponse(up) })
    renderWithProviders(<StatusPage />)

    const overall = await screen.findByTestId('overall-status')
    expect(overall.getAttribute('data-status')).toBe('up')
    expect(overall.textContent).toContain('All systems operational')
    expect(screen.getByTestId('component-database').getAttribute('data-status')).toBe('up')
  })

  it('shows a clear error when the server cannot be reached', async () => {
    stubFetch({})
    renderWithProviders(<StatusPage />)

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Cannot reach the server')
    expect(screen.queryByTestId('overall-status')).toBeNull()
  })
})
