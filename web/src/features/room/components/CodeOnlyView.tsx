import { ArrowLeftIcon, VideoIcon } from 'lucide-react'
import { Link } from 'react-router'

import { Button } from '@/components/ui/button'
import type { Interview } from '@/features/interviews/schema'
import type { User } from '@/features/session/schema'
import { Logo } from '@/features/shell/Logo'
import { ThemeToggle } from '@/features/theme/ThemeToggle'
import { Workspace } from '@/features/workspace/Workspace'

import { interviewPath } from '../opening'

/**
 * The code, problem and notes without the call: before joining, for admins reviewing, and for a past interview
 * (then read-only, as it ended).
 */
export function CodeOnlyView({ interview, me, onJoinCall }: { interview: Interview; me: User; onJoinCall: () => void }) {
  const ended = interview.status === 'completed' || interview.status === 'cancelled'
  return (
    <div className="flex h-dvh flex-col overflow-hidden bg-background" data-testid="code-only">
      <header className="flex h-12 shrink-0 items-center gap-2 border-b px-3">
        <Logo />
        <h1 className="min-w-0 flex-1 truncate text-sm font-semibold">{interview.title}</h1>
        <Link
          to={interviewPath(interview.id)}
          aria-label="Back to the interview"
          className="flex items-center gap-1.5 rounded-md px-2 py-1 text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <ArrowLeftIcon className="size-4" aria-hidden="true" />
          <span className="hidden sm:inline">Interview</span>
        </Link>
        {interview.status !== 'cancelled' ? (
          <Button size="sm" variant="outline" onClick={onJoinCall} data-testid="code-only-join" aria-label={ended ? 'Open the call' : 'Join the call'}>
            <VideoIcon />
            <span className="hidden sm:inline">{ended ? 'Call' : 'Join the call'}</span>
          </Button>
        ) : null}
        <ThemeToggle />
      </header>
      <main className="flex min-h-0 flex-1">
        <Workspace interview={interview} me={me} ended={ended} />
      </main>
    </div>
  )
}
