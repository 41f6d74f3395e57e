import { PhoneOffIcon } from 'lucide-react'
import { useState } from 'react'

import { ConfirmDialog } from '@/components/ConfirmDialog'

import { useEndCall } from '../api'
import { ControlButton } from './ControlButton'

/** Owner and admin: end the call for everyone, after a confirmation. */
export function EndCallButton({ interviewId, onEnded }: { interviewId: string; onEnded: () => void }) {
  const [open, setOpen] = useState(false)
  const end = useEndCall(interviewId)
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next)
        if (!next) end.reset()
      }}
      trigger={<ControlButton data-testid="end-call" Icon={PhoneOffIcon} label="End call" tone="danger-outline" alwaysLabelled />}
      title="End the call for everyone?"
      description="Everyone leaves the call and goes back to the interview page. The chat is kept with the interview."
      cancelLabel="Keep the call going"
      confirmLabel="End call for everyone"
      destructive
      pending={end.isPending}
      error={end.isError ? end.error.message : null}
      testId="end-call-dialog"
      confirmTestId="end-call-confirm"
      onConfirm={() => {
        end.mutate(undefined, {
          onSuccess: () => {
            setOpen(false)
            onEnded()
          },
        })
      }}
    />
  )
}
