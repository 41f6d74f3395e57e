import { Outlet } from 'react-router'

import { Badge } from '@/components/ui/badge'
import { useConfig } from '@/features/config/useConfig'
import { useLiveUpdates } from '@/features/live/useLiveUpdates'
import { NotificationsBell } from '@/features/notifications/NotificationsBell'
import { SessionControls } from '@/features/session/UserMenu'
import { useMe } from '@/features/session/useMe'
import { ThemeToggle } from '@/features/theme/ThemeToggle'

import { Logo } from './Logo'
import { MobileNav } from './MobileNav'
import { NavLinks } from './NavLinks'
import { useNavItems } from './useNavItems'

export function AppShell() {
  const items = useNavItems()
  const config = useConfig()
  const me = useMe()
  const signedIn = Boolean(me.data)
  // One live-update stream per signed-in tab.
  useLiveUpdates(signedIn)

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-40 border-b bg-background/80 backdrop-blur supports-[backdrop-filter]:bg-background/70">
        <div className="mx-auto flex h-14 w-full max-w-6xl items-center gap-2 px-4 sm:px-6">
          <MobileNav items={items} />
          <Logo />
          <nav className="ml-6 hidden items-center gap-1 md:flex" aria-label="Main">
            <NavLinks items={items} orientation="horizontal" />
          </nav>
          <div className="ml-auto flex items-center gap-2">
            {config.data?.mode === 'dev' ? (
              <Badge variant="warning" className="hidden sm:inline-flex">
                dev mode
              </Badge>
            ) : null}
            <ThemeToggle />
            {signedIn ? <NotificationsBell /> : null}
            <SessionControls />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
        <Outlet />
      </main>
      <footer className="border-t">
        <div className="mx-auto flex h-12 w-full max-w-6xl items-center justify-between px-4 text-xs text-muted-foreground sm:px-6">
          <span>Interview-Prep</span>
          {config.data ? <span>v{config.data.version}</span> : null}
        </div>
      </footer>
    </div>
  )
}
