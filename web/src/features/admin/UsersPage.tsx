import { UsersIcon } from 'lucide-react'
import { useState } from 'react'

import { ChoiceSelect } from '@/components/ChoiceSelect'
import { EmptyState } from '@/components/EmptyState'
import { PageHeader } from '@/components/PageHeader'
import { Pager } from '@/components/Pager'
import { QueryView } from '@/components/QueryView'
import { SearchInput } from '@/components/SearchInput'
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

  const body = (
    <QueryView query={users} loadingLabel="Loading users">
      {(d) =>
        d.users.length === 0 ? (
          <EmptyState icon={UsersIcon} title="No users found" testId="admin-users-empty">
            {q || role ? 'Nobody matches this search. Try another name, email or role.' : 'Nobody has signed up yet.'}
          </EmptyState>
        ) : (
          <UsersTable users={d.users} meId={me.data?.id} stale={users.isPlaceholderData} />
        )
      }
    </QueryView>
  )

  return (
    <div className="space-y-6">
      <PageHeader title="Users" description="Everyone who has signed up. Set who interviews, who is interviewed, and who administers." />

      <div className="flex flex-col gap-3 sm:flex-row">
        <SearchInput
          type="search"
          wrapperClassName="flex-1"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value)
            setPage(1)
          }}
          placeholder="Search by name or email"
          aria-label="Search users"
          data-testid="admin-users-search"
        />
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
