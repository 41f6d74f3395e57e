import { useState } from 'react'
import type * as React from 'react'

import { cn } from '@/lib/utils'

/** A round picture that falls back to `fallback` (initials) when there is no source or it fails to load. */
function Avatar({
  src,
  alt = '',
  fallback,
  className,
  ...props
}: Omit<React.ComponentProps<'span'>, 'children'> & { src?: string; alt?: string; fallback: React.ReactNode }) {
  const [failed, setFailed] = useState<string | null>(null)
  const showImage = src !== undefined && src !== '' && failed !== src

  return (
    <span
      data-slot="avatar"
      className={cn('relative flex size-8 shrink-0 overflow-hidden rounded-full bg-muted text-xs', className)}
      {...props}
    >
      {showImage ? (
        <img
          src={src}
          alt={alt}
          referrerPolicy="no-referrer"
          className="aspect-square size-full object-cover"
          onError={() => {
            setFailed(src)
          }}
        />
      ) : (
        <span className="flex size-full items-center justify-center font-medium text-muted-foreground select-none">
          {fallback}
        </span>
      )}
    </span>
  )
}

export { Avatar }
