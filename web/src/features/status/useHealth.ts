import { useQuery } from '@tanstack/react-query'

import { api } from '@/lib/api'

import { healthSchema } from './schema'

export const HEALTH_POLL_MS = 5000

/** GET /api/health, polled. The server answers 503 with the same body when degraded. */
export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => api.get('/api/health', healthSchema, { signal, acceptStatus: [503] }),
    refetchInterval: HEALTH_POLL_MS,
  })
}

export type UseHealthResult = ReturnType<typeof useHealth>
