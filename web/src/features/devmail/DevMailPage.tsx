import { ArrowLeftIcon, MailIcon, RotateCwIcon } from 'lucide-react'
import { Link, useParams } from 'react-router'
import { toast } from 'sonner'

import { EmptyState } from '@/components/EmptyState'
import { ErrorState } from '@/components/ErrorState'
import { PageHeader } from '@/components/PageHeader'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { useConfig } from '@/features/config/useConfig'
import { cn } from '@/lib/utils'

import { MailList } from './MailList'
import { MessageView } from './MessageView'
import { MAIL_POLL_MS, useMailList } from './useMail'

export function DevMailPage() {
  const { id } = useParams()
  const config = useConfig()
  const enabled = config.data?.features?.devInbox === true
  const list = useMailList(enabled)

  const refresh = async () => {
    const result = await list.refetch()
    if (result.isError) toast.error('Could not refresh the inbox', { description: result.error.message })
  }

  const header = (
    <PageHeader
      title="Dev inbox"
      description={`Mail sent by this development server, caught before it leaves the machine. Checked every ${MAIL_POLL_MS / 1000} seconds.`}
      actions={
        enabled ? (
          <Button variant="outline" size="sm" onClick={() => void refresh()} data-testid="mail-refresh">
            <RotateCwIcon className={list.isFetching ? 'animate-spin' : undefined} />
            Refresh
          </Button>
        ) : null
      }
    />
  )

  if (config.isError) {
    return (
      <div className="space-y-6">
        {header}
        <ErrorState error={config.error} onRetry={() => void config.refetch()} retrying={config.isFetching} />
      </div>
    )
  }
  if (config.data && !enabled) {
    return (
      <div className="space-y-6">
        {header}
        <EmptyState icon={MailIcon} title="The dev inbox is off">
          It exists only when the server runs with <code className="font-mono">interviewprep dev</code>.
        </EmptyState>
      </div>
    )
  }

  let listPane
  if (list.data) listPane = <MailList messages={list.data.messages} selectedId={id} />
  else if (list.isError)
    listPane = (
      <div className="p-3">
        <ErrorState error={list.error} title="Cannot reach the inbox" onRetry={() => void refresh()} />
      </div>
    )
  else
    listPane = (
      <div className="space-y-3 p-4" aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-14 w-full" />
        ))}
      </div>
    )

  return (
    <div className="flex flex-col gap-6">
      {header}
      <div className="grid h-[calc(100dvh-14rem)] min-h-[28rem] overflow-hidden rounded-xl border bg-card md:grid-cols-[20rem_1fr]">
        <aside className={cn('min-h-0 overflow-y-auto md:border-r', id !== undefined && 'hidden md:block')}>
          {list.data?.total !== undefined ? (
            <p className="border-b px-4 py-2 text-xs text-muted-foreground">
              {list.data.total} message{list.data.total === 1 ? '' : 's'}
            </p>
          ) : null}
          {listPane}
        </aside>
        <section className={cn('min-h-0 min-w-0 flex-col', id === undefined ? 'hidden md:flex' : 'flex')}>
          {id !== undefined ? (
            <>
              <div className="border-b px-3 py-2 md:hidden">
                <Button asChild variant="ghost" size="sm">
                  <Link to="/dev/mail">
                    <ArrowLeftIcon />
                    All messages
                  </Link>
                </Button>
              </div>
              <MessageView key={id} id={id} />
            </>
          ) : (
            <div className="flex h-full flex-col items-center justify-center gap-2 text-sm text-muted-foreground">
              <MailIcon className="size-6" />
              Select a message to read it.
            </div>
          )}
        </section>
      </div>
    </div>
  )
}
