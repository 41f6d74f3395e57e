import { LoaderCircleIcon, Trash2Icon } from 'lucide-react'
import { useId, useState } from 'react'

import { Button } from '@/components/ui/button'
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog'
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
  const name = displayName(user)

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
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
      </DialogTrigger>
      <DialogContent data-testid="delete-user-dialog">
        <DialogHeader>
          <DialogTitle>Delete {name}?</DialogTitle>
          <DialogDescription>This erases their personal data everywhere it is stored. It cannot be undone.</DialogDescription>
        </DialogHeader>
        {/* Mounted only while open, so each opening starts with an empty confirmation. */}
        {open ? (
          <DeleteForm
            user={user}
            onDone={() => {
              setOpen(false)
            }}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  )
}

function DeleteForm({ user, onDone }: { user: User; onDone: () => void }) {
  const del = useDeleteUser()
  const [typed, setTyped] = useState('')
  const inputId = useId()
  const ok = confirms(typed, user.email)

  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault()
        if (ok && !del.isPending) del.mutate({ user }, { onSuccess: onDone })
      }}
    >
      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="delete-user-what">
        <li>Their account and sign-in; they are signed out everywhere at once.</li>
        <li>
          Interviews where they are the candidate, whole: outcome, comments, notes, code, chat, attendance, runs and
          recordings.
        </li>
        <li>On other interviews they are removed; the comments and chat messages they wrote stay, shown as “Deleted user”.</li>
        <li>A record that the deletion happened is kept, without their name or email.</li>
      </ul>
      <div className="space-y-2">
        <Label htmlFor={inputId}>
          Type <span className="font-mono font-semibold break-all">{user.email}</span> to confirm
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
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline">
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="destructive" disabled={!ok || del.isPending} data-testid="delete-user-submit">
          {del.isPending ? <LoaderCircleIcon className="animate-spin" aria-hidden /> : <Trash2Icon aria-hidden />}
          Delete user
        </Button>
      </DialogFooter>
    </form>
  )
}
