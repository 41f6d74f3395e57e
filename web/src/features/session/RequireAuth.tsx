import { LoaderCircleIcon } from 'lucide-react'
import { useEffect, type ReactNode } from 'react'
import { Outlet, useLocation } from 'react-router'

import { ErrorState } from '@/components/ErrorState'
import { startFlowUrl } from '@/features/auth/kratos'
import { browser } from '@/lib/browser'

import { useMe } from './useMe'

/**
 * Renders its children (or the nested routes) for a signed-in user. A signed-out visitor is sent to Kratos's
 * login flow with `return_to` set to the page they asked for.
 */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const me = useMe()
  const location = useLocation()
  const signedOut = me.data === null
  const here = location.pathname + location.search + location.hash

  useEffect(() => {
    if (signedOut) browser.assign(startFlowUrl('login', browser.origin() + here))
  }, [signedOut, here])

  if (me.data) return children ?? <Outlet />
  if (me.isError && me.data === undefined) {
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />
  }
  return (
    <div className="flex items-center justify-center gap-2 py-20 text-sm text-muted-foreground" aria-busy="true" data-testid="auth-pending">
      <LoaderCircleIcon className="size-4 animate-spin" />
      {signedOut ? 'Redirecting to sign in…' : 'Loading…'}
    </div>
  )
}
