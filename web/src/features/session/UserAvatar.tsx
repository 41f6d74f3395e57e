import { Avatar } from '@/components/ui/avatar'

import { initials } from './present'
import type { User } from './schema'

export function UserAvatar({ user, className }: { user: Pick<User, 'name' | 'email' | 'avatarUrl'>; className?: string }) {
  return <Avatar src={user.avatarUrl} fallback={initials(user)} className={className} />
}
