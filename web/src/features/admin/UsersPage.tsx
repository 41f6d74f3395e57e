import { SearchIcon, UsersIcon } from 'lucide-react'
import { useState } from 'react'

import { ErrorState } from '@/components/ErrorState'
import { LoadingRows } from '@/components/LoadingRows'
import { PageHeader } from '@/components/PageHeader'
import { Pager } from '@/components/ui/pager'
import { Input } from '@/components/ui/input'
import { ChoiceSelect } from '@/components/ui/native-select'
import { roleLabels } from '@/features/session/present'
import { ROLES, type Role } from '@/features/session/schema'
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
    body = <LoadingRows label="Loading users" />
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
        <ChoiceSelect
          options={ROLES}
          labels={roleLabels}
          anyLabel="All roles"
          value={role}
          onValueChange={(value) => {
            setRole(value)
            setPage(1)
          }}
          aria-label="Filter by role"
          wrapperClassName="sm:w-44"
          data-testid="admin-users-role-filter"
        />
      </div>

      {body}

      {data && total > 0 ? (
        <Pager page={page} pageSize={pageSize} total={total} loading={users.isPlaceholderData} onPage={setPage} testIdPrefix="admin-users" />
      ) : null}
    </div>
  )
}
