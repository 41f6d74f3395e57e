import { XCircleIcon } from 'lucide-react'
import { useState } from 'react'

import { ConfirmDialog } from '@/components/ConfirmDialog'
import { Button } from '@/components/ui/button'

import type { Interview } from '../schema'
import { useCancelInterview } from '../useInterviews'

/** "Cancel interview" with a confirmation dialog (DELETE keeps the interview, marked cancelled). */
export function CancelInterviewButton({ interview }: { interview: Interview }) {
  const [open, setOpen] = useState(false)
  const cancel = useCancelInterview(interview.id)

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="outline" size="sm" data-testid="interview-cancel">
          <XCircleIcon />
          Cancel interview
        </Button>
      }
      title={`Cancel “${interview.title}”?`}
      description="Everyone on it gets a cancellation email and notification. The interview stays in the history, marked cancelled; this cannot be undone."
      cancelLabel="Keep it"
      confirmLabel="Cancel interview"
      destructive
      pending={cancel.isPending}
      testId="confirm-dialog"
      confirmTestId="confirm-yes"
      cancelTestId="confirm-no"
      onConfirm={() => {
        cancel.mutate(undefined, {
          onSuccess: () => {
            setOpen(false)
          },
        })
      }}
    />
  )
}
