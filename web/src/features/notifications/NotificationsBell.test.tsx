import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { Toaster } from '@/features/shell/Toaster'
import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { NotificationsBell } from './NotificationsBell'
import { NOTIFICATIONS_QUERY_KEY } from './useNotifications'

const invited = {
  id: 'n1',
  kind: 'invited',
  title: 'You are invited: Systems round',
  body: 'Tue, Dec 1 at 14:00',
  interviewId: 'i1',
  createdAt: '2026-11-27T10:00:00Z',
  read: false,
}
const reminder = { ...invited, id: 'n2', kind: 'reminder', title: 'Systems round starts in 15 minutes', read: true }

describe('NotificationsBell', () => {
  it('shows the unread count, marks the shown ones read on open, and links each to its interview', async () => {
    let list = [invited, reminder]
    const fetchMock = stubFetch({
      '/api/notifications': () => jsonResponse({ notifications: list, unread: list.filter((n) => !n.read).length }),
      '/api/notifications/read': () => {
        list = list.map((n) => ({ ...n, read: true }))
        return new Response(null, { status: 204 })
      },
    })
    renderWithProviders(<NotificationsBell />)

    expect((await screen.findByTestId('notifications-count')).textContent).toBe('1')
    expect(screen.getByRole('button', { name: 'Notifications, 1 unread' })).toBe(screen.getByTestId('notifications-bell'))
    fireEvent.click(screen.getByTestId('notifications-bell'))
    const items = await screen.findAllByTestId('notification-item')
    expect(items).toHaveLength(2)
    expect(items[0]?.querySelector('a')?.getAttribute('href')).toBe('/interviews/i1')

    await vi.waitFor(() => {
      expect(screen.queryByTestId('notifications-count')).toBeNull()
    })
    const read = fetchMock.mock.calls.find(([url]) => url === '/api/notifications/read')
    expect(read?.[1]?.body).toBe(JSON.stringify({ ids: ['n1'] }))
  })

  it('toasts a notification that arrives after the first load', async () => {
    let list = [reminder]
    stubFetch({
      '/api/notifications': () => jsonResponse({ notifications: list, unread: list.filter((n) => !n.read).length }),
    })
    const { queryClient } = renderWithProviders(
      <>
        <NotificationsBell />
        <Toaster />
      </>,
    )
    await vi.waitFor(() => {
      expect(queryClient.getQueryData(NOTIFICATIONS_QUERY_KEY)).toBeTruthy()
    })
    expect(screen.queryByText(reminder.title)).toBeNull()

    list = [invited, reminder]
    await queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY })
    expect(await screen.findByText(invited.title)).toBeTruthy()
    expect(screen.getByTestId('notifications-count').textContent).toBe('1')
  })

  it('names the bell with the count as the badge shows it, "99+" past 99', async () => {
    stubFetch({ '/api/notifications': () => jsonResponse({ notifications: [invited], unread: 150 }) })
    renderWithProviders(<NotificationsBell />)
    expect((await screen.findByTestId('notifications-count')).textContent).toBe('99+')
    // WCAG 2.5.3: the accessible name contains the visible text.
    expect(screen.getByTestId('notifications-bell').getAttribute('aria-label')).toBe('Notifications, 99+ unread')
  })
})
