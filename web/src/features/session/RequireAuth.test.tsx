import { screen } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'

import { browser } from '@/lib/browser'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { RequireAuth } from './RequireAuth'
import { RequireRole } from './RequireRole'

const ada = { id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace', avatarUrl: '', role: 'candidate' }

function renderGuarded(route: string) {
  return renderWithProviders(
    <Routes>
      <Route element={<RequireAuth />}>
        <Route path="/settings" element={<p>secret settings</p>} />
        <Route element={<RequireRole roles={['admin']} />}>
          <Route path="/admin/users" element={<p>user admin</p>} />
        </Route>
      </Route>
    </Routes>,
    { route },
  )
}

describe('RequireAuth', () => {
  it('sends a signed-out visitor to the Kratos login flow with return_to set to the page they asked for', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined)
    vi.spyOn(browser, 'origin').mockReturnValue('http://localhost:8080')
    stubFetch({ '/api/me': () => jsonResponse({ error: 'not signed in', requestId: 'r1' }, 401) })
    renderGuarded('/settings?tab=password#top')

    await vi.waitFor(() => {
      expect(assign).toHaveBeenCalledWith(
        `/auth/self-service/login/browser?return_to=${encodeURIComponent('http://localhost:8080/settings?tab=password#top')}`,
      )
    })
    expect(assign).toHaveBeenCalledTimes(1)
    expect(screen.queryByText('secret settings')).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByTestId('auth-pending').textContent).toContain('Redirecting to sign in')
  })

  it('renders the page for a signed-in user', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined)
    stubFetch({ '/api/me': () => jsonResponse(ada) })
    renderGuarded('/settings')

    expect(await screen.findByText('secret settings')).toBeTruthy()
    expect(assign).not.toHaveBeenCalled()
  })

  it('shows an error, not a redirect, when the server cannot be reached', async () => {
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => undefined)
    stubFetch({})
    renderGuarded('/settings')

    expect((await screen.findByRole('alert')).textContent).toContain('Cannot reach the server')
    expect(assign).not.toHaveBeenCalled()
  })

  it('shows a 403 message to a signed-in user without the role', async () => {
    stubFetch({ '/api/me': () => jsonResponse(ada) })
    renderGuarded('/admin/users')

    const forbidden = await screen.findByTestId('forbidden')
    expect(forbidden.textContent).toContain('admin role')
    expect(screen.queryByText('user admin')).toBeNull()
  })

  it('lets an admin through RequireRole', async () => {
    stubFetch({ '/api/me': () => jsonResponse({ ...ada, role: 'admin' }) })
    renderGuarded('/admin/users')
    expect(await screen.findByText('user admin')).toBeTruthy()
  })
})
