import type { ReactNode } from 'react'

import { Label } from '@/components/ui/label'
import { fieldErrorId, sentence } from '@/lib/forms'
import { cn } from '@/lib/utils'

/** A labelled form field with its hint and its error (`field-<name>`, `field-error-<name>`). */
export function FormField({
  name,
  label,
  htmlFor,
  hint,
  error,
  optional = false,
  className,
  children,
}: {
  name: string
  label: ReactNode
  htmlFor?: string
  hint?: ReactNode
  error?: string
  optional?: boolean
  className?: string
  children: ReactNode
}) {
  return (
    <div className={cn('space-y-2', className)} data-testid={`field-${name}`} data-invalid={error ? true : undefined}>
      <Label htmlFor={htmlFor}>
        {label}
        {optional ? <span className="font-normal text-muted-foreground">(optional)</span> : null}
      </Label>
      {children}
      {error ? (
        <p id={fieldErrorId(name)} className="text-sm text-destructive" data-testid={`field-error-${name}`} role="alert">
          {sentence(error)}
        </p>
      ) : hint ? (
        <p className="text-xs text-muted-foreground">{hint}</p>
      ) : null}
    </div>
  )
}
