import type * as React from 'react'

import { cn } from '@/lib/utils'

/** A textarea; `code` makes it monospace and keeps tabs and long lines (starter code, test input). */
function Textarea({ className, code = false, ...props }: React.ComponentProps<'textarea'> & { code?: boolean }) {
  return (
    <textarea
      data-slot="textarea"
      spellCheck={code ? false : undefined}
      autoCapitalize={code ? 'off' : undefined}
      autoCorrect={code ? 'off' : undefined}
      wrap={code ? 'off' : undefined}
      className={cn(
        'flex field-sizing-content min-h-16 w-full rounded-md border border-input bg-transparent px-3 py-2 text-base shadow-xs transition-[color,box-shadow] outline-none placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50 md:text-sm dark:bg-input/30',
        'focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50',
        'aria-invalid:border-destructive aria-invalid:ring-destructive/20 dark:aria-invalid:ring-destructive/40',
        code && 'font-mono text-xs leading-relaxed md:text-xs [tab-size:4]',
        className,
      )}
      {...props}
    />
  )
}

export { Textarea }
