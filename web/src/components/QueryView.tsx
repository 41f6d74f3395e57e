import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'

import { ErrorState } from '@/components/ErrorState'
import { LoadingRows } from '@/components/LoadingRows'

/** What a page shows for a query: its data once there (stale data included), else the error with a retry, else loading rows. */
export function QueryView<T>({
  query,
  loadingLabel,
  children,
}: {
  query: UseQueryResult<T>
  loadingLabel: string
  children: (data: T) => ReactNode
}) {
  if (query.data !== undefined) return children(query.data)
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
  return <LoadingRows label={loadingLabel} />
}
