import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'

import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { AppRoutes } from './App'

const health = { status: 'up', components: {} }

describe('AppRoutes', () => {
  it('shows a 404 page for unknown routes inside the shell', async () => {
    stubFetch({ '/api/config': () => jsonResponse({ mode: 'serve', version: '0.1.0', features: {} }) })
    renderWithProviders(<AppRoutes />, { route: '/no/such/page' })

    expect(await screen.findByTestId('not-found')).toBeTruthy()
    expect(screen.getByTestId('theme-toggle')).toBeTruthy()
    expect(screen.getByTestId('nav-menu')).toBeTruthy()
  })

  it('links the dev inbox only when the server enables it', async () => {
    stubFetch({
      '/api/config': () => jsonResponse({ mode: 'dev', version: '0.1.0', features: { devInbox: true } }),
      '/api/health': () => jsonResponse(health),
    })
    renderWithProviders(<AppRoutes />)
    expect(await screen.findByTestId('nav-dev-mail')).toBeTruthy()
    expect(screen.getByTestId('nav-status')).toBeTruthy()
  })

  it('hides the dev inbox link in serve mode', async () => {
    stubFetch({
      '/api/config': () => jsonResponse({ mode: 'serve', version: '0.1.0', features: { devInbox: false } }),
      '/api/health': () => jsonResponse(health),
    })
    renderWithProviders(<AppRoutes />)
    expect(await screen.findByText('v0.1.0')).toBeTruthy()
    expect(screen.queryByTestId('nav-dev-mail')).toBeNull()
    expect(screen.getByTestId('nav-dashboard')).toBeTruthy()
  })
})
