import { screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { browser } from '@/lib/browser'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { AppRoutes } from './App'

const health = { status: 'up', components: {} }
const ada = { id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace', avatarUrl: '', role: 'interviewer' }
const serveConfig = () => jsonResponse({ mode: 'serve', version: '0.1.0', features: {} })

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
      '/api/me': () => jsonResponse(ada),
    })
    renderWithProviders(<AppRoutes />)
    expect(await screen.findByTestId('nav-dev-mail')).toBeTruthy()
    expect(screen.getByTestId('nav-status')).toBeTruthy()
  })

  it('hides the dev inbox link in serve mode', async () => {
    stubFetch({
      '/api/config': () => jsonResponse({ mode: 'serve', version: '0.1.0', features: { devInbox: false } }),
      '/api/health': () => jsonResponse(health),
      '/api/me': () => jsonResponse(ada),
    })
    renderWithProviders(<AppRoutes />)
    expect(await screen.findByText('v0.1.0')).toBeTruthy()
    expect(screen.queryByTestId('nav-dev-mail')).toBeNull()
    expect(screen.getByTestId('nav-dashboard')).toBeTruthy()
  })

  it('greets a signed-in user by name and role on the dashboard, with the user menu in the header', async () => {
    stubFetch({ '/api/config': serveConfig, '/api/health': () => jsonResponse(health), '/api/me': () => jsonResponse(ada) })
    renderWithProviders(<AppRoutes />)

    const greeting = await screen.findByTestId('dashboard-greeting')
    expect(greeting.textContent).toContain('Ada Lovelace')
    expect(greeting.textContent).toContain('Interviewer')
    // Named by the initials it shows, then whose account it is: the name contains the visible label (WCAG 2.5.3).
    const menu = screen.getByTestId('user-menu')
    expect(menu.getAttribute('aria-label')).toBeNull()
    expect(screen.getByRole('button', { name: 'AL Account: Ada Lovelace' })).toBe(menu)
    expect(screen.queryByTestId('signin-link')).toBeNull()
  })

  it('offers Sign in and Sign up on public pages when signed out', async () => {
    vi.spyOn(browser, 'origin').mockReturnValue('http://localhost:8080')
    stubFetch({
      '/api/config': serveConfig,
      '/api/health': () => jsonResponse(health),
      '/api/me': () => jsonResponse({ error: 'not signed in' }, 401),
    })
    renderWithProviders(<AppRoutes />, { route: '/status' })

    const signIn = await screen.findByTestId('signin-link')
    expect(signIn.getAttribute('href')).toBe(`/login?return_to=${encodeURIComponent('http://localhost:8080/status')}`)
    expect(screen.getByTestId('signup-link').getAttribute('href')).toBe('/registration')
    expect(screen.queryByTestId('user-menu')).toBeNull()
  })
})
