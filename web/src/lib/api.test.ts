import { describe, expect, it } from 'vitest'
import { z } from 'zod'

import { jsonResponse, stubFetch } from '@/test/fakes'

import { ApiError, api } from './api'

const schema = z.object({ ok: z.boolean() })

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected an ApiError')
}

describe('api client', () => {
  it('sends same-origin credentials and parses JSON with the schema', async () => {
    const fetchMock = stubFetch({ '/api/x': () => jsonResponse({ ok: true, extra: 1 }) })
    await expect(api.get('/api/x', schema)).resolves.toEqual({ ok: true })
    expect(fetchMock.mock.calls[0]?.[1]?.credentials).toBe('same-origin')
  })

  it('turns the server error body into an ApiError with fields', async () => {
    stubFetch({ '/api/x': () => jsonResponse({ error: 'invalid input', fields: { email: 'required' } }, 422) })
    const err = await caught(api.post('/api/x', schema, { email: '' }))
    expect(err.status).toBe(422)
    expect(err.message).toBe('invalid input')
    expect(err.fields).toEqual({ email: 'required' })
    expect(err.unreachable).toBe(false)
  })

  it('keeps the request id, and reads Kratos error bodies with their error id', async () => {
    stubFetch({
      '/api/x': () => jsonResponse({ error: 'cannot demote the last admin', requestId: 'req-1' }, 409),
      '/auth/x': () =>
        jsonResponse({ error: { id: 'self_service_flow_expired', code: 410, message: 'gone', reason: 'The flow expired.' } }, 410),
    })
    const err = await caught(api.put('/api/x', schema, { role: 'candidate' }))
    expect(err.message).toBe('cannot demote the last admin')
    expect(err.requestId).toBe('req-1')
    const kratos = await caught(api.get('/auth/x', schema))
    expect(kratos.status).toBe(410)
    expect(kratos.errorId).toBe('self_service_flow_expired')
    expect(kratos.message).toBe('The flow expired.')
  })

  it('accepts listed non-2xx statuses as valid responses', async () => {
    stubFetch({ '/api/x': () => jsonResponse({ ok: false }, 503) })
    await expect(api.get('/api/x', schema, { acceptStatus: [503] })).resolves.toEqual({ ok: false })
    const err = await caught(api.get('/api/x', schema))
    expect(err.status).toBe(503)
  })

  it('reports network failures and bodiless proxy errors as unreachable', async () => {
    stubFetch({ '/api/proxy': () => new Response('', { status: 502 }) })
    const network = await caught(api.get('/api/down', schema))
    expect(network.status).toBe(0)
    expect(network.unreachable).toBe(true)
    const proxy = await caught(api.get('/api/proxy', schema))
    expect(proxy.status).toBe(502)
    expect(proxy.unreachable).toBe(true)
  })

  it('rejects a body that does not match the schema', async () => {
    stubFetch({ '/api/x': () => new Response('<!doctype html>', { status: 200 }) })
    const err = await caught(api.get('/api/x', schema))
    expect(err.message).toBe('Unexpected response from the server')
  })

  it('reads a binary body as bytes, and its refusal like any other', async () => {
    const fetchMock = stubFetch({
      '/api/doc/binary': () => new Response(new Uint8Array([1, 2, 255]), { headers: { 'Content-Type': 'application/octet-stream' } }),
      '/api/gone/binary': () => jsonResponse({ error: 'document not found', requestId: 'req-2' }, 404),
      '/api/proxy/binary': () => new Response('<html>Bad gateway</html>', { status: 502 }),
    })
    const bytes = await api.bytes('/api/doc/binary')
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(Array.from(bytes)).toEqual([1, 2, 255])
    const init = fetchMock.mock.calls[0]?.[1]
    expect(init?.credentials).toBe('same-origin')
    expect(init?.headers).toEqual({ Accept: 'application/octet-stream' })

    const err = await caught(api.bytes('/api/gone/binary'))
    expect(err.status).toBe(404)
    expect(err.message).toBe('document not found')
    expect(err.requestId).toBe('req-2')
    expect(err.unreachable).toBe(false)
    const proxy = await caught(api.bytes('/api/proxy/binary'))
    expect(proxy.unreachable).toBe(true)
    const network = await caught(api.bytes('/api/down/binary'))
    expect(network.status).toBe(0)
    expect(network.unreachable).toBe(true)
  })
})
