import { fireEvent, screen, within } from '@testing-library/react'
import { Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'

import { jsonResponse, stubFetch } from '@/test/fakes'
import { renderWithProviders } from '@/test/render'

import { cara, interviewJson, ivan, usersJson } from './fixtures'
import { NewInterviewPage } from './NewInterviewPage'

function pickerRoutes() {
  return {
    '/api/me': () => jsonResponse(ivan),
    '/api/users?role=candidate&pageSize=20': () => jsonResponse(usersJson([cara])),
    '/api/users?role=candidate&q=cara&pageSize=20': () => jsonResponse(usersJson([cara])),
    '/api/users?role=interviewer&pageSize=20': () => jsonResponse(usersJson([ivan])),
    '/api/users?role=admin&pageSize=20': () => jsonResponse(usersJson([])),
    '/api/problems': () => jsonResponse({ problems: [] }),
  }
}

function renderPage() {
  return renderWithProviders(
    <Routes>
      <Route path="/interviews/new" element={<NewInterviewPage />} />
      <Route path="/interviews/:id" element={<p>interview page</p>} />
    </Routes>,
    { route: '/interviews/new' },
  )
}

async function pickCandidate() {
  const input = screen.getByTestId('candidate-picker')
  fireEvent.focus(input)
  fireEvent.change(input, { target: { value: 'cara' } })
  const option = await vi.waitFor(() => {
    const found = screen.getAllByTestId('picker-option').find((el) => el.dataset.email === cara.email)
    if (!found) throw new Error('no option for cara')
    return found
  })
  fireEvent.click(option)
}

function bodyOf(init: RequestInit | undefined): Record<string, unknown> {
  return JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Record<string, unknown>
}

describe('NewInterviewPage', () => {
  it('shows server field errors next to their fields and keeps everything typed', async () => {
    const fetchMock = stubFetch({
      ...pickerRoutes(),
      '/api/interviews': () =>
        jsonResponse(
          { error: 'invalid input', fields: { candidateId: 'must be a candidate', startsAt: 'is in the past' } },
          400,
        ),
    })
    renderPage()
    const form = await screen.findByTestId('interview-form')
    // The scheduler is an interviewer by default.
    await vi.waitFor(() => {
      expect(within(screen.getByTestId('field-interviewerIds')).getByTestId('picker-chosen').dataset.email).toBe(ivan.email)
    })

    const title = within(screen.getByTestId('field-title')).getByRole('textbox')
    fireEvent.change(title, { target: { value: 'Systems round' } })
    fireEvent.change(within(screen.getByTestId('field-description')).getByRole('textbox'), {
      target: { value: 'Design a rate limiter.' },
    })
    await pickCandidate()
    const startsAt = screen.getByTestId('field-startsAt').querySelector('input')
    if (!startsAt) throw new Error('no startsAt input')
    fireEvent.change(startsAt, { target: { value: '2020-01-01T10:00' } })
    fireEvent.change(within(screen.getByTestId('field-durationMinutes')).getByRole('combobox'), { target: { value: '90' } })

    fireEvent.click(screen.getByTestId('interview-save'))

    expect((await screen.findByTestId('field-error-candidateId')).textContent).toBe('Must be a candidate')
    expect(screen.getByTestId('field-error-startsAt').textContent).toBe('Is in the past')
    expect(within(screen.getByTestId('field-candidateId')).getByTestId('field-error-candidateId')).toBeTruthy()
    expect(within(screen.getByTestId('field-startsAt')).getByTestId('field-error-startsAt')).toBeTruthy()
    expect(screen.queryByTestId('field-error-title')).toBeNull()
    expect(screen.queryByTestId('interview-form-error')).toBeNull()

    // Nothing is lost.
    expect(form.isConnected).toBe(true)
    expect((title as HTMLInputElement).value).toBe('Systems round')
    expect(startsAt.value).toBe('2020-01-01T10:00')
    expect(within(screen.getByTestId('field-candidateId')).getByTestId('picker-chosen').dataset.email).toBe(cara.email)
    expect(within(screen.getByTestId('field-durationMinutes')).getByRole<HTMLSelectElement>('combobox').value).toBe('90')

    const post = fetchMock.mock.calls.find(([url, init]) => url === '/api/interviews' && init?.method === 'POST')
    const body = bodyOf(post?.[1])
    expect(body).toMatchObject({
      title: 'Systems round',
      description: 'Design a rate limiter.',
      candidateId: cara.id,
      interviewerIds: [ivan.id],
      durationMinutes: 90,
      problemId: null,
    })
    expect(body.startsAt).toMatch(/^2020-01-01T\d{2}:\d{2}:00Z$/)

    // Editing a field clears its error only.
    fireEvent.change(startsAt, { target: { value: '2030-01-01T10:00' } })
    expect(screen.queryByTestId('field-error-startsAt')).toBeNull()
    expect(screen.getByTestId('field-error-candidateId')).toBeTruthy()
  })

  it('checks required fields before sending anything', async () => {
    const fetchMock = stubFetch(pickerRoutes())
    renderPage()
    await screen.findByTestId('interview-form')
    fireEvent.click(screen.getByTestId('interview-save'))

    expect((await screen.findByTestId('field-error-title')).textContent).toBe('Give the interview a title')
    expect(screen.getByTestId('field-error-candidateId').textContent).toBe('Choose the candidate')
    expect(fetchMock.mock.calls.some(([url]) => url === '/api/interviews')).toBe(false)
  })

  it('opens the new interview after it is scheduled', async () => {
    stubFetch({
      ...pickerRoutes(),
      '/api/interviews': () => jsonResponse(interviewJson({ id: 'new1' }), 201),
    })
    renderPage()
    await screen.findByTestId('interview-form')
    fireEvent.change(within(screen.getByTestId('field-title')).getByRole('textbox'), { target: { value: 'Systems round' } })
    await pickCandidate()
    await vi.waitFor(() => {
      expect(within(screen.getByTestId('field-interviewerIds')).getAllByTestId('picker-chosen')).toHaveLength(1)
    })
    fireEvent.click(screen.getByTestId('interview-save'))
    expect(await screen.findByText('interview page')).toBeTruthy()
  })
})
