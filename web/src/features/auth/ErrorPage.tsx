import { useQuery } from '@tanstack/react-query'
import { TriangleAlertIcon } from 'lucide-react'
import { Link, useSearchParams } from 'react-router'

import { ErrorState } from '@/components/ErrorState'
import { Button } from '@/components/ui/button'

import { AuthCard, AuthCardSkeleton } from './components/AuthLayout'
import { fetchFlowError } from './kratos'

/** Kratos sends the browser here (`/error?id=`) when a flow fails in a way no form can show. */
export function ErrorPage() {
  const [params] = useSearchParams()
  const id = params.get('id')
  const query = useQuery({
    queryKey: ['kratos-error', id],
    queryFn: ({ signal }) => fetchFlowError(id ?? '', signal),
    enabled: id !== null,
    staleTime: Infinity,
    retry: false,
  })

  if (id !== null && query.isPending) return <AuthCardSkeleton label="Loading the error" />
  if (query.isError) return <ErrorState error={query.error} title="Could not load the error details" />

  const error = query.data?.error
  const heading = error?.status ?? (error?.code ? `Error ${error.code}` : 'Something went wrong')
  const detail =
    error?.reason ?? error?.message ?? 'The sign-in service could not finish this request. Start again from the sign-in page.'

  return (
    <AuthCard title="Something went wrong" description="The sign-in service stopped this request.">
      <div
        role="alert"
        data-testid="auth-error"
        data-code={error?.code}
        className="flex flex-col items-center gap-3 rounded-lg border border-dashed px-4 py-6 text-center"
      >
        <div className="flex size-10 items-center justify-center rounded-full bg-muted">
          <TriangleAlertIcon className="size-5 text-muted-foreground" />
        </div>
        <p className="font-medium">{heading}</p>
        <p className="text-sm break-words text-muted-foreground">{detail}</p>
        {error?.message && error.reason ? <p className="text-xs text-muted-foreground">{error.message}</p> : null}
      </div>
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button asChild className="flex-1">
          <Link to="/login">Back to sign in</Link>
        </Button>
        <Button asChild variant="outline" className="flex-1">
          <Link to="/">Dashboard</Link>
        </Button>
      </div>
    </AuthCard>
  )
}
