import { LoaderCircleIcon, PhoneOffIcon } from 'lucide-react'
import { useState } from 'react'

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

import { useEndCall } from '../api'
import { ControlButton } from './ControlButton'

/** Owner and admin: end the call for everyone, after a confirmation. */
export function EndCallButton({ interviewId, onEnded }: { interviewId: string; onEnded: () => void }) {
  const [open, setOpen] = useState(false)
  const end = useEndCall(interviewId)
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next)
        if (!next) end.reset()
      }}
    >
      <DialogTrigger asChild>
        <ControlButton data-testid="end-call" Icon={PhoneOffIcon} label="End call" tone="danger-outline" alwaysLabelled />
      </DialogTrigger>
      <DialogContent data-testid="end-call-dialog">
        <DialogHeader>
          <DialogTitle>End the call for everyone?</DialogTitle>
          <DialogDescription>
            Everyone leaves the call and goes back to the interview page. The chat is kept with the interview.
          </DialogDescription>
        </DialogHeader>
        {end.isError ? (
          <p className="text-sm text-destructive" role="alert">
            {end.error.message}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost">Keep the call going</Button>
          </DialogClose>
          <Button
            variant="destructive"
            className="bg-red-600 hover:bg-red-700"
            data-testid="end-call-confirm"
            disabled={end.isPending}
            onClick={() => {
              end.mutate(undefined, {
                onSuccess: () => {
                  setOpen(false)
                  onEnded()
                },
              })
            }}
          >
            {end.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
            End call for everyone
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
