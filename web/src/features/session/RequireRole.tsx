import { ArrowLeftIcon, ShieldAlertIcon } from 'lucide-react'
import type { ReactNode } from 'react'
import { Link, Outlet } from 'react-router'

import { Button } from '@/components/ui/button'

import { roleLabels } from './present'
import type { Role } from './schema'
import { useMe } from './useMe'

/** Inside RequireAuth: renders its children only for the listed roles, a 403 message for anyone else. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children?: ReactNode }) {
  const me = useMe()
  if (!me.data) return null
  if (roles.includes(me.data.role)) return children ?? <Outlet />

  const needed = roles.map((role) => roleLabels[role].toLowerCase()).join(' or ')
  return (
    <div className="flex flex-col items-center gap-4 py-20 text-center" data-testid="forbidden">
      <div className="flex size-11 items-center justify-center rounded-full bg-muted">
        <ShieldAlertIcon className="size-5 text-muted-foreground" />
      </div>
      <p className="font-mono text-sm text-muted-foreground">403</p>
      <h1 className="text-2xl font-semibold tracking-tight">You don't have access to this page</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        It is for users with the {needed} role. You are signed in as {roleLabels[me.data.role].toLowerCase()}; ask an
        admin if you need more access.
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
