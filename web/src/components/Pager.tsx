import { ChevronLeftIcon, ChevronRightIcon } from 'lucide-react'

import { Button } from '@/components/ui/button'

/**
 * "1–20 of 57 · Page 1 of 3 · Previous/Next" under a paged list. `testIdPrefix` names the parts
 * (`<prefix>-range`, `<prefix>-prev`, `<prefix>-next`); `loading` holds Next while a page is fetched.
 */
export function Pager({
  page,
  pageSize,
  total,
  loading = false,
  onPage,
  testIdPrefix,
}: {
  page: number
  pageSize: number
  total: number
  loading?: boolean
  onPage: (page: number) => void
  testIdPrefix: string
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const first = (page - 1) * pageSize + 1
  const last = Math.min(total, page * pageSize)
  return (
    <div className="flex items-center justify-between gap-3 text-sm text-muted-foreground">
      <span data-testid={`${testIdPrefix}-range`}>
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
            onPage(Math.max(1, page - 1))
          }}
          data-testid={`${testIdPrefix}-prev`}
        >
          <ChevronLeftIcon />
          Previous
        </Button>
        <Button
          variant="outline"
          size="sm"
          disabled={page >= pages || loading}
          onClick={() => {
            onPage(page + 1)
          }}
          data-testid={`${testIdPrefix}-next`}
        >
          Next
          <ChevronRightIcon />
        </Button>
      </div>
    </div>
  )
}
