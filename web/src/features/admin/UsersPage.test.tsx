import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { Toaster } from '@/features/shell/Toaster'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { UsersPage } from './UsersPage'

const admin = { id: 'u1', email: 'root@example.com', name: 'Grace Hopper', avatarUrl: null, role: 'admin' }
const bob = { id: 'u2', email: 'bob@example.com', name: 'Bob', avatarUrl: 'https://example.com/bob.png', role: 'candidate' }

const firstPage = '/api/users?page=1&pageSize=20'

function rowFor(email: string): HTMLElement {
  const row = screen.getAllByTestId('admin-user-row').find((el) => el.dataset.email === email)
  if (!row) throw new Error(`no row for ${email}`)
  return row
}

function renderPage() {
  return renderWithProviders(
    <>
      <UsersPage />
      <Toaster />
    </>,
  )
}

describe('UsersPage', () => {
  it('lists users, marks the current admin, and PUTs a role change', async () => {
    let users = [admin, bob]
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(admin),
      [firstPage]: () => jsonResponse({ users, total: 2, page: 1, pageSize: 20 }),
      '/api/users/u2/role': (init) => {
        const { role } = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { role: string }
        users = [admin, { ...bob, role }]
        return jsonResponse({ ...bob, role })
      },
    })
    renderPage()

    await screen.findAllByTestId('admin-user-row')
    expect(within(rowFor('root@example.com')).getByTestId('admin-user-you').textContent).toBe('you')
    expect(within(rowFor('bob@example.com')).queryByTestId('admin-user-you')).toBeNull()

    const select = within(rowFor('bob@example.com')).getByTestId<HTMLSelectElement>('role-select')
    expect(select.value).toBe('candidate')
    fireEvent.change(select, { target: { value: 'interviewer' } })

    expect(await screen.findByText('Bob is now an interviewer')).toBeTruthy()
    const put = fetchMock.mock.calls.find(([url]) => url === '/api/users/u2/role')
    expect(put?.[1]?.method).toBe('PUT')
    expect(put?.[1]?.body).toBe(JSON.stringify({ role: 'interviewer' }))
    // The list is fetched again after the change.
    await vi.waitFor(() => {
      expect(rowFor('bob@example.com').dataset.role).toBe('interviewer')
    })
    expect(fetchMock.mock.calls.filter(([url]) => url === firstPage).length).toBeGreaterThan(1)
  })

  it("shows the server's 409 message and keeps the old role", async () => {
    stubFetch({
      '/api/me': () => jsonResponse(admin),
      [firstPage]: () => jsonResponse({ users: [admin, bob], total: 2, page: 1, pageSize: 20 }),
      '/api/users/u1/role': () =>
        jsonResponse({ error: 'cannot demote the last admin', requestId: 'req-9' }, 409),
    })
    renderPage()

    await screen.findAllByTestId('admin-user-row')
    const select = within(rowFor('root@example.com')).getByTestId<HTMLSelectElement>('role-select')
    fireEvent.change(select, { target: { value: 'candidate' } })

    expect(await screen.findByText('cannot demote the last admin')).toBeTruthy()
    await vi.waitFor(() => {
      expect(select.disabled).toBe(false)
    })
    expect(select.value).toBe('admin')
  })

  it('searches after typing stops, filters by role, and pages', async () => {
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(admin),
      [firstPage]: () => jsonResponse({ users: [admin, bob], total: 45, page: 1, pageSize: 20 }),
      '/api/users?page=2&pageSize=20': () => jsonResponse({ users: [bob], total: 45, page: 2, pageSize: 20 }),
      '/api/users?q=bob&page=1&pageSize=20': () => jsonResponse({ users: [bob], total: 1, page: 1, pageSize: 20 }),
      '/api/users?role=interviewer&q=bob&page=1&pageSize=20': () =>
        jsonResponse({ users: [], total: 0, page: 1, pageSize: 20 }),
    })
    renderPage()

    await screen.findAllByTestId('admin-user-row')
    expect(screen.getByTestId('admin-users-range').textContent).toBe('1–20 of 45')
    expect(screen.getByTestId<HTMLButtonElement>('admin-users-prev').disabled).toBe(true)
    fireEvent.click(screen.getByTestId('admin-users-next'))
    await vi.waitFor(() => {
      expect(screen.getByTestId('admin-users-range').textContent).toBe('21–40 of 45')
    })

    fireEvent.change(screen.getByTestId('admin-users-search'), { target: { value: 'b' } })
    fireEvent.change(screen.getByTestId('admin-users-search'), { target: { value: 'bob' } })
    await vi.waitFor(() => {
      expect(screen.getAllByTestId('admin-user-row')).toHaveLength(1)
    })
    const urls = fetchMock.mock.calls.map(([url]) => url)
    expect(urls).not.toContain('/api/users?q=b&page=1&pageSize=20')

    fireEvent.change(screen.getByTestId('admin-users-role-filter'), { target: { value: 'interviewer' } })
    expect(await screen.findByTestId('admin-users-empty')).toBeTruthy()
  })

  it('deletes a user after their email is typed, and never offers to delete yourself', async () => {
    let users = [admin, bob]
    const fetchMock = stubFetch({
      '/api/me': () => jsonResponse(admin),
      [firstPage]: () => jsonResponse({ users, total: users.length, page: 1, pageSize: 20 }),
      '/api/users/u2': () => {
        users = [admin]
        return jsonResponse({
          userId: 'u2', role: 'candidate', by: 'u1', state: 'completed',
          requestedAt: '2026-12-04T20:00:00Z', completedAt: '2026-12-04T20:00:01Z',
          counts: { identity: { users: 1 }, schedule: { 'interviews deleted': 2 } },
        })
      },
    })
    renderPage()

    await screen.findAllByTestId('admin-user-row')
    expect(within(rowFor('root@example.com')).getByTestId<HTMLButtonElement>('delete-user-button').disabled).toBe(true)

    fireEvent.click(within(rowFor('bob@example.com')).getByTestId('delete-user-button'))
    const dialog = await screen.findByTestId('delete-user-dialog')
    expect(within(dialog).getByText('Delete Bob?')).toBeTruthy()
    expect(within(dialog).getByTestId('delete-user-what').textContent).toContain('recordings')
    const submit = within(dialog).getByTestId<HTMLButtonElement>('delete-user-submit')
    expect(submit.disabled).toBe(true)
    fireEvent.change(within(dialog).getByTestId('delete-user-confirm'), { target: { value: 'bob@example.org' } })
    expect(submit.disabled).toBe(true)
    fireEvent.change(within(dialog).getByTestId('delete-user-confirm'), { target: { value: ' Bob@Example.com ' } })
    expect(submit.disabled).toBe(false)
    fireEvent.click(submit)

    expect(await screen.findByText('Bob was deleted')).toBeTruthy()
    const del = fetchMock.mock.calls.find(([url]) => url === '/api/users/u2')
    expect(del?.[1]?.method).toBe('DELETE')
    await vi.waitFor(() => {
      expect(screen.queryByTestId('delete-user-dialog')).toBeNull()
      expect(screen.getAllByTestId('admin-user-row')).toHaveLength(1)
    })
  })

  it("shows the server's refusal and keeps the dialog open", async () => {
    stubFetch({
      '/api/me': () => jsonResponse(admin),
      [firstPage]: () => jsonResponse({ users: [admin, bob], total: 2, page: 1, pageSize: 20 }),
      '/api/users/u2': () => jsonResponse({ error: 'the sign-in service did not answer', requestId: 'req-3' }, 503),
    })
    renderPage()

    await screen.findAllByTestId('admin-user-row')
    fireEvent.click(within(rowFor('bob@example.com')).getByTestId('delete-user-button'))
    const dialog = await screen.findByTestId('delete-user-dialog')
    fireEvent.change(within(dialog).getByTestId('delete-user-confirm'), { target: { value: 'bob@example.com' } })
    fireEvent.click(within(dialog).getByTestId('delete-user-submit'))

    expect(await screen.findByText('the sign-in service did not answer')).toBeTruthy()
    expect(screen.getByText('Bob was not deleted.')).toBeTruthy()
    expect(screen.getByTestId('delete-user-dialog')).toBeTruthy()
  })
})
