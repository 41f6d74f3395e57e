import { fireEvent, screen, within } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { describe, expect, it } from 'vitest'

import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { DevMailPage } from './DevMailPage'

const config = (devInbox: boolean) => () => jsonResponse({ mode: 'dev', version: '0.1.0', features: { devInbox } })

const list = {
  total: 2,
  unread: 1,
  messages: [
    {
      ID: 'abc',
      MessageID: 'x@y',
      From: { Name: 'Interview-Prep', Address: 'noreply@interviewprep.local' },
      To: [{ Name: '', Address: 'ada@example.com' }],
      Subject: 'Your interview is booked',
      Created: '2026-11-27T04:40:00Z',
      Snippet: 'Hi Ada, your interview…',
      Read: false,
      Tags: [],
    },
    {
      ID: 'def',
      From: null,
      To: null,
      Subject: '',
      Created: '2026-11-26T10:00:00Z',
      Snippet: '',
      Read: true,
    },
  ],
}

const message = {
  ID: 'abc',
  From: { Name: 'Interview-Prep', Address: 'noreply@interviewprep.local' },
  To: [{ Name: 'Ada', Address: 'ada@example.com' }],
  Subject: 'Your interview is booked',
  Date: '2026-11-27T04:40:00Z',
  Text: 'Hi Ada,\nyour interview is on Monday.',
  HTML: '<p>Hi Ada</p><script>alert(1)</script>',
  Attachments: [],
}

function renderPage(route: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/dev/mail/:id?" element={<DevMailPage />} />
    </Routes>,
    { route },
  )
}

describe('DevMailPage', () => {
  it('lists messages and opens one, text first and HTML only in a sandboxed iframe', async () => {
    stubFetch({
      '/api/config': config(true),
      '/api/dev/mail/messages?limit=50': () => jsonResponse(list),
      '/api/dev/mail/message/abc': () => jsonResponse(message),
    })
    renderPage('/dev/mail')

    const items = await screen.findAllByTestId('mail-item')
    expect(items).toHaveLength(2)
    expect(items[0]?.getAttribute('data-read')).toBe('false')
    expect(within(items[1] as HTMLElement).getByText('(unknown sender)')).toBeTruthy()

    fireEvent.click(items[0] as HTMLElement)
    const text = await screen.findByTestId('mail-text')
    expect(text.textContent).toContain('your interview is on Monday.')
    expect(screen.getByText('Ada <ada@example.com>')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'HTML' }))
    const frame = screen.getByTestId('mail-html')
    expect(frame.getAttribute('sandbox')).toBe('')
    expect(frame.getAttribute('srcdoc')).toContain('<p>Hi Ada</p>')
  })

  it('says the inbox is off when the server does not enable it', async () => {
    const fetchMock = stubFetch({ '/api/config': config(false) })
    renderPage('/dev/mail')

    expect(await screen.findByText('The dev inbox is off')).toBeTruthy()
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/config'])
  })
})
