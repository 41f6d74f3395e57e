import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { useNavigate, useSearchParams } from 'react-router'

import { browser } from '@/lib/browser'

import { allowRestart, fetchFlow, needsNewFlow, startFlowUrl, type FlowKind } from './kratos'
import { placeMessages } from './nodes'

/** Set in the URL when a flow kept failing right after a restart, so we stop bouncing through Kratos. */
export const STUCK_PARAM = 'stuck'

/**
 * The Kratos flow named by `?flow=<id>` on this page. Without an id, or when the flow has expired or fails its
 * CSRF check, the browser is sent to Kratos to start a new one (keeping `?return_to=`).
 */
export function useFlow(kind: FlowKind) {
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const flowId = params.get('flow')
  const returnTo = params.get('return_to')
  const stuck = params.has(STUCK_PARAM)

  const query = useQuery({
    queryKey: ['kratos-flow', kind, flowId],
    queryFn: ({ signal }) => fetchFlow(kind, flowId ?? '', signal),
    enabled: flowId !== null && !stuck,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  })

  const restarting = !stuck && (flowId === null || (query.isError && needsNewFlow(query.error)))

  useEffect(() => {
    if (!restarting) return
    // Opening a page without a flow is a normal start; only restarts after a failed
    // flow count towards the loop guard.
    if (flowId === null || allowRestart(kind, window.sessionStorage)) {
      browser.assign(startFlowUrl(kind, returnTo))
      return
    }
    const next = new URLSearchParams(returnTo ? { return_to: returnTo } : {})
    next.set(STUCK_PARAM, '1')
    void navigate({ search: `?${next.toString()}` }, { replace: true })
  }, [restarting, flowId, kind, returnTo, navigate])

  const ui = useMemo(() => (query.data ? placeMessages(query.data.ui) : undefined), [query.data])

  return {
    kind,
    flow: query.data,
    /** The flow's UI with field-specific messages moved onto their fields. */
    ui,
    /** Where to go after the flow: ours (`?return_to=`) or the flow's. Passed on to links to other flows. */
    returnTo: returnTo ?? query.data?.return_to ?? null,
    restarting,
    stuck,
    error: restarting ? null : query.error,
    retry: () => {
      browser.assign(startFlowUrl(kind, returnTo))
    },
  }
}

export type UseFlowResult = ReturnType<typeof useFlow>

/** `path`, with `?return_to=` when there is somewhere to return to. */
export function withReturnTo(path: string, returnTo: string | null): string {
  return returnTo ? `${path}?return_to=${encodeURIComponent(returnTo)}` : path
}
