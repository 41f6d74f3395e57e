import { LoaderCircleIcon, SendIcon, XIcon } from 'lucide-react'
import { memo, useEffect, useId, useRef, useState } from 'react'

import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'

import { useSendChat } from '../api'
import type { ChatMessage } from '../schema'
import { ChatMessageList } from './ChatMessageList'
import { SidePanel } from './SidePanel'

export const CHAT_MAX_LENGTH = 2000

export interface ChatPanelProps {
  interviewId: string
  myId: string
  messages: readonly ChatMessage[]
  loading: boolean
  open: boolean
  onClose: () => void
}

/**
 * The call's chat. It stays mounted while closed (hidden), so a half-written message survives closing the panel.
 * Messages go out through the POST; the answer and the data channel both land in the same cached list.
 */
export const ChatPanel = memo(function ChatPanel({ interviewId, myId, messages, loading, open, onClose }: ChatPanelProps) {
  const send = useSendChat(interviewId)
  const [text, setText] = useState('')
  const inputId = useId()
  const listRef = useRef<HTMLDivElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)

  const count = messages.length
  useEffect(() => {
    const list = listRef.current
    if (open && list) list.scrollTop = list.scrollHeight
  }, [count, open])
  useEffect(() => {
    if (open) inputRef.current?.focus()
  }, [open])

  const trimmed = text.trim()
  return (
    <SidePanel open={open} title="Chat" testId="chat-panel" onClose={onClose} closeLabel="Close chat" CloseIcon={XIcon}>
      <div
        ref={listRef}
        className="min-h-0 flex-1 overflow-y-auto px-4 py-3 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        role="log"
        aria-label="Messages"
        tabIndex={0}
      >
        {messages.length > 0 ? (
          <ChatMessageList messages={messages} myId={myId} testId="chat-message" />
        ) : (
          <p className="py-6 text-center text-sm text-muted-foreground">
            {loading ? 'Loading the chat…' : 'No messages yet. The chat is kept with the interview.'}
          </p>
        )}
      </div>
      <form
        className="space-y-2 border-t p-3"
        onSubmit={(event) => {
          event.preventDefault()
          if (!trimmed || send.isPending) return
          send.mutate(trimmed, {
            onSuccess: () => {
              setText('')
            },
          })
        }}
      >
        {send.isError ? (
          <p className="text-xs text-destructive" role="alert" data-testid="chat-error">
            Not sent: {send.error.message}
          </p>
        ) : null}
        <label htmlFor={inputId} className="sr-only">
          Message
        </label>
        <div className="flex gap-2">
          <Input
            ref={inputRef}
            id={inputId}
            data-testid="chat-input"
            value={text}
            maxLength={CHAT_MAX_LENGTH}
            autoComplete="off"
            placeholder="Message everyone"
            onChange={(event) => {
              setText(event.target.value)
            }}
          />
          <Button type="submit" data-testid="chat-send" disabled={!trimmed || send.isPending}>
            {send.isPending ? <LoaderCircleIcon className="animate-spin" /> : <SendIcon />}
            Send
          </Button>
        </div>
      </form>
    </SidePanel>
  )
})
