import { ChevronLeftIcon, ChevronRightIcon, SearchIcon, UsersIcon } from 'lucide-react'
import { useState } from 'react'

import { ErrorState } from '@/components/ErrorState'
import { PageHeader } from '@/components/PageHeader'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { NativeSelect } from '@/components/ui/native-select'
import { Skeleton } from '@/components/ui/skeleton'
import { roleLabels } from '@/features/session/present'
import { isRole, ROLES, type Role } from '@/features/session/schema'
import { useMe } from '@/features/session/useMe'
import { useDebouncedValue } from '@/hooks/useDebouncedValue'

import { UsersTable } from './UsersTable'
import { USERS_PAGE_SIZE, useUsers } from './useUsers'

export const SEARCH_DEBOUNCE_MS = 300

/** /admin/users: find users and set their role. Admins only (the route and the server both check). */
export function UsersPage() {
  const me = useMe()
  const [search, setSearch] = useState('')
  const [role, setRole] = useState<Role | ''>('')
  const [page, setPage] = useState(1)
  const q = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS)
  const users = useUsers({ q, role, page })

  const data = users.data
  const total = data?.total ?? 0
  const pageSize = data?.pageSize ?? USERS_PAGE_SIZE
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1
  const last = Math.min(total, page * pageSize)

  let body
  if (data) {
    body =
      data.users.length === 0 ? (
        <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed px-6 py-12 text-center" data-testid="admin-users-empty">
          <UsersIcon className="size-6 text-muted-foreground" />
          <p className="font-medium">No users found</p>
          <p className="text-sm text-muted-foreground">
            {q || role ? 'Nobody matches this search. Try another name, email or role.' : 'Nobody has signed up yet.'}
          </p>
        </div>
      ) : (
        <UsersTable users={data.users} meId={me.data?.id} stale={users.isPlaceholderData} />
      )
  } else if (users.isError) {
    body = <ErrorState error={users.error} onRetry={() => void users.refetch()} retrying={users.isFetching} />
  } else {
    body = (
      <div className="space-y-2" aria-busy="true" aria-label="Loading users">
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton key={i} className="h-14 w-full rounded-lg" />
        ))}
      </div>
    )
  }

  return (
    <div className="space-y-6">
      <PageHeader title="Users" description="Everyone who has signed up. Set who interviews, who is interviewed, and who administers." />

      <div className="flex flex-col gap-3 sm:flex-row">
        <div className="relative flex-1">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value)
              setPage(1)
            }}
            placeholder="Search by name or email"
            aria-label="Search users"
            className="pl-9"
            data-testid="admin-users-search"
          />
        </div>
        <NativeSelect
          value={role}
          onChange={(event) => {
            const value = event.target.value
            setRole(isRole(value) ? value : '')
            setPage(1)
          }}
          aria-label="Filter by role"
          wrapperClassName="sm:w-44"
          data-testid="admin-users-role-filter"
        >
          <option value="">All roles</option>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {roleLabels[value]}
            </option>
          ))}
        </NativeSelect>
      </div>

      {body}

      {data && total > 0 ? (
        <div className="flex items-center justify-between gap-3 text-sm text-muted-foreground">
          <span data-testid="admin-users-range">
            {first}–{last} of {total}
          </span>
          <div className="flex items-center gap-2">
            <span className="hidden sm:inline">
              Page {page} of {pages}
            </span>
            <Button
              variant="outline"
              size="sm"
              disabled={page <= 1}
              onClick={() => {
                setPage((current) => Math.max(1, current - 1))
              }}
              data-testid="admin-users-prev"
            >
              <ChevronLeftIcon />
              Previous
            </Button>
            <Button
              variant="outline"
              size="sm"
              disabled={page >= pages || users.isPlaceholderData}
              onClick={() => {
                setPage((current) => current + 1)
              }}
              data-testid="admin-users-next"
            >
              Next
              <ChevronRightIcon />
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  )
}
