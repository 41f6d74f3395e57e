import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'

import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { useAddChatMessages, useChatHistory } from '../api'
import type { ChatMessage } from '../schema'
import { ChatPanel } from './ChatPanel'

const earlier: ChatMessage = { id: 'm1', userId: 'u-ada', name: 'Ada', text: 'Welcome!', sentAt: '2026-12-01T13:00:00Z' }

/** The panel as the call uses it: the history query's messages, plus what the data channel adds (`incoming`). */
function Harness({ incoming = [] }: { incoming?: ChatMessage[] }) {
  const history = useChatHistory('i1')
  const add = useAddChatMessages('i1')
  return (
    <>
      <button
        type="button"
        onClick={() => {
          add(incoming)
        }}
      >
        data message
      </button>
      <ChatPanel interviewId="i1" myId="u-me" messages={history.data ?? []} loading={history.isPending} open onClose={() => undefined} />
    </>
  )
}

function texts(): string[] {
  return screen.getAllByTestId('chat-message-text').map((el) => el.textContent)
}

describe('ChatPanel', () => {
  it('shows the history, sends through the POST, and adds each message once however it arrives', async () => {
    let posted = 0
    const fetchMock = stubFetch({
      '/api/interviews/i1/chat': (init) => {
        if (init?.method === 'POST') {
          posted += 1
          const { text } = JSON.parse(typeof init.body === 'string' ? init.body : '{}') as { text: string }
          return jsonResponse({ id: 'm2', userId: 'u-me', name: 'Me', text, sentAt: '2026-12-01T13:05:00Z' }, 201)
        }
        return jsonResponse({ messages: [earlier] })
      },
    })
    renderWithProviders(
      <Harness
        incoming={[
          { id: 'm2', userId: 'u-me', name: 'Me', text: 'Hello there', sentAt: '2026-12-01T13:05:00Z' },
          { id: 'm3', userId: 'u-ada', name: 'Ada', text: 'Hi!', sentAt: '2026-12-01T13:06:00Z' },
        ]}
      />,
    )
    await screen.findByText('Welcome!')

    fireEvent.change(screen.getByTestId('chat-input'), { target: { value: '  Hello there  ' } })
    fireEvent.click(screen.getByTestId('chat-send'))
    await vi.waitFor(() => {
      expect(texts()).toEqual(['Welcome!', 'Hello there'])
    })
    expect(posted).toBe(1)
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(post?.[1]?.body).toBe(JSON.stringify({ text: 'Hello there' }))
    expect(screen.getByTestId<HTMLInputElement>('chat-input').value).toBe('')
    expect(screen.getAllByTestId('chat-message').at(-1)?.dataset.mine).toBe('true')

    // The same message again from the data channel, and a new one from someone else: each shows once.
    fireEvent.click(screen.getByText('data message'))
    await vi.waitFor(() => {
      expect(texts()).toEqual(['Welcome!', 'Hello there', 'Hi!'])
    })
  })

  it('keeps the text and says why when sending fails', async () => {
    stubFetch({
      '/api/interviews/i1/chat': (init) =>
        init?.method === 'POST' ? jsonResponse({ error: 'The call has ended' }, 409) : jsonResponse({ messages: [] }),
    })
    renderWithProviders(<Harness />)
    await screen.findByText('No messages yet. The chat is kept with the interview.')
    const send = screen.getByTestId<HTMLButtonElement>('chat-send')
    expect(send.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('chat-input'), { target: { value: 'Anyone?' } })
    fireEvent.submit(send.closest('form') as HTMLFormElement)
    expect((await screen.findByTestId('chat-error')).textContent).toContain('The call has ended')
    expect(screen.getByTestId<HTMLInputElement>('chat-input').value).toBe('Anyone?')
  })
})
