import type { ReactNode } from 'react'
import { Link, Outlet } from 'react-router'

import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { Logo } from '@/features/shell/Logo'
import { ThemeToggle } from '@/features/theme/ThemeToggle'

/** The signed-out pages' frame: logo and theme toggle on top, one centered card. */
export function AuthLayout() {
  return (
    <div className="flex min-h-dvh flex-col bg-subtle">
      <header className="mx-auto flex h-14 w-full max-w-6xl items-center justify-between px-4 sm:px-6">
        <Logo />
        <ThemeToggle />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-4 pb-16 sm:items-center sm:pt-0">
        <div className="w-full max-w-sm">
          <Outlet />
        </div>
      </main>
    </div>
  )
}

export function AuthCard({
  title,
  description,
  children,
  footer,
}: {
  title: string
  description?: ReactNode
  children: ReactNode
  footer?: ReactNode
}) {
  return (
    <Card className="gap-6 py-6 shadow-sm sm:py-8">
      <CardHeader className="gap-2 px-6 text-center sm:px-8">
        <CardTitle className="text-xl tracking-tight">
          <h1>{title}</h1>
        </CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="space-y-5 px-6 sm:px-8">{children}</CardContent>
      {footer ? (
        <CardFooter className="justify-center border-t px-6 pt-5 text-sm text-muted-foreground sm:px-8 [.border-t]:pt-5">
          <div className="flex flex-wrap items-center justify-center gap-x-1.5 gap-y-1 text-center">{footer}</div>
        </CardFooter>
      ) : null}
    </Card>
  )
}

/** The card's shape while a flow loads or the browser is on its way to Kratos. */
export function AuthCardSkeleton({ label }: { label: string }) {
  return (
    <Card className="gap-6 py-6 shadow-sm sm:py-8" role="status" aria-busy="true" aria-label={label} data-testid="auth-loading">
      <CardHeader className="items-center gap-2 px-6 sm:px-8">
        <Skeleton className="mx-auto h-6 w-40" />
        <Skeleton className="mx-auto h-4 w-56" />
      </CardHeader>
      <CardContent className="space-y-4 px-6 sm:px-8">
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-full" />
        <Skeleton className="h-9 w-full" />
      </CardContent>
    </Card>
  )
}

export function AuthLink({ to, children, testId }: { to: string; children: ReactNode; testId?: string }) {
  return (
    <Link
      to={to}
      data-testid={testId}
      className="font-medium text-foreground underline-offset-4 outline-none hover:underline focus-visible:underline"
    >
      {children}
    </Link>
  )
}

