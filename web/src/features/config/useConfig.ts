import { useQuery } from '@tanstack/react-query'

import { api } from '@/lib/api'

import { clientConfigSchema } from './schema'

export function useConfig() {
  return useQuery({
    queryKey: ['config'],
    queryFn: ({ signal }) => api.get('/api/config', clientConfigSchema, { signal }),
    staleTime: Infinity,
  })
}

export type UseConfigResult = ReturnType<typeof useConfig>
