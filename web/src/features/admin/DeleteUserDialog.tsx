import { Trash2Icon } from 'lucide-react'
import { useId, useState } from 'react'

import { ConfirmDialog } from '@/components/ConfirmDialog'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { displayName } from '@/features/session/present'
import type { User } from '@/features/session/schema'

import { useDeleteUser } from './useUsers'

/** The email typed to confirm matches the user's (case and surrounding spaces aside, as the server compares emails). */
function confirms(typed: string, email: string): boolean {
  return typed.trim().toLowerCase() === email.trim().toLowerCase()
}

/** "Delete user" for one row: a confirmation that says what is erased and asks for the user's email. Not for yourself. */
export function DeleteUserDialog({ user, isMe }: { user: User; isMe: boolean }) {
  const [open, setOpen] = useState(false)
  const [typed, setTyped] = useState('')
  const del = useDeleteUser()
  const inputId = useId()
  const name = displayName(user)
  const ok = confirms(typed, user.email)
  const confirm = () => {
    if (ok && !del.isPending) del.mutate({ user }, { onSuccess: () => { setOpen(false) } })
  }

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        if (next) setTyped('') // each opening starts with an empty confirmation
        setOpen(next)
      }}
      title={`Delete ${name}?`}
      description="This erases their personal data everywhere it is stored. It cannot be undone."
      confirmLabel="Delete user"
      onConfirm={confirm}
      pending={del.isPending}
      confirmDisabled={!ok}
      destructive
      testId="delete-user-dialog"
      confirmTestId="delete-user-submit"
      trigger={
        <Button
          variant="ghost"
          size="icon"
          disabled={isMe}
          aria-label={isMe ? 'You cannot delete yourself' : `Delete ${name}`}
          title={isMe ? 'You cannot delete yourself' : `Delete ${name}`}
          data-testid="delete-user-button"
        >
          <Trash2Icon />
        </Button>
      }
    >
      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="delete-user-what">
        <li>Their account and sign-in; they are signed out everywhere at once.</li>
        <li>
          Interviews where they are the candidate, whole: outcome, comments, notes, code, chat, attendance, runs and
          recordings. Their calls end.
        </li>
        <li>On other interviews they are removed; the comments and chat messages they wrote stay, shown as “Deleted user”.</li>
        <li>A record that the deletion happened is kept, without their name or email.</li>
      </ul>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault()
          confirm()
        }}
      >
        <Label htmlFor={inputId} className="block">
          Type their email to confirm: <span className="font-mono font-semibold break-all">{user.email}</span>
        </Label>
        <Input
          id={inputId}
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value)
          }}
          autoComplete="off"
          spellCheck={false}
          data-testid="delete-user-confirm"
        />
      </form>
    </ConfirmDialog>
  )
}
