import { z } from 'zod'

export interface ApiErrorOptions {
  fields?: Record<string, string>
  unreachable?: boolean
  /** A machine-readable error id, e.g. Kratos's `self_service_flow_expired`. */
  errorId?: string
  requestId?: string
}

/**
 * An error from the API: the server's `{"error", "fields", "requestId"}` body, Kratos's
 * `{"error": {"id", "code", "message", "reason"}}` body (from `/auth/`), or a transport/parse failure.
 */
export class ApiError extends Error {
  readonly status: number
  readonly fields?: Record<string, string>
  /** No answer came from the Go server itself: a network error, or a proxy error without a JSON body. */
  readonly unreachable: boolean
  readonly errorId?: string
  readonly requestId?: string

  constructor(status: number, message: string, options: ApiErrorOptions = {}) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.fields = options.fields
    this.unreachable = options.unreachable ?? false
    this.errorId = options.errorId
    this.requestId = options.requestId
  }
}

const UNREACHABLE = 'Cannot reach the server'

const errorBodySchema = z.object({
  error: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  requestId: z.string().optional(),
})

/** Ory Kratos's public API error body (proxied under /auth/). */
const kratosErrorBodySchema = z.object({
  error: z.object({
    id: z.string().optional(),
    message: z.string().optional(),
    reason: z.string().optional(),
  }),
})

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  signal?: AbortSignal
  /** Non-2xx statuses whose body is still a valid response (e.g. 503 from /api/health). */
  acceptStatus?: readonly number[]
}

export async function apiRequest<T>(path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, acceptStatus = [] } = options
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'

  const res = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal })
  const json = await readJson(res)
  if (!res.ok && !acceptStatus.includes(res.status)) throw responseError(res.status, json)

  const parsed = schema.safeParse(json)
  if (!parsed.success) throw new ApiError(res.status, 'Unexpected response from the server')
  return parsed.data
}

/** GET of a binary body (e.g. an Automerge document); a refusal is read from its JSON error body like any other. */
async function bytes(path: string, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
  const res = await send(path, { headers: { Accept: 'application/octet-stream' }, signal: options.signal })
  if (!res.ok) throw responseError(res.status, await readJson(res))
  return new Uint8Array(await res.arrayBuffer())
}

/** fetch with the session cookie; a network failure is an unreachable ApiError (an abort stays an AbortError). */
async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: 'same-origin' })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, UNREACHABLE, { unreachable: true })
  }
}

/**
 * The error of a refused request, from its body (parsed JSON, or undefined): the server's `{"error"}`, Kratos's
 * `{"error": {...}}`, and a 5xx without a JSON body (a proxy's page: the Go server did not answer) as unreachable.
 */
function responseError(status: number, json: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(json)
  if (parsed.success) {
    const { error, fields, requestId } = parsed.data
    return new ApiError(status, error, { fields, requestId })
  }
  const kratos = kratosErrorBodySchema.safeParse(json)
  if (kratos.success) {
    const { id, reason, message } = kratos.data.error
    return new ApiError(status, reason ?? message ?? `Request failed (HTTP ${status})`, { errorId: id })
  }
  if (json === undefined && status >= 500) return new ApiError(status, UNREACHABLE, { unreachable: true })
  return new ApiError(status, `Request failed (HTTP ${status})`)
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text()
  if (!text) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

export const api = {
  get: <T>(path: string, schema: z.ZodType<T>, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest(path, schema, { ...options, method: 'GET' }),
  post: <T>(path: string, schema: z.ZodType<T>, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest(path, schema, { ...options, method: 'POST', body }),
  put: <T>(path: string, schema: z.ZodType<T>, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest(path, schema, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, schema: z.ZodType<T>, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest(path, schema, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, schema: z.ZodType<T>, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest(path, schema, { ...options, method: 'DELETE' }),
  /** GET of a binary body (Accept: application/octet-stream). */
  bytes,
}
