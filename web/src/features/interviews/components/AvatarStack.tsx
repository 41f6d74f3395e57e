import { displayName } from '@/features/session/present'
import { UserAvatar } from '@/features/session/UserAvatar'
import { cn } from '@/lib/utils'

import type { Person } from '../schema'

/** Overlapping avatars, each with the person's name as a tooltip; "+n" past `max`. */
export function AvatarStack({ people, max = 4, className }: { people: Person[]; max?: number; className?: string }) {
  const shown = people.slice(0, max)
  const rest = people.length - shown.length
  return (
    // An image of the people, named by their names: a plain div may not carry a name (aria-prohibited-attr).
    <div className={cn('flex items-center -space-x-1.5', className)} role="img" aria-label={people.map((p) => displayName(p)).join(', ')}>
      {shown.map((person) => (
        <span key={person.id} title={displayName(person)} className="rounded-full ring-2 ring-card">
          <UserAvatar user={person} className="size-7" />
        </span>
      ))}
      {rest > 0 ? (
        <span className="flex size-7 items-center justify-center rounded-full bg-muted text-xs font-medium ring-2 ring-card">
          +{rest}
        </span>
      ) : null}
    </div>
  )
}
