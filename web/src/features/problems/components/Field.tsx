import type { ComponentProps, ReactNode } from 'react'

import { Label } from '@/components/ui/label'
import { cn } from '@/lib/utils'

import { fieldErrorId, sentence } from '../form'

/** A labelled form field with its hint and its error (`field-<name>`, `field-error-<name>`). */
export function Field({
  name,
  label,
  htmlFor,
  hint,
  error,
  className,
  children,
}: {
  name: string
  label: ReactNode
  htmlFor?: string
  hint?: ReactNode
  error?: string
  className?: string
  children: ReactNode
}) {
  return (
    <div className={cn('space-y-2', className)} data-testid={`field-${name}`} data-invalid={error ? true : undefined}>
      <Label htmlFor={htmlFor}>{label}</Label>
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

/** A plain textarea styled like the ui Input; `code` makes it monospace and keeps tabs and long lines. */
export function TextArea({ code = false, className, ...props }: ComponentProps<'textarea'> & { code?: boolean }) {
  return (
    <textarea
      spellCheck={code ? false : undefined}
      autoCapitalize={code ? 'off' : undefined}
      autoCorrect={code ? 'off' : undefined}
      wrap={code ? 'off' : undefined}
      className={cn(
        'flex min-h-20 w-full rounded-md border border-input bg-transparent px-3 py-2 text-base shadow-xs transition-[color,box-shadow] outline-none placeholder:text-muted-foreground md:text-sm dark:bg-input/30',
        'focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50',
        'aria-invalid:border-destructive aria-invalid:ring-destructive/20 dark:aria-invalid:ring-destructive/40',
        code && 'font-mono text-xs leading-relaxed md:text-xs [tab-size:4]',
        className,
      )}
      {...props}
    />
  )
}
