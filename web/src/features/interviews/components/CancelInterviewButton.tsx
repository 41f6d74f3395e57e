import { LoaderCircleIcon, XCircleIcon } from 'lucide-react'
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

import type { Interview } from '../schema'
import { useCancelInterview } from '../useInterviews'

/** "Cancel interview" with a confirmation dialog (DELETE keeps the interview, marked cancelled). */
export function CancelInterviewButton({ interview }: { interview: Interview }) {
  const [open, setOpen] = useState(false)
  const cancel = useCancelInterview(interview.id)

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" data-testid="interview-cancel">
          <XCircleIcon />
          Cancel interview
        </Button>
      </DialogTrigger>
      <DialogContent data-testid="confirm-dialog">
        <DialogHeader>
          <DialogTitle>Cancel “{interview.title}”?</DialogTitle>
          <DialogDescription>
            Everyone on it gets a cancellation email and notification. The interview stays in the history, marked
            cancelled; this cannot be undone.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost" data-testid="confirm-no">
              Keep it
            </Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={cancel.isPending}
            data-testid="confirm-yes"
            onClick={() => {
              cancel.mutate(undefined, {
                onSuccess: () => {
                  setOpen(false)
                },
              })
            }}
          >
            {cancel.isPending ? <LoaderCircleIcon className="animate-spin" /> : null}
            Cancel interview
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
