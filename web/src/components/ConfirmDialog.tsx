import { LoaderCircleIcon } from 'lucide-react'
import type { ReactNode } from 'react'

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

export interface ConfirmDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  description: ReactNode
  confirmLabel: string
  cancelLabel?: string
  onConfirm: () => void
  pending?: boolean
  /** The confirm button waits for this to be false (e.g. until the user typed what confirms it). */
  confirmDisabled?: boolean
  error?: string | null
  destructive?: boolean
  /** The content's test id; the buttons get `<testId>-confirm` and `<testId>-cancel` unless named below. */
  testId?: string
  confirmTestId?: string
  cancelTestId?: string
  /** The button that opens it (focus returns there when it closes); omit when something else sets `open`. */
  trigger?: ReactNode
  children?: ReactNode
}

/** A yes/no question before something that changes things for everyone (controlled: the caller owns `open`). */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  pending = false,
  confirmDisabled = false,
  error = null,
  destructive = false,
  testId,
  confirmTestId = testId ? `${testId}-confirm` : undefined,
  cancelTestId = testId ? `${testId}-cancel` : undefined,
  trigger,
  children,
}: ConfirmDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent data-testid={testId}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children}
        {error ? (
          <p className="text-sm text-destructive" role="alert">
            {error}
          </p>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="ghost" data-testid={cancelTestId}>
              {cancelLabel}
            </Button>
          </DialogClose>
          <Button
            variant={destructive ? 'destructive' : 'default'}
            data-testid={confirmTestId}
            disabled={pending || confirmDisabled}
            onClick={onConfirm}
          >
            {pending ? <LoaderCircleIcon className="animate-spin" /> : null}
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
