import { ApiError, api } from '@/lib/api'

import { flowErrorSchema, flowSchema, logoutSchema, type Flow, type FlowError } from './schema'

// Ory Kratos's public API is proxied at /auth/ on our origin, so its cookies are ours.
export const KRATOS_PREFIX = '/auth'

export const FLOW_KINDS = ['login', 'registration', 'recovery', 'verification', 'settings'] as const
export type FlowKind = (typeof FLOW_KINDS)[number]

/** Where the browser goes to start a flow; Kratos answers with a redirect to our page with `?flow=<id>`. */
export function startFlowUrl(kind: FlowKind, returnTo?: string | null): string {
  const url = `${KRATOS_PREFIX}/self-service/${kind}/browser`
  return returnTo ? `${url}?return_to=${encodeURIComponent(returnTo)}` : url
}

export function fetchFlow(kind: FlowKind, id: string, signal?: AbortSignal): Promise<Flow> {
  return api.get(`${KRATOS_PREFIX}/self-service/${kind}/flows?id=${encodeURIComponent(id)}`, flowSchema, { signal })
}

export function fetchFlowError(id: string, signal?: AbortSignal): Promise<FlowError> {
  return api.get(`${KRATOS_PREFIX}/self-service/errors?id=${encodeURIComponent(id)}`, flowErrorSchema, { signal })
}

export async function fetchLogoutUrl(): Promise<string> {
  const { logout_url } = await api.get(`${KRATOS_PREFIX}/self-service/logout/browser`, logoutSchema)
  return logout_url
}

/** Kratos error ids after which the only way on is a fresh flow. */
const RESTART_ERROR_IDS = new Set([
  'self_service_flow_expired',
  'security_csrf_violation',
  'security_identity_mismatch',
  'session_inactive',
  'self_service_flow_return_to_forbidden',
])

/** The flow is gone (410), not ours (403), unknown (404), or Kratos says to start over. */
export function needsNewFlow(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.unreachable) return false
  if (err.errorId !== undefined && RESTART_ERROR_IDS.has(err.errorId)) return true
  return err.status === 400 || err.status === 401 || err.status === 403 || err.status === 404 || err.status === 410
}

// A flow that can never be fetched (e.g. cookies blocked, so every CSRF check fails) would otherwise restart
// forever. Allow a few restarts per kind in a short window, then show the error instead.
const RESTART_KEY = 'interviewprep-flow-restarts'
const RESTART_WINDOW_MS = 60_000
const MAX_RESTARTS = 3

export function allowRestart(kind: FlowKind, storage: Pick<Storage, 'getItem' | 'setItem'>, now = Date.now()): boolean {
  try {
    const raw = storage.getItem(RESTART_KEY)
    const all = (raw ? JSON.parse(raw) : {}) as Partial<Record<string, number[]>>
    const recent = (all[kind] ?? []).filter((at) => now - at < RESTART_WINDOW_MS)
    if (recent.length >= MAX_RESTARTS) return false
    storage.setItem(RESTART_KEY, JSON.stringify({ ...all, [kind]: [...recent, now] }))
    return true
  } catch {
    return true
  }
}
