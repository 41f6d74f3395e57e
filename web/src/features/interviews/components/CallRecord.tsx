import { MessageSquareIcon, UsersIcon } from 'lucide-react'

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { useAttendance, useChatHistory } from '@/features/room/api'
import { ChatMessageList } from '@/features/room/components/ChatMessageList'
import { callRoleSchema, callRoleLabels } from '@/features/room/schema'

import type { Interview } from '../schema'
import { formatStay } from '../time'

function roleLabel(role: string): string {
  const parsed = callRoleSchema.safeParse(role)
  return parsed.success ? callRoleLabels[parsed.data] : role
}

/**
 * What the call kept: who joined and left, and the chat. Shown once there is something to show; a refused read
 * (the server decides who may see them) shows nothing.
 */
export function CallRecord({ interview, myId }: { interview: Interview; myId: string }) {
  const attendance = useAttendance(interview.id)
  const chat = useChatHistory(interview.id)
  const entries = attendance.data ?? []
  const messages = chat.data ?? []
  const callHappened = Boolean(interview.callStartedAt) || entries.length > 0

  return (
    <>
      {entries.length > 0 ? (
        <Card data-testid="attendance">
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <UsersIcon className="size-4" aria-hidden="true" />
              Attendance
            </CardTitle>
            <CardDescription>Who joined the call, and when they left it (your time zone).</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="divide-y">
              {entries.map((entry, i) => (
                <li
                  key={`${entry.userId}-${entry.joinedAt}-${String(i)}`}
                  className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2 text-sm first:pt-0 last:pb-0"
                  data-testid="attendance-row"
                  data-user-id={entry.userId}
                  data-present={entry.leftAt === null}
                >
                  <span className="min-w-0">
                    <span className="font-medium">{entry.name || 'Someone'}</span>
                    {entry.role ? <span className="text-muted-foreground"> · {roleLabel(entry.role)}</span> : null}
                  </span>
                  <span className="text-muted-foreground tabular-nums">
                    {formatStay(entry.joinedAt, entry.leftAt)}
                  </span>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
      {messages.length > 0 || (callHappened && chat.isSuccess) ? (
        <Card data-testid="chat-history">
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <MessageSquareIcon className="size-4" aria-hidden="true" />
              Chat from the call
            </CardTitle>
          </CardHeader>
          <CardContent>
            {messages.length > 0 ? (
              <ChatMessageList messages={messages} myId={myId} testId="chat-history-message" />
            ) : (
              <p className="text-sm text-muted-foreground">
                {interview.status === 'live' ? 'No messages yet.' : 'Nothing was written in the chat.'}
              </p>
            )}
          </CardContent>
        </Card>
      ) : null}
    </>
  )
}
