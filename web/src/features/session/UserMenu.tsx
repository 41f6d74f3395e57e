import { LogOutIcon, SettingsIcon, UsersIcon } from 'lucide-react'
import { Link, useLocation } from 'react-router'

import { Button } from '@/components/ui/button'
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu'
import { Skeleton } from '@/components/ui/skeleton'
import { browser } from '@/lib/browser'

import { displayName } from './present'
import { RoleBadge } from './RoleBadge'
import type { User } from './schema'
import { UserAvatar } from './UserAvatar'
import { useMe } from './useMe'
import { useSignOut } from './useSignOut'

/** The header's account corner: the user menu when signed in, Sign in / Sign up when not. */
export function SessionControls() {
  const me = useMe()
  const location = useLocation()

  if (me.data) return <UserMenu user={me.data} />
  if (me.data === null) {
    const here = location.pathname + location.search
    const returnTo = here === '/' ? '' : `?return_to=${encodeURIComponent(browser.origin() + here)}`
    return (
      <div className="flex items-center gap-1.5">
        <Button asChild variant="ghost" size="sm">
          <Link to={`/login${returnTo}`} data-testid="signin-link">
            Sign in
          </Link>
        </Button>
        <Button asChild size="sm">
          <Link to="/registration" data-testid="signup-link">
            Sign up
          </Link>
        </Button>
      </div>
    )
  }
  // Loading, or /api/me failed: keep the corner's size without claiming either state.
  return <Skeleton className="size-8 rounded-full" />
}

export function UserMenu({ user }: { user: User }) {
  const signOut = useSignOut()
  const name = displayName(user)

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        {/* Named by what it shows (the initials, when there is no picture) followed by whose account it is, so the
            name contains the visible label (WCAG 2.5.3); an aria-label of its own would replace the initials. */}
        <Button variant="ghost" size="icon" className="rounded-full" data-testid="user-menu">
          <UserAvatar user={user} /> <span className="sr-only">Account: {name}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <div className="flex items-center gap-3 px-2 py-2">
          <UserAvatar user={user} className="size-9" />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium" data-testid="user-menu-name">
              {name}
            </p>
            <p className="truncate text-xs text-muted-foreground" data-testid="user-menu-email">
              {user.email}
            </p>
          </div>
        </div>
        <div className="px-2 pb-2">
          <RoleBadge role={user.role} />
        </div>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link to="/settings" data-testid="user-menu-settings">
            <SettingsIcon />
            Settings
          </Link>
        </DropdownMenuItem>
        {user.role === 'admin' ? (
          <>
            <DropdownMenuLabel>Admin</DropdownMenuLabel>
            <DropdownMenuItem asChild>
              <Link to="/admin/users" data-testid="user-menu-admin">
                <UsersIcon />
                Users
              </Link>
            </DropdownMenuItem>
          </>
        ) : null}
        <DropdownMenuSeparator />
        <DropdownMenuItem
          data-testid="user-menu-signout"
          disabled={signOut.isPending}
          onSelect={() => {
            signOut.mutate()
          }}
        >
          <LogOutIcon />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  )
}
