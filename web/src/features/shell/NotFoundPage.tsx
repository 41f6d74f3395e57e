import { ArrowLeftIcon } from 'lucide-react'
import { Link, useLocation } from 'react-router'

import { Button } from '@/components/ui/button'

export function NotFoundPage() {
  const { pathname } = useLocation()
  return (
    <div className="flex flex-col items-center gap-4 py-20 text-center" data-testid="not-found">
      <p className="font-mono text-sm text-muted-foreground">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        Nothing lives at <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{pathname}</code>.
      </p>
      <Button asChild variant="outline">
        <Link to="/">
          <ArrowLeftIcon />
          Back to the dashboard
        </Link>
      </Button>
    </div>
  )
}
