import { ActivityIcon, ArrowRightIcon, CalendarDaysIcon, CodeXmlIcon, VideoIcon } from 'lucide-react'
import { Link } from 'react-router'

import { Badge } from '@/components/ui/badge'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { StatusBadge } from '@/features/status/StatusBadge'
import { useHealth } from '@/features/status/useHealth'

const planned = [
  {
    Icon: CalendarDaysIcon,
    title: 'Interviews & scheduling',
    text: 'Book interviews between interviewers and candidates, with reminders, calendar invites, notes and outcomes.',
  },
  {
    Icon: VideoIcon,
    title: 'Call room',
    text: 'A video call in the browser for each interview, with screen sharing and optional recording.',
  },
  {
    Icon: CodeXmlIcon,
    title: 'Collaborative editor',
    text: 'A shared code editor that candidate and interviewer type into live, with the session kept for replay.',
  },
]

export function DashboardPage() {
  const health = useHealth()

  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <h1 className="text-3xl font-semibold tracking-tight">Welcome to Interview-Prep</h1>
        <p className="max-w-2xl text-muted-foreground">
          A self-hostable platform for coding interviews: a video call, a live shared code editor and the scheduling
          around them, all running on your own server. This is an early build — the pieces below are on the way.
        </p>
      </section>

      <Link
        to="/status"
        className="group block rounded-xl outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        data-testid="dashboard-status-link"
      >
        <Card className="transition-colors group-hover:border-foreground/20">
          <CardHeader className="flex-row items-center gap-4">
            <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-muted">
              <ActivityIcon className="size-5" />
            </span>
            <div className="min-w-0 flex-1 space-y-1.5">
              <CardTitle className="flex items-center gap-2">
                System status
                {health.data ? <StatusBadge status={health.data.status} /> : null}
              </CardTitle>
              <CardDescription>
                {health.isError && !health.data
                  ? 'The server is not answering right now.'
                  : 'Check the database, identity, video and mail services this server depends on.'}
              </CardDescription>
            </div>
            <ArrowRightIcon className="size-4 shrink-0 text-muted-foreground transition-transform group-hover:translate-x-0.5" />
          </CardHeader>
        </Card>
      </Link>

      <section className="space-y-4">
        <h2 className="text-sm font-medium text-muted-foreground">Coming next</h2>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
          {planned.map(({ Icon, title, text }) => (
            <Card key={title}>
              <CardHeader>
                <div className="flex items-center justify-between">
                  <Icon className="size-5 text-muted-foreground" />
                  <Badge variant="secondary">Planned</Badge>
                </div>
              </CardHeader>
              <CardContent className="space-y-1.5">
                <CardTitle>{title}</CardTitle>
                <CardDescription>{text}</CardDescription>
              </CardContent>
            </Card>
          ))}
        </div>
      </section>
    </div>
  )
}
