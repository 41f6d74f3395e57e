import { LoaderCircleIcon } from 'lucide-react'

import { Badge } from '@/components/ui/badge'
import { NativeSelect } from '@/components/ui/native-select'
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table'
import { displayName, roleLabels } from '@/features/session/present'
import { isRole, ROLES, type User } from '@/features/session/schema'
import { UserAvatar } from '@/features/session/UserAvatar'
import { cn } from '@/lib/utils'

import { DeleteUserDialog } from './DeleteUserDialog'
import { useSetRole } from './useUsers'

/** A table on wider screens; each row becomes a card on a phone (same DOM, so test ids stay unique). */
export function UsersTable({ users, meId, stale }: { users: User[]; meId?: string; stale: boolean }) {
  return (
    <div className={cn('transition-opacity md:rounded-xl md:border md:bg-card', stale && 'opacity-60')}>
      <Table className="max-md:block">
        <TableHeader className="max-md:hidden">
          <TableRow className="hover:bg-transparent">
            <TableHead className="pl-4">User</TableHead>
            <TableHead>Email</TableHead>
            <TableHead className="w-60 pr-4">Role</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody className="max-md:flex max-md:flex-col max-md:gap-3 max-md:[&_tr:last-child]:border">
          {users.map((user) => (
            <UserRow key={user.id} user={user} isMe={user.id === meId} />
          ))}
        </TableBody>
      </Table>
    </div>
  )
}

function UserRow({ user, isMe }: { user: User; isMe: boolean }) {
  const setRole = useSetRole()
  const shownRole = setRole.isPending ? setRole.variables.role : user.role
  const name = displayName(user)

  return (
    <TableRow
      data-testid="admin-user-row"
      data-email={user.email}
      data-role={user.role}
      className="max-md:grid max-md:grid-cols-[1fr_auto] max-md:items-center max-md:gap-3 max-md:rounded-xl max-md:border max-md:bg-card max-md:p-4"
    >
      <TableCell className="pl-4 max-md:min-w-0 max-md:p-0">
        <div className="flex min-w-0 items-center gap-3">
          <UserAvatar user={user} />
          <div className="min-w-0">
            <p className="flex items-center gap-2 truncate font-medium">
              <span className="truncate">{name}</span>
              {isMe ? (
                <Badge variant="secondary" data-testid="admin-user-you">
                  you
                </Badge>
              ) : null}
            </p>
            <p className="truncate text-xs text-muted-foreground md:hidden">{user.email}</p>
          </div>
        </div>
      </TableCell>
      <TableCell className="text-muted-foreground max-md:hidden">{user.email}</TableCell>
      <TableCell className="pr-4 max-md:p-0">
        <div className="flex items-center gap-2">
          <NativeSelect
            value={shownRole}
            disabled={setRole.isPending}
            onChange={(event) => {
              const role = event.target.value
              if (isRole(role) && role !== user.role) setRole.mutate({ user, role })
            }}
            aria-label={`Role of ${name}`}
            wrapperClassName="w-36 md:w-full"
            data-testid="role-select"
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </NativeSelect>
          {setRole.isPending ? <LoaderCircleIcon className="size-4 shrink-0 animate-spin text-muted-foreground" aria-label="Saving" /> : null}
          <DeleteUserDialog user={user} isMe={isMe} />
        </div>
      </TableCell>
    </TableRow>
  )
}
